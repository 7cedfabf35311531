/// The header section of one multipart part and where its body starts.
///
/// Lines end in CRLF or a bare LF and the section ends at the first empty
/// line; a part without an empty line is all headers and has an empty body.
/// Only Content-Disposition and Content-Type are kept (names compared
/// case-insensitively, first occurrence wins); other headers and lines
/// without a colon are ignored.
struct MultipartPartHead {
    private var disposition: ArraySlice<UInt8>?
    private var contentType: ArraySlice<UInt8>?
    private var bodyStart: Int

    /// Reads the headers of the part occupying `content` in `body`.
    init(parsing body: [UInt8], content: Range<Int>, maxBytes: Int) throws(MultipartError) {
        bodyStart = content.upperBound
        let scanEnd = min(content.upperBound, content.lowerBound + maxBytes)
        var lineStart = content.lowerBound
        while lineStart < content.upperBound {
            guard let lineFeed = ByteSearch.firstIndex(of: UInt8(ascii: "\n"), in: body, range: lineStart..<scanEnd)
            else {
                guard content.upperBound <= scanEnd else { throw .headerTooLarge(limit: maxBytes) }
                read(line: body[lineStart..<content.upperBound])
                return
            }
            var line = body[lineStart..<lineFeed]
            if line.last == UInt8(ascii: "\r") { line.removeLast() }
            lineStart = lineFeed + 1
            if line.isEmpty {
                bodyStart = lineStart
                return
            }
            read(line: line)
        }
    }

    /// Builds the part whose body runs from `bodyStart` to `end`.
    func part(in body: [UInt8], end: Int) throws(MultipartError) -> MultipartPart {
        guard let disposition else { throw .missingName }
        let header = HeaderValue.parse(disposition)
        guard let name = header.parameters["name"], !name.isEmpty else { throw .missingName }
        let filename = MultipartFilename.from(disposition: header)
        let mediaType = contentType.map { HeaderValue.parse($0).value } ?? ""
        return MultipartPart(
            name: name,
            filename: filename,
            contentType: mediaType.isEmpty ? (filename == nil ? "text/plain" : "application/octet-stream") : mediaType,
            body: body[bodyStart..<end]
        )
    }

    private mutating func read(line: ArraySlice<UInt8>) {
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return }
        let name = ASCII.trimmed(line[..<colon])
        let value = ASCII.trimmed(line[(colon + 1)...])
        if disposition == nil, ASCII.equalsIgnoringCase(name, "content-disposition") {
            disposition = value
        } else if contentType == nil, ASCII.equalsIgnoringCase(name, "content-type") {
            contentType = value
        }
    }
}
