/// Converts between HTML and plain text: a readable text version of HTML (mail text parts,
/// previews) and HTML paragraphs from plain text.
///
/// `plainText(fromHTML:)` runs the sanitizer's own tree builder, so whatever the sanitizer would
/// hide (script, style, head, forms…) never reaches the text either. Edge cases:
/// - Blocks (p, div, headings, lists, tables, HTML5 sections…) and `br` become line breaks; `p`,
///   headings, `pre`, `blockquote`, tables and top-level lists are set off by a blank line; no
///   more than one blank line in a row survives.
/// - `li` gets `- ` (or `1. `, `2. `… in an `ol`, honouring `start`), indented two spaces per
///   nesting level; table cells are separated by a space, rows by a line break.
/// - A link becomes `text <url>` unless the text already is the URL (or the address of a
///   `mailto:`); fragment-only links (`#top`) and links with a refused URL stay plain text.
/// - `img` becomes `[alt]` (nothing when alt is empty).
/// - Whitespace collapses like a browser outside `pre`; `&nbsp;` becomes a plain space that does
///   not collapse; trailing spaces on each line and leading/trailing blank space are trimmed.
///
/// `escapeAsHTML(plain:)`: blank lines separate `<p>` paragraphs, single line breaks become
/// `<br>`; every byte of text is escaped; bare `http://` / `https://` URLs become links with the
/// same `rel`/`target` as sanitized links. A URL ends at whitespace, `<`, `>`, `"`, a control
/// or non-ASCII character; trailing `.,;:!?'` and unbalanced closing brackets stay outside it.
/// The result is exactly what `HTMLSanitizer` would make of it (sanitizing it changes nothing).
public enum HTMLText {
    /// A readable plain-text version of untrusted HTML.
    public static func plainText(fromHTML html: String) -> String {
        var policy = HTMLSanitizer.Policy(allowImages: true, rewriteImageSource: nil, maxDepth: 64)
        policy.keepsStructuralBlocks = true
        var builder = HTMLTreeBuilder(policy: policy, sink: PlainTextRenderer())
        builder.run(HTMLTokenizer(html))
        return builder.sink.finished()
    }

    /// Plain text as HTML paragraphs, escaped, with bare http(s) URLs linked.
    public static func escapeAsHTML(plain: String) -> SafeHTML {
        // Normalise line ends and drop NUL, as the tokenizer does, so the result is stable.
        var text: [UInt8] = []
        text.reserveCapacity(plain.utf8.count)
        var afterCR = false
        for b in plain.utf8 {
            if b == 0 { continue }
            if b == 13 { text.append(10); afterCR = true; continue }
            if b == 10 && afterCR { afterCR = false; continue }
            afterCR = false
            text.append(b)
        }
        let lines = text.split(separator: 10, omittingEmptySubsequences: false)
        var paragraphs: [[ArraySlice<UInt8>]] = []
        var current: [ArraySlice<UInt8>] = []
        for line in lines {
            if line.allSatisfy({ $0 == 32 || $0 == 9 || $0 == 12 }) {
                if !current.isEmpty { paragraphs.append(current); current = [] }
            } else {
                current.append(line)
            }
        }
        if !current.isEmpty { paragraphs.append(current) }

        var out: [UInt8] = []
        out.reserveCapacity(text.count + text.count / 8 + 16)
        for (index, paragraph) in paragraphs.enumerated() {
            if index > 0 { out.append(10) }
            out.append(contentsOf: Array("<p>".utf8))
            for (lineIndex, line) in paragraph.enumerated() {
                if lineIndex > 0 { out.append(contentsOf: Array("<br>\n".utf8)) }
                appendLinkified(line, to: &out)
            }
            out.append(contentsOf: Array("</p>".utf8))
        }
        return SafeHTML(sanitized: String(decoding: out, as: UTF8.self))
    }

    // MARK: - Linkify

    private static func appendLinkified(_ line: ArraySlice<UInt8>, to out: inout [UInt8]) {
        var i = line.startIndex
        var plainStart = i
        while i < line.endIndex {
            if let end = urlEnd(in: line, at: i) {
                appendEscapedText(line[plainStart..<i], to: &out)
                let url = String(decoding: line[i..<end], as: UTF8.self)
                out.append(contentsOf: Array("<a href=\"".utf8))
                HTML.escapeAttribute(url, into: &out)
                out.append(contentsOf: Array("\" rel=\"\(HTMLAllowlist.linkRel)\" target=\"_blank\">".utf8))
                appendEscapedText(line[i..<end], to: &out)
                out.append(contentsOf: Array("</a>".utf8))
                i = end
                plainStart = i
            } else {
                i += 1
            }
        }
        appendEscapedText(line[plainStart..<line.endIndex], to: &out)
    }

