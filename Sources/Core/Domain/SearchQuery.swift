/// What an operator typed in the search box, turned into an FTS5 query that cannot be
/// malformed: "quoted phrases" stay phrases, every other word becomes a prefix term
/// (`camion` → `"camion"*`), and all of them must match. Quotes inside are doubled, so
/// FTS5 operators typed by the user (AND, NEAR, column:) are searched as plain words.
public struct SearchQuery: Sendable, Equatable {
    public let fts: String

    public init?(_ text: String) {
        var terms: [String] = []
        var current = "", inPhrase = false
        func flush(phrase: Bool) {
            let word = current.trimmingASCIIWhitespace()
            current = ""
            guard !word.isEmpty else { return }
            let quoted = "\"" + word.replacingEvery("\"", with: "\"\"") + "\""
            terms.append(phrase ? quoted : quoted + "*")
        }
        for c in text.singleLine() {
            if c == "\"" {
                flush(phrase: inPhrase)
                inPhrase.toggle()
            } else if c == " " && !inPhrase {
                flush(phrase: false)
            } else if c.isLetter || c.isNumber || c == " " || c == "@" || c == "." || c == "-" || c == "_" || c == "'" {
                current.append(c)
            } else {
                if !inPhrase { flush(phrase: false) } else { current.append(" ") }
            }
        }
        flush(phrase: inPhrase)
        // Words that tokenize to nothing (e.g. only punctuation) would make FTS5 complain.
        terms = terms.filter { $0.contains(where: { $0.isLetter || $0.isNumber }) }
        guard !terms.isEmpty, terms.count <= 20 else { return nil }
        fts = terms.joined(separator: " ")
    }
}
