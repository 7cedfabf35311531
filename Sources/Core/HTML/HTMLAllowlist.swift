/// The sanitizer's security policy as data: which elements and attributes may appear in
/// sanitized output, which elements vanish with their content, and which URLs are acceptable.
///
/// Everything not listed here is dropped. Edge cases:
/// - `font` becomes `span` with no attributes at all; `center` becomes `div`.
/// - `dir` is kept only as `ltr`, `rtl` or `auto` (written lower-case); `lang` only when it is
///   1–35 ASCII letters, digits and dashes.
/// - `img` `width`/`height` and `td`/`th` `colspan`/`rowspan` must be 1–4 ASCII digits; `ol`
///   `start` an optional `-` and 1–9 digits.
/// - URLs: see `url(_:for:)`. A refused URL drops the attribute, never the element — except that
///   `Policy.rewriteImageSource` returning nil drops the whole `img`.
enum HTMLAllowlist {
    /// Elements that may appear in sanitized output (after renaming).
    static let elements: Set<String> = [
        "p", "br", "div", "span", "b", "strong", "i", "em", "u", "s", "strike", "sub", "sup",
        "small", "big", "blockquote", "pre", "code", "hr", "h1", "h2", "h3", "h4", "h5", "h6",
        "ul", "ol", "li", "dl", "dt", "dd", "a", "img", "table", "thead", "tbody", "tfoot",
        "tr", "th", "td", "caption",
    ]

    /// Legacy elements written under another name.
    static let renamed: [String: String] = ["font": "span", "center": "div"]

    /// HTML5 sectioning/grouping elements that `HTMLText` maps to `div` so their line breaks survive
    /// (the public sanitizer drops them and keeps their text).
    static let structuralBlocks: Set<String> = [
        "article", "aside", "section", "header", "footer", "nav", "main", "address", "figure",
        "figcaption", "details", "summary", "fieldset", "legend", "hgroup", "dialog",
    ]

    /// Allowed elements that never have content or an end tag.
    static let voidElements: Set<String> = ["br", "hr", "img"]

    /// Elements removed together with everything inside them.
    static let droppedWithContent: Set<String> = [
        "script", "style", "template", "iframe", "object", "embed", "applet", "noscript", "noembed",
        "noframes", "svg", "math", "form", "select", "textarea", "button", "input", "title", "head",
        "link", "meta", "base", "frame", "frameset", "xml",
    ]

    /// Input elements that are void in HTML (no content, no end tag), whatever we do with them.
    static let inputVoidElements: Set<String> = [
        "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "image", "img",
        "input", "keygen", "link", "meta", "param", "source", "track", "wbr",
    ]

    /// Foreign-content roots, for which `<svg/>` really is self-closed.
    static let foreignElements: Set<String> = ["svg", "math"]

    /// Elements that may appear in `<head>` without ending it.
    static let headContent: Set<String> = [
        "base", "basefont", "bgsound", "link", "meta", "noframes", "noscript", "script", "style",
        "template", "title",
    ]

    /// The `rel` every kept link gets.
    static let linkRel = "noopener noreferrer nofollow"

