/// CLDR plural categories for the languages we know; anything else uses the
/// English-like rule (one for 1, other otherwise), which the catalog can override by
/// simply providing `.other` only.
enum PluralRule {
    static func category(language: String, count: Int) -> String {
        switch language {
        case "fr", "pt": return count == 0 || count == 1 ? "one" : "other"
        case "ja", "zh", "ko", "vi", "th", "id": return "other"
        default: return count == 1 ? "one" : "other"
        }
    }
}
