/// Crockford Base32, for human-friendly identifiers such as ticket numbers
/// and reset codes that people read aloud or type in.
///
/// `encode` emits uppercase without padding or check symbol. `decode` is
/// case-insensitive, ignores `-` and spaces, reads `O` as `0` and `I`/`L` as
/// `1`, and returns nil for `U`, any other character, or a length that no
/// byte count encodes to. Unused low bits in the last character are ignored.
public enum Crockford32 {
    private static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)
    private static let invalid: UInt8 = 0xff
    /// Maps an ASCII byte to its 5-bit value, or `invalid`.
    private static let decodingTable: [UInt8] = {
        var table = [UInt8](repeating: invalid, count: 256)
        for (value, character) in alphabet.enumerated() {
            table[Int(character)] = UInt8(value)
            table[Int(lowercased(character))] = UInt8(value)
        }
        for (alias, value) in [("O", 0), ("I", 1), ("L", 1)] as [(Unicode.Scalar, UInt8)] {
            table[Int(UInt8(ascii: alias))] = value
            table[Int(lowercased(UInt8(ascii: alias)))] = value
        }
        return table
    }()

    /// Returns the uppercase Crockford Base32 representation of `bytes`.
    public static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count * 8 + 4) / 5)
        var accumulator: UInt32 = 0
        var bitCount = 0
        for byte in bytes {
            accumulator = accumulator << 8 | UInt32(byte)
            bitCount += 8
            while bitCount >= 5 {
                bitCount -= 5
                out.append(alphabet[Int(accumulator >> UInt32(bitCount) & 0x1f)])
            }
        }
        if bitCount > 0 {
            out.append(alphabet[Int(accumulator << UInt32(5 - bitCount) & 0x1f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Returns the decoded bytes, or nil if `text` is not valid Crockford Base32.
    public static func decode(_ text: String) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count * 5 / 8)
        var accumulator: UInt32 = 0
        var bitCount = 0
        for character in text.utf8 {
            if character == UInt8(ascii: "-") || character == UInt8(ascii: " ") { continue }
            let value = decodingTable[Int(character)]
            guard value != invalid else { return nil }
            accumulator = accumulator << 5 | UInt32(value)
            bitCount += 5
            if bitCount >= 8 {
                bitCount -= 8
                out.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bitCount)))
            }
        }
        // Five or more leftover bits means a dangling character that encodes no byte.
        guard bitCount < 5 else { return nil }
        return out
    }

    private static func lowercased(_ character: UInt8) -> UInt8 {
        character | 0x20
    }
}
