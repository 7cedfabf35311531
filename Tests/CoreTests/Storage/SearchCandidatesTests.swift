import Testing
@testable import Core

/// The desk search when a word matches more messages than `DeskStore.searchCandidates`:
/// only the newest matches are listed (newest updated first) and the count says "at
/// least"; below the bound, and for filters, the answer stays exact.
@Suite struct SearchCandidatesTests {
    static let admin = TicketRules.Actor(id: 1, isAdmin: true, groupIDs: [])

    func search(_ site: TestSite, _ text: String, city: String? = nil, page: Int = 1) throws
        -> (hits: [DeskStore.SearchHit], total: Int, exact: Bool) {
        var f = DeskStore.SearchFilter()
        f.text = SearchQuery(text)
        f.city = city
        f.page = page
        return try site.env.desk.search(f, actor: Self.admin)
    }

    @Test func aCommonWordListsTheTicketsOfTheNewestMatchesNewestUpdatedFirst() throws {
        let tickets = DeskStore.searchCandidates / 2 + 100
        let site = try BulkTickets.site(tickets: tickets)
        let result = try search(site, "gracias")
        // The newest `searchCandidates` messages belong to the newest tickets, two each.
        let newest = DeskStore.searchCandidates / 2
        #expect(!result.exact)
        #expect(result.total == newest)
        let expected = try site.env.db.query("""
            SELECT number FROM tickets WHERE id > ? ORDER BY updated_at DESC, id DESC LIMIT 50
            """, Int64(tickets - newest)).map { $0.string("number") }
        #expect(result.hits.map(\.row.number.value) == expected)
        #expect(result.hits.allSatisfy { $0.snippet?.contains(DeskStore.markStart + "gracias") == true
            || $0.snippet?.contains(DeskStore.markStart + "Gracias") == true })
        let last = try search(site, "gracias", page: newest / 50)
        #expect(last.hits.count == 50)
        #expect(try search(site, "gracias", page: newest / 50 + 1).hits.isEmpty)
    }

    @Test func aRareWordAndAFilterAreAnsweredExactlyEvenForTheOldestTicket() throws {
        let site = try BulkTickets.site(tickets: DeskStore.searchCandidates / 2 + 100)
        let rare = try search(site, "albaricoque")
        #expect(rare.exact)
        #expect(rare.hits.map(\.row.number.value) == ["10000001"])
        // The filter is applied while the index is read, so the old ticket is not cut off.
        let filtered = try search(site, "gracias", city: "quito")
        #expect(filtered.exact)
        #expect(filtered.total == 1)
        #expect(filtered.hits.map(\.row.number.value) == ["10000001"])
    }

    @Test func thePageSaysAtLeastWhenTheCountIsABound() throws {
        let site = try BulkTickets.site(tickets: DeskStore.searchCandidates / 2 + 100)
        try site.env.operators.upsert(username: "root", displayName: "Root", email: "", role: .admin, language: "en", now: 1)
        let bounded = site.request("GET", "/desk/search?q=gracias", remoteUser: "root").text
        #expect(bounded.contains("at least " + String(DeskStore.searchCandidates / 2) + " tickets"))
        let exact = site.request("GET", "/desk/search?q=albaricoque", remoteUser: "root").text
        #expect(exact.contains(">1 ticket<"))
        #expect(!exact.contains("at least"))
    }
}
