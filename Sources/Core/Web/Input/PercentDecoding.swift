/// Percent-decoding and -encoding of URL components (RFC 3986), on UTF-8 bytes.
///
/// Decoding turns `%XX` (either hex case) into one byte. Invalid or truncated
/// escapes such as `%zz`, `%4` or a trailing `%` are kept literally. With
/// `plusAsSpace` (form encoding) `+` becomes a space, while `%2B` stays a
/// plus. The string result is UTF-8 with invalid sequences replaced by U+FFFD.
///
/// Encoding keeps only the unreserved characters `A-Z a-z 0-9 - . _ ~` and
/// escapes every other UTF-8 byte as uppercase `%XX`, which is safe for both
/// a path segment and a query name or value.
public enum PercentCoding {
    /// Decodes escapes into raw bytes, without interpreting them as UTF-8.
    public static func decodeBytes(_ input: some Collection<UInt8>, plusAsSpace: Bool = false) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(input.underestimatedCount)
        var index = input.startIndex
        while index != input.endIndex {
            let byte = input[index]
            input.formIndex(after: &index)
            if byte == UInt8(ascii: "%"), let (value, next) = escapedByte(in: input, at: index) {
                output.append(value)
                index = next
            } else if byte == UInt8(ascii: "+"), plusAsSpace {
                output.append(UInt8(ascii: " "))
            } else {
                output.append(byte)
            }
        }
        return output
    }

    /// Decodes escapes and then the bytes as UTF-8 (invalid sequences become U+FFFD).
    public static func decode(_ input: some Collection<UInt8>, plusAsSpace: Bool = false) -> String {
        String(decoding: decodeBytes(input, plusAsSpace: plusAsSpace), as: UTF8.self)
    }

    /// Escapes everything but unreserved characters, for a path segment or query value.
    public static func encode(_ string: String) -> String {
        let hexDigits = Array("0123456789ABCDEF".utf8)
        var output: [UInt8] = []
        output.reserveCapacity(string.utf8.count)
        for byte in string.utf8 {
            if isUnreserved(byte) {
                output.append(byte)
            } else {
                output += [UInt8(ascii: "%"), hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The byte encoded by the two hex digits at `index` and the index after them, if valid.
    private static func escapedByte<C: Collection<UInt8>>(in input: C, at index: C.Index) -> (UInt8, C.Index)? {
        guard index != input.endIndex, let high = hexValue(input[index]) else { return nil }
        let lowIndex = input.index(after: index)
        guard lowIndex != input.endIndex, let low = hexValue(input[lowIndex]) else { return nil }
        return (high << 4 | low, input.index(after: lowIndex))
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        ASCII.isAlphanumeric(byte) || "-._~".utf8.contains(byte)
    }
}
