/// Base64 (RFC 4648): standard alphabet with padding, the URL-safe alphabet
/// without padding (tokens in links), and CRLF-wrapped lines for MIME bodies.
///
/// Edge cases for `decode`: both alphabets are accepted (even mixed), padding
/// is optional but if present must complete the last 4-character group, ASCII
/// whitespace anywhere is ignored, and characters after padding, stray `=`,
/// a dangling single character or any other character give nil. Unused low
/// bits in the last character are ignored rather than rejected, as most
/// mailers expect.
public enum Base64 {
    private static let standardAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let urlSafeAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
    private static let invalid: UInt8 = 0xff
    /// Maps an ASCII byte to its 6-bit value in either alphabet, or `invalid`.
    private static let decodingTable: [UInt8] = {
        var table = [UInt8](repeating: invalid, count: 256)
        for (value, character) in standardAlphabet.enumerated() {
            table[Int(character)] = UInt8(value)
        }
        table[Int(UInt8(ascii: "-"))] = 62
        table[Int(UInt8(ascii: "_"))] = 63
        return table
    }()

    /// Standard alphabet, padded with `=`.
    public static func encode(_ bytes: [UInt8]) -> String {
        String(decoding: encodedCharacters(bytes, alphabet: standardAlphabet, padded: true), as: UTF8.self)
    }

    /// URL- and filename-safe alphabet (`-`, `_`), without padding.
    public static func encodeURLSafe(_ bytes: [UInt8]) -> String {
        String(decoding: encodedCharacters(bytes, alphabet: urlSafeAlphabet, padded: false), as: UTF8.self)
    }

    /// Standard padded Base64 split into lines of at most `lineLength`
    /// characters separated by CRLF, with no line break after the last line.
    public static func encodeLines(_ bytes: [UInt8], lineLength: Int = 76) -> String {
        precondition(lineLength > 0, "Base64.encodeLines: line length must be positive")
        let flat = encodedCharacters(bytes, alphabet: standardAlphabet, padded: true)
        var out: [UInt8] = []
        out.reserveCapacity(flat.count + flat.count / lineLength * 2)
        for start in stride(from: 0, to: flat.count, by: lineLength) {
            if start > 0 {
                out.append(contentsOf: [UInt8(ascii: "\r"), UInt8(ascii: "\n")])
            }
            out.append(contentsOf: flat[start..<min(start + lineLength, flat.count)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Returns the decoded bytes, or nil if `text` is not valid Base64.
    public static func decode(_ text: String) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count / 4 * 3 + 2)
        var accumulator: UInt32 = 0
        var bitCount = 0
        var characterCount = 0
        var paddingCount = 0
        for character in text.utf8 {
            if isASCIIWhitespace(character) { continue }
            if character == UInt8(ascii: "=") {
                paddingCount += 1
                continue
            }
            let value = decodingTable[Int(character)]
            guard paddingCount == 0, value != invalid else { return nil }
            accumulator = accumulator << 6 | UInt32(value)
            bitCount += 6
            characterCount += 1
            if bitCount >= 8 {
                bitCount -= 8
                out.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bitCount)))
            }
        }
        // Six or more leftover bits means a dangling character that encodes no byte.
        guard bitCount < 6, paddingCount <= 2 else { return nil }
        guard paddingCount == 0 || (characterCount + paddingCount) % 4 == 0 else { return nil }
        return out
    }

    private static func encodedCharacters(_ bytes: [UInt8], alphabet: [UInt8], padded: Bool) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var accumulator: UInt32 = 0
        var bitCount = 0
        for byte in bytes {
            accumulator = accumulator << 8 | UInt32(byte)
            bitCount += 8
            while bitCount >= 6 {
                bitCount -= 6
                out.append(alphabet[Int(accumulator >> UInt32(bitCount) & 0x3f)])
            }
        }
        if bitCount > 0 {
            out.append(alphabet[Int(accumulator << UInt32(6 - bitCount) & 0x3f)])
        }
        while padded && out.count % 4 != 0 {
            out.append(UInt8(ascii: "="))
        }
        return out
    }

    /// Space, tab, LF, vertical tab, form feed and CR.
    private static func isASCIIWhitespace(_ character: UInt8) -> Bool {
        character == UInt8(ascii: " ") || (0x09...0x0d).contains(character)
    }
}
