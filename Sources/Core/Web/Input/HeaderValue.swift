/// A header value with parameters, such as
/// `multipart/form-data; boundary="x"; charset=utf-8` or
/// `form-data; name="file"; filename="a.txt"`.
///
/// The main value is trimmed and ASCII-lowercased; parameter names are
/// lowercased, parameter values keep their case. Quoted values may contain
/// `;` and have `\"` and `\\` unescaped; any other backslash is kept
/// literally, because browsers send Windows paths like `C:\x\a.txt`
/// unescaped. An unterminated quote runs to the end of the input. Parameters
/// without `=` or with an empty name are skipped; for a repeated name the
/// first occurrence wins.
public struct HeaderValue: Sendable, Equatable {
    public let value: String
    public let parameters: [String: String]

    public static func parse(_ input: some Collection<UInt8>) -> HeaderValue {
        let bytes = Array(input)
        let valueEnd = bytes.firstIndex(of: UInt8(ascii: ";")) ?? bytes.endIndex
        var parameters: [String: String] = [:]
        var index = valueEnd
        while index < bytes.endIndex {
            index += 1  // past ";"
            let nameEnd = bytes[index...].firstIndex { $0 == UInt8(ascii: "=") || $0 == UInt8(ascii: ";") }
                ?? bytes.endIndex
            let name = ASCII.trimmed(bytes[index..<nameEnd])
            index = nameEnd
            guard nameEnd < bytes.endIndex, bytes[nameEnd] == UInt8(ascii: "=") else { continue }
            let (value, next) = parameterValue(bytes, from: nameEnd + 1)
            index = next
            let key = ASCII.lowercasedString(name)
            if !key.isEmpty, parameters[key] == nil {
                parameters[key] = value
            }
        }
        return HeaderValue(
            value: ASCII.lowercasedString(ASCII.trimmed(bytes[..<valueEnd])),
            parameters: parameters
        )
    }

    /// Reads a token or quoted string starting at `start`; returns it and the index of the next `;` or the end.
    private static func parameterValue(_ bytes: [UInt8], from start: Int) -> (String, Int) {
        var index = start
        while index < bytes.endIndex, ASCII.isWhitespace(bytes[index]) { index += 1 }
        guard index < bytes.endIndex, bytes[index] == UInt8(ascii: "\"") else {
            let end = bytes[index...].firstIndex(of: UInt8(ascii: ";")) ?? bytes.endIndex
            return (String(decoding: ASCII.trimmed(bytes[index..<end]), as: UTF8.self), end)
        }
        var value: [UInt8] = []
        index += 1
        while index < bytes.endIndex, bytes[index] != UInt8(ascii: "\"") {
            if bytes[index] == UInt8(ascii: "\\"), index + 1 < bytes.endIndex,
                bytes[index + 1] == UInt8(ascii: "\"") || bytes[index + 1] == UInt8(ascii: "\\")
            {
                index += 1
            }
            value.append(bytes[index])
            index += 1
        }
        let end = bytes[index...].firstIndex(of: UInt8(ascii: ";")) ?? bytes.endIndex
        return (String(decoding: value, as: UTF8.self), end)
    }
}
