import Testing
@testable import Core

/// Migration 007 (and 009, which made one search index of the two): the full-text index
/// merges a level only once it holds 16 segments.
@Suite struct SearchMergeTests {
    @Test func theSearchIndexUsesTheWiderAutomerge() throws {
        try withDatabase { (db: Database, _: String) throws in
            try Migrator(db: db).migrate(now: 1)
            #expect(try db.scalar("SELECT v FROM message_search_config WHERE k = 'automerge'").int == 16)
            #expect(try db.scalar("SELECT count(*) FROM sqlite_master WHERE name LIKE 'ticket_search%'").int == 0)
        }
    }
}
