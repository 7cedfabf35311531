import Testing
@testable import Core

/// Statuses, priorities, projects, customers and languages through the admin pages.
@Suite struct AdminListsTests {
    func site(ownLanguages: Bool = false) throws -> (TestSite, Browser) {
        let site = try TestSite(ownLanguages: ownLanguages)
        try site.env.operators.upsert(username: "root", displayName: "Root", email: "", role: .admin, language: "en", now: 1)
        return (site, Browser(site, user: "root"))
    }

    func post(_ b: Browser, _ path: String, _ fields: [(String, String)]) -> Response {
        let page = b.get(path.split(separator: "?")[0].description)
        return b.post(path, fields: fields + [("csrf", Browser.csrf(in: page))])
    }

    @Test func customStatusWithNamesPerLanguageAppearsOnTheDesk() throws {
        let (site, root) = try site()
        let r = post(root, "/admin/statuses", [("code", "parts_ordered"), ("name_en", "Parts ordered"), ("name_es", "Piezas pedidas"),
                                               ("position", "45"), ("colour", "#112233"), ("is_open", "1")])
        #expect(r.status == 303)
        #expect(try site.env.db.scalar("SELECT is_open FROM statuses WHERE code = 'parts_ordered'").int == 1)
        #expect(root.get("/desk/tickets").text.contains(">Parts ordered</option>"))
        #expect(post(root, "/admin/statuses", [("code", "parts_ordered"), ("colour", "#112233")]).status == 422, "codes are unique")
        #expect(post(root, "/admin/statuses", [("code", "Bad Code"), ("colour", "#112233")]).status == 422)
    }

    @Test func aStatusInUseCannotBeDeleted() throws {
        let (site, root) = try site()
        let customer = Browser(site)
        let form = customer.get("/new")
        _ = customer.post("/new", fields: NewTicketFlowTests.valid + [("csrf", Browser.csrf(in: form))])
        let open = try #require(try site.env.db.scalar("SELECT id FROM statuses WHERE code = 'open'").int)
        let r = post(root, "/admin/statuses/\(open)", [("do", "delete")])
        #expect(r.status == 422)
        #expect(try site.env.db.scalar("SELECT count(*) FROM statuses WHERE code = 'open'").int == 1)
    }

    @Test func projectsAndCustomers() throws {
        let (site, root) = try site()
        #expect(post(root, "/admin/projects", [("name", "Web nueva"), ("public", "1")]).status == 303)
        #expect(Browser(site).get("/new").text.contains(">Web nueva</option>"))
        #expect(post(root, "/admin/customers", [("name", "Hotel Sol"), ("email", "reservas@hotelsol.example")]).status == 303)
        let list = root.get("/admin/customers?q=sol")
        #expect(list.text.contains("reservas@hotelsol.example"))
        #expect(!root.get("/admin/customers?q=zzz").text.contains("hotelsol"))
        #expect(post(root, "/admin/customers", [("name", "Other"), ("email", "RESERVAS@hotelsol.example")]).status == 422)
    }

    @Test func addingAndTranslatingALanguageWritesItsFile() throws {
        let (site, root) = try site(ownLanguages: true)
        #expect(post(root, "/admin/languages", [("do", "add"), ("code", "pt"), ("name", "Português")]).status == 303)
        let text = try FileSystem.readText(site.env.paths.lang + "/pt.lang")
        #expect(text.contains("@name = Português"))
        let editor = root.get("/admin/languages?code=pt")
        #expect(editor.text.contains("data-key=\"form.subject\""))
        #expect(editor.text.contains("class=\"field missing\""), "untranslated texts are marked")
        let saved = root.post("/admin/languages", fields: [("do", "save"), ("code", "pt"), ("meta.name", "Português"),
                                                          ("k.form.subject", "Assunto"), ("k.home.lead", "Linha 1\r\nLinha 2"),
                                                          ("csrf", Browser.csrf(in: editor))])
        #expect(saved.status == 303)
        let file = try CatalogFile(parsing: try FileSystem.readText(site.env.paths.lang + "/pt.lang"))
        #expect(file.entries["form.subject"] == "Assunto")
        #expect(file.entries["home.lead"] == "Linha 1\nLinha 2")
        #expect(file.entries["form.name"] == nil, "empty texts fall back to English")
        // Every worker reloads: the public form now offers Portuguese and uses the new text.
        let page = Browser(site).get("/new?lang=pt")
        #expect(page.text.contains("<html lang=\"pt\">"))
        #expect(page.text.contains("Assunto"))
        #expect(page.text.contains("Name"), "missing texts show in English")
    }
}

/// After saving a new item the admin lands on that item — not on the id of the audit row
/// written in the same transaction (a bug the browser tests found).
@Suite struct AdminRedirectTests {
    @Test func newItemsRedirectToThemselves() throws {
        let site = try TestSite()
        try site.env.operators.upsert(username: "root", displayName: "Root", email: "", role: .admin, language: "en", now: 1)
        for i in 0..<5 { try site.env.audit.record(at: 1, operatorID: nil, actor: "x", action: "note", after: String(i), ip: "") }
        let root = Browser(site, user: "root")
        for (section, fields, table) in [
            ("snippets", [("title", "Hotel"), ("body", "<p>x</p>")], "snippets"),
            ("projects", [("name", "Web"), ("public", "1")], "projects"),
            ("customers", [("name", "Ana"), ("email", "ana@example.com")], "customers"),
        ] {
            let form = root.get("/admin/" + section)
            let r = root.post("/admin/" + section, fields: fields + [("csrf", Browser.csrf(in: form))])
            let id = try #require(try site.env.db.scalar("SELECT max(id) FROM " + table).int)
            #expect(r.header("Location") == "/admin/\(section)/\(id)?done=saved", "\(section)")
            #expect(root.get("/admin/\(section)/\(id)").status == 200)
        }
    }
}
