import Testing
@testable import Core

/// Admin-edited e-mail templates are what the outbox receives.
@Suite struct MailTemplatesTests {
    @Test func customConfirmationAndReplyTemplatesAreUsed() throws {
        let site = try TestSite()
        try site.env.operators.upsert(username: "root", displayName: "Root", email: "", role: .admin, language: "es", now: 1)
        let root = Browser(site, user: "root")
        let form = root.get("/admin/mail-templates?language=es")
        #expect(form.text.contains("data-key=\"confirmation\""))
        let r = root.post("/admin/mail-templates", fields: [
            ("language", "es"),
            ("confirmation.subject", "Recibido #{number}"), ("confirmation.body", "Hola {name}, su código: {code}"),
            ("reply.subject", "Respuesta a #{number}"), ("reply.body", "Estimado/a {name}:\n\n{message}\n\nAtentamente, {org}"),
            ("csrf", Browser.csrf(in: form)),
        ])
        #expect(r.status == 303)
        let customer = Browser(site)
        customer.language = "es"
        let page = customer.get("/new")
        _ = customer.post("/new", fields: NewTicketFlowTests.valid + [("csrf", Browser.csrf(in: page))])
        let mail = try #require(try site.env.db.queryOne("SELECT subject, body_text FROM outbox WHERE kind = 'confirmation'"))
        let number = try #require(try site.env.db.scalar("SELECT number FROM tickets").string)
        #expect(mail.string("subject") == "Recibido #\(number)")
        #expect(mail.string("body_text") == "Hola Lucía Pérez, su código: {access_code}")

        let ticketPage = root.get("/desk/ticket/\(number)")
        let seen = Browser.attribute(after: "name=\"seen\" value=\"", in: ticketPage.text) ?? "0"
        #expect(root.post("/desk/ticket/\(number)/reply", fields: [("body", "Ya está resuelto."), ("format", "text"), ("mode", "reply"),
                                                                   ("seen", seen), ("csrf", Browser.csrf(in: ticketPage))]).status == 303)
        let reply = try #require(try site.env.db.queryOne("SELECT subject, body_text, body_html FROM outbox WHERE kind = 'reply'"))
        #expect(reply.string("subject") == "Respuesta a #\(number)")
        #expect(reply.string("body_text").hasPrefix("Estimado/a Lucía Pérez:\n\nYa está resuelto."))
        #expect(reply.string("body_text").hasSuffix("Atentamente, Taquilla"))
        #expect(reply.string("body_html").contains("<p>Ya está resuelto.</p>"))
        #expect(!reply.string("body_html").contains("TAQUILLA-MESSAGE"))
        #expect(try site.env.db.scalar("SELECT count(*) FROM audit_log WHERE action = 'mail_template'").int == 2)
    }

    @Test func resetGoesBackToTheCatalogText() throws {
        let site = try TestSite()
        let store = MailTemplateStore(db: site.env.db, catalogs: site.env.catalogs)
        try store.save("reply", language: "en", subject: "X", body: "{message}")
        #expect(try store.text("reply", language: "en").isCustom)
        try store.reset("reply", language: "en")
        let text = try store.text("reply", language: "en")
        #expect(!text.isCustom)
        #expect(text.subject == "Re: [#{number}] {subject}")
    }
}
