/// A structured MIME header value such as Content-Type or
/// Content-Disposition: the main value plus its parameters (RFC 2045 §5.1,
/// RFC 2183, RFC 2231).
///
/// Edge cases handled by `parse`:
/// - the main value is lower-cased, with whitespace and comments removed;
/// - parameter names are case-insensitive (stored lower-cased); values may be
///   tokens, quoted strings with backslash escapes, or (as broken mailers
///   write them) unquoted text with spaces, read up to the next ";";
/// - an unterminated quoted string runs to the end of the header;
/// - RFC 2231 extended values (`name*=charset'lang'%XX…`) and continuations
///   (`name*0=`, `name*1*=`, in any order) are joined and charset-decoded, and
///   win over a plain `name=` of the same name;
/// - RFC 2047 encoded words inside `name` and `filename` values (common,
///   though not standard) are decoded;
/// - a parameter without "=" is ignored; the first of duplicate parameters wins.
struct MIMEHeaderValue: Sendable, Equatable {
    /// Lower-cased main value, e.g. "text/plain" or "attachment".
    var value: String
    /// Parameters by lower-cased name, fully decoded.
    var parameters: [String: String]

    subscript(_ name: String) -> String? { parameters[name] }

    /// For Content-Type values: the part before "/" ("" when absent).
    var mediaType: String {
        guard let slash = value.firstIndex(of: "/") else { return value }
        return String(value[..<slash])
    }

    /// For Content-Type values: the part after "/" ("" when absent).
    var subtype: String {
        guard let slash = value.firstIndex(of: "/") else { return "" }
        return String(value[value.index(after: slash)...])
    }

    /// Parses a raw (unfolded) header value, appending any defects.
    static func parse(_ raw: String, defects: inout [String]) -> MIMEHeaderValue {
        let bytes = Array(raw.utf8)
        var index = 0
        var main: [UInt8] = []
        var commentDepth = 0
        while index < bytes.count && (bytes[index] != 0x3B || commentDepth > 0) {
            let byte = bytes[index]
            if byte == 0x28 { commentDepth += 1 }
            else if byte == 0x29 && commentDepth > 0 { commentDepth -= 1 }
            else if commentDepth == 0 && !MailBytes.isWhitespace(byte) && byte != 0x22 { main.append(MailBytes.lower(byte)) }
            index += 1
        }

        var plain: [String: String] = [:]
        var extended: [String: [Int: (value: String, encoded: Bool)]] = [:]
        while index < bytes.count {
            // Skip separators.
            while index < bytes.count && (bytes[index] == 0x3B || MailBytes.isWhitespace(bytes[index])) { index += 1 }
            guard index < bytes.count else { break }
            let nameStart = index
            while index < bytes.count && bytes[index] != 0x3D && bytes[index] != 0x3B { index += 1 }
            let nameRange = MailBytes.trimmedRange(bytes, nameStart..<index)
            let name = String(decoding: bytes[nameRange].map(MailBytes.lower), as: UTF8.self)
            guard index < bytes.count, bytes[index] == 0x3D else { continue }
            index += 1
            while index < bytes.count && MailBytes.isBlank(bytes[index]) { index += 1 }
            var value: [UInt8] = []
            if index < bytes.count && bytes[index] == 0x22 {
                index += 1
                while index < bytes.count && bytes[index] != 0x22 {
                    if bytes[index] == 0x5C && index + 1 < bytes.count {
                        index += 1
                    }
                    value.append(bytes[index])
                    index += 1
                }
                if index >= bytes.count { defects.append("unterminated quoted parameter value") }
                // Skip anything up to the next ";".
                while index < bytes.count && bytes[index] != 0x3B { index += 1 }
            } else {
                let valueStart = index
                while index < bytes.count && bytes[index] != 0x3B { index += 1 }
                value = Array(bytes[MailBytes.trimmedRange(bytes, valueStart..<index)])
            }
            guard !name.isEmpty else { continue }
            let text = String(decoding: value, as: UTF8.self)
            if let star = name.firstIndex(of: "*") {
                let base = String(name[..<star])
                var suffix = name[name.index(after: star)...]
                var encoded = false
                if suffix.hasSuffix("*") {
                    encoded = true
                    suffix = suffix.dropLast()
                }
                if suffix.isEmpty {
                    // name*=charset'lang'value
                    if extended[base]?[0] == nil { extended[base, default: [:]][0] = (text, true) }
                } else if let number = Int(suffix), number >= 0, number < 100_000 {
                    if extended[base]?[number] == nil { extended[base, default: [:]][number] = (text, encoded) }
                } else if plain[name] == nil {
                    plain[name] = text
                }
            } else if plain[name] == nil {
                plain[name] = text
            }
        }

        var parameters = plain
        for (base, segments) in extended {
            parameters[base] = joinRFC2231(segments, defects: &defects)
        }
        for name in ["name", "filename"] {
            if let value = parameters[name], value.contains("=?") {
                parameters[name] = EncodedWords.decode(value, defects: &defects)
            }
        }
        return MIMEHeaderValue(value: String(decoding: main, as: UTF8.self), parameters: parameters)
    }

    /// Joins RFC 2231 segments in index order and decodes them with the
    /// charset named in the first extended segment.
    private static func joinRFC2231(_ segments: [Int: (value: String, encoded: Bool)], defects: inout [String]) -> String {
        var charset: String?
        var bytes: [UInt8] = []
        for (position, key) in segments.keys.sorted().enumerated() {
            guard let segment = segments[key] else { continue }
            var raw = Array(segment.value.utf8)
            if segment.encoded {
                if position == 0 {
                    // charset'language'value; tolerate a missing language part.
                    if let first = raw.firstIndex(of: 0x27) {
                        let rest = raw[(first + 1)...]
                        if let second = rest.firstIndex(of: 0x27) {
                            charset = String(decoding: raw[..<first], as: UTF8.self)
                            raw = Array(raw[(second + 1)...])
                        } else {
                            charset = String(decoding: raw[..<first], as: UTF8.self)
                            raw = Array(rest)
                        }
                    }
                }
                bytes.append(contentsOf: percentDecode(raw))
            } else {
                bytes.append(contentsOf: raw)
            }
        }
        if let charset, !charset.isEmpty {
            let decoded = Charsets.decode(bytes, charset: charset)
            if let defect = decoded.defect { defects.append("RFC 2231 parameter: " + defect) }
            return decoded.text
        }
        return Charsets.utf8OrWindows1252(bytes)
    }

    /// "%XX" escapes decoded; a "%" without two hex digits is kept.
    static func percentDecode(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == 0x25, index + 2 < bytes.count,
               let high = MailBytes.hexValue(bytes[index + 1]), let low = MailBytes.hexValue(bytes[index + 2]) {
                out.append(high << 4 | low)
                index += 3
            } else {
                out.append(bytes[index])
                index += 1
            }
        }
        return out
    }
}
