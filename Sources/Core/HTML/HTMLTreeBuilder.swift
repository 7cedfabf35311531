/// Receives the stream `HTMLTreeBuilder` produces: only allowlisted elements and attributes,
/// every `openElement` matched by a `closeElement` in the right order, text not yet escaped.
protocol SanitizedMarkupSink {
    mutating func openElement(_ name: String, attributes: [HTMLAttribute])
    mutating func voidElement(_ name: String, attributes: [HTMLAttribute])
    mutating func closeElement(_ name: String)
    mutating func text(_ text: String)
}

/// Turns the tokenizer's flat, possibly malformed token stream into a balanced stream of
/// allowlisted elements for a `SanitizedMarkupSink`. This is where the sanitizer's structure
/// rules live; `HTMLAllowlist` holds the data it checks against.
///
/// Edge cases, all deliberate:
/// - Elements in `HTMLAllowlist.droppedWithContent` vanish with their content (nested elements
///   of any name are counted so the right end tag ends the skip; an end tag of an element that
///   was open *outside* the skipped one also ends it, so an unclosed `<form>` cannot swallow the
///   rest of its container). Void ones (`input`, `meta`…) are just dropped, and so is `<svg/>`.
/// - `<head>` hides only head content: the first other start tag or non-blank text ends it.
/// - Other unknown elements are dropped, their text kept; stray end tags are dropped.
/// - A browser-like subset of implied end tags: block starts close an open `p`; `li`, `dt`/`dd`,
///   table rows/cells/sections and a nested `a` close their open predecessor; a heading closes a
///   heading that is the current element; `</br>` is a `<br>`.
/// - Mis-nesting (`<b><i>x</b>y</i>`): the end tag closes everything above its element; closed
///   formatting elements (b, i, em…) are reopened before the next text or inline element, as the
///   browser's "active formatting elements" would, capped (3 identical, 8 in all) so the output
///   stays linear in the input. Table structure clears the list, as cell markers do in browsers.
/// - Nesting deeper than `Policy.maxDepth` is flattened: start tags there are dropped, text kept.
/// - No recursion anywhere; each token costs O(1) amortised plus at most one scan of the open
///   elements, which `maxDepth` bounds.
struct HTMLTreeBuilder<Sink: SanitizedMarkupSink> {
    private struct Element: Equatable {
        let name: String
        let attributes: [HTMLAttribute]
    }

    /// An element whose content is being dropped.
    private struct Skip {
        let name: String
        var nested: [String: Int] = [:]
    }

    private(set) var sink: Sink
    private let policy: HTMLSanitizer.Policy
    private var stack: [Element] = []
    private var openCount: [String: Int] = [:]
    private var reopen: [Element] = []
    private var skip: Skip?
    private var inHead = false

    init(policy: HTMLSanitizer.Policy, sink: Sink) {
        self.policy = policy
        self.sink = sink
    }

    /// Feeds every token, then closes whatever is still open.
    mutating func run(_ tokens: HTMLTokenizer) {
        for token in tokens { process(token) }
        while !stack.isEmpty { popTop() }
        reopen.removeAll()
    }

    private mutating func process(_ token: HTMLToken) {
        switch token {
        case .text(let text):
            if skip != nil { return }
            let blank = Self.isBlank(text)
            if inHead {
                if blank { return }
                inHead = false
            }
            if !blank { reconstructFormatting() }
            sink.text(text)

        case .startTag(let name, let attributes, let selfClosing):
            startTag(name, attributes, selfClosing: selfClosing)

        case .endTag(let name):
            endTag(name)
        }
    }

    // MARK: - Start tags

