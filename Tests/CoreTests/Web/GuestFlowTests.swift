import Testing
@testable import Core

/// Guest access by number and code: lookup, mail link, session, reply, files, limits.
@Suite struct GuestFlowTests {
    struct Opened {
        let number: String
        let code: String
    }

    func open(_ site: TestSite, files: [(name: String, filename: String, bytes: [UInt8])] = []) -> Opened {
        let b = Browser(site)
        let form = b.get("/new")
        let r = b.post("/new", fields: NewTicketFlowTests.valid + [("csrf", Browser.csrf(in: form))], files: files)
        return Opened(number: Browser.attribute(after: "id=\"ticket-number\" class=\"ticket-number\">", in: r.text) ?? "",
                      code: Browser.attribute(after: "id=\"access-code\" class=\"access-code\">", in: r.text) ?? "")
    }

    func lookup(_ b: Browser, _ number: String, _ code: String) -> Response {
        let form = b.get("/ticket")
        return b.post("/ticket", fields: [("number", number), ("code", code), ("csrf", Browser.csrf(in: form))])
    }

    @Test func lookupWithRightCodeOpensTicket() throws {
        let site = try TestSite()
        let t = open(site)
        let b = Browser(site)
        #expect(b.get("/ticket/\(t.number)").status == 403, "no session yet")
        let r = lookup(b, t.number, t.code.lowercased())
        #expect(r.status == 303)
        #expect(r.header("Location") == "/ticket/\(t.number)")
        let page = b.get("/ticket/\(t.number)")
        #expect(page.status == 200)
        #expect(page.text.contains("id=\"ticket-subject\">La impresora no imprime<"))
        #expect(page.text.contains("id=\"reply\""))
    }

    @Test func wrongNumberAndWrongCodeGetTheSameAnswer() throws {
        let site = try TestSite()
        let t = open(site)
        let other = AccessCode.random().display
        let wrongCode = lookup(Browser(site), t.number, other)
        let wrongNumber = lookup(Browser(site), "99999999", t.code)
        #expect(wrongCode.status == 403)
        #expect(wrongNumber.status == 403)
        let message = { (r: Response) in Browser.attribute(after: "id=\"lookup-error\" role=\"alert\">", in: r.text) }
        #expect(message(wrongCode) != nil)
        #expect(message(wrongCode) == message(wrongNumber))
    }

    @Test func mailLinkTradesCodeForSessionAndDropsIt() throws {
        let site = try TestSite()
        let t = open(site)
        let b = Browser(site)
        let r = b.get("/ticket/\(t.number)?code=\(t.code)")
        #expect(r.status == 303)
        #expect(r.header("Location") == "/ticket/\(t.number)")
        let cookie = r.headers.first { $0.name == "Set-Cookie" && $0.value.hasPrefix(GuestSession.cookieName + "=") }?.value ?? ""
        #expect(cookie.contains("; Path=/ticket/\(t.number)"))
        #expect(cookie.contains("HttpOnly"))
        #expect(cookie.contains("SameSite=Lax"))
        #expect(b.get("/ticket/\(t.number)").status == 200)
        #expect(Browser(site).get("/ticket/\(t.number)?code=\(AccessCode.random().display)").status == 403)
    }

