import Testing
@testable import Core

/// Migration 007: both full-text indexes merge a level only once it holds 16 segments.
@Suite struct SearchMergeTests {
    @Test func bothFullTextIndexesUseTheWiderAutomerge() throws {
        try withDatabase { (db: Database, _: String) throws in
            try Migrator(db: db).migrate(now: 1)
            #expect(try db.scalar("SELECT v FROM message_search_config WHERE k = 'automerge'").int == 16)
            #expect(try db.scalar("SELECT v FROM ticket_search_config WHERE k = 'automerge'").int == 16)
        }
    }
}
