import FuzzSupport

/// A strict reader of sanitizer output, written from the documented policy rather than from
/// `HTMLAllowlist`, so a mistake there cannot hide itself.
///
/// The output grammar it accepts is exactly what `SanitizedMarkupWriter` may write: text in
/// which `<` and `>` never appear raw and `&` only as `&amp;` `&lt;` `&gt;`; start tags
/// `<name attr="value"…>` with double-quoted values in which `"` `'` `<` `>` never appear raw and
/// `&` only as `&amp;` `&lt;` `&gt;` `&quot;` `&#39;`; end tags `</name>`. On top of that: only
/// allowlisted elements and attributes, void elements never closed, every other element closed
/// in order, nesting no deeper than the policy allows, no NUL or CR anywhere, links with the
/// fixed rel/target, and URLs whose scheme (as a browser reads it) is allowed and that are not
/// protocol-relative.
struct SanitizedOutputCheck {
    var allowImages = true
    var maxDepth = 64
    var linkSchemes: Set<String> = ["http", "https", "mailto"]
    var imageSchemes: Set<String> = ["http", "https", "cid"]

    static let standard = SanitizedOutputCheck()

    static let elements: Set<String> = [
        "p", "br", "div", "span", "b", "strong", "i", "em", "u", "s", "strike", "sub", "sup",
        "small", "big", "blockquote", "pre", "code", "hr", "h1", "h2", "h3", "h4", "h5", "h6",
        "ul", "ol", "li", "dl", "dt", "dd", "a", "img", "table", "thead", "tbody", "tfoot",
        "tr", "th", "td", "caption",
    ]
    static let voids: Set<String> = ["br", "hr", "img"]
    static let attributes: [String: Set<String>] = [
        "a": ["href", "title", "rel", "target"],
        "img": ["src", "alt", "title", "width", "height"],
        "td": ["colspan", "rowspan"],
        "th": ["colspan", "rowspan"],
        "ol": ["start"],
    ]

