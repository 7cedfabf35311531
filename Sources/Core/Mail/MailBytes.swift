/// Byte-level helpers shared by the mail parser and builder: ASCII
/// classification and case folding, trimming, prefix tests and line scanning.
///
/// Everything in the mail code works on bytes (`[UInt8]`), never on Swift
/// `Character`s, because "\r\n" is a single `Character` and would hide line
/// structure. Edge cases: only ASCII letters are case-folded, so lengths never
/// change; a line ends at LF and a CR directly before that LF is dropped, so
/// CRLF and bare LF behave the same, while a lone CR stays inside its line;
/// the last line needs no terminator.
enum MailBytes {
    static let cr: UInt8 = 0x0D
    static let lf: UInt8 = 0x0A
    static let space: UInt8 = 0x20
    static let tab: UInt8 = 0x09
    static let crlf: [UInt8] = [0x0D, 0x0A]

    /// Space or horizontal tab (RFC 5322 WSP).
    @inline(__always)
    static func isBlank(_ byte: UInt8) -> Bool { byte == space || byte == tab }

    /// Space, tab, CR or LF.
    @inline(__always)
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == space || byte == tab || byte == cr || byte == lf
    }

    /// ASCII lower-casing of one byte; other bytes are returned unchanged.
    @inline(__always)
    static func lower(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }

    /// Value of a hexadecimal digit in either case, or nil.
    @inline(__always)
    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x41 + 10
        case 0x61...0x66: byte - 0x61 + 10
        default: nil
        }
    }

    /// ASCII-only lower-casing of a string.
    static func lowercased(_ text: String) -> String {
        String(decoding: text.utf8.map(lower), as: UTF8.self)
    }

    /// Removes leading and trailing spaces, tabs, CRs and LFs.
    static func trimmed(_ text: String) -> String {
        let bytes = Array(text.utf8)
        let range = trimmedRange(bytes, 0..<bytes.count)
        if range.count == bytes.count { return text }
        return String(decoding: bytes[range], as: UTF8.self)
    }

    /// The sub-range of `range` without leading and trailing whitespace.
    static func trimmedRange(_ bytes: [UInt8], _ range: Range<Int>) -> Range<Int> {
        var start = range.lowerBound
        var end = range.upperBound
        while start < end && isWhitespace(bytes[start]) { start += 1 }
        while end > start && isWhitespace(bytes[end - 1]) { end -= 1 }
        return start..<end
    }

    /// Finds the line starting at `start`: returns where its content ends
    /// (before CRLF or LF) and where the next line starts. Without a
    /// terminator both are `limit`.
    @inline(__always)
    static func line(in bytes: [UInt8], from start: Int, limit: Int) -> (contentEnd: Int, next: Int) {
        var index = start
        while index < limit && bytes[index] != lf { index += 1 }
        if index < limit {
            let contentEnd = index > start && bytes[index - 1] == cr ? index - 1 : index
            return (contentEnd, index + 1)
        }
        return (limit, limit)
    }

    /// True when `bytes[position...]` starts with `prefix` (ASCII case-insensitively if asked)
    /// without reading past `limit`.
    static func hasPrefix(_ bytes: [UInt8], at position: Int, limit: Int, _ prefix: [UInt8], ignoringCase: Bool = false) -> Bool {
        guard position >= 0, limit - position >= prefix.count else { return false }
        for (offset, expected) in prefix.enumerated() {
            let actual = bytes[position + offset]
            if ignoringCase ? lower(actual) != lower(expected) : actual != expected { return false }
        }
        return true
    }

    /// True when every byte is 7-bit ASCII.
    static func isASCII(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 < 0x80 }
    }

    /// Replaces every CR, LF and other C0 control character (except tab) by
    /// a space: used for anything that ends up inside a header line.
    static func withoutLineBreaks(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 < 0x20 && $0 != tab || $0 == 0x7F }) else { return text }
        return String(decoding: text.utf8.map { ($0 < 0x20 && $0 != tab) || $0 == 0x7F ? space : $0 }, as: UTF8.self)
    }

    /// Converts CRLF and lone CR line breaks to LF.
    static func normalizingNewlines(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.contains(cr) else { return bytes }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == cr {
                out.append(lf)
                if index + 1 < bytes.count && bytes[index + 1] == lf { index += 1 }
            } else {
                out.append(byte)
            }
            index += 1
        }
        return out
    }

    /// Converts any line breaks (CRLF, LF, lone CR) to CRLF.
    static func crlfNewlines(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 32 + 2)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == cr {
                out.append(contentsOf: crlf)
                if index + 1 < bytes.count && bytes[index + 1] == lf { index += 1 }
            } else if byte == lf {
                out.append(contentsOf: crlf)
            } else {
                out.append(byte)
            }
            index += 1
        }
        return out
    }

    /// Removes trailing spaces, tabs, CRs and LFs.
    static func trimmedTrailing(_ text: String) -> String {
        let bytes = Array(text.utf8)
        var end = bytes.count
        while end > 0 && isWhitespace(bytes[end - 1]) { end -= 1 }
        return end == bytes.count ? text : String(decoding: bytes[..<end], as: UTF8.self)
    }
}
