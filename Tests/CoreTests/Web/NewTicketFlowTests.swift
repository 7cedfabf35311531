import Testing
@testable import Core

/// Opening a ticket through the public form, in-process.
@Suite struct NewTicketFlowTests {
    static let valid: [(String, String)] = [
        ("name", "Lucía Pérez"), ("email", "lucia@example.com"), ("phone", "+34 600 111 222"),
        ("city", "Sevilla"), ("country", "España"), ("subject", "La impresora no imprime"),
        ("message", "Desde ayer no imprime.\nGracias."),
    ]

    func submit(_ browser: Browser, _ fields: [(String, String)], files: [(name: String, filename: String, bytes: [UInt8])] = []) -> Response {
        let form = browser.get("/new")
        return browser.post("/new", fields: fields + [("csrf", Browser.csrf(in: form)), ("website", "")], files: files)
    }

    @Test func formIsTranslated() throws {
        let site = try TestSite()
        let browser = Browser(site)
        browser.language = "es-ES,es;q=0.9"
        #expect(browser.get("/new").text.contains("Asunto"))
        browser.language = "en-GB"
        let en = browser.get("/new")
        #expect(en.text.contains("Subject"))
        #expect(en.text.contains("<html lang=\"en\">"))
        #expect(browser.get("/new?lang=es").text.contains("<html lang=\"es\">"))
        #expect(browser.get("/new").text.contains("<html lang=\"es\">"), "the switcher's choice is remembered in a cookie")
    }

    @Test func successCreatesTicketMessageCustomerAndConfirmation() throws {
        let site = try TestSite()
        let r = submit(Browser(site), Self.valid, files: [("files", "factura.pdf", Array(0...255))])
        #expect(r.status == 200)
        let number = Browser.attribute(after: "id=\"ticket-number\" class=\"ticket-number\">", in: r.text) ?? ""
        let code = Browser.attribute(after: "id=\"access-code\" class=\"access-code\">", in: r.text) ?? ""
        #expect(TicketNumber(number) != nil)
        #expect(AccessCode(typed: code) != nil)
        let ticket = try #require(try site.env.db.queryOne("SELECT * FROM tickets WHERE number = ?", number))
        #expect(ticket.string("client_ip") == "192.0.2.10")
        #expect(ticket.string("subject") == "La impresora no imprime")
        #expect(AccessCode(typed: code)!.matches(hash: ticket.bytes("access_hash")))
        #expect(try site.count("messages") == 1)
        #expect(try site.count("attachments") == 1)
        let mail = try #require(try site.env.db.queryOne("SELECT * FROM outbox WHERE ticket_id = ?", ticket.int("id")))
        #expect(mail.string("kind") == "confirmation")
        #expect(mail.string("to_addr") == "lucia@example.com")
        #expect(mail.string("status") == "queued")
        #expect(mail.string("secret") == code)
        #expect(!mail.string("body_text").contains(code), "the code never rests in the stored body")
        #expect(mail.string("body_text").contains("{access_code}"))
        #expect(r.cookies[GuestSession.cookieName] != nil)
    }

    @Test func sameEmailReusesCustomer() throws {
        let site = try TestSite()
        _ = submit(Browser(site), Self.valid)
        var second = Self.valid
        second[1] = ("email", "LUCIA@Example.com")
        second[0] = ("name", "Someone Else")
        _ = submit(Browser(site), second)
        #expect(try site.count("tickets") == 2)
        #expect(try site.count("customers") == 1)
        #expect(try site.env.db.scalar("SELECT name FROM customers").string == "Lucía Pérez", "an anonymous form cannot rename a customer")
    }

    @Test func invalidInputKeepsValuesAndMarksFields() throws {
        let site = try TestSite()
        var fields = Self.valid
        fields[1] = ("email", "not-an-email")
        fields[2] = ("phone", "")
        let r = submit(Browser(site), fields)
        #expect(r.status == 422)
        #expect(r.text.contains("id=\"error-email\""))
        #expect(r.text.contains("id=\"error-phone\""))
        #expect(!r.text.contains("id=\"error-name\""))
        #expect(r.text.contains("value=\"not-an-email\""))
        #expect(r.text.contains("value=\"Sevilla\""))
        #expect(r.text.contains(">Desde ayer no imprime.\nGracias.</textarea>"))
        #expect(try site.count("tickets") == 0)
    }

    @Test func markupIsEscapedEverywhere() throws {
        let site = try TestSite()
        let payload = "<script>alert(1)</script>\"><img src=x onerror=alert(1)>"
        var fields = Self.valid
        fields[0] = ("name", "N" + payload)
        fields[5] = ("subject", "S" + payload)
        fields[6] = ("message", "M" + payload)
        let browser = Browser(site)
        let r = submit(browser, fields)
        #expect(r.status == 200)
        let number = Browser.attribute(after: "id=\"ticket-number\" class=\"ticket-number\">", in: r.text) ?? ""
        let page = browser.get("/ticket/\(number)")
        #expect(page.status == 200)
        #expect(!page.text.contains("<script>alert"))
        #expect(!page.text.contains("<img src=x"))
        #expect(page.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
    }

    @Test func csrfHoneypotAndSpeedGuards() throws {
        let site = try TestSite(settings: ["form_min_seconds": "5"])
        let browser = Browser(site)
        let form = browser.get("/new")
        let token = Browser.csrf(in: form)
        #expect(browser.post("/new", fields: Self.valid + [("csrf", token)]).status == 422, "too fast")
        site.clock.now += 6
        #expect(browser.post("/new", fields: Self.valid + [("csrf", token), ("website", "http://spam")]).status == 422, "honeypot")
        #expect(browser.post("/new", fields: Self.valid + [("csrf", token.dropLast(4) + (token.hasSuffix("AAAA") ? "BBBB" : "AAAA"))]).status == 422, "forged token")
        #expect(browser.post("/new", fields: Self.valid).status == 422, "missing token")
        let other = Browser(site)
        other.get("/")
        #expect(other.post("/new", fields: Self.valid + [("csrf", token)]).status == 422, "token of another browser")
        #expect(try site.count("tickets") == 0)
        #expect(browser.post("/new", fields: Self.valid + [("csrf", token)]).status == 200)
    }

    @Test func perAddressRateLimit() throws {
        let site = try TestSite(settings: ["form_min_seconds": "0", "ticket_rate_limit": "2"])
        let browser = Browser(site)
        #expect(submit(browser, Self.valid).status == 200)
        #expect(submit(browser, Self.valid).status == 200)
        let third = submit(browser, Self.valid)
        #expect(third.status == 429)
        #expect(third.text.contains("id=\"error-form\""))
        browser.remoteAddr = "192.0.2.99"
        #expect(submit(browser, Self.valid).status == 200, "the limit is per address")
    }

    @Test func attachmentPolicyIsEnforced() throws {
        let site = try TestSite(settings: ["form_min_seconds": "0", "attachment_max_bytes": "100", "attachment_max_files": "1"])
        let big = submit(Browser(site), Self.valid, files: [("files", "a.txt", [UInt8](repeating: 65, count: 101))])
        #expect(big.status == 422)
        #expect(big.text.contains("id=\"error-files\""))
        let exe = submit(Browser(site), Self.valid, files: [("files", "virus.exe", [1, 2, 3])])
        #expect(exe.status == 422)
        let two = submit(Browser(site), Self.valid, files: [("files", "a.txt", [1]), ("files", "b.txt", [2])])
        #expect(two.status == 422)
        #expect(try site.count("tickets") == 0)
    }
}
