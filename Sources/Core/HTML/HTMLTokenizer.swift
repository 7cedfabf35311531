/// One piece of HTML as produced by `HTMLTokenizer`.
///
/// Names are lower-cased ASCII; text and attribute values are entity-decoded and never contain
/// NUL or CR. Comments, doctypes, processing instructions and CDATA never become tokens.
enum HTMLToken: Equatable, Sendable {
    /// `<name attr=value …>`; attributes in source order, the first of duplicate names kept.
    /// `selfClosing` records a `/` right before `>` — meaningful only for void and foreign elements.
    case startTag(name: String, attributes: [HTMLAttribute], selfClosing: Bool)
    /// `</name>`; any attributes written on an end tag are discarded.
    case endTag(name: String)
    /// Decoded character data, never empty. Raw-text element content (e.g. of `<script>`) also
    /// arrives as one `.text`, undecoded except for `<title>` and `<textarea>`.
    case text(String)
}

/// One attribute of a start tag: lower-cased name, entity-decoded value (`""` when valueless).
struct HTMLAttribute: Equatable, Sendable {
    var name: String
    var value: String
}

/// A forgiving HTML tokenizer over UTF-8 bytes, modelled on the WHATWG tokenizer's data,
/// tag, attribute, comment and raw-text states (no tree building: see `HTMLTreeBuilder`).
///
/// Edge cases, all deliberate:
/// - Never crashes and never loops: every step consumes at least one byte, and scans for an end
///   marker (`-->`, `]]>`, `>`, `</script`) never restart, so the whole run is linear in the input.
/// - Input is normalised first: NUL bytes are removed (so `java\0script` reads as `javascript`),
///   CR LF and lone CR become LF, and invalid UTF-8 (byte input only) becomes U+FFFD.
/// - `<` not followed by an ASCII letter, `/`, `!` or `?` is text; `</` at the very end is text;
///   `</>` is dropped; `</` + non-letter and `<?…>` are bogus comments, dropped up to `>`.
/// - A tag (or a quoted attribute value) still open at end of input is dropped with the rest of
///   the input, as browsers do; so is an unterminated comment or CDATA section.
/// - Tag names run to whitespace, `/` or `>` (so `<scr<script>` is one odd tag named
///   `scr<script`); `/` between attributes is skipped, so `<img/src=x/onerror=y>` has one
///   attribute `src` whose unquoted value is `x/onerror=y`.
/// - Content of script, style, xmp, iframe, noembed, noframes, noscript (raw) and title, textarea
///   (entities decoded) runs to the matching end tag or the end of input; plaintext always runs to
///   the end of input, as in browsers. The script-data "escape" states (`<!--` inside a script)
///   are not modelled: a script ends at its first `</script>`.
struct HTMLTokenizer: Sequence, IteratorProtocol {
    private enum RawTextKind: Sendable { case raw, escapable, plaintext }

    private static let rawTextElements: [String: RawTextKind] = [
        "script": .raw, "style": .raw, "xmp": .raw, "iframe": .raw, "noembed": .raw,
        "noframes": .raw, "noscript": .raw, "textarea": .escapable, "title": .escapable,
        "plaintext": .plaintext,
    ]

    private let input: [UInt8]
    private var pos = 0
    private var pendingRawText: (name: [UInt8], kind: RawTextKind)?

    /// Tokenizes a string (already valid UTF-8).
    init(_ html: String) {
        input = HTMLTokenizer.normalize(html.utf8)
    }

    /// Tokenizes raw bytes; invalid UTF-8 sequences become U+FFFD.
    init(bytes: some Sequence<UInt8>) {
        let repaired = String(decoding: Array(bytes), as: UTF8.self)
        input = HTMLTokenizer.normalize(repaired.utf8)
    }

