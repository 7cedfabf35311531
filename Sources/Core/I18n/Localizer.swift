/// Translates keys for one language, with named `{placeholder}` substitution and plural
/// selection. Substituted values are plain text; the HTML builder escapes them later.
public struct Localizer: Sendable {
    public let language: String
    let catalogs: Catalogs

    public func t(_ key: String, _ params: [String: String] = [:]) -> String {
        let template = catalogs.files[language]?.entries[key]
            ?? catalogs.files[Catalogs.fallback]?.entries[key]
            ?? key
        return params.isEmpty ? template : Self.fill(template, params)
    }

    /// `key.one` / `key.other` chosen by the language's plural rule; `{count}` is filled.
    public func plural(_ key: String, count: Int, _ params: [String: String] = [:]) -> String {
        var p = params
        p["count"] = String(count)
        let category = PluralRule.category(language: language, count: count)
        let specific = key + "." + category
        if catalogs.files[language]?.entries[specific] != nil || catalogs.files[Catalogs.fallback]?.entries[specific] != nil {
            return t(specific, p)
        }
        return t(key + ".other", p)
    }

    /// Whether the key exists in this language itself (not only through the fallback).
    public func has(_ key: String) -> Bool { catalogs.files[language]?.entries[key] != nil }

    static func fill(_ template: String, _ params: [String: String]) -> String {
        var out = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else {
                out += rest[open...]
                return out
            }
            let name = String(rest[rest.index(after: open)..<close])
            if let value = params[name] { out += value } else { out += rest[open...close] }
            rest = rest[rest.index(after: close)...]
        }
        out += rest
        return out
    }
}
