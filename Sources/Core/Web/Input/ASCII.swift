/// Byte-level ASCII helpers shared by the input parsers.
///
/// Everything here works on raw UTF-8 bytes: non-ASCII bytes are never
/// whitespace, never token characters and are left unchanged by lowercasing.
enum ASCII {
    /// Optional whitespace in HTTP headers: space or horizontal tab.
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
    }

    /// C0 controls and DEL.
    static func isControl(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == 0x7F
    }

    static func isAlpha(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(lowercased(byte))
    }

    static func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    static func isAlphanumeric(_ byte: UInt8) -> Bool {
        isAlpha(byte) || isDigit(byte)
    }

    /// RFC 9110 `tchar`: visible ASCII except the delimiters `"(),/:;<=>?@[\]{}`.
    static func isTokenByte(_ byte: UInt8) -> Bool {
        guard byte > 0x20, byte < 0x7F else { return false }
        return !#"()<>@,;:\"/[]?={}"#.utf8.contains(byte)
    }

    static func lowercased(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 : byte
    }

    /// Decodes bytes as UTF-8 (invalid sequences become U+FFFD) after lowercasing ASCII letters.
    static func lowercasedString(_ bytes: some Sequence<UInt8>) -> String {
        String(decoding: bytes.map(lowercased), as: UTF8.self)
    }

    /// Case-insensitive comparison with an ASCII string, e.g. a header name.
    static func equalsIgnoringCase(_ bytes: some Collection<UInt8>, _ other: String) -> Bool {
        bytes.count == other.utf8.count
            && zip(bytes, other.utf8).allSatisfy { lowercased($0) == lowercased($1) }
    }

    /// The slice without leading and trailing spaces and tabs.
    static func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var lower = bytes.startIndex
        var upper = bytes.endIndex
        while lower < upper, isWhitespace(bytes[lower]) { lower += 1 }
        while upper > lower, isWhitespace(bytes[upper - 1]) { upper -= 1 }
        return bytes[lower..<upper]
    }
}
