import Testing
@testable import Core

/// The desk through its pages, in-process: two operators and an admin working one ticket.
@Suite struct DeskFlowTests {
    final class Desk {
        let site: TestSite
        let alice: Browser, ben: Browser, root: Browser
        let number: String

        init(groups: Bool = false) throws {
            site = try TestSite()
            let ops = site.env.operators
            try ops.upsert(username: "alice", displayName: "Alice A", email: "", role: .operator_, language: "en", now: 1)
            try ops.upsert(username: "ben", displayName: "Ben B", email: "", role: .operator_, language: "es", now: 1)
            try ops.upsert(username: "root", displayName: "Root", email: "", role: .admin, language: "en", now: 1)
            alice = Browser(site, user: "alice")
            ben = Browser(site, user: "ben")
            root = Browser(site, user: "root")
            let customer = Browser(site)
            let form = customer.get("/new")
            let r = customer.post("/new", fields: NewTicketFlowTests.valid + [("csrf", Browser.csrf(in: form))])
            number = Browser.attribute(after: "id=\"ticket-number\" class=\"ticket-number\">", in: r.text) ?? ""
        }

        var path: String { "/desk/ticket/\(number)" }

        @discardableResult
        func act(_ b: Browser, _ what: String, _ extra: [(String, String)] = []) -> Response {
            let page = b.get(path)
            return b.post(path + "/action", fields: [("do", what), ("csrf", Browser.csrf(in: page))] + extra)
        }

        @discardableResult
        func reply(_ b: Browser, _ body: String, mode: String = "reply", format: String = "text", extra: [(String, String)] = []) -> Response {
            let page = b.get(path)
            let seen = Browser.attribute(after: "name=\"seen\" value=\"", in: page.text) ?? "0"
            return b.post(path + "/reply", fields: [("body", body), ("format", format), ("mode", mode), ("seen", seen),
                                                    ("csrf", Browser.csrf(in: page))] + extra)
        }

        func id(_ user: String) throws -> Int64 { try site.env.db.scalar("SELECT id FROM operators WHERE username = ?", user).int ?? 0 }
        func holder() throws -> String? {
            try site.env.db.scalar("SELECT o.username FROM tickets t LEFT JOIN operators o ON o.id = t.operator_id").string
        }
        func status() throws -> String? {
            try site.env.db.scalar("SELECT s.code FROM tickets t JOIN statuses s ON s.id = t.status_id").string
        }
        func count(_ sql: String) throws -> Int64 { try site.env.db.scalar(sql).int ?? -1 }
    }

    @Test func theSeedLockScenario() throws {
        let d = try Desk()
        #expect(d.act(d.alice, "claim").status == 303)
        #expect(try d.holder() == "alice")
        // Ben may not answer, take, drop or assign Alice's ticket.
        let refused = d.reply(d.ben, "Hola, soy Ben")
        #expect(refused.status == 403)
        #expect(refused.text.contains("id=\"error-form\""))
        #expect(try d.count("SELECT count(*) FROM messages WHERE kind = 'reply'") == 0)
        #expect(d.act(d.ben, "claim").status == 403)
        #expect(d.act(d.ben, "drop").status == 403)
        #expect(d.act(d.ben, "assign", [("operator", String(try d.id("ben")))]).status == 403)
        // Alice cannot close before answering.
        let closed = try #require(try d.site.env.db.scalar("SELECT id FROM statuses WHERE code = 'closed'").int)
        #expect(d.act(d.alice, "update", [("status", String(closed))]).status == 403)
        // Alice assigns to Ben; Ben answers; Ben may then close.
        #expect(d.act(d.alice, "assign", [("operator", String(try d.id("ben")))]).status == 303)
        #expect(try d.holder() == "ben")
        #expect(d.reply(d.ben, "Hola Lucía, ya está.").status == 303)
        #expect(try d.count("SELECT count(*) FROM outbox WHERE kind = 'reply'") == 1)
        #expect(try d.status() == "waiting_customer")
        #expect(d.act(d.ben, "update", [("status", String(closed))]).status == 303)
        #expect(try d.status() == "closed")
        // Operators never delete; the admin does, and purges.
        #expect(d.act(d.ben, "delete").status == 403)
        #expect(d.act(d.root, "delete").status == 303)
        #expect(d.ben.get(d.path).status == 404, "deleted tickets are gone for operators")
        #expect(d.act(d.root, "purge").status == 303)
        #expect(try d.count("SELECT count(*) FROM tickets") == 0)
        let actions = try d.site.env.db.query("SELECT action, actor FROM audit_log ORDER BY id").map { "\($0.string("actor")):\($0.string("action"))" }
        #expect(actions == ["alice:claim", "alice:assign", "ben:reply", "ben:status", "ben:status", "root:delete", "root:purge"])
        #expect(try d.count("SELECT count(*) FROM audit_log WHERE action = 'purge' AND ticket_number = '\(d.number)'") == 1)
    }

