import Testing
@testable import Core

/// Paging through a full-text search that matches subjects, first messages and later
/// replies of many tickets: each page reads only what it needs, yet the pages are slices
/// of one order (newest match first), so walking them lists every matching ticket once.
@Suite struct SearchPagingTests {
    static let admin = TicketRules.Actor(id: 1, isAdmin: true, groupIDs: [])

    /// 600 tickets; "tornillo" in the subject of every third, in the first message of every
    /// fifth, and in a reply added afterwards to 200 older tickets in a scattered order.
    /// Returns the site and the expected order of matching ticket ids.
    static func site() throws -> (TestSite, [Int64]) {
        let site = try TestSite()
        let db = site.env.db
        let open = try db.scalar("SELECT id FROM statuses WHERE code = 'open'").int ?? 0
        var key: [Int64: Int64] = [:]
        try db.write {
            try db.execute("INSERT INTO customers(id, email, name, created_at, updated_at) VALUES (1, 'c@example.com', 'Cliente', 1, 1)")
            var messageID: Int64 = 0
            func message(_ ticket: Int64, _ text: String) throws {
                messageID += 1
                try db.execute("""
                    INSERT INTO messages(id, ticket_id, kind, author_name, body_text, source, created_at)
                    VALUES (?, ?, 'customer', 'Cliente', ?, 'web', ?)
                    """, messageID, ticket, text, 1_700_000_000 + messageID)
                if text.contains("tornillo") { key[ticket] = max(key[ticket] ?? 0, messageID) }
            }
            for i in 1...Int64(600) {
                try db.execute("""
                    INSERT INTO tickets(id, number, access_hash, customer_id, subject, contact_name, status_id,
                                        client_ip, source, created_at, updated_at)
                    VALUES (?, ?, zeroblob(32), 1, ?, 'Cliente', ?, '192.0.2.1', 'web', ?, ?)
                    """, i, String(10_000_000 + i), i % 3 == 0 ? "Falta un tornillo" : "Consulta", open, i, i)
                try message(i, i % 5 == 0 ? "Necesito otro tornillo" : "Hola")
                if i % 3 == 0 { key[i] = max(key[i] ?? 0, messageID) }
            }
            for j in Int64(0)..<200 { try message(1 + j * 263 % 600, "El tornillo sigue sin llegar") }
        }
        let order = key.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key > $1.key }.map(\.key)
        return (site, order)
    }

    @Test func walkingThePagesListsEveryMatchOnceInOrder() throws {
        let (site, expected) = try Self.site()
        var f = DeskStore.SearchFilter()
        f.text = SearchQuery("tornillo")
        var walked: [Int64] = [], totals: [Int] = []
        for page in 1...20 {
            f.page = page
            let result = try site.env.desk.search(f, actor: Self.admin)
            if result.hits.isEmpty { break }
            totals.append(result.total)
            // A page never claims fewer tickets than it has listed so far.
            #expect(result.total >= walked.count + result.hits.count)
            if result.hits.count == 50 && walked.count + 50 < expected.count { #expect(result.total > walked.count + 50) }
            for hit in result.hits { walked.append(Int64(hit.row.number.value)! - 10_000_000) }
        }
        #expect(walked == expected)
        #expect(Set(walked).count == walked.count)
        // Page 1 did not need every match; the last page did, and says so.
        #expect(totals.first! < expected.count)
        #expect(totals.last! == expected.count)
    }
}
