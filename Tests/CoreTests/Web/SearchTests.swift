import Testing
@testable import Core

@Suite struct SearchQueryTests {
    @Test func wordsBecomePrefixTermsAndPhrasesStay() {
        #expect(SearchQuery("camion rojo")?.fts == #""camion"* "rojo"*"#)
        #expect(SearchQuery(#"impresora "no imprime""#)?.fts == #""impresora"* "no imprime""#)
        #expect(SearchQuery(#"a"b OR c:d NEAR(x)"#)?.fts != nil, "operators are searched as words")
        #expect(SearchQuery("   ") == nil)
        #expect(SearchQuery("*** ---") == nil)
    }
}

@Suite struct SearchTests {
    func desk() throws -> (TestSite, Browser) {
        let site = try TestSite(settings: ["form_min_seconds": "0", "ticket_rate_limit": "100"])
        try site.env.operators.upsert(username: "alice", displayName: "Alice", email: "", role: .operator_, language: "en", now: 1)
        try site.env.operators.upsert(username: "root", displayName: "Root", email: "", role: .admin, language: "en", now: 1)
        let open = { (subject: String, message: String, city: String, email: String) in
            let b = Browser(site)
            let form = b.get("/new")
            var fields = NewTicketFlowTests.valid
            fields[5] = ("subject", subject)
            fields[6] = ("message", message)
            fields[3] = ("city", city)
            fields[1] = ("email", email)
            _ = b.post("/new", fields: fields + [("csrf", Browser.csrf(in: form))])
            site.clock.now += 60
        }
        open("El camión no llegó", "Esperábamos el camión el lunes.", "Sevilla", "a@example.com")
        open("Factura duplicada", "Me cobraron dos veces la factura 1042 <script>alert(1)</script>", "Quito", "b@example.com")
        open("Impresora", "La impresora no imprime nada desde ayer", "Lima", "c@example.com")
        return (site, Browser(site, user: "alice"))
    }

    func numbers(_ r: Response) -> [String] {
        var out: [String] = [], rest = Substring(r.text)
        while let range = rest.firstRange(of: "data-number=\"") {
            out.append(String(rest[range.upperBound...].prefix(8)))
            rest = rest[range.upperBound...]
        }
        return out
    }

    func subjectOf(_ site: TestSite, _ number: String) throws -> String {
        try site.env.db.scalar("SELECT subject FROM tickets WHERE number = ?", number).string ?? ""
    }

    @Test func accentsAndCaseFoldAndPrefixesMatch() throws {
        let (site, alice) = try desk()
        for query in ["camion", "CAMIÓN", "cami", "llego"] {
            let found = numbers(alice.get("/desk/search?q=" + PercentCoding.encode(query)))
            #expect(found.count == 1, "\(query)")
            #expect(try subjectOf(site, found[0]) == "El camión no llegó")
        }
    }

    @Test func phrasesAndCombinedFilters() throws {
        let (site, alice) = try desk()
        #expect(numbers(alice.get("/desk/search?q=%22no+imprime%22")).count == 1)
        #expect(numbers(alice.get("/desk/search?q=%22imprime+no%22")).isEmpty, "word order matters in a phrase")
        #expect(numbers(alice.get("/desk/search?q=factura&city=quito")).count == 1)
        #expect(numbers(alice.get("/desk/search?q=factura&city=lima")).isEmpty)
        #expect(numbers(alice.get("/desk/search?email=c%40example")).count == 1)
        let all = numbers(alice.get("/desk/search?subject=a"))
        #expect(all.count == 3)
        #expect(try subjectOf(site, all[0]) == "Impresora", "newest first")
        let number = all[1]
        #expect(numbers(alice.get("/desk/search?number=" + number)) == [number])
    }

    /// Every filter together with a text (each filter alone, then all at once): the SQL
    /// joins customers only for the e-mail filter, and a text search must join it too.
    @Test func everyFilterCombinesWithAText() throws {
        let (site, alice) = try desk()
        let quito = try site.env.db.queryOne("SELECT number, status_id FROM tickets WHERE contact_city = 'Quito'")!
        let filters = ["email=b%40example", "name=Luc%C3%ADa", "phone=600+111", "city=quito", "country=Espa",
                       "status=" + String(quito.int("status_id")), "date=created&from=2000-01-01", "subject=factura",
                       "number=" + quito.string("number")]
        for filter in filters {
            let r = alice.get("/desk/search?q=factura&" + filter)
            #expect(r.status == 200, "\(filter)")
            #expect(numbers(r) == [quito.string("number")], "\(filter)")
        }
        #expect(numbers(alice.get("/desk/search?q=factura&" + filters.joined(separator: "&"))) == [quito.string("number")])
        #expect(numbers(alice.get("/desk/search?q=factura&email=c%40example")).isEmpty)
        #expect(numbers(alice.get("/desk/search?q=impresora&email=c%40example&operator=1&group=1&project=1")).isEmpty)
    }

    @Test func matchesAreHighlightedAndEscaped() throws {
        let (_, alice) = try desk()
        let r = alice.get("/desk/search?q=factura")
        #expect(r.text.contains("<mark>factura</mark>"))
        #expect(!r.text.contains("<script>alert(1)"))
        #expect(r.text.contains("&lt;script&gt;"))
    }

    @Test func newMessagesAreFoundAndDeletedTicketsAreNot() throws {
        let (site, alice) = try desk()
        let number = try #require(try site.env.db.scalar("SELECT number FROM tickets WHERE subject = 'Impresora'").string)
        let ticket = try #require(try site.env.tickets.find(number: TicketNumber(number)!))
        try site.env.tickets.addCustomerMessage(ticket: ticket, body: "Ahora sale humo del tóner", files: [], source: "web", now: site.clock.now)
        #expect(numbers(alice.get("/desk/search?q=toner")) == [ticket.number.value])
        try site.env.db.execute("UPDATE tickets SET deleted_at = 1 WHERE id = ?", ticket.id)
        #expect(numbers(alice.get("/desk/search?q=toner")).isEmpty)
    }

    @Test func operatorsOnlyFindTheirDepartments() throws {
        let (site, alice) = try desk()
        try site.env.db.execute("INSERT INTO groups(name, created_at) VALUES ('Ventas', 1)")
        try site.env.db.execute("UPDATE tickets SET group_id = 1 WHERE subject = 'Factura duplicada'")
        #expect(numbers(alice.get("/desk/search?q=factura")).isEmpty)
        #expect(numbers(Browser(site, user: "root").get("/desk/search?q=factura")).count == 1)
    }
}