    private static func normalize(_ bytes: String.UTF8View) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var afterCR = false
        for b in bytes {
            if b == 0 { continue }
            if b == 13 { out.append(10); afterCR = true; continue }
            if b == 10 && afterCR { afterCR = false; continue }
            afterCR = false
            out.append(b)
        }
        return out
    }

    mutating func next() -> HTMLToken? {
        if let raw = pendingRawText {
            pendingRawText = nil
            if let token = rawText(until: raw.name, kind: raw.kind) { return token }
        }
        let n = input.count
        while pos < n {
            let start = pos
            while pos < n && !(input[pos] == 60 && startsMarkup(at: pos)) { pos += 1 }
            if pos > start {
                return .text(Self.string(HTMLEntities.decode(input[start..<pos], inAttribute: false)))
            }
            if pos < n, let token = markup() { return token }
        }
        return nil
    }

    // MARK: - Markup

    /// Whether the `<` at `i` starts a tag, end tag, comment or other construct (not text).
    private func startsMarkup(at i: Int) -> Bool {
        guard i + 1 < input.count else { return false }
        let c = input[i + 1]
        if Self.isAlpha(c) || c == 33 || c == 63 { return true }          // letter, '!', '?'
        return c == 47 && i + 2 < input.count                               // '/' not at the end
    }

    /// Consumes the construct at `pos` (which `startsMarkup` accepted); returns a token or nil
    /// when the construct is dropped. Always advances `pos`.
    private mutating func markup() -> HTMLToken? {
        let c = input[pos + 1]
        switch c {
        case 33: // '!'
            skipDeclaration()
            return nil
        case 63: // '?'
            skipBogusComment(from: pos + 2)
            return nil
        case 47: // '/'
            let d = input[pos + 2]
            if Self.isAlpha(d) { return tag(nameStart: pos + 2, isEnd: true) }
            if d == 62 { pos += 3; return nil }
            skipBogusComment(from: pos + 2)
            return nil
        default:
            return tag(nameStart: pos + 1, isEnd: false)
        }
    }

    private mutating func skipBogusComment(from start: Int) {
        var i = start
        while i < input.count && input[i] != 62 { i += 1 }
        pos = Swift.min(i + 1, input.count)
    }

    /// `<!--…-->`, `<![CDATA[…]]>`, `<!DOCTYPE …>` and any other `<!…>`.
    private mutating func skipDeclaration() {
        let n = input.count
        var i = pos + 2
        if hasPrefix("--", at: i) {
            i += 2
            if i < n && input[i] == 62 { pos = i + 1; return }                              // <!-->
            if i + 1 < n && input[i] == 45 && input[i + 1] == 62 { pos = i + 2; return }   // <!--->
            while i + 2 < n {
                if input[i] == 45 && input[i + 1] == 45 {
                    if input[i + 2] == 62 { pos = i + 3; return }                           // -->
                    if input[i + 2] == 33 && i + 3 < n && input[i + 3] == 62 { pos = i + 4; return } // --!>
                }
                i += 1
            }
            pos = n
            return
        }
        if hasPrefix("[CDATA[", at: i) {
            i += 7
            while i + 2 < n {
                if input[i] == 93 && input[i + 1] == 93 && input[i + 2] == 62 { pos = i + 3; return }
                i += 1
            }
            pos = n
            return
        }
        skipBogusComment(from: i)
    }

    private func hasPrefix(_ literal: StaticString, at i: Int) -> Bool {
        literal.withUTF8Buffer { lit in
            guard i + lit.count <= input.count else { return false }
            for k in 0..<lit.count where input[i + k] != lit[k] { return false }
            return true
        }
    }

    /// A start or end tag whose name begins at `nameStart`. Returns nil (consuming the rest of
    /// the input) when the tag is still open at the end of input.
    private mutating func tag(nameStart: Int, isEnd: Bool) -> HTMLToken? {
        let n = input.count
        var i = nameStart
        var nameBytes: [UInt8] = []
        while i < n {
            let b = input[i]
            if Self.isSpace(b) || b == 47 || b == 62 { break }
            nameBytes.append(Self.lower(b))
            i += 1
        }
        var attributes: [HTMLAttribute] = []
        var seen: Set<String> = []
        var selfClosing = false
        while true {
            // Before an attribute name: skip whitespace and stray '/'.
            while i < n {
                let b = input[i]
                if Self.isSpace(b) {
                    i += 1
                } else if b == 47 {
                    if i + 1 < n && input[i + 1] == 62 { selfClosing = true; i += 1; break }
                    i += 1
                } else {
                    break
                }
            }
            guard i < n else { pos = n; return nil }
            if input[i] == 62 { i += 1; break }
            // Attribute name (a leading '=' belongs to the name, as in browsers).
            let nameStartIndex = i
            i += 1
            while i < n {
                let b = input[i]
                if Self.isSpace(b) || b == 47 || b == 62 || b == 61 { break }
                i += 1
            }
            let attributeName = Self.string(input[nameStartIndex..<i].map(Self.lower))
            while i < n && Self.isSpace(input[i]) { i += 1 }
            var value = ""
            if i < n && input[i] == 61 { // '='
                i += 1
                while i < n && Self.isSpace(input[i]) { i += 1 }
                if i < n {
                    let quote = input[i]
                    if quote == 34 || quote == 39 {
                        let valueStart = i + 1
                        var valueEnd = valueStart
                        while valueEnd < n && input[valueEnd] != quote { valueEnd += 1 }
                        guard valueEnd < n else { pos = n; return nil }
                        value = Self.string(HTMLEntities.decode(input[valueStart..<valueEnd], inAttribute: true))
                        i = valueEnd + 1
                    } else if quote != 62 {
                        let valueStart = i
                        while i < n && !Self.isSpace(input[i]) && input[i] != 62 { i += 1 }
                        value = Self.string(HTMLEntities.decode(input[valueStart..<i], inAttribute: true))
                    }
                }
            }
            if !isEnd && seen.insert(attributeName).inserted {
                attributes.append(HTMLAttribute(name: attributeName, value: value))
            }
            selfClosing = false
        }
        pos = i
        let name = Self.string(nameBytes)
        if isEnd { return .endTag(name: name) }
        if let kind = Self.rawTextElements[name] { pendingRawText = (nameBytes, kind) }
        return .startTag(name: name, attributes: attributes, selfClosing: selfClosing)
    }

    /// The content of a raw-text element, up to (not including) its end tag.
    private mutating func rawText(until name: [UInt8], kind: RawTextKind) -> HTMLToken? {
        let n = input.count
        let start = pos
        var end = n
        if kind != .plaintext {
            var i = pos
            search: while i + 1 < n {
                if input[i] == 60 && input[i + 1] == 47 {
                    var j = i + 2
                    var k = 0
                    while k < name.count && j < n && Self.lower(input[j]) == name[k] { j += 1; k += 1 }
                    if k == name.count && j < n && (Self.isSpace(input[j]) || input[j] == 47 || input[j] == 62) {
                        end = i
                        break search
                    }
                }
                i += 1
            }
        }
        pos = end
        guard end > start else { return nil }
        let slice = input[start..<end]
        return .text(Self.string(kind == .escapable ? HTMLEntities.decode(slice, inAttribute: false) : Array(slice)))
    }

    // MARK: - Bytes

    private static func string(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }
    private static func isAlpha(_ b: UInt8) -> Bool { (b | 0x20) >= 97 && (b | 0x20) <= 122 }
    private static func isSpace(_ b: UInt8) -> Bool { b == 32 || b == 10 || b == 9 || b == 12 || b == 13 }
    private static func lower(_ b: UInt8) -> UInt8 { b >= 65 && b <= 90 ? b + 32 : b }
}