    /// Filters `attributes` of an allowed element named `element` (output name; `source` is the
    /// input name, e.g. `font`). Returns nil when the element itself must be dropped (an image
    /// the rewrite hook refused).
    static func attributes(for element: String, source: String, _ attributes: [HTMLAttribute],
                           rewriteImageSource: (@Sendable (String) -> String?)?) -> [HTMLAttribute]? {
        var out: [HTMLAttribute] = []
        if source != "font" {
            for attribute in attributes {
                let value = attribute.value
                var kept: String?
                switch attribute.name {
                case "dir":
                    let lowered = value.lowercased()
                    if lowered == "ltr" || lowered == "rtl" || lowered == "auto" { kept = lowered }
                case "lang":
                    if isLanguageTag(value) { kept = value }
                case "title":
                    if element == "a" || element == "img" { kept = value }
                case "href":
                    if element == "a" { kept = url(value, for: .link) }
                case "alt":
                    if element == "img" { kept = value }
                case "src":
                    guard element == "img", let source = url(value, for: .image) else { break }
                    if let rewrite = rewriteImageSource {
                        guard let mapped = rewrite(source) else { return nil }
                        kept = url(mapped, for: .image)
                    } else {
                        kept = source
                    }
                case "width", "height":
                    if element == "img" && isDigits(value, maxCount: 4) { kept = value }
                case "colspan", "rowspan":
                    if (element == "td" || element == "th") && isDigits(value, maxCount: 4) { kept = value }
                case "start":
                    if element == "ol" {
                        let digits = value.hasPrefix("-") ? String(value.dropFirst()) : value
                        if isDigits(digits, maxCount: 9) { kept = value }
                    }
                default:
                    break
                }
                if let kept { out.append(HTMLAttribute(name: attribute.name, value: kept)) }
            }
        }
        if element == "a" {
            out.append(HTMLAttribute(name: "rel", value: linkRel))
            out.append(HTMLAttribute(name: "target", value: "_blank"))
        }
        return out
    }

    /// Where a URL will be used.
    enum URLUse: Sendable {
        /// `a href`: http, https, mailto, `/path` (not `//host`) and `#fragment`.
        case link
        /// `img src`: http, https, cid and `/path` (not `//host`).
        case image
    }

    /// The URL to write for `raw` (an entity-decoded attribute value), or nil when refused.
    ///
    /// Tabs, newlines and other ASCII control characters are removed and surrounding spaces
    /// trimmed (browsers ignore them too); the scheme is then judged on a copy with every space
    /// removed and ASCII lower-cased, so `jav&#x09;ascript:`, ` JaVaScRiPt:` and `java\0script:`
    /// are all seen as `javascript:`. A backslash counts as a slash (`/\host` is protocol-relative
    /// in browsers).
    static func url(_ raw: String, for use: URLUse) -> String? {
        var kept: [UInt8] = []
        kept.reserveCapacity(raw.utf8.count)
        for b in raw.utf8 where b >= 0x20 && b != 0x7F { kept.append(b) }
        var lower = 0
        var upper = kept.count
        while lower < upper && kept[lower] == 32 { lower += 1 }
        while upper > lower && kept[upper - 1] == 32 { upper -= 1 }
        guard lower < upper else { return nil }
        let value = kept[lower..<upper]
        var key: [UInt8] = []
        key.reserveCapacity(value.count)
        for b in value where b != 32 { key.append(b >= 65 && b <= 90 ? b + 32 : b) }

        // ':' before any '/', '?' or '#' means the URL has a scheme.
        if let end = key.firstIndex(where: { $0 == 58 || $0 == 47 || $0 == 63 || $0 == 35 || $0 == 92 }),
           key[end] == 58 {
            let scheme = String(decoding: key[..<end], as: UTF8.self)
            switch use {
            case .link: guard scheme == "http" || scheme == "https" || scheme == "mailto" else { return nil }
            case .image: guard scheme == "http" || scheme == "https" || scheme == "cid" else { return nil }
            }
        } else {
            let first = key[0]
            let second: UInt8? = key.count > 1 ? key[1] : nil
            let rootRelative = first == 47 && second != 47 && second != 92
            switch use {
            case .link: guard rootRelative || first == 35 else { return nil }
            case .image: guard rootRelative else { return nil }
            }
        }
        return String(decoding: value, as: UTF8.self)
    }

    private static func isDigits(_ s: String, maxCount: Int) -> Bool {
        let utf8 = s.utf8
        return !utf8.isEmpty && utf8.count <= maxCount && utf8.allSatisfy { $0 >= 48 && $0 <= 57 }
    }

    private static func isLanguageTag(_ s: String) -> Bool {
        let utf8 = s.utf8
        return !utf8.isEmpty && utf8.count <= 35 && utf8.allSatisfy {
            ($0 >= 48 && $0 <= 57) || ($0 | 0x20 >= 97 && $0 | 0x20 <= 122) || $0 == 45
        }
    }
}
