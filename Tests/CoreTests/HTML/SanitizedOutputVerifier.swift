import Testing
@testable import Core

/// Re-parses sanitizer OUTPUT and checks it against the allowlist from the spec — written out
/// here independently of `HTMLAllowlist`, so a mistake there cannot hide itself.
enum SanitizedOutputVerifier {
    static let elements: Set<String> = [
        "p", "br", "div", "span", "b", "strong", "i", "em", "u", "s", "strike", "sub", "sup",
        "small", "big", "blockquote", "pre", "code", "hr", "h1", "h2", "h3", "h4", "h5", "h6",
        "ul", "ol", "li", "dl", "dt", "dd", "a", "img", "table", "thead", "tbody", "tfoot",
        "tr", "th", "td", "caption",
    ]
    static let voids: Set<String> = ["br", "hr", "img"]
    static let perElement: [String: Set<String>] = [
        "a": ["href", "title", "rel", "target"],
        "img": ["src", "alt", "title", "width", "height"],
        "td": ["colspan", "rowspan"],
        "th": ["colspan", "rowspan"],
        "ol": ["start"],
    ]

    /// Everything wrong with `html` as sanitizer output; empty when it is fine.
    static func problems(in html: String) -> [String] {
        var problems: [String] = []
        let bytes = Array(html.utf8)

        // 1. Raw form: every '<' opens a tag we could have written; every '&' is one of our escapes.
        for (i, b) in bytes.enumerated() {
            if b == 0 { problems.append("NUL byte at \(i)") }
            if b == 60 {
                let next = i + 1 < bytes.count ? bytes[i + 1] : 0
                let afterSlash = i + 2 < bytes.count ? bytes[i + 2] : 0
                let ok = (next >= 97 && next <= 122) || (next == 47 && afterSlash >= 97 && afterSlash <= 122)
                if !ok { problems.append("'<' not starting a tag at \(i)") }
            }
            if b == 38 {
                let rest = bytes[(i + 1)...].prefix(5)
                let ok = ["amp;", "lt;", "gt;", "quot;", "#39;"].contains { rest.starts(with: Array($0.utf8)) }
                if !ok { problems.append("unescaped '&' at \(i)") }
            }
        }
        let lowered = html.lowercased()
        for needle in ["<script", "<style", "<iframe", "<svg", "<math", "<object", "<embed", "<!--", "<!["] where lowered.contains(needle) {
            problems.append("contains \(needle)")
        }

        // 2. Re-parse with our tokenizer and check every element and attribute.
        var stack: [String] = []
        for token in HTMLTokenizer(html) {
            switch token {
            case .text:
                break
            case .startTag(let name, let attributes, let selfClosing):
                if selfClosing { problems.append("self-closing <\(name)/>") }
                guard elements.contains(name) else { problems.append("element <\(name)>"); continue }
                if !voids.contains(name) { stack.append(name) }
                let allowed = perElement[name, default: []].union(["dir", "lang"])
                for attribute in attributes {
                    let key = attribute.name, value = attribute.value
                    if key.hasPrefix("on") { problems.append("event handler \(key) on <\(name)>") }
                    if !allowed.contains(key) { problems.append("attribute \(key) on <\(name)>") }
                    switch key {
                    case "href": if !isSafeURL(value, image: false) { problems.append("href \(value)") }
                    case "src": if !isSafeURL(value, image: true) { problems.append("src \(value)") }
                    case "width", "height", "colspan", "rowspan":
                        if value.isEmpty || value.count > 4 || !value.allSatisfy(\.isASCII) || !value.allSatisfy(\.isNumber) {
                            problems.append("\(key)=\(value)")
                        }
                    case "dir": if !["ltr", "rtl", "auto"].contains(value) { problems.append("dir=\(value)") }
                    case "lang":
                        if value.isEmpty || !value.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-") }) {
                            problems.append("lang=\(value)")
                        }
                    default: break
                    }
                }
                if name == "a" {
                    let rel = attributes.first { $0.name == "rel" }?.value
                    let target = attributes.first { $0.name == "target" }?.value
                    if rel != "noopener noreferrer nofollow" || target != "_blank" { problems.append("<a> without rel/target") }
                }
            case .endTag(let name):
                if voids.contains(name) { problems.append("end tag for void </\(name)>") }
                if stack.last == name { stack.removeLast() } else { problems.append("unbalanced </\(name)>, open \(stack.suffix(3))") }
            }
        }
        if !stack.isEmpty { problems.append("unclosed \(stack.suffix(3))") }
        return problems
    }

    /// The URL rules restated: strip controls and whitespace, lower-case, then check.
    static func isSafeURL(_ value: String, image: Bool) -> Bool {
        let key = String(decoding: value.utf8.filter { $0 > 32 && $0 != 127 }.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }, as: UTF8.self)
        for bad in ["javascript:", "vbscript:", "data:", "file:", "//", "/\\", "\\"] where key.hasPrefix(bad) { return false }
        if image {
            return key.hasPrefix("http:") || key.hasPrefix("https:") || key.hasPrefix("cid:") || key.hasPrefix("/")
        }
        return key.hasPrefix("http:") || key.hasPrefix("https:") || key.hasPrefix("mailto:") || key.hasPrefix("/") || key.hasPrefix("#")
    }
}

/// Sanitizes `html`, runs the re-parse-and-verify check and the idempotence check on the output,
/// and returns the output for further assertions.
@discardableResult
func sanitizeChecked(_ html: String, policy: HTMLSanitizer.Policy = .standard, idempotent: Bool = true,
                     sourceLocation: SourceLocation = #_sourceLocation) -> String {
    let output = HTMLSanitizer.sanitize(html, policy: policy).value
    let problems = SanitizedOutputVerifier.problems(in: output)
    #expect(problems.isEmpty, "\(problems) in output: \(output.prefix(300))", sourceLocation: sourceLocation)
    if idempotent {
        let again = HTMLSanitizer.sanitize(output, policy: policy).value
        #expect(again == output, "not idempotent: \(output.prefix(300)) → \(again.prefix(300))", sourceLocation: sourceLocation)
    }
    return output
}