    @Test func replyingToAFreeTicketTakesIt() throws {
        let d = try Desk()
        #expect(d.reply(d.alice, "Thanks, looking at it").status == 303)
        #expect(try d.holder() == "alice")
        #expect(try d.count("SELECT count(*) FROM tickets WHERE first_response_at IS NOT NULL AND last_operator_at IS NOT NULL") == 1)
    }

    @Test func notesAreAllowedOnLockedTicketsAndNeverMailed() throws {
        let d = try Desk()
        d.act(d.alice, "claim")
        #expect(d.reply(d.ben, "Internal: check invoice", mode: "note").status == 303)
        #expect(try d.count("SELECT count(*) FROM messages WHERE kind = 'note'") == 1)
        #expect(try d.count("SELECT count(*) FROM outbox WHERE kind = 'reply'") == 0)
    }

    @Test func htmlRepliesAreSanitizedAndSigned() throws {
        let d = try Desk()
        try d.site.env.operators.setSignature(id: try d.id("alice"), html: "<b>Alice</b><script>x()</script>", now: 2)
        let body = "<p onclick=\"x()\">Hi <b>there</b><script>alert(1)</script> <a href=\"javascript:alert(1)\">x</a></p>"
        #expect(d.reply(d.alice, body, format: "html").status == 303)
        let stored = try #require(try d.site.env.db.scalar("SELECT body_html FROM messages WHERE kind = 'reply'").string)
        #expect(stored.contains("<b>there</b>"))
        #expect(stored.contains("<b>Alice</b>"), "the signature is appended")
        #expect(!stored.contains("<script"))
        #expect(!stored.contains("onclick"))
        #expect(!stored.contains("javascript:"))
        let mail = try #require(try d.site.env.db.queryOne("SELECT body_text, body_html, subject FROM outbox WHERE kind = 'reply'"))
        #expect(mail.string("body_text").contains("Hi there"))
        #expect(mail.string("subject").contains("[#\(d.number)]"))
    }

    @Test func templatesAreInsertedWithPlaceholdersFilled() throws {
        let d = try Desk()
        let id = try ReplyTemplateStore(db: d.site.env.db).add(name: "Greeting", language: "",
                                                               bodyHTML: "<p>Dear {customer_name}, about ticket {ticket_number}.</p>", now: 1)
        let page = d.alice.get(d.path)
        #expect(page.text.contains("Dear Lucía Pérez, about ticket \(d.number)"), "the script inserts the filled template")
        let inserted = d.alice.post(d.path + "/reply", fields: [("body", "Hello."), ("format", "text"), ("mode", "insert"),
                                                                ("template", String(id)), ("csrf", Browser.csrf(in: page))])
        #expect(inserted.status == 200)
        #expect(inserted.text.contains("Hello.\n\nDear Lucía Pérez, about ticket \(d.number).</textarea>"))
        #expect(try d.count("SELECT count(*) FROM messages WHERE kind = 'reply'") == 0, "inserting does not send")
    }

