import Core
import FuzzSupport

/// `HTMLSanitizer.sanitize` under three policies, `HTMLText.escapeAsHTML` and
/// `HTMLText.plainText` on arbitrary input (invalid UTF-8 is repaired first, as a `String`).
///
/// Invariants: every output passes `SanitizedOutputCheck` (a strict re-reading of the output
/// grammar and the allowlist written here independently of `HTMLAllowlist`); sanitizing an
/// output again changes nothing; `escapeAsHTML` output is already sanitized; the plain text has
/// no run of blank lines, no trailing spaces and no leading or trailing blank space.
func fuzzSanitizer(_ bytes: [UInt8]) {
    let html = String(decoding: bytes, as: UTF8.self)
    for (name, policy, check) in policies {
        let once = markup(HTMLSanitizer.sanitize(html, policy: policy))
        check.verify(once, context: name)
        let twice = markup(HTMLSanitizer.sanitize(once, policy: policy))
        Fuzz.require(twice == once, "\(name): sanitize is not stable\n once: \(Fuzz.show(once, limit: 600))\ntwice: \(Fuzz.show(twice, limit: 600))")
    }

    let escaped = markup(HTMLText.escapeAsHTML(plain: html))
    SanitizedOutputCheck.standard.verify(escaped, context: "escapeAsHTML")
    let resanitized = markup(HTMLSanitizer.sanitize(escaped))
    Fuzz.require(resanitized == escaped, "escapeAsHTML output changes when sanitized\n  escaped: \(Fuzz.show(escaped, limit: 600))\nsanitized: \(Fuzz.show(resanitized, limit: 600))")

    let text = HTMLText.plainText(fromHTML: html)
    Fuzz.require(!text.utf8.contains(13) && !text.utf8.contains(0), "plain text has CR or NUL")
    Fuzz.require(!contains(text, "\n\n\n"), "plain text has two blank lines in a row: \(Fuzz.show(text, limit: 600))")
    Fuzz.require(!contains(text, " \n") && text.utf8.last != 0x20, "plain text has trailing spaces: \(Fuzz.show(text, limit: 600))")
    Fuzz.require(text.utf8.first != 0x0A && text.utf8.last != 0x0A, "plain text starts or ends with a blank line: \(Fuzz.show(text, limit: 600))")
}

/// The policies tried: the standard one, one without images and with shallow nesting, and
/// one that maps `cid:` images to `/att/` (a rewrite that maps its own output to itself).
private let policies: [(String, HTMLSanitizer.Policy, SanitizedOutputCheck)] = [
    ("standard", .standard, .standard),
    ("no images, depth 3", HTMLSanitizer.Policy(allowImages: false, maxDepth: 3),
     SanitizedOutputCheck(allowImages: false, maxDepth: 3)),
    ("cid rewrite", HTMLSanitizer.Policy(rewriteImageSource: rewriteImage),
     SanitizedOutputCheck(allowImages: true, maxDepth: 64, imageSchemes: ["https"])),
]

/// `cid:x` becomes `/att/x`, plain `http:` images are refused, anything else is kept. The scheme
/// is judged as `HTMLAllowlist` judges it (spaces removed, lower-cased), so `C Id:x` is a cid.
@Sendable private func rewriteImage(_ url: String) -> String? {
    let key = String(url.lowercased().unicodeScalars.filter { $0 != " " })
    if key.hasPrefix("cid:") { return "/att/" + key.dropFirst(4) }
    return key.hasPrefix("http:") ? nil : url
}

private func markup(_ safe: SafeHTML) -> String {
    var out = HTML(capacity: 0)
    out.safe(safe)
    return String(decoding: out.bytes, as: UTF8.self)
}

private func contains(_ text: String, _ needle: String) -> Bool {
    let hay = Array(text.utf8), pattern = Array(needle.utf8)
    guard hay.count >= pattern.count else { return false }
    return (0...(hay.count - pattern.count)).contains { hay[$0..<($0 + pattern.count)].elementsEqual(pattern) }
}
