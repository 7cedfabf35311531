import Testing
@testable import Core

/// Expanding prefix words into whole indexed words (`DeskStore.searchQuery`) must match
/// exactly the messages the prefix query matches, fold case and accents like the index,
/// and leave alone what it cannot expand (several tokens, too many words, phrases).
@Suite struct PrefixTermsTests {
    static let bodies = [
        "La facturación de marzo", "Dos facturas pendientes", "Factura rectificativa", "El factor humano",
        "El CAMIÓN llegó tarde", "camiones en ruta", "Mi e-mail no funciona", "email nuevo", "Gracias, muy amable",
    ] + (1...(DeskStore.maxPrefixWords + 2)).map { "código zeta" + String($0) }

    func site() throws -> TestSite {
        let site = try TestSite()
        let db = site.env.db
        try db.write {
            try db.execute("INSERT INTO customers(id, email, name, created_at, updated_at) VALUES (1, 'c@example.com', 'Cliente', 1, 1)")
            let open = try db.scalar("SELECT id FROM statuses WHERE code = 'open'").int ?? 0
            try db.execute("""
                INSERT INTO tickets(id, number, access_hash, customer_id, subject, contact_name, status_id, client_ip, source, created_at, updated_at)
                VALUES (1, '10000001', zeroblob(32), 1, 'Consulta', 'Cliente', ?, '192.0.2.1', 'web', 1, 1)
                """, open)
            for body in Self.bodies {
                try db.execute("""
                    INSERT INTO messages(ticket_id, kind, author_name, body_text, source, created_at)
                    VALUES (1, 'customer', 'Cliente', ?, 'web', 1)
                    """, body)
            }
        }
        return site
    }

    func matches(_ site: TestSite, _ fts: String) throws -> [Int64] {
        try site.env.db.query("SELECT rowid FROM message_search WHERE message_search MATCH ? ORDER BY rowid", fts).map { $0.int("rowid") }
    }

    @Test func expandedWordsMatchWhatThePrefixMatches() throws {
        let site = try site()
        for typed in ["factur", "FACTURA", "camion", "Camió", "fac hum", "gracias", "zeta1", "nada", "e-mail", "mail", "\"factura rectificativa\" fact"] {
            let query = try #require(SearchQuery(typed))
            let expanded = try site.env.desk.searchQuery(query)
            #expect(try matches(site, expanded) == matches(site, query.fts), "\(typed): \(expanded)")
        }
    }

    @Test func foldsLikeTheIndexAndKeepsWhatItCannotExpand() throws {
        let site = try site()
        let desk = site.env.desk
        #expect(try desk.searchQuery(#require(SearchQuery("Camió"))) == #"("camion" OR "camiones")"#)
        #expect(try desk.searchQuery(#require(SearchQuery("factur"))) == #"("factura" OR "facturacion" OR "facturas")"#)
        // "e-mail" is two tokens; "zeta" starts more words than maxPrefixWords; phrases stay.
        #expect(try desk.searchQuery(#require(SearchQuery("e-mail"))) == #""e-mail"*"#)
        #expect(try desk.searchQuery(#require(SearchQuery("zeta"))) == #""zeta"*"#)
        #expect(try desk.searchQuery(#require(SearchQuery(#""muy amable""#))) == #""muy amable""#)
    }
}

/// Subjects are indexed with each ticket's first message (migration 009), so their words
/// are expanded too: a subject may hold a word no message holds, and the expansion must
/// match exactly what the prefix matches.
@Suite struct SubjectPrefixTermsTests {
    static let subjects = ["Facturita perdida", "Factura de marzo", "Camión averiado", "Consulta general"]

    @Test func subjectWordsAreExpandedLikeMessageWords() throws {
        let site = try TestSite()
        let db = site.env.db
        try db.write {
            try db.execute("INSERT INTO customers(id, email, name, created_at, updated_at) VALUES (1, 'c@example.com', 'Cliente', 1, 1)")
            let open = try db.scalar("SELECT id FROM statuses WHERE code = 'open'").int ?? 0
            for (i, subject) in Self.subjects.enumerated() {
                try db.execute("""
                    INSERT INTO tickets(id, number, access_hash, customer_id, subject, contact_name, status_id, client_ip, source, created_at, updated_at)
                    VALUES (?, ?, zeroblob(32), 1, ?, 'Cliente', ?, '192.0.2.1', 'web', 1, 1)
                    """, Int64(i + 1), String(10_000_001 + i), subject, open)
                // Only the first ticket's message holds one of the subject words.
                try db.execute("""
                    INSERT INTO messages(ticket_id, kind, author_name, body_text, source, created_at)
                    VALUES (?, 'customer', 'Cliente', ?, 'web', 1)
                    """, Int64(i + 1), i == 0 ? "La factura" : "Hola")
            }
        }
        let desk = site.env.desk
        #expect(try desk.searchQuery(#require(SearchQuery("factur"))) == #"("factura" OR "facturita")"#)
        #expect(try desk.searchQuery(#require(SearchQuery("averia"))) == #"("averiado")"#)
        for typed in ["factur", "CAMIO", "fact marzo", "consulta", "nada", "\"factura de\" mar", "hola fact"] {
            let query = try #require(SearchQuery(typed))
            let expanded = try desk.searchQuery(query)
            let sql = "SELECT rowid FROM message_search WHERE message_search MATCH ? ORDER BY rowid"
            #expect(try db.query(sql, expanded).map { $0.int("rowid") } == db.query(sql, query.fts).map { $0.int("rowid") },
                    "\(typed): \(expanded)")
        }
    }
}