    func verify(_ html: String, context: String) {
        let bytes = Array(html.utf8)
        func fail(_ problem: String, at index: Int) -> Never {
            let from = max(0, index - 60), to = min(bytes.count, index + 60)
            Fuzz.fail("\(context): \(problem) at byte \(index), near \(Fuzz.show(String(decoding: bytes[from..<to], as: UTF8.self)))")
        }
        var stack: [String] = []
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            switch b {
            case 0, 13:
                fail("NUL or CR", at: i)
            case UInt8(ascii: ">"):
                fail("raw '>' in text", at: i)
            case UInt8(ascii: "&"):
                guard let length = escapeLength(bytes, at: i, allowed: ["&amp;", "&lt;", "&gt;"]) else { fail("raw '&' in text", at: i) }
                i += length
            case UInt8(ascii: "<"):
                i += 1
                let isEnd = i < bytes.count && bytes[i] == UInt8(ascii: "/")
                if isEnd { i += 1 }
                let nameStart = i
                while i < bytes.count, (bytes[i] >= 0x61 && bytes[i] <= 0x7A) || (bytes[i] >= 0x30 && bytes[i] <= 0x39) { i += 1 }
                let name = String(decoding: bytes[nameStart..<i], as: UTF8.self)
                guard Self.elements.contains(name) else { fail("element \(Fuzz.show(name))", at: nameStart) }
                if name == "img" && !allowImages { fail("img with images off", at: nameStart) }
                if isEnd {
                    guard i < bytes.count, bytes[i] == UInt8(ascii: ">") else { fail("malformed end tag", at: i) }
                    guard stack.last == name else { fail("</\(name)> closes \(stack.last ?? "nothing")", at: nameStart) }
                    stack.removeLast()
                    i += 1
                    continue
                }
                var seen: [String: String] = [:]
                while i < bytes.count, bytes[i] == UInt8(ascii: " ") {
                    i += 1
                    let attributeStart = i
                    while i < bytes.count, bytes[i] >= 0x61 && bytes[i] <= 0x7A { i += 1 }
                    let attribute = String(decoding: bytes[attributeStart..<i], as: UTF8.self)
                    guard i + 1 < bytes.count, bytes[i] == UInt8(ascii: "="), bytes[i + 1] == UInt8(ascii: "\"") else {
                        fail("attribute \(Fuzz.show(attribute)) without a quoted value", at: attributeStart)
                    }
                    i += 2
                    var value: [UInt8] = []
                    while i < bytes.count, bytes[i] != UInt8(ascii: "\"") {
                        switch bytes[i] {
                        case 0, 13, UInt8(ascii: "'"), UInt8(ascii: "<"), UInt8(ascii: ">"):
                            fail("raw \(bytes[i]) in attribute value", at: i)
                        case UInt8(ascii: "&"):
                            let escapes = ["&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": "\"", "&#39;": "'"]
                            guard let length = escapeLength(bytes, at: i, allowed: Array(escapes.keys)) else {
                                fail("raw '&' in attribute value", at: i)
                            }
                            value += Array(escapes[String(decoding: bytes[i..<(i + length)], as: UTF8.self)]!.utf8)
                            i += length
                        default:
                            value.append(bytes[i])
                            i += 1
                        }
                    }
                    guard i < bytes.count else { fail("unterminated attribute value", at: attributeStart) }
                    i += 1
                    let text = String(decoding: value, as: UTF8.self)
                    guard seen.updateValue(text, forKey: attribute) == nil else { fail("duplicate \(attribute)", at: attributeStart) }
                    if let problem = problem(attribute: attribute, value: value, on: name) {
                        fail(problem, at: attributeStart)
                    }
                }
                guard i < bytes.count, bytes[i] == UInt8(ascii: ">") else { fail("malformed start tag", at: i) }
                i += 1
                if name == "a" && (seen["rel"] != "noopener noreferrer nofollow" || seen["target"] != "_blank") {
                    fail("link without rel/target", at: nameStart)
                }
                if !Self.voids.contains(name) {
                    stack.append(name)
                    if stack.count > maxDepth { fail("nesting deeper than \(maxDepth)", at: nameStart) }
                }
            default:
                i += 1
            }
        }
        if !stack.isEmpty { fail("unclosed \(stack)", at: bytes.count) }
        if html.lowercased().contains("<script") { fail("<script", at: 0) }
    }

    private func escapeLength(_ bytes: [UInt8], at i: Int, allowed: [String]) -> Int? {
        for escape in allowed where bytes[i...].starts(with: escape.utf8) { return escape.utf8.count }
        return nil
    }

    private func problem(attribute: String, value: [UInt8], on element: String) -> String? {
        let allowed = Self.attributes[element, default: []].union(["dir", "lang"])
        guard allowed.contains(attribute) else { return "attribute \(attribute) on <\(element)>" }
        let text = String(decoding: value, as: UTF8.self)
        let isDigit = { (b: UInt8) in b >= 0x30 && b <= 0x39 }
        switch attribute {
        case "dir":
            return ["ltr", "rtl", "auto"].contains(text) ? nil : "dir=\(Fuzz.show(text))"
        case "lang":
            let ok = (1...35).contains(value.count)
                && value.allSatisfy { isDigit($0) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7A) || $0 == UInt8(ascii: "-") }
            return ok ? nil : "lang=\(Fuzz.show(text))"
        case "width", "height", "colspan", "rowspan":
            return (1...4).contains(value.count) && value.allSatisfy(isDigit) ? nil : "\(attribute)=\(Fuzz.show(text))"
        case "start":
            let digits = value.first == UInt8(ascii: "-") ? value.dropFirst() : value[...]
            return (1...9).contains(digits.count) && digits.allSatisfy(isDigit) ? nil : "start=\(Fuzz.show(text))"
        case "href":
            return urlProblem(value, schemes: linkSchemes)
        case "src":
            return urlProblem(value, schemes: imageSchemes)
        default:
            return nil
        }
    }

    /// Reads a URL as a browser would (WHATWG URL: leading and trailing C0 controls and spaces
    /// ignored, a scheme is a letter then letters, digits, `+ - .` before the first `:`) and
    /// refuses a scheme outside `schemes` and a protocol-relative URL (`//host`, with `\`
    /// counting as `/`). Other relative URLs stay on our own origin and pass, although the policy
    /// only writes root-relative ones and fragments: `HTMLAllowlist` judges schemes with inner
    /// spaces removed, so it keeps `c id:x` as a cid URL, which a browser reads as a harmless
    /// relative path. Output URLs must not contain controls at all (the allowlist removes them).
    private func urlProblem(_ value: [UInt8], schemes: Set<String>) -> String? {
        let text = String(decoding: value, as: UTF8.self)
        if value.contains(where: { $0 < 0x20 || $0 == 0x7F }) { return "control character in URL \(Fuzz.show(text))" }
        var url = value[...]
        while let first = url.first, first <= 0x20 { url = url.dropFirst() }
        while let last = url.last, last <= 0x20 { url = url.dropLast() }
        guard let first = url.first else { return "empty URL" }
        let isAlpha = { (b: UInt8) in b | 0x20 >= 0x61 && b | 0x20 <= 0x7A }
        if isAlpha(first), let colon = url.firstIndex(of: UInt8(ascii: ":")),
           url[..<colon].allSatisfy({ isAlpha($0) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2B || $0 == 0x2D || $0 == 0x2E }) {
            let scheme = String(decoding: url[..<colon].map { $0 | 0x20 }, as: UTF8.self)
            return schemes.contains(scheme) ? nil : "scheme \(scheme) in URL \(Fuzz.show(text))"
        }
        let slash = { (b: UInt8) in b == UInt8(ascii: "/") || b == UInt8(ascii: "\\") }
        if slash(first), let second = url.dropFirst().first, slash(second) {
            return "protocol-relative URL \(Fuzz.show(text))"
        }
        return nil
    }
}