    @Test func aCustomerMessageWhileComposingStopsABlindReply() throws {
        let d = try Desk()
        let page = d.alice.get(d.path)
        let seen = Browser.attribute(after: "name=\"seen\" value=\"", in: page.text) ?? ""
        let ticket = try #require(try d.site.env.tickets.find(number: TicketNumber(d.number)!))
        try d.site.env.tickets.addCustomerMessage(ticket: ticket, body: "One more detail!", files: [], source: "web", now: d.site.clock.now)
        let warned = d.alice.post(d.path + "/reply", fields: [("body", "Done"), ("format", "text"), ("mode", "reply"), ("seen", seen),
                                                              ("csrf", Browser.csrf(in: page))])
        #expect(warned.status == 409)
        #expect(warned.text.contains("id=\"new-message-warning\""))
        #expect(warned.text.contains("One more detail!"))
        #expect(warned.text.contains(">Done</textarea>"), "the draft is kept")
        #expect(try d.count("SELECT count(*) FROM messages WHERE kind = 'reply'") == 0)
        let newSeen = Browser.attribute(after: "name=\"seen\" value=\"", in: warned.text) ?? ""
        let sent = d.alice.post(d.path + "/reply", fields: [("body", "Done"), ("format", "text"), ("mode", "reply"), ("seen", newSeen),
                                                            ("force", "1"), ("csrf", Browser.csrf(in: warned))])
        #expect(sent.status == 303)
    }

    @Test func queueShowsWaitingTicketsInBoldAndFilters() throws {
        let d = try Desk()
        let queue = d.alice.get("/desk/tickets")
        #expect(queue.status == 200)
        #expect(queue.text.contains("<tr class=\"awaiting\" data-number=\"\(d.number)\">"))
        #expect(d.alice.get("/desk/tickets?mine=1").text.contains("id=\"queue-total\">0 tickets"))
        #expect(d.alice.get("/desk/tickets?unassigned=1").text.contains("id=\"queue-total\">1 ticket<"))
        d.reply(d.alice, "On it")
        #expect(d.alice.get("/desk/tickets?mine=1").text.contains("<tr class=\"answered\" data-number=\"\(d.number)\">"))
        let partial = d.alice.get("/desk/tickets?partial=1")
        #expect(partial.text.hasPrefix("<table class=\"queue\">"))
        let preview = d.alice.get(d.path + "/preview")
        #expect(preview.text.contains("Desde ayer no imprime"))
        let board = d.alice.get("/desk/")
        #expect(board.text.contains("id=\"count-mine\""))
        let mine = try #require(board.text.firstRange(of: "id=\"list-mine\"")), free = try #require(board.text.firstRange(of: "id=\"list-unassigned\""))
        #expect(board.text[mine.upperBound..<free.lowerBound].contains(d.number), "Alice answered it, so it is hers")
        #expect(!board.text[free.upperBound...].contains("href=\"/desk/ticket/\(d.number)\""))
    }

    @Test func operatorsOnlySeeTheirGroups() throws {
        let d = try Desk()
        let db = d.site.env.db
        try db.execute("INSERT INTO groups(name, created_at) VALUES ('Ventas', 1), ('Soporte', 1)")
        try db.execute("INSERT INTO group_members(group_id, operator_id) VALUES (1, ?)", try d.id("alice"))
        try db.execute("UPDATE tickets SET group_id = 2")
        #expect(d.alice.get(d.path).status == 404)
        #expect(!d.alice.get("/desk/tickets").text.contains(d.number))
        #expect(d.root.get(d.path).status == 200)
        try db.execute("UPDATE tickets SET group_id = 1")
        #expect(d.alice.get(d.path).status == 200)
    }