    private mutating func startTag(_ name: String, _ attributes: [HTMLAttribute], selfClosing: Bool) {
        if var current = skip {
            if !selfClosing && !HTMLAllowlist.inputVoidElements.contains(name) {
                current.nested[name, default: 0] += 1
                skip = current
            }
            return
        }
        if inHead && !HTMLAllowlist.headContent.contains(name) { inHead = false }
        if name == "head" { inHead = true; return }
        if HTMLAllowlist.droppedWithContent.contains(name) {
            let isVoid = HTMLAllowlist.inputVoidElements.contains(name)
            if !isVoid && !(selfClosing && HTMLAllowlist.foreignElements.contains(name)) {
                skip = Skip(name: name)
            }
            return
        }
        let element = outputName(name)
        guard HTMLAllowlist.elements.contains(element) else { return }
        if element == "img" && !policy.allowImages { return }
        guard let kept = HTMLAllowlist.attributes(for: element, source: name, attributes,
                                                  rewriteImageSource: policy.rewriteImageSource) else { return }
        closeImplied(before: element)
        if TreeRules.tableStructure.contains(element) { reopen.removeAll() }
        if !TreeRules.blocks.contains(element) { reconstructFormatting() }
        if HTMLAllowlist.voidElements.contains(element) {
            sink.voidElement(element, attributes: kept)
            return
        }
        guard stack.count < policy.maxDepth else { return }
        push(Element(name: element, attributes: kept))
    }

    private func outputName(_ name: String) -> String {
        if let renamed = HTMLAllowlist.renamed[name] { return renamed }
        if policy.keepsStructuralBlocks && HTMLAllowlist.structuralBlocks.contains(name) { return "div" }
        return name
    }

    /// Implied end tags before `element` opens.
    private mutating func closeImplied(before element: String) {
        switch element {
        case "li":
            closeItemAndParagraph(["li"], boundary: TreeRules.listItemBoundary)
        case "dt", "dd":
            closeItemAndParagraph(["dt", "dd"], boundary: TreeRules.definitionBoundary)
        case "h1", "h2", "h3", "h4", "h5", "h6":
            closeParagraph()
            if let top = stack.last, TreeRules.headings.contains(top.name) { popThrough(stack.count - 1) }
        case "p", "div", "blockquote", "pre", "ul", "ol", "dl", "table", "hr":
            closeParagraph()
        case "a":
            if let i = index(of: ["a"], boundary: TreeRules.scopeBoundary) { popThrough(i) }
        case "tr":
            if let i = lowestIndex(of: ["tr", "td", "th"], boundary: TreeRules.rowBoundary) {
                popThrough(i)
            }
        case "td", "th":
            if let i = lowestIndex(of: ["td", "th"], boundary: TreeRules.cellBoundary) { popThrough(i) }
        case "thead", "tbody", "tfoot":
            if let i = lowestIndex(of: ["thead", "tbody", "tfoot", "tr", "td", "th"], boundary: TreeRules.tableBoundary) {
                popThrough(i)
            }
        default:
            break
        }
    }

    private mutating func closeParagraph() {
        if let i = index(of: ["p"], boundary: TreeRules.scopeBoundary) { popThrough(i) }
    }

    /// Before `li`, `dt` or `dd`: closes an open item of `names` and an open `p`. The search for
    /// the item starts below the `p`, whose content is closed anyway: a boundary element inside
    /// it (a `thead` kept outside a table, say) must not hide the item, or the output, where
    /// that element is already closed, would be built differently when sanitized again.
    private mutating func closeItemAndParagraph(_ names: [String], boundary: Set<String>) {
        let paragraph = index(of: ["p"], boundary: TreeRules.scopeBoundary)
        if let i = index(of: names, boundary: boundary, below: paragraph) {
            popThrough(i)
        } else if let paragraph {
            popThrough(paragraph)
        }
    }

    // MARK: - End tags

    private mutating func endTag(_ name: String) {
        if var current = skip {
            if let count = current.nested[name], count > 0 {
                current.nested[name] = count - 1
                skip = current
                return
            }
            if name == current.name { skip = nil; return }
            // An end tag for an element open outside the skipped one ends the skip too.
            guard openCount[outputName(name), default: 0] > 0 else { return }
            skip = nil
        }
        if name == "head" { inHead = false; return }
        let element = outputName(name)
        if element == "br" {
            startTag("br", [], selfClosing: false)
            return
        }
        guard HTMLAllowlist.elements.contains(element), !HTMLAllowlist.voidElements.contains(element) else { return }
        guard openCount[element, default: 0] > 0 else {
            // `</b>` for a b waiting to be reopened: forget it instead.
            if let i = reopen.lastIndex(where: { $0.name == element }) { reopen.remove(at: i) }
            return
        }
        let boundary: Set<String>
        switch element {
        case "table": boundary = TreeRules.noBoundary
        case "caption", "thead", "tbody", "tfoot", "tr", "td", "th": boundary = TreeRules.tableBoundary
        default: boundary = TreeRules.scopeBoundary
        }
        guard let i = index(of: [element], boundary: boundary) else { return }
        popThrough(i)
        if TreeRules.tableStructure.contains(element) { reopen.removeAll() }
    }

