/// Translates keys for one language, with named `{placeholder}` substitution and plural
/// selection. Substituted values are plain text; the HTML builder escapes them later.
/// It keeps its language's table and the fallback's (English) rather than looking the
/// language up per key; a language with no file has an empty table.
public struct Localizer: Sendable {
    public let language: String
    private let entries: [String: String]
    private let fallbackEntries: [String: String]

    init(language: String, catalogs: Catalogs) {
        self.language = language
        entries = catalogs.files[language]?.entries ?? [:]
        fallbackEntries = catalogs.files[Catalogs.fallback]?.entries ?? [:]
    }

    public func t(_ key: String, _ params: [String: String] = [:]) -> String {
        let template = entries[key] ?? fallbackEntries[key] ?? key
        return params.isEmpty ? template : Self.fill(template, params)
    }

    /// `key.one` / `key.other` chosen by the language's plural rule; `{count}` is filled.
    public func plural(_ key: String, count: Int, _ params: [String: String] = [:]) -> String {
        var p = params
        p["count"] = String(count)
        let category = PluralRule.category(language: language, count: count)
        let specific = key + "." + category
        if entries[specific] != nil || fallbackEntries[specific] != nil {
            return t(specific, p)
        }
        return t(key + ".other", p)
    }

    /// Whether the key exists in this language itself (not only through the fallback).
    public func has(_ key: String) -> Bool { entries[key] != nil }

    static func fill(_ template: String, _ params: [String: String]) -> String {
        // Over UTF-8 bytes: braces are ASCII and never part of a multi-byte character, and
        // walking Characters cost ~100 instructions a character (a mail template: 110 k).
        let bytes = Array(template.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 64)
        var i = 0
        while i < bytes.count {
            guard let open = bytes[i...].firstIndex(of: UInt8(ascii: "{")) else {
                out.append(contentsOf: bytes[i...])
                break
            }
            out.append(contentsOf: bytes[i..<open])
            guard let close = bytes[open...].firstIndex(of: UInt8(ascii: "}")) else {
                out.append(contentsOf: bytes[open...])
                break
            }
            if let value = params[String(decoding: bytes[(open + 1)..<close], as: UTF8.self)] {
                out.append(contentsOf: value.utf8)
            } else {
                out.append(contentsOf: bytes[open...close])
            }
            i = close + 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}
