import Testing
@testable import Core

/// `SearchIndexMaintenance`: after many one-ticket transactions the message index holds
/// several segments on a level; a run leaves at most one per level, the same matches, and
/// an index that passes FTS5's integrity check. The structure decoder reads what FTS5 wrote.
@Suite struct SearchIndexMaintenanceTests {
    @Test func aRunLeavesOneSegmentPerLevelAndTheSameMatches() throws {
        let site = try TestSite()
        let db = site.env.db
        let open = try db.scalar("SELECT id FROM statuses WHERE code = 'open'").int ?? 0
        try db.execute("INSERT INTO customers(id, email, name, created_at, updated_at) VALUES (1, 'c@example.com', 'C', 1, 1)")
        for i in 1...Int64(40) {
            try db.write {
                try db.execute("""
                    INSERT INTO tickets(id, number, access_hash, customer_id, subject, contact_name, status_id, client_ip, source,
                                        created_at, updated_at) VALUES (?, ?, zeroblob(32), 1, 'Pedido', 'C', ?, 'ip', 'web', ?, ?)
                    """, i, String(10_000_000 + i), open, i, i)
                try db.execute("""
                    INSERT INTO messages(ticket_id, kind, author_name, body_text, source, created_at)
                    VALUES (?, 'customer', 'C', ?, 'web', ?)
                    """, i, "tornillo " + String(i), i)
            }
        }
        let maintenance = SearchIndexMaintenance(db: db)
        let before = try maintenance.shape("message_search")
        #expect(before.segments > 2, "a small segment per transaction, merged only once a level holds 16")
        #expect(before.segmentsPerLevel.contains { $0 > 1 })
        let matches = { try db.query("SELECT rowid FROM message_search WHERE message_search MATCH 'tornillo' ORDER BY rowid")
            .map { $0.int("rowid") } }
        let found = try matches()
        let results = try maintenance.run()
        #expect(results.map(\.index) == SearchIndexMaintenance.indexes)
        let message = try #require(results.first)
        #expect(message.before == before)
        #expect(message.after.segmentsPerLevel.allSatisfy { $0 <= 1 })
        #expect(message.after.segments < before.segments)
        #expect(try maintenance.shape("message_search") == message.after)
        #expect(try matches() == found && found.count == 40)
        try db.execute("INSERT INTO message_search(message_search, rank) VALUES ('integrity-check', 1)")
        // Nothing left: a second run takes one step per index and changes no shape.
        let again = try maintenance.run()
        #expect(again.allSatisfy { $0.before == $0.after && $0.steps == 1 })
    }

    @Test func varintsDecodeAsSQLiteWritesThem() {
        var reader = VarintReader(bytes: [0x05, 0x81, 0x00, 0x92, 0x3D, 0xFF], offset: 0)
        #expect(reader.next() == 5)
        #expect(reader.next() == 128)
        #expect(reader.next() == 2_365)
        #expect(reader.next() == 0, "a varint cut off by the end of the record reads as its bits so far, never traps")
        #expect(reader.next() == 0)
    }
}