    @Test func contactDataIsEditableByTheHolder() throws {
        let d = try Desk()
        d.act(d.alice, "claim")
        let page = d.alice.get(d.path)
        let fields = [("name", "Lucía P."), ("email", "lp@example.com"), ("phone", "600"), ("address", "Calle 1"),
                      ("city", "Cádiz"), ("country", "España"), ("csrf", Browser.csrf(in: page))]
        #expect(d.alice.post(d.path + "/contact", fields: fields).status == 303)
        #expect(try d.site.env.db.scalar("SELECT contact_city FROM tickets").string == "Cádiz")
        #expect(try d.site.env.db.scalar("SELECT c.email FROM tickets t JOIN customers c ON c.id = t.customer_id").string == "lp@example.com")
        #expect(d.ben.post(d.path + "/contact", fields: fields.dropLast() + [("csrf", Browser.csrf(in: d.ben.get(d.path)))]).status == 403)
    }

    @Test func operatorsOpenTicketsForCustomers() throws {
        let d = try Desk()
        let form = d.alice.get("/desk/new")
        let r = d.alice.post("/desk/new", fields: [("name", "Pedro"), ("email", "pedro@example.com"), ("phone", "600 222 333"),
                                                   ("city", "Lima"), ("subject", "Llamada"), ("message", "Llamó por teléfono"),
                                                   ("language", "es"), ("take", "1"), ("csrf", Browser.csrf(in: form))])
        #expect(r.status == 303)
        let mail = try #require(try d.site.env.db.queryOne("SELECT o.subject, t.operator_id, t.source FROM outbox o JOIN tickets t ON t.id = o.ticket_id WHERE o.to_addr = 'pedro@example.com'"))
        #expect(mail.int("operator_id") == (try d.id("alice")))
        #expect(mail.string("source") == "desk")
        #expect(mail.string("subject").contains("Llamada"))
    }

    @Test func deskPostsNeedTheirCSRFToken() throws {
        let d = try Desk()
        #expect(d.alice.post(d.path + "/action", fields: [("do", "claim")]).status == 422)
        #expect(try d.holder() == nil)
    }
}

@Suite struct InlineImageTests {
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 0, count: 32)

    @Test func anAttachedImageIsShownWhereItsTokenStands() throws {
        let d = try DeskFlowTests.Desk()
        let page = d.alice.get(d.path)
        let seen = Browser.attribute(after: "name=\"seen\" value=\"", in: page.text) ?? "0"
        let r = d.alice.post(d.path + "/reply", fields: [("body", "Mire:\n[image: foto.png]\n[image: fake.png]"), ("format", "text"),
                                                         ("mode", "reply"), ("seen", seen), ("csrf", Browser.csrf(in: page))],
                             files: [("files", "foto.png", Self.png), ("files", "fake.png", Array("not an image".utf8))])
        #expect(r.status == 303)
        let html = try #require(try d.site.env.db.scalar("SELECT body_html FROM messages WHERE kind = 'reply'").string)
        #expect(html.contains("<img src=\"cid:foto.png\" alt=\"foto.png\">"))
        #expect(html.contains("[image: fake.png]"), "a file that is not really an image stays a token")
        #expect(try d.site.env.db.scalar("SELECT content_id FROM attachments WHERE filename = 'foto.png'").string == "foto.png")
        #expect(try d.site.env.db.scalar("SELECT content_id FROM attachments WHERE filename = 'fake.png'") == .null)
        let id = try #require(try d.site.env.db.scalar("SELECT id FROM attachments WHERE filename = 'foto.png'").int)
        let shown = d.alice.get(d.path)
        #expect(shown.text.contains("<img src=\"/desk/ticket/\(d.number)/file/\(id)\" alt=\"foto.png\">"))
        let image = d.alice.get("/desk/ticket/\(d.number)/file/\(id)")
        #expect(image.body == Self.png)
    }
}