    /// The end of a bare http(s) URL starting at `start`, or nil when none starts there.
    private static func urlEnd(in line: ArraySlice<UInt8>, at start: Int) -> Int? {
        guard line[start] | 0x20 == 104 else { return nil } // 'h'
        if start > line.startIndex {
            let before = line[start - 1]
            if isASCIIAlphanumeric(before) || before == 95 || before == 64 || before == 47 { return nil }
        }
        let schemeLength: Int
        if hasPrefixIgnoringCase(line, at: start, "https://") {
            schemeLength = 8
        } else if hasPrefixIgnoringCase(line, at: start, "http://") {
            schemeLength = 7
        } else {
            return nil
        }
        var end = start + schemeLength
        while end < line.endIndex {
            let b = line[end]
            if b <= 32 || b >= 127 || b == 60 || b == 62 || b == 34 { break }
            end += 1
        }
        // Leave trailing punctuation and unbalanced closing brackets outside the link.
        // Bracket balance is counted once and updated while trimming, so this stays linear.
        var balance = [0, 0, 0] // (), [], {}: closes minus opens
        for b in line[start..<end] {
            switch b {
            case 40: balance[0] -= 1
            case 41: balance[0] += 1
            case 91: balance[1] -= 1
            case 93: balance[1] += 1
            case 123: balance[2] -= 1
            case 125: balance[2] += 1
            default: break
            }
        }
        while end > start + schemeLength {
            let last = line[end - 1]
            if last == 46 || last == 44 || last == 59 || last == 58 || last == 33 || last == 63 || last == 39 || last == 42 {
                end -= 1 // . , ; : ! ? ' *
                continue
            }
            let kind = last == 41 ? 0 : last == 93 ? 1 : last == 125 ? 2 : -1 // ) ] }
            if kind >= 0 && balance[kind] > 0 {
                balance[kind] -= 1
                end -= 1
                continue
            }
            break
        }
        guard end > start + schemeLength,
              HTMLAllowlist.url(String(decoding: line[start..<end], as: UTF8.self), for: .link) != nil
        else { return nil }
        return end
    }

    private static func hasPrefixIgnoringCase(_ line: ArraySlice<UInt8>, at i: Int, _ prefix: StaticString) -> Bool {
        prefix.withUTF8Buffer { p in
            guard i + p.count <= line.endIndex else { return false }
            for k in 0..<p.count {
                let b = line[i + k]
                if (b >= 65 && b <= 90 ? b + 32 : b) != p[k] { return false }
            }
            return true
        }
    }

    private static func appendEscapedText(_ bytes: ArraySlice<UInt8>, to out: inout [UInt8]) {
        for b in bytes {
            switch b {
            case 38: out.append(contentsOf: [38, 97, 109, 112, 59])   // &amp;
            case 60: out.append(contentsOf: [38, 108, 116, 59])       // &lt;
            case 62: out.append(contentsOf: [38, 103, 116, 59])       // &gt;
            default: out.append(b)
            }
        }
    }

    static func isASCIIAlphanumeric(_ b: UInt8) -> Bool {
        (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122)
    }
}

/// Renders the sanitized element stream as readable plain text (see `HTMLText`).
struct PlainTextRenderer: SanitizedMarkupSink {
    private static let paragraphBlocks: Set<String> = [
        "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table", "dl",
    ]
    private static let lineBlocks: Set<String> = [
        "div", "tr", "dt", "dd", "caption", "thead", "tbody", "tfoot",
    ]

    private var out: [UInt8] = []
    private var pendingBreaks = 0
    private var pendingSpace = false
    private var preDepth = 0
    private var lists: [(ordered: Bool, next: Int)] = []
    private var links: [(href: String?, start: Int)] = []

    mutating func openElement(_ name: String, attributes: [HTMLAttribute]) {
        switch name {
        case "pre":
            requestBreaks(2)
            preDepth += 1
        case "ul", "ol":
            requestBreaks(lists.isEmpty ? 2 : 1)
            var start = 1
            if name == "ol", let value = attributes.first(where: { $0.name == "start" })?.value, let n = Int(value) {
                start = n
            }
            lists.append((name == "ol", start))
        case "li":
            requestBreaks(1)
            flush()
            var prefix = String(repeating: "  ", count: max(0, lists.count - 1))
            if let list = lists.last, list.ordered {
                prefix += "\(list.next). "
                lists[lists.count - 1].next += 1
            } else {
                prefix += "- "
            }
            out.append(contentsOf: prefix.utf8)
        case "a":
            links.append((attributes.first(where: { $0.name == "href" })?.value, out.count))
        default:
            blockBoundary(name)
        }
    }

