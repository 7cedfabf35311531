import Testing
@testable import Core

/// The queue's bounded count (`DeskStore.queueCountCap`): above the bound the total is a
/// lower bound that still reaches past the current page, so paging goes on to the end;
/// below it, and on the last pages, the count is exact.
@Suite struct QueueCountTests {
    static let admin = TicketRules.Actor(id: 1, isAdmin: true, groupIDs: [])
    static let tickets = DeskStore.queueCountCap + 30

    func queue(_ site: TestSite, page: Int, status: Int64? = nil) throws -> (rows: [DeskStore.QueueRow], total: Int, exact: Bool) {
        var f = DeskStore.QueueFilter()
        f.page = page
        f.statusID = status
        if status != nil { f.open = nil }
        return try site.env.desk.queue(f, actor: Self.admin)
    }

    @Test func aLongQueueCountsUpToTheBoundAndPagesToTheEnd() throws {
        let site = try BulkTickets.site(tickets: Self.tickets)
        let first = try queue(site, page: 1)
        #expect(!first.exact)
        #expect(first.total == DeskStore.queueCountCap)
        let expected = try site.env.db.query("SELECT number FROM tickets ORDER BY updated_at DESC, id DESC LIMIT 50")
            .map { $0.string("number") }
        #expect(first.rows.map(\.number.value) == expected)
        let lastBounded = try queue(site, page: DeskStore.queueCountCap / 50)
        #expect(!lastBounded.exact)
        #expect(lastBounded.total > DeskStore.queueCountCap / 50 * 50 - 50, "the bound reaches past this page")
        let end = try queue(site, page: DeskStore.queueCountCap / 50 + 1)
        #expect(end.exact)
        #expect(end.total == Self.tickets)
        #expect(end.rows.count == Self.tickets - DeskStore.queueCountCap)
    }

    @Test func aShortQueueIsCountedExactly() throws {
        let site = try BulkTickets.site(tickets: Self.tickets)
        let closed = try site.env.db.scalar("SELECT id FROM statuses WHERE code = 'closed'").int ?? 0
        try site.env.db.execute("UPDATE tickets SET status_id = ? WHERE id % 100 = 0", closed)
        let result = try queue(site, page: 1, status: closed)
        #expect(result.exact)
        #expect(result.total == Self.tickets / 100)
    }

    @Test func thePageSaysMoreThanAndOffersTheNextPage() throws {
        let site = try BulkTickets.site(tickets: Self.tickets)
        try site.env.operators.upsert(username: "root", displayName: "Root", email: "", role: .admin, language: "en", now: 1)
        let page = site.request("GET", "/desk/tickets", remoteUser: "root").text
        #expect(page.contains("more than " + String(DeskStore.queueCountCap) + " tickets"))
        #expect(page.contains(">Page 1<"))
        #expect(page.contains("rel=\"next\""))
        let last = site.request("GET", "/desk/tickets?page=" + String(DeskStore.queueCountCap / 50 + 1), remoteUser: "root").text
        #expect(last.contains(String(Self.tickets) + " tickets"))
        #expect(!last.contains("rel=\"next\""))
        #expect(last.contains("rel=\"prev\""))
    }

    @Test func aGroupFilterShowsAnOperatorOnlyWhatTheyMaySee() throws {
        let site = try BulkTickets.site(tickets: 20)
        let db = site.env.db
        try site.env.operators.upsert(username: "alice", displayName: "Alice", email: "", role: .operator_, language: "en", now: 1)
        let alice = try db.scalar("SELECT id FROM operators WHERE username = 'alice'").int ?? 0
        try db.write {
            try db.execute("INSERT INTO groups(id, name, email, created_at) VALUES (1, 'Uno', '', 1), (2, 'Dos', '', 1)")
            try db.execute("INSERT INTO group_members(group_id, operator_id) VALUES (2, ?)", alice)
            try db.execute("UPDATE tickets SET group_id = CASE WHEN id <= 10 THEN 1 ELSE 2 END")
            try db.execute("UPDATE tickets SET operator_id = ? WHERE id = 3", alice)
        }
        let op = try #require(try site.env.operators.find(username: "alice"))
        let actor = try site.env.desk.actor(op)
        let numbers = { (group: Int64?) in
            var f = DeskStore.QueueFilter()
            f.groupID = group
            return try Set(site.env.desk.queue(f, actor: actor).rows.map(\.number.value))
        }
        let held = try db.scalar("SELECT number FROM tickets WHERE id = 3").string ?? ""
        let mine = try Set(db.query("SELECT number FROM tickets WHERE group_id = 2").map { $0.string("number") })
        #expect(try numbers(1) == [held], "another group's tickets: only the one she holds")
        #expect(try numbers(2) == mine)
        #expect(try numbers(nil) == mine.union([held]))
    }
}
