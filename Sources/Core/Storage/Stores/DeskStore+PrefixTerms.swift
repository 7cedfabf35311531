/// Prefix words of a search turned into the whole words an index holds (each index its own
/// words: a subject may hold a word no message does):
/// `"factur"*` becomes `("factura" OR "facturacion")`. SQLite's FTS5 (3.40) answers a
/// prefix term by merging the complete doclists of every matching word before the first
/// row, so a common stem cost 80–130 ms of CPU at a million tickets even for the newest
/// 1,000 matches; an OR of whole words is read lazily, newest first (under 1 ms).
///
/// The words come from the index itself (an `fts5vocab` 'instance' table, stepped one
/// word at a time with `term >= next`, which seeks), so the set is exactly what the
/// prefix would have matched at that moment; callers run this and their MATCH in one
/// read transaction. The typed word is folded by `SearchTokenizer`, which folds as the
/// index's `unicode61 remove_diacritics 2` does, so case and accents fold alike.
/// Left as a prefix: words that fold into several tokens, phrases, and stems with more
/// than `maxWords` words (short stems like "ac": slow, but exact).
/// The subject index is expanded too: a prefix there cost ~450 k instructions for a common
/// stem at 10,000 tickets (the doclists of every word merged), its words ~180 k.
extension DeskStore {
    static let maxPrefixWords = 16

    /// A full-text index of the desk search and the `fts5vocab` table that lists its words.
    enum FullTextIndex {
        case messages, subjects

        var vocabulary: String { self == .messages ? "temp.message_words" : "temp.subject_words" }
        var createVocabulary: String {
            self == .messages
                ? "CREATE VIRTUAL TABLE IF NOT EXISTS temp.message_words USING fts5vocab(main, message_search, 'instance');"
                : "CREATE VIRTUAL TABLE IF NOT EXISTS temp.subject_words USING fts5vocab(main, ticket_search, 'instance');"
        }
    }

    /// The FTS5 query for the message index, with prefix words expanded where possible.
    func messageQuery(_ query: SearchQuery) throws -> String { try expandedQuery(query, in: .messages) }

    /// The FTS5 query for the subject index, with prefix words expanded where possible.
    func subjectQuery(_ query: SearchQuery) throws -> String { try expandedQuery(query, in: .subjects) }

    private func expandedQuery(_ query: SearchQuery, in index: FullTextIndex) throws -> String {
        let terms = query.terms
        guard terms.contains(where: \.isPrefix) else { return query.fts }
        try db.executeScript(index.createVocabulary)
        var parts: [String] = []
        for term in terms {
            guard term.isPrefix, let folded = fold(term.text), let words = try words(startingWith: folded, in: index), !words.isEmpty else {
                parts.append(term.fts)
                continue
            }
            parts.append("(" + words.map { SearchQuery.quoted($0) }.joined(separator: " OR ") + ")")
        }
        return parts.joined(separator: " AND ")   // FTS5 does not AND a parenthesised group implicitly
    }

    /// The single token the index's tokenizer makes of `word`, or nil if it makes several or none.
    private func fold(_ word: String) -> String? {
        let tokens = SearchTokenizer.foldedTokens(of: word)
        return tokens.count == 1 ? String(decoding: tokens[0], as: UTF8.self) : nil
    }

    /// Every indexed word that starts with `prefix`, or nil when there are more than `maxPrefixWords`.
    private func words(startingWith prefix: String, in index: FullTextIndex) throws -> [String]? {
        let end = prefix + "\u{10FFFF}"
        var found: [String] = [], next = prefix
        let sql = "SELECT term FROM " + index.vocabulary + " WHERE term >= ? AND term < ? LIMIT 1"
        while let word = try db.scalar(sql, next, end).string {
            guard found.count < Self.maxPrefixWords else { return nil }
            found.append(word)
            next = word + "\u{1}"
        }
        return found
    }
}