    /// Cells are separated by a space; paragraph-like blocks by a blank line, other
    /// blocks by a line break (the same on opening and closing).
    mutating func blockBoundary(_ name: String) {
        if name == "td" || name == "th" {
            pendingSpace = true
        } else if Self.paragraphBlocks.contains(name) {
            requestBreaks(2)
        } else if Self.lineBlocks.contains(name) {
            requestBreaks(1)
        }
    }

    mutating func voidElement(_ name: String, attributes: [HTMLAttribute]) {
        switch name {
        case "br":
            flushBreaks()
            if trailingNewlines() < 2 { out.append(10) }
            pendingSpace = false
        case "hr":
            requestBreaks(1)
        case "img":
            let alt = Self.collapsed(attributes.first(where: { $0.name == "alt" })?.value ?? "")
            if !alt.isEmpty { append(literal: "[\(alt)]") }
        default:
            break
        }
    }

    mutating func closeElement(_ name: String) {
        switch name {
        case "pre":
            preDepth -= 1
            requestBreaks(2)
        case "ul", "ol":
            if !lists.isEmpty { lists.removeLast() }
            requestBreaks(lists.isEmpty ? 2 : 1)
        case "li":
            requestBreaks(1)
        case "a":
            guard let link = links.popLast(), let href = link.href, !href.hasPrefix("#") else { return }
            let text = Self.collapsed(String(decoding: out[min(link.start, out.count)...], as: UTF8.self))
            let isSame = text == href || (href.lowercased().hasPrefix("mailto:") && "mailto:" + text == href)
            if isSame { return }
            if !text.isEmpty { pendingSpace = true }
            append(literal: "<\(href)>")
        default:
            blockBoundary(name)
        }
    }

    mutating func text(_ text: String) {
        let bytes = Array(text.utf8)
        if preDepth > 0 {
            guard !bytes.isEmpty else { return }
            flush()
            var i = 0
            while i < bytes.count {
                if bytes[i] == 0xC2 && i + 1 < bytes.count && bytes[i + 1] == 0xA0 {
                    out.append(32); i += 2
                } else {
                    out.append(bytes[i]); i += 1
                }
            }
            return
        }
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == 32 || b == 10 || b == 9 || b == 12 || b == 13 {
                pendingSpace = true
                i += 1
            } else if b == 0xC2 && i + 1 < bytes.count && bytes[i + 1] == 0xA0 {
                flush()
                out.append(32)
                i += 2
            } else {
                flush()
                out.append(b)
                i += 1
            }
        }
    }

    /// The text, with trailing spaces per line removed, at most one blank line in a row and no
    /// leading or trailing blank space.
    func finished() -> String {
        var lines: [ArraySlice<UInt8>] = []
        var blankRun = 0
        for var line in out.split(separator: 10, omittingEmptySubsequences: false) {
            while let last = line.last, last == 32 || last == 9 { line = line.dropLast() }
            if lines.isEmpty {
                while let first = line.first, first == 32 || first == 9 { line = line.dropFirst() }
            }
            if line.isEmpty {
                blankRun += 1
                if blankRun > 1 || lines.isEmpty { continue }
            } else {
                blankRun = 0
            }
            lines.append(line)
        }
        while let last = lines.last, last.isEmpty { lines.removeLast() }
        return lines.map { String(decoding: $0, as: UTF8.self) }.joined(separator: "\n")
    }

    // MARK: - Spacing

    private mutating func requestBreaks(_ count: Int) {
        pendingBreaks = max(pendingBreaks, count)
    }

    private mutating func flushBreaks() {
        if pendingBreaks > 0 {
            if !out.isEmpty {
                let have = trailingNewlines()
                if have < pendingBreaks {
                    for _ in have..<pendingBreaks { out.append(10) }
                }
            }
            pendingBreaks = 0
            pendingSpace = false
        }
    }

    /// Writes pending line breaks or a pending space before content.
    private mutating func flush() {
        if pendingBreaks > 0 {
            flushBreaks()
        } else if pendingSpace {
            if let last = out.last, last != 10, last != 32 { out.append(32) }
        }
        pendingSpace = false
    }

    private mutating func append(literal: String) {
        flush()
        out.append(contentsOf: literal.utf8)
    }

    private func trailingNewlines() -> Int {
        var count = 0
        var i = out.count - 1
        while i >= 0 && out[i] == 10 && count < 2 { count += 1; i -= 1 }
        return count
    }

    /// `s` with whitespace runs collapsed to one space and trimmed.
    private static func collapsed(_ s: String) -> String {
        var bytes: [UInt8] = []
        var space = false
        for b in s.utf8 {
            if b == 32 || b == 10 || b == 9 || b == 12 || b == 13 {
                space = true
            } else {
                if space && !bytes.isEmpty { bytes.append(32) }
                space = false
                bytes.append(b)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
