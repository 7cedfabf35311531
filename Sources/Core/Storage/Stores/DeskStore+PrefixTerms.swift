/// Prefix words of a search turned into the whole words the search index holds (message
/// texts and subjects, one index since migration 009):
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
extension DeskStore {
    static let maxPrefixWords = 16

    /// The `fts5vocab` table that lists the search index's words (one per connection).
    static let vocabulary = "temp.search_words"
    static let createVocabulary =
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_words USING fts5vocab(main, message_search, 'instance');"

    /// The FTS5 query for the search index, with prefix words expanded where possible.
    func searchQuery(_ query: SearchQuery) throws -> String {
        let terms = query.terms
        guard terms.contains(where: \.isPrefix) else { return query.fts }
        try db.executeScript(Self.createVocabulary)
        var parts: [String] = []
        for term in terms {
            guard term.isPrefix, let folded = fold(term.text), let words = try words(startingWith: folded), !words.isEmpty else {
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
    private func words(startingWith prefix: String) throws -> [String]? {
        let end = prefix + "\u{10FFFF}"
        var found: [String] = [], next = prefix
        let sql = "SELECT term FROM " + Self.vocabulary + " WHERE term >= ? AND term < ? LIMIT 1"
        while let word = try db.scalar(sql, next, end).string {
            guard found.count < Self.maxPrefixWords else { return nil }
            found.append(word)
            next = word + "\u{1}"
        }
        return found
    }
}
