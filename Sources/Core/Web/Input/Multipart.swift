/// One part of a `multipart/form-data` body: a text field or a file.
///
/// `filename` is nil for a plain field. For a file input it is the sanitized
/// last path component, and "" means the user chose no file (browsers still
/// send the part); callers should skip it. `contentType` is the lowercased
/// media type without parameters, defaulting to `text/plain` for fields and
/// `application/octet-stream` for files. `body` is a slice of the request
/// body, so its indices do not start at zero.
public struct MultipartPart: Sendable, Equatable {
    public let name: String
    public let filename: String?
    public let contentType: String
    public let body: ArraySlice<UInt8>
}

/// Resource limits applied while parsing a multipart body. The total body
/// size must be limited by the caller before the body is read into memory.
public struct MultipartLimits: Sendable {
    public var maxParts: Int
    /// Bytes per part header section, including its terminating empty line.
    public var maxHeaderBytes: Int

    public init(maxParts: Int = 200, maxHeaderBytes: Int = 8 * 1024) {
        self.maxParts = maxParts
        self.maxHeaderBytes = maxHeaderBytes
    }
}

/// Parser for `multipart/form-data` request bodies (RFC 7578 / RFC 2046).
///
/// The preamble before the first delimiter and the epilogue after the
/// closing one are ignored. Delimiter lines may end in CRLF or a bare LF and
/// may carry trailing spaces or tabs. `\r\n--boundary` inside content that is
/// followed by anything other than `--`, whitespace or a line end is treated
/// as content, not as a delimiter. Scanning uses `memchr`, so multi-megabyte
/// bodies are cheap and parts are returned as slices without copying.
public enum MultipartParser {
    /// The boundary parameter of a `multipart/*` Content-Type (quoted or not), or nil if absent or invalid.
    public static func boundary(fromContentType contentType: some Collection<UInt8>) -> String? {
        let header = HeaderValue.parse(contentType)
        guard header.value.hasPrefix("multipart/"),
            let boundary = header.parameters["boundary"], isValidBoundary(boundary)
        else { return nil }
        return boundary
    }

    public static func parse(
        body: [UInt8],
        boundary: String,
        limits: MultipartLimits = MultipartLimits()
    ) throws(MultipartError) -> [MultipartPart] {
        guard isValidBoundary(boundary) else { throw .invalidBoundary }
        let delimiter = Array("\n--\(boundary)".utf8)
        guard var next = openingDelimiter(in: body, delimiter) else { throw .missingBoundary }
        var parts: [MultipartPart] = []
        while case .part(let start) = next {
            guard parts.count < limits.maxParts else { throw .tooManyParts(limit: limits.maxParts) }
            guard let (end, following) = nextDelimiter(in: body, delimiter, from: start) else {
                throw .missingClosingDelimiter
            }
            let head = try MultipartPartHead(parsing: body, content: start..<end, maxBytes: limits.maxHeaderBytes)
            parts.append(try head.part(in: body, end: end))
            next = following
        }
        return parts
    }

    /// What a delimiter line introduces.
    private enum Delimiter {
        case part(start: Int)
        case closing
    }

    /// RFC 2046: 1 to 70 of `0-9 A-Z a-z '()+_,-./:=?` and space, not ending in a space.
    private static func isValidBoundary(_ boundary: String) -> Bool {
        let bytes = boundary.utf8
        return (1...70).contains(bytes.count) && bytes.last != UInt8(ascii: " ")
            && bytes.allSatisfy { ASCII.isAlphanumeric($0) || "'()+_,-./:=? ".utf8.contains($0) }
    }

    /// The first delimiter, either at the very start of the body or after a preamble.
    private static func openingDelimiter(in body: [UInt8], _ delimiter: [UInt8]) -> Delimiter? {
        let dashBoundary = delimiter.dropFirst()
        if body.starts(with: dashBoundary), let kind = kind(of: body, after: dashBoundary.count) {
            return kind
        }
        return nextDelimiter(in: body, delimiter, from: 0)?.kind
    }

    /// The next real delimiter at or after `start`: where the content before it ends, and what follows.
    private static func nextDelimiter(
        in body: [UInt8], _ delimiter: [UInt8], from start: Int
    ) -> (contentEnd: Int, kind: Delimiter)? {
        var searchStart = start
        while let lineFeed = ByteSearch.firstIndex(of: delimiter, in: body, range: searchStart..<body.count) {
            if let kind = kind(of: body, after: lineFeed + delimiter.count) {
                let hasCR = lineFeed > start && body[lineFeed - 1] == UInt8(ascii: "\r")
                return (hasCR ? lineFeed - 1 : lineFeed, kind)
            }
            searchStart = lineFeed + 1
        }
        return nil
    }

    /// Classifies the bytes after `--boundary`: `--` closes; optional whitespace and a line end start a part.
    private static func kind(of body: [UInt8], after index: Int) -> Delimiter? {
        if body[index...].starts(with: "--".utf8) { return .closing }
        var lineEnd = index
        while lineEnd < body.count, ASCII.isWhitespace(body[lineEnd]) { lineEnd += 1 }
        if body[lineEnd...].starts(with: "\n".utf8) { return .part(start: lineEnd + 1) }
        if body[lineEnd...].starts(with: "\r\n".utf8) { return .part(start: lineEnd + 2) }
        return nil
    }
}
