extension Migrations {
    /// Full-text merge policy for many small write transactions (one per ticket or message).
    ///
    /// Every statement that writes a full-text row flushes it into a new one-page FTS5
    /// segment, and with FTS5's default `automerge` of 4 each page written pays for merge
    /// work on the level that holds the big segments: a ticket creation re-encoded about
    /// 1.5 M instructions of old index pages, 40% of a POST /new. With 16, a level is
    /// merged once it holds 16 segments, so a large segment is rewritten 16^L flushes
    /// apart instead of 4^L.
    ///
    /// Edge cases: a query may probe up to 15 segments per level instead of 3 (FTS5's
    /// crisis merge still caps a level at 16); the value lives in each index's `_config`
    /// table, so 'rebuild' and 'optimize' keep it, and 'optimize' still leaves one segment.
    static let searchMerge007 = """
    INSERT INTO message_search(message_search, rank) VALUES ('automerge', 16);
    INSERT INTO ticket_search(ticket_search, rank) VALUES ('automerge', 16);
    """
}
