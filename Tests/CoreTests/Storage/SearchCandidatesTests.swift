import Testing
@testable import Core

/// The desk search when a word matches more messages than a page needs: only the newest
/// matches are read (as many as the page needs, at most `DeskStore.searchCandidates`), their
/// tickets listed by newest match first, and the count says "at least"; when every match
/// was read, and for filters, the answer stays exact.
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

    @Test func aCommonWordListsTheTicketsOfTheNewestMatchesNewestMatchFirst() throws {
        let tickets = DeskStore.searchCandidates / 2 + 100
        let site = try BulkTickets.site(tickets: tickets)
        let result = try search(site, "gracias")
        // Two matching messages per ticket, in ticket order: the newest match is the newest
        // ticket's, whatever the (shuffled) update times say.
        #expect(!result.exact)
        // Page 1 reads only the matches it needs: at least 51 tickets (to know a next page
        // exists), fewer than the bound lets the later pages read.
        let newest = DeskStore.searchCandidates / 2
        #expect(result.total > 50 && result.total < newest)
        #expect(result.hits.map(\.row.number.value) == (0..<50).map { String(10_000_000 + tickets - $0) })
        #expect(result.hits.allSatisfy { $0.snippet?.contains(DeskStore.markStart + "gracias") == true
            || $0.snippet?.contains(DeskStore.markStart + "Gracias") == true })
        // The last page reads every candidate: the tickets of the newest `searchCandidates` matches.
        let last = try search(site, "gracias", page: newest / 50)
        #expect(last.hits.map(\.row.number.value) == (newest - 50..<newest).map { String(10_000_000 + tickets - $0) })
        #expect(last.total == newest)
        #expect(!last.exact)
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
        let bound = try search(site, "gracias").total
        #expect(bound > 50)
        #expect(bounded.contains("at least " + String(bound) + " tickets"))
        let exact = site.request("GET", "/desk/search?q=albaricoque", remoteUser: "root").text
        #expect(exact.contains(">1 ticket<"))
        #expect(!exact.contains("at least"))
        #expect(!exact.contains("rel=\"next\""), "one page: no pager")
        // The pager keeps the search and moves the page; page 2 goes on from where page 1 stopped.
        #expect(bounded.contains("href=\"/desk/search?q=gracias&amp;page=2\" rel=\"next\""))
        let filtered = site.request("GET", "/desk/search?q=gracias&city=lima", remoteUser: "root").text
        #expect(filtered.contains("href=\"/desk/search?q=gracias&amp;city=lima&amp;page=2\" rel=\"next\""))
        let second = site.request("GET", "/desk/search?q=gracias&city=lima&page=2", remoteUser: "root").text
        #expect(second.contains("href=\"/desk/search?q=gracias&amp;city=lima&amp;page=1\" rel=\"prev\""))
        let firstPage = try search(site, "gracias", city: "lima").hits.map(\.row.number.value)
        let secondPage = try search(site, "gracias", city: "lima", page: 2).hits.map(\.row.number.value)
        #expect(secondPage.count == 50 && Set(firstPage).isDisjoint(with: secondPage))
        #expect(secondPage.allSatisfy { second.contains("data-number=\"" + $0 + "\"") })
    }
}
