import Testing
@testable import Core

/// The names a search result row shows come from `TicketListNames` instead of four joins:
/// the same row as the database says, a process's copy reloaded when the configuration
/// changes, and a stale copy (an id it does not know) never shows a row without its names.
@Suite struct TicketListNamesTests {
    /// One ticket held by operator "Ana", in department "Ventas", priority "high", open,
    /// with a customer message no operator has answered.
    func site() throws -> TestSite {
        let site = try TestSite()
        let db = site.env.db
        try db.write {
            let open = try SearchFixture.prepare(db)
            try db.execute("INSERT INTO groups(id, name, created_at) VALUES (50, 'Ventas', 1)")
            try db.execute("""
                INSERT INTO operators(id, username, display_name, role, active, created_at, updated_at) VALUES (60, 'ana', 'Ana', 'operator', 0, 1, 1)
                """)
            let high = try db.scalar("SELECT id FROM priorities WHERE code = 'high'").int ?? 0
            try db.execute("""
                INSERT INTO tickets(id, number, access_hash, customer_id, subject, contact_name, status_id, priority_id, group_id,
                                    operator_id, client_ip, source, created_at, updated_at, last_customer_at)
                VALUES (1, '10000001', zeroblob(32), 1, 'Tornillo', 'Cliente', ?, ?, 50, 60, '192.0.2.1', 'web', 1, 1, 1)
                """, open, high)
            try db.execute("""
                INSERT INTO messages(ticket_id, kind, author_name, body_text, source, created_at)
                VALUES (1, 'customer', 'Cliente', 'Falta un tornillo', 'web', 1)
                """)
        }
        return site
    }

    func row(_ site: TestSite, names: TicketListNames?) throws -> DeskStore.QueueRow {
        var f = DeskStore.SearchFilter()
        f.text = SearchQuery("tornillo")
        return try #require(site.env.desk.search(f, actor: SearchFixture.admin, names: names).hits.first).row
    }

    @Test func rowsShowTheNamesTheDatabaseHolds() throws {
        let site = try site()
        for names in [nil, try site.env.ticketListNames()] {
            let row = try row(site, names: names)
            #expect(row.statusCode == "open" && row.statusIsOpen)
            #expect(row.priorityCode == "high")
            #expect(row.groupName == "Ventas")
            #expect(row.holderName == "Ana", "an inactive operator still holds the ticket")
            #expect(row.awaitingOperator)
        }
    }

    @Test func aCopyIsReloadedWhenTheConfigurationChanges() throws {
        let site = try site()
        let before = try site.env.ticketListNames()
        try site.env.db.execute("UPDATE groups SET name = 'Ventas y pedidos' WHERE id = 50")
        let after = try site.env.ticketListNames()
        #expect(before.groups[50] == "Ventas" && after.groups[50] == "Ventas y pedidos")
        #expect(try row(site, names: after).groupName == "Ventas y pedidos")
    }

    @Test func aStaleCopyIsNeverShownForAnIdItDoesNotKnow() throws {
        let site = try site()
        let stale = try site.env.ticketListNames()
        try site.env.db.write {
            try site.env.db.execute("INSERT INTO groups(id, name, created_at) VALUES (51, 'Logística', 1)")
            try site.env.db.execute("UPDATE tickets SET group_id = 51 WHERE id = 1")
        }
        #expect(stale.groups[51] == nil)
        #expect(try row(site, names: stale).groupName == "Logística")
    }
}
