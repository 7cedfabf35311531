import Testing
@testable import Core

/// `SearchSnippet` against the real index: the desk search's snippets mark exactly what
/// FTS5 itself highlights, and `SearchTokenizer` makes the same tokens as the index's
/// `unicode61 remove_diacritics 2` for (nearly) every scalar of the Basic Multilingual Plane.
@Suite struct SearchSnippetIndexTests {
    static let admin = TicketRules.Actor(id: 1, isAdmin: true, groupIDs: [])

    /// Short texts (under 16 tokens, so the snippet is the whole text) with tricky words.
    static let texts = [
        "El CAMIÓN llegó a Ñandú-Sur el lunes",
        "Escriba a soporte@example.com o a c@example.org, gracias",
        "ÜBER die Straße: naïve café, coöperate",
        "ΚΑΛΗΜΕΡΑ φίλε, τέλος ΟΔΟΣ",
        "日本語のテスト と 中文 text",
        "can't won't l'avion snake_case wi-fi wifi",
        "Việt Nam, İstanbul, ǅemal, Łódź",
        "cafe\u{301} y \u{301}acento, e\u{305}x",
        "la impresora no imprime; imprime no",
        "Привет МИР 🎉 ok 10,5 € x²",
        "µ-metro \u{212B}ngstrom ſtraße",
    ]

    static let queries = [
        "camion", "ñandu sur", "\"nandu sur\"", "c@example", "soporte@example.com", "uber", "strasse", "straße", "naive coop",
        "καλημερα", "ΚΑΛΗ", "οδος", "τελος", "日本", "中文", "l'avion", "snake", "wi-fi", "wifi", "viet", "istanbul",
        "ǆemal", "lodz", "cafe", "acento", "e", "\"no imprime\"", "\"imprime no\" impresora", "мир", "10", "x2", "x",
        "μ", "angstrom", "straße", "can", "won t", "o",
    ]

    @Test func snippetsMarkWhatTheIndexHighlights() throws {
        let site = try TestSite()
        let db = site.env.db
        let open = try db.scalar("SELECT id FROM statuses WHERE code = 'open'").int ?? 0
        try db.write {
            try db.execute("INSERT INTO customers(id, email, name, created_at, updated_at) VALUES (1, 'c@example.com', 'Cliente', 1, 1)")
            for (i, text) in Self.texts.enumerated() {
                let id = Int64(i + 1)
                try db.execute("""
                    INSERT INTO tickets(id, number, access_hash, customer_id, subject, contact_name, status_id,
                                        client_ip, source, created_at, updated_at)
                    VALUES (?, ?, zeroblob(32), 1, 'Consulta', 'Cliente', ?, '192.0.2.1', 'web', ?, ?)
                    """, id, String(10_000_000 + id), open, id, id)
                try db.execute("""
                    INSERT INTO messages(id, ticket_id, kind, author_name, body_text, source, created_at)
                    VALUES (?, ?, 'customer', 'Cliente', ?, 'web', ?)
                    """, id, id, text, id)
            }
        }
        var compared = 0
        for typed in Self.queries {
            let query = try #require(SearchQuery(typed))
            var f = DeskStore.SearchFilter()
            f.text = query
            let hits = try site.env.desk.search(f, actor: Self.admin).hits
            let expected = try db.query("""
                SELECT rowid & 4294967295 AS ticket, highlight(message_search, 0, char(57344), char(57345)) AS h FROM message_search
                WHERE message_search MATCH ? ORDER BY rowid DESC
                """, query.fts).map { (number: String(10_000_000 + $0.int("ticket")), marked: $0.string("h")) }
            #expect(hits.map(\.row.number.value) == expected.map(\.number), "same tickets for \(typed)")
            for (hit, index) in zip(hits, expected) {
                #expect(hit.snippet == index.marked, "\(typed)")
                compared += 1
            }
        }
        #expect(compared >= Self.queries.count, "every query found something")
    }

    /// Each scalar between two ASCII letters, tokenized by the index and by `SearchTokenizer`.
    /// The exceptions are scalars whose general category changed after Unicode 6.1 (the
    /// index's tables): Mongolian U+1885–U+1886, New Tai Lue vowel signs, two Vedic signs and
    /// the noncharacters U+FFFE–U+FFFF.
    @Test func tokensAgreeWithTheIndexScalarByScalar() throws {
        let site = try TestSite()
        let db = site.env.db
        let known: Set<UInt32> = Set([0x1885, 0x1886, 0x19C8, 0x19C9, 0x1CF2, 0x1CF3, 0xFFFE, 0xFFFF] + Array(0x19B0...0x19C0))
        let scalars = (UInt32(0x80)...0xFFFF).compactMap(Unicode.Scalar.init)
        try db.executeScript("""
            CREATE VIRTUAL TABLE temp.scalars USING fts5(x, tokenize = 'unicode61 remove_diacritics 2');
            CREATE VIRTUAL TABLE temp.scalar_tokens USING fts5vocab(temp, scalars, 'instance');
            """)
        try db.write {
            for s in scalars { try db.execute("INSERT INTO temp.scalars(rowid, x) VALUES (?, ?)", Int64(s.value), "a" + String(s) + "b") }
        }
        var index: [Int64: [(Int64, String)]] = [:]
        for r in try db.query("SELECT doc, offset, term FROM temp.scalar_tokens") {
            index[r.int("doc"), default: []].append((r.int("offset"), r.string("term")))
        }
        var disagreements: [String] = []
        for s in scalars {
            let theirs = (index[Int64(s.value)] ?? []).sorted { $0.0 < $1.0 }.map(\.1)
            let ours = SearchTokenizer.foldedTokens(of: "a" + String(s) + "b").map { String(decoding: $0, as: UTF8.self) }
            if theirs != ours && !known.contains(s.value) { disagreements.append(String(s.value, radix: 16) + " \(theirs) \(ours)") }
        }
        #expect(index.count == scalars.count)
        #expect(disagreements.isEmpty, "\(disagreements.prefix(20))")
    }
}
