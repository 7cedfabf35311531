/// Hexadecimal encoding, for digests and tokens shown in logs or URLs.
///
/// Edge cases: `encode` always emits lowercase; `decode` accepts either case,
/// returns `[]` for the empty string, and returns nil for an odd number of
/// digits or any non-hex character (including whitespace).
public enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    /// Returns the lowercase hex representation of `bytes`.
    public static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Returns the bytes spelled by `text`, or nil if it is not valid hex.
    public static func decode(_ text: String) -> [UInt8]? {
        let characters = Array(text.utf8)
        guard characters.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(characters.count / 2)
        for index in stride(from: 0, to: characters.count, by: 2) {
            guard let high = value(of: characters[index]),
                  let low = value(of: characters[index + 1]) else { return nil }
            out.append(high << 4 | low)
        }
        return out
    }

    private static func value(of character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): character - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