    @Test func bruteForceHitsTheLimitEvenForTheRightCode() throws {
        let site = try TestSite(settings: ["form_min_seconds": "0", "lookup_rate_limit": "5"])
        let t = open(site)
        let attacker = Browser(site)
        for _ in 0..<5 { #expect(lookup(attacker, t.number, AccessCode.random().display).status == 403) }
        #expect(lookup(attacker, t.number, AccessCode.random().display).status == 429)
        #expect(lookup(attacker, t.number, t.code).status == 429)
        #expect(attacker.get("/ticket/\(t.number)?code=\(t.code)").status == 429)
        site.clock.now += 901
        #expect(lookup(attacker, t.number, t.code).status == 303, "the window passes")
    }

    @Test func sessionForOneTicketDoesNotOpenAnother() throws {
        let site = try TestSite()
        let a = open(site), b = open(site)
        let guest = Browser(site)
        #expect(lookup(guest, a.number, a.code).status == 303)
        // Replay A's cookie against B's path: the MAC binds it to A.
        let cookie = guest.cookies[GuestSession.cookieName]!
        let r = site.request("GET", "/ticket/\(b.number)", headers: ["Cookie": "\(GuestSession.cookieName)=\(cookie)"])
        #expect(r.status == 403)
    }

    @Test func replyAppearsAndMovesStatus() throws {
        let site = try TestSite()
        let t = open(site)
        let b = Browser(site)
        _ = lookup(b, t.number, t.code)
        try site.env.db.execute("UPDATE tickets SET status_id = (SELECT id FROM statuses WHERE code = 'waiting_customer')")
        let page = b.get("/ticket/\(t.number)")
        let r = b.post("/ticket/\(t.number)/reply", fields: [("message", "Sigue sin funcionar"), ("csrf", Browser.csrf(in: page))],
                       files: [("files", "foto.png", [137, 80, 78, 71])])
        #expect(r.status == 303)
        let after = b.get("/ticket/\(t.number)")
        #expect(after.text.contains("Sigue sin funcionar"))
        #expect(after.text.contains("foto.png"))
        #expect(try site.env.db.scalar("SELECT s.code FROM tickets t JOIN statuses s ON s.id = t.status_id").string == "waiting_operator")
        let empty = b.post("/ticket/\(t.number)/reply", fields: [("message", "  "), ("csrf", Browser.csrf(in: after))])
        #expect(empty.status == 422)
        let forged = b.post("/ticket/\(t.number)/reply", fields: [("message", "x")])
        #expect(forged.status == 422)
        #expect(try site.count("messages") == 2)
    }

    @Test func internalNotesAreNeverShown() throws {
        let site = try TestSite()
        let t = open(site)
        try site.env.db.execute("""
            INSERT INTO messages(ticket_id, kind, author_name, body_text, source, created_at)
            VALUES ((SELECT id FROM tickets), 'note', 'Op', 'SECRET-NOTE', 'desk', 1)
            """)
        let b = Browser(site)
        _ = lookup(b, t.number, t.code)
        #expect(!b.get("/ticket/\(t.number)").text.contains("SECRET-NOTE"))
    }

    @Test func attachmentDownloadIsExactAndNeverInline() throws {
        let site = try TestSite()
        let bytes = Array(UInt8(0)...UInt8(255))
        let t = open(site, files: [("files", "datos.txt", bytes)])
        let id = try #require(try site.env.db.scalar("SELECT id FROM attachments").int)
        #expect(Browser(site).get("/ticket/\(t.number)/file/\(id)").status == 403)
        let b = Browser(site)
        _ = lookup(b, t.number, t.code)
        let r = b.get("/ticket/\(t.number)/file/\(id)")
        #expect(r.status == 200)
        #expect(r.body == bytes)
        #expect(r.header("Content-Disposition")?.hasPrefix("attachment;") == true)
        #expect(r.header("Content-Security-Policy")?.hasPrefix("sandbox") == true)
        // Another ticket's guest cannot fetch it by changing the number in the URL.
        let other = open(site)
        let o = Browser(site)
        _ = lookup(o, other.number, other.code)
        #expect(o.get("/ticket/\(other.number)/file/\(id)").status == 403)
    }

    @Test func activeContentIsServedAsOctetStream() throws {
        let site = try TestSite(settings: ["form_min_seconds": "0", "attachment_extensions": ""])
        let t = open(site, files: [("files", "x.svg", Array("<svg onload=alert(1)>".utf8))])
        let b = Browser(site)
        _ = lookup(b, t.number, t.code)
        let id = try #require(try site.env.db.scalar("SELECT id FROM attachments").int)
        let r = b.get("/ticket/\(t.number)/file/\(id)")
        #expect(r.header("Content-Type") == "application/octet-stream")
        #expect(r.header("X-Content-Type-Options") == "nosniff")
    }
}

@Suite struct GuestReplyLimitTests {
    @Test func repliesPerAddressAreLimited() throws {
        let site = try TestSite(settings: ["form_min_seconds": "0", "reply_rate_limit": "3"])
        let t = GuestFlowTests().open(site)
        let b = Browser(site)
        #expect(b.get("/ticket/\(t.number)?code=\(t.code)").status == 303)
        for i in 0..<3 {
            let page = b.get("/ticket/\(t.number)")
            #expect(b.post("/ticket/\(t.number)/reply", fields: [("message", "m\(i)"), ("csrf", Browser.csrf(in: page))]).status == 303)
        }
        let page = b.get("/ticket/\(t.number)")
        let refused = b.post("/ticket/\(t.number)/reply", fields: [("message", "one too many"), ("csrf", Browser.csrf(in: page))])
        #expect(refused.status == 429)
        #expect(refused.text.contains("one too many</textarea>"), "the text is kept")
        #expect(try site.count("messages") == 4)
    }
}
