/// The whole words that search prefixes stood for (see `DeskStore+PrefixTerms`), kept by a
/// worker for as long as the database has not changed: each lookup in an `fts5vocab` table
/// opens a cursor that prepares a statement of its own (~90 k instructions), and the
/// expansion takes one lookup per word plus one, per index. Paging through a search, or
/// the same search again, then expands without reading the index.
///
/// Edge cases: the stamp is `PRAGMA data_version` (moved by every commit of another
/// connection) with this connection's total changes (moved by its own writes), read in the
/// same read transaction as the words, so any write anywhere empties the cache: a stale
/// expansion could miss a word a new message brought. A rolled-back write of this
/// connection empties it too (harmless). At most `capacity` prefixes are kept; a full
/// cache starts over.
public final class SearchWordCache {
    struct Stamp: Equatable {
        let dataVersion: Int64
        let changes: Int
    }

    static let capacity = 64
    private var stamp: Stamp?
    private var entries: [String: [String]?] = [:]

    public init() {}

    /// The words cached for `key` under `stamp` (nil inside: more words than an expansion
    /// takes), or nil when not cached; a different stamp empties the cache first.
    func words(_ key: String, under stamp: Stamp) -> [String]?? {
        if stamp != self.stamp {
            entries.removeAll(keepingCapacity: true)
            self.stamp = stamp
        }
        return entries[key]
    }

    /// Keeps the words read for `key` under the stamp of the last `words(_:under:)`.
    func store(_ words: [String]?, for key: String) {
        if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
        entries[key] = .some(words)
    }
}
