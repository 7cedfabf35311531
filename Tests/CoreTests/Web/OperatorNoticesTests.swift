import Testing
@testable import Core

/// Staff notifications land in the outbox with the change that caused them.
@Suite struct OperatorNoticesTests {
    @Test func departmentMembersHearOfNewTicketsAndTheHolderOfCustomerMessages() throws {
        let site = try TestSite()
        let db = site.env.db
        try site.env.operators.upsert(username: "alice", displayName: "Alice", email: "alice@desk.example", role: .operator_, language: "es", now: 1)
        try site.env.operators.upsert(username: "ben", displayName: "Ben", email: "", role: .operator_, language: "en", now: 1)
        try db.execute("INSERT INTO groups(name, notify_new, created_at) VALUES ('Reservas', 1, 1), ('Quiet', 0, 1)")
        try db.execute("INSERT INTO group_members(group_id, operator_id) SELECT g.id, o.id FROM groups g, operators o")
        let customer = Browser(site)
        var form = customer.get("/new")
        _ = customer.post("/new", fields: NewTicketFlowTests.valid + [("group", "1"), ("csrf", Browser.csrf(in: form))])
        let notice = try #require(try db.queryOne("SELECT to_addr, subject, body_text FROM outbox WHERE kind = 'notify_group'"))
        #expect(notice.string("to_addr") == "alice@desk.example", "only members with an address")
        #expect(notice.string("subject").contains("Ticket nuevo de Lucía Pérez"), "in the member's language")
        #expect(notice.string("body_text").contains("/desk/ticket/"))
        form = customer.get("/new")
        _ = customer.post("/new", fields: NewTicketFlowTests.valid + [("group", "2"), ("csrf", Browser.csrf(in: form))])
        #expect(try db.scalar("SELECT count(*) FROM outbox WHERE kind = 'notify_group'").int == 1, "a quiet department sends nothing")

        // Alice takes the first ticket; the customer's follow-up notifies her.
        let number = try #require(try db.scalar("SELECT number FROM tickets ORDER BY id LIMIT 1").string)
        try db.execute("UPDATE tickets SET operator_id = (SELECT id FROM operators WHERE username = 'alice') WHERE number = ?", number)
        let code = try #require(try db.scalar("SELECT secret FROM outbox WHERE kind = 'confirmation' ORDER BY id LIMIT 1").string)
        let page = customer.get("/ticket/\(number)?code=\(code)")
        #expect(page.status == 303)
        let ticket = customer.get("/ticket/\(number)")
        #expect(customer.post("/ticket/\(number)/reply", fields: [("message", "¿Alguna novedad?"), ("csrf", Browser.csrf(in: ticket))]).status == 303)
        let update = try #require(try db.queryOne("SELECT to_addr, body_text FROM outbox WHERE kind = 'notify_operator'"))
        #expect(update.string("to_addr") == "alice@desk.example")
        #expect(update.string("body_text").contains("¿Alguna novedad?"))
    }
}