    // MARK: - Stack

    private mutating func push(_ element: Element) {
        stack.append(element)
        openCount[element.name, default: 0] += 1
        sink.openElement(element.name, attributes: element.attributes)
    }

    @discardableResult
    private mutating func popTop() -> Element {
        let element = stack.removeLast()
        openCount[element.name, default: 1] -= 1
        sink.closeElement(element.name)
        return element
    }

    /// Closes the elements above `index` and the one at `index`; formatting elements closed on
    /// the way are remembered for reopening.
    private mutating func popThrough(_ index: Int) {
        var closed: [Element] = []
        while stack.count > index + 1 {
            let element = popTop()
            if TreeRules.formatting.contains(element.name) { closed.append(element) }
        }
        popTop()
        for element in closed.reversed() { remember(element) }
    }

    private mutating func remember(_ element: Element) {
        let same = reopen.indices.filter { reopen[$0] == element }
        if same.count >= 3 { reopen.remove(at: same[0]) }
        reopen.append(element)
        if reopen.count > 8 { reopen.removeFirst() }
    }

    private mutating func reconstructFormatting() {
        guard !reopen.isEmpty else { return }
        for element in reopen where stack.count < policy.maxDepth { push(element) }
        reopen.removeAll()
    }

    /// Index of the topmost open element named in `names`, searching down from the top (or from
    /// just below index `below`) and giving up at an element in `boundary`.
    private func index(of names: [String], boundary: Set<String>, below: Int? = nil) -> Int? {
        guard names.contains(where: { openCount[$0, default: 0] > 0 }) else { return nil }
        var i = (below ?? stack.count) - 1
        while i >= 0 {
            let name = stack[i].name
            if names.contains(name) { return i }
            if boundary.contains(name) { return nil }
            i -= 1
        }
        return nil
    }

    /// Index of the lowest open element named in `names` above the nearest `boundary` element.
    private func lowestIndex(of names: [String], boundary: Set<String>) -> Int? {
        guard names.contains(where: { openCount[$0, default: 0] > 0 }) else { return nil }
        var found: Int?
        var i = stack.count - 1
        while i >= 0 {
            let name = stack[i].name
            if boundary.contains(name) { break }
            if names.contains(name) { found = i }
            i -= 1
        }
        return found
    }

    private static func isBlank(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 == 32 || $0 == 10 || $0 == 9 || $0 == 12 || $0 == 13 }
    }
}

/// Name sets for `HTMLTreeBuilder` (a generic type cannot hold static stored properties).
private enum TreeRules {
    static let formatting: Set<String> = [
        "b", "big", "code", "em", "i", "s", "small", "strike", "strong", "sub", "sup", "u",
    ]
    static let blocks: Set<String> = [
        "p", "div", "blockquote", "pre", "ul", "ol", "dl", "li", "dt", "dd", "h1", "h2", "h3", "h4",
        "h5", "h6", "hr", "table", "caption", "thead", "tbody", "tfoot", "tr", "td", "th",
    ]
    static let headings: Set<String> = ["h1", "h2", "h3", "h4", "h5", "h6"]
    static let tableStructure: Set<String> = ["table", "caption", "thead", "tbody", "tfoot", "tr", "td", "th"]
    /// Elements a general end tag or an implied `</p>` / `</a>` never crosses.
    static let scopeBoundary: Set<String> = ["table", "td", "th", "caption"]
    /// Elements where the search for an open `li` stops.
    static let listItemBoundary: Set<String> = [
        "ul", "ol", "dl", "dd", "dt", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "pre",
        "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption",
    ]
    /// Elements where the search for an open `dt`/`dd` stops.
    static let definitionBoundary: Set<String> = [
        "ul", "ol", "dl", "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "pre",
        "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption",
    ]
    static let rowBoundary: Set<String> = ["table", "thead", "tbody", "tfoot"]
    static let cellBoundary: Set<String> = ["tr", "table"]
    static let tableBoundary: Set<String> = ["table"]
    static let noBoundary: Set<String> = []
}
