/// What an operator typed in the search box, turned into an FTS5 query that cannot be
/// malformed: "quoted phrases" stay phrases, every other word becomes a prefix term
/// (`camion` → `"camion"*`), and all of them must match. Quotes inside are doubled, so
/// FTS5 operators typed by the user (AND, NEAR, column:) are searched as plain words.
public struct SearchQuery: Sendable, Equatable {
    /// One word (a prefix term) or one "quoted phrase", as typed (quotes not doubled).
    public struct Term: Sendable, Equatable {
        public let text: String
        public let isPrefix: Bool

        public var fts: String { SearchQuery.quoted(text) + (isPrefix ? "*" : "") }
    }

    public let terms: [Term]
    public var fts: String { terms.map(\.fts).joined(separator: " ") }

    /// A string as an FTS5 string literal: in double quotes, quotes inside doubled.
    public static func quoted(_ text: String) -> String { "\"" + text.replacingEvery("\"", with: "\"\"") + "\"" }

    public init?(_ text: String) {
        var terms: [Term] = []
        var current = "", inPhrase = false
        func flush(phrase: Bool) {
            let word = current.trimmingASCIIWhitespace()
            current = ""
            guard !word.isEmpty else { return }
            terms.append(Term(text: word, isPrefix: !phrase))
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
        terms = terms.filter { $0.text.contains(where: { $0.isLetter || $0.isNumber }) }
        guard !terms.isEmpty, terms.count <= 20 else { return nil }
        self.terms = terms
    }
}
