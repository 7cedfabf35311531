/// The translation file format in `lang/<code>.lang`, UTF-8:
///
///     # a comment
///     @name = Español          (metadata: the language's own name)
///     form.subject = Asunto
///     queue.count.one = {count} ticket
///     queue.count.other = {count} tickets
///
/// Keys are dotted identifiers; values run to the end of the line with `\n` for a line
/// break and `\\` for a backslash. Placeholders are named, `{name}`, so translators can
/// reorder them. Plural forms are `key.one`, `key.other` (CLDR category names).
/// Malformed lines are reported with their line number, never silently skipped.
public struct CatalogFile: Sendable {
    public var metadata: [String: String] = [:]
    public var entries: [String: String] = [:]
    /// Keys in file order, so a rewrite keeps the translator's layout.
    public var order: [String] = []

    public struct ParseError: Error, CustomStringConvertible {
        public let line: Int
        public let reason: String
        public var description: String { "line \(line): \(reason)" }
    }

    public init() {}

    public init(parsing text: String) throws(ParseError) {
        // Bytes, not Characters: this runs at every plain-CGI start. LF, '=', '#' and the
        // ASCII whitespace trimmed never occur inside a multi-byte UTF-8 sequence.
        var text = text
        var failure: ParseError?
        text.withUTF8 { bytes in
            var lineStart = 0, lineNumber = 0
            while lineStart <= bytes.count {
                var lineEnd = lineStart
                while lineEnd < bytes.count && bytes[lineEnd] != 10 { lineEnd += 1 }
                lineNumber += 1
                defer { lineStart = lineEnd + 1 }
                let line = Self.trimmed(bytes, lineStart..<lineEnd)
                if line.isEmpty || bytes[line.lowerBound] == 35 { continue }
                guard let eq = line.first(where: { bytes[$0] == 61 }) else {
                    failure = ParseError(line: lineNumber, reason: "expected 'key = value'")
                    return
                }
                let key = String(decoding: UnsafeBufferPointer(rebasing: bytes[Self.trimmed(bytes, line.lowerBound..<eq)]), as: UTF8.self)
                let value = Self.unescape(UnsafeBufferPointer(rebasing: bytes[Self.trimmed(bytes, (eq + 1)..<line.upperBound)]))
                if key.hasPrefix("@") {
                    metadata[String(key.dropFirst())] = value
                    continue
                }
                guard Self.isValidKey(key) else {
                    failure = ParseError(line: lineNumber, reason: "invalid key '\(key)'")
                    return
                }
                if entries[key] == nil { order.append(key) }
                entries[key] = value
            }
        }
        if let failure { throw failure }
    }

    /// `range` without leading and trailing spaces, tabs and CRs.
    static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Range<Int> {
        var lower = range.lowerBound, upper = range.upperBound
        while lower < upper, bytes[lower] == 32 || bytes[lower] == 9 || bytes[lower] == 13 { lower += 1 }
        while upper > lower, bytes[upper - 1] == 32 || bytes[upper - 1] == 9 || bytes[upper - 1] == 13 { upper -= 1 }
        return lower..<upper
    }

    public static func isValidKey(_ key: String) -> Bool {
        !key.isEmpty && key.utf8.count <= 100 && key.utf8.allSatisfy {
            ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 46 || $0 == 95 || ($0 >= 65 && $0 <= 90)
        }
    }

    /// Prints the file back in the same format (used by the admin translation editor).
    public func render() -> String {
        var out = ""
        for key in metadata.keys.sorted() { out += "@\(key) = \(Self.escape(metadata[key]!))\n" }
        if !metadata.isEmpty { out += "\n" }
        for key in order { if let v = entries[key] { out += "\(key) = \(Self.escape(v))\n" } }
        return out
    }

    /// `\n` becomes a line break, `\x` becomes `x`, a lone trailing backslash is dropped.
    /// Byte by byte: the backslash is ASCII, so it never splits a multi-byte character.
    static func unescape(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard bytes.contains(92) else { return String(decoding: bytes, as: UTF8.self) }
        var out: [UInt8] = [], escaping = false
        out.reserveCapacity(bytes.count)
        for b in bytes {
            if escaping {
                out.append(b == 110 ? 10 : b)
                escaping = false
            } else if b == 92 {
                escaping = true
            } else {
                out.append(b)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func escape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "\\": out += "\\\\"
            case "\n", "\r\n": out += "\\n"
            case "\r": continue
            default: out.append(c)
            }
        }
        return out
    }
}
