import Testing
@testable import Core

/// Migration 009's one search index: a ticket's subject is indexed with its first message,
/// and every write that changes what the index was built from (a new message, an edited
/// body or subject, a ticket deleted with its messages) leaves the index equal to its
/// content, which FTS5's integrity check (rank 1: against the `search_text` view) verifies.
/// An index rowid is the message id shifted left 32 bits, or'd with the ticket id.
@Suite struct SearchIndexTriggersTests {
    /// Two tickets: 1 "Zorglub roto" with three messages, 2 "Pedido nuevo" with one.
    func site() throws -> TestSite {
        let site = try TestSite()
        let db = site.env.db
        try db.write {
            let open = try SearchFixture.prepare(db)
            for (id, subject, bodies) in [(Int64(1), "Zorglub roto", ["hola buenas", "sigue roto", "adiós"]), (2, "Pedido nuevo", ["quiero zorglub"])] {
                try db.execute("""
                    INSERT INTO tickets(id, number, access_hash, customer_id, subject, contact_name, status_id, client_ip, source, created_at, updated_at)
                    VALUES (?, ?, zeroblob(32), 1, ?, 'Cliente', ?, '192.0.2.1', 'web', 1, 1)
                    """, id, String(10_000_000 + id), subject, open)
                for body in bodies {
                    try db.execute("""
                        INSERT INTO messages(ticket_id, kind, author_name, body_text, source, created_at)
                        VALUES (?, 'customer', 'Cliente', ?, 'web', 1)
                        """, id, body)
                }
            }
        }
        return site
    }

    func matches(_ db: Database, _ fts: String) throws -> [Int64] {
        try db.query("SELECT rowid >> 32 AS id FROM message_search WHERE message_search MATCH ? ORDER BY rowid", fts).map { $0.int("id") }
    }

    func checkIntegrity(_ db: Database) throws {
        try db.execute("INSERT INTO message_search(message_search, rank) VALUES ('integrity-check', 1)")
    }

    @Test func theSubjectIsIndexedWithTheFirstMessageOnly() throws {
        let site = try site()
        let db = site.env.db
        #expect(try db.query("SELECT rowid FROM message_search WHERE message_search MATCH 'adios'").map { $0.int("rowid") } == [3 << 32 | 1])
        #expect(try matches(db, "subject:zorglub") == [1])
        #expect(try matches(db, "subject:pedido") == [4])
        #expect(try matches(db, "zorglub") == [1, 4], "the subject of ticket 1, the message of ticket 2")
        #expect(try matches(db, "roto") == [1, 2])
        try checkIntegrity(db)
    }

    @Test func editsAndDeletesKeepTheIndexEqualToItsContent() throws {
        let site = try site()
        let db = site.env.db
        try db.execute("UPDATE tickets SET subject = 'Cafetera rota' WHERE id = 1")
        #expect(try matches(db, "subject:zorglub") == [])
        #expect(try matches(db, "cafetera") == [1])
        try checkIntegrity(db)
        try db.execute("UPDATE messages SET body_text = 'hola de nuevo' WHERE id = 1")
        try db.execute("UPDATE messages SET body_text = 'ya funciona' WHERE id = 2")
        #expect(try matches(db, "buenas") == [])
        #expect(try matches(db, "funciona") == [2])
        #expect(try matches(db, "cafetera") == [1], "the subject stays with the first message when its body changes")
        try checkIntegrity(db)
        // A new message is not a first message: it never carries the subject.
        try db.execute("""
            INSERT INTO messages(ticket_id, kind, author_name, body_text, source, created_at)
            VALUES (1, 'reply', 'Operador', 'respuesta', 'desk', 2)
            """)
        #expect(try matches(db, "subject:cafetera") == [1])
        try checkIntegrity(db)
        // Deleting ticket 1 takes its messages' rows (the cascade then finds no ticket).
        try db.execute("DELETE FROM tickets WHERE id = 1")
        #expect(try db.scalar("SELECT count(*) FROM messages WHERE ticket_id = 1").int == 0)
        #expect(try matches(db, "cafetera OR hola OR funciona OR respuesta OR adios") == [])
        #expect(try matches(db, "zorglub") == [4])
        try checkIntegrity(db)
    }

    @Test func aSearchFindsWordsSplitBetweenTheSubjectAndTheFirstMessage() throws {
        let site = try site()
        var f = DeskStore.SearchFilter()
        f.text = SearchQuery("zorglub buenas")
        let found = try site.env.desk.search(f, actor: SearchFixture.admin)
        #expect(found.hits.map(\.row.number.value) == ["10000001"])
        // A word of a later message does not pair with the subject.
        f.text = SearchQuery("zorglub adios")
        #expect(try site.env.desk.search(f, actor: SearchFixture.admin).hits.isEmpty)
        // A subject match lists the ticket by its first message: older than ticket 2's match.
        f.text = SearchQuery("zorglub")
        #expect(try site.env.desk.search(f, actor: SearchFixture.admin).hits.map(\.row.number.value) == ["10000002", "10000001"])
    }
}
