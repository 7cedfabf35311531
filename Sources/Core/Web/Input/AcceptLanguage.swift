/// Parser and matcher for the `Accept-Language` request header (RFC 9110).
///
/// Items are `tag;q=value`. Tags are lowercased; a tag must be `*` or
/// subtags of 1–8 letters/digits joined by `-`, the first letters only.
/// Items with a malformed tag, a malformed q (above 1 or more than three
/// decimals) or q=0 are dropped. Other parameters are ignored. The result is
/// sorted by q descending; items with equal q keep their header order.
public enum AcceptLanguage {
    public static func parse(_ header: some Collection<UInt8>) -> [(tag: String, q: Double)] {
        let items = Array(header).split(separator: UInt8(ascii: ",")).compactMap(item)
        return items.enumerated()
            .sorted { $0.element.q != $1.element.q ? $0.element.q > $1.element.q : $0.offset < $1.offset }
            .map(\.element)
    }

    /// The supported tag (returned as given) that best fits the header, or nil.
    ///
    /// Preferences are tried in order; for each, a supported tag equal to the
    /// whole tag wins, then one equal to its primary subtag (`es-mx` → `es`),
    /// then one with the same primary subtag (`es` → `es-ES`). Comparison is
    /// case-insensitive and `*` matches nothing, leaving the caller's default.
    public static func best(header: some Collection<UInt8>, supported: [String]) -> String? {
        let candidates = supported.map { (original: $0, tag: ASCII.lowercasedString($0.utf8)) }
        for (tag, _) in parse(header) where tag != "*" {
            let primary = primarySubtag(tag)
            let match =
                candidates.first { $0.tag == tag }
                ?? candidates.first { $0.tag == primary }
                ?? candidates.first { primarySubtag($0.tag) == primary }
            if let match { return match.original }
        }
        return nil
    }

    private static func primarySubtag(_ tag: String) -> Substring {
        tag.utf8.split(separator: UInt8(ascii: "-"), maxSplits: 1).first.flatMap(Substring.init) ?? ""
    }

    private static func item(_ bytes: ArraySlice<UInt8>) -> (tag: String, q: Double)? {
        let fields = bytes.split(separator: UInt8(ascii: ";"), omittingEmptySubsequences: false).map(ASCII.trimmed)
        guard let tag = fields.first, isValidTag(tag) else { return nil }
        var q = 1.0
        for parameter in fields.dropFirst() {
            guard parameter.count >= 2, ASCII.lowercased(parameter[parameter.startIndex]) == UInt8(ascii: "q"),
                parameter[parameter.startIndex + 1] == UInt8(ascii: "=")
            else { continue }
            guard let value = qValue(parameter.dropFirst(2)) else { return nil }
            q = value
        }
        return q > 0 ? (ASCII.lowercasedString(tag), q) : nil
    }

    private static func isValidTag(_ tag: ArraySlice<UInt8>) -> Bool {
        if tag.elementsEqual("*".utf8) { return true }
        let subtags = tag.split(separator: UInt8(ascii: "-"), omittingEmptySubsequences: false)
        return subtags[0].allSatisfy(ASCII.isAlpha)
            && subtags.allSatisfy { (1...8).contains($0.count) && $0.allSatisfy(ASCII.isAlphanumeric) }
    }

    /// RFC 9110 `qvalue`: `0[.ddd]` or `1[.000]`.
    private static func qValue(_ bytes: ArraySlice<UInt8>) -> Double? {
        guard let first = bytes.first, first == UInt8(ascii: "0") || first == UInt8(ascii: "1") else { return nil }
        var decimals = bytes.dropFirst()
        if !decimals.isEmpty {
            guard decimals.first == UInt8(ascii: "."), decimals.count <= 4 else { return nil }
            decimals = decimals.dropFirst()
        }
        guard decimals.allSatisfy(ASCII.isDigit) else { return nil }
        let thousandths = decimals.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
            * [1000, 100, 10, 1][decimals.count]
        let value = Double(Int(first - UInt8(ascii: "0")) * 1000 + thousandths) / 1000
        return value <= 1 ? value : nil
    }
}
