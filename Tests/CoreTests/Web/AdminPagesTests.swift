import Testing
@testable import Core

/// The administration pages, in-process: operators (with the server-auth file), groups,
/// templates, settings, and the audit log of those changes.
@Suite struct AdminPagesTests {
    func site() throws -> (TestSite, Browser) {
        let site = try TestSite()
        try site.env.operators.upsert(username: "root", displayName: "Root", email: "", role: .admin, language: "en", now: 1)
        try site.env.operators.upsert(username: "alice", displayName: "Alice", email: "", role: .operator_, language: "en", now: 1)
        return (site, Browser(site, user: "root"))
    }

    func post(_ b: Browser, _ path: String, _ fields: [(String, String)]) -> Response {
        let page = b.get(path)
        return b.post(path, fields: fields + [("csrf", Browser.csrf(in: page))])
    }

    @Test func addingAnOperatorWritesTheUserFileAndShowsAGeneratedPasswordOnce() throws {
        let (site, root) = try site()
        let r = post(root, "/admin/operators", [("username", "carla"), ("display_name", "Carla C"), ("email", "carla@example.com"),
                                                ("role", "operator"), ("language", "es"), ("signature", "<b>Carla</b><script>x</script>")])
        #expect(r.status == 200)
        let password = try #require(Browser.attribute(after: "id=\"new-password\">", in: r.text))
        #expect(password.count == 16)
        let file = HtpasswdFile(parsing: try FileSystem.readText(site.env.paths.userFile))
        let hash = try #require(file.hash(for: "carla"))
        #expect(hash.hasPrefix("$2y$"))
        #expect(PasswordHash.verify(password, hash: hash))
        let op = try #require(try site.env.operators.find(username: "carla"))
        #expect(op.language == "es")
        #expect(try site.env.operators.signature(id: op.id) == "<b>Carla</b>", "the signature is sanitized")
        #expect(try site.env.db.scalar("SELECT count(*) FROM audit_log WHERE action = 'operator_add'").int == 1)
    }

    @Test func invalidOperatorInputIsRefused() throws {
        let (site, root) = try site()
        #expect(post(root, "/admin/operators", [("username", "bad name"), ("display_name", "X")]).status == 422)
        #expect(post(root, "/admin/operators", [("username", "alice"), ("display_name", "X")]).status == 422, "taken")
        #expect(post(root, "/admin/operators", [("username", "zed"), ("display_name", "Z"), ("password", "short")]).status == 422)
        #expect(try site.env.operators.find(username: "zed") == nil)
    }

    @Test func passwordResetAndDisableListOpenTickets() throws {
        let (site, root) = try site()
        let alice = try #require(try site.env.operators.find(username: "alice"))
        let path = "/admin/operators/\(alice.id)"
        #expect(post(root, path, [("do", "password"), ("password", "n3w-secret!")]).status == 200)
        let hash = HtpasswdFile(parsing: try FileSystem.readText(site.env.paths.userFile)).hash(for: "alice") ?? ""
        #expect(PasswordHash.verify("n3w-secret!", hash: hash))
        // Give Alice an open ticket: disabling lists it and moves nothing.
        let customer = Browser(site)
        let form = customer.get("/new")
        _ = customer.post("/new", fields: NewTicketFlowTests.valid + [("csrf", Browser.csrf(in: form))])
        try site.env.db.execute("UPDATE tickets SET operator_id = ?", alice.id)
        let page = root.get(path)
        #expect(page.text.contains("id=\"open-tickets\""))
        #expect(post(root, path, [("do", "disable")]).status == 303)
        #expect(try site.env.operators.find(username: "alice")?.active == false)
        #expect(try site.env.db.scalar("SELECT operator_id FROM tickets").int == alice.id, "nothing is reassigned silently")
        #expect(Browser(site, user: "alice").get("/desk/").status == 403)
        let me = try #require(try site.env.operators.find(username: "root"))
        #expect(post(root, "/admin/operators/\(me.id)", [("do", "disable")]).status == 422, "no locking yourself out")
        #expect(post(root, path, [("do", "delete")]).status == 303)
        #expect(HtpasswdFile(parsing: try FileSystem.readText(site.env.paths.userFile)).hash(for: "alice") == nil)
    }

    @Test func groupsWithMembersGiveVisibility() throws {
        let (site, root) = try site()
        let alice = try #require(try site.env.operators.find(username: "alice"))
        #expect(post(root, "/admin/groups", [("name", "Reservas"), ("public", "1"), ("members", String(alice.id))]).status == 303)
        let group = try #require(try site.env.db.scalar("SELECT id FROM groups WHERE name = 'Reservas'").int)
        #expect(try site.env.db.scalar("SELECT count(*) FROM group_members WHERE group_id = ? AND operator_id = ?", group, alice.id).int == 1)
        #expect(Browser(site).get("/new").text.contains(">Reservas</option>"), "a public group appears on the form")
        #expect(post(root, "/admin/groups", [("name", "Reservas")]).status == 422, "names are unique")
    }

    @Test func templatesAreSanitizedAndOfferedOnTheDesk() throws {
        let (site, root) = try site()
        #expect(post(root, "/admin/templates", [("name", "Saludo"), ("language", ""),
                                                ("body", "<p onclick=\"x\">Hola {customer_name}</p><script>bad()</script>")]).status == 303)
        let body = try #require(try site.env.db.scalar("SELECT body_html FROM reply_templates").string)
        #expect(body.contains("Hola {customer_name}"))
        #expect(!body.contains("script") && !body.contains("onclick"))
    }

    @Test func settingsAreValidatedAndAudited() throws {
        let (site, root) = try site()
        var fields = SettingsAdmin.fields.map { ($0.key, site.env.settingsStore.loadValue($0.key)) }
        fields = fields.map { $0.0 == "organisation_name" ? ($0.0, "Hoteles Sol") : $0 }
        #expect(post(root, "/admin/settings", fields).status == 303)
        #expect(try site.env.settingsStore.get("organisation_name") == "Hoteles Sol")
        #expect(try site.env.db.scalar("SELECT after_value FROM audit_log WHERE action = 'settings'").string == "organisation_name=Hoteles Sol")
        let bad = fields.map { $0.0 == "attachment_max_files" ? ($0.0, "lots") : $0 }
        let r = post(root, "/admin/settings", bad)
        #expect(r.status == 422)
        #expect(r.text.contains("id=\"error-attachment_max_files\""))
    }

    @Test func operatorsCannotEnterAdministration() throws {
        let (site, _) = try site()
        let alice = Browser(site, user: "alice")
        for path in ["/admin/", "/admin/operators", "/admin/settings", "/admin/audit"] { #expect(alice.get(path).status == 403, "\(path)") }
        #expect(alice.post("/admin/operators", fields: [("username", "x"), ("display_name", "x")]).status == 403)
    }
}

extension SettingsStore {
    fileprivate func loadValue(_ key: String) -> String { (try? load().string(key)) ?? "" }
}

@Suite struct PreferencesTests {
    @Test func operatorsChooseTheirLanguageAndSignature() throws {
        let site = try TestSite()
        try site.env.operators.upsert(username: "alice", displayName: "Alice", email: "", role: .operator_, language: "en", now: 1)
        let alice = Browser(site, user: "alice")
        let form = alice.get("/desk/me")
        #expect(form.text.contains("<html lang=\"en\">"))
        #expect(alice.post("/desk/me", fields: [("language", "es"), ("signature", "<i>Alice</i><script>x</script>"),
                                                ("csrf", Browser.csrf(in: form))]).status == 303)
        #expect(alice.get("/desk/").text.contains("<html lang=\"es\">"), "the desk follows the operator's language")
        let op = try #require(try site.env.operators.find(username: "alice"))
        #expect(try site.env.operators.signature(id: op.id) == "<i>Alice</i>")
        #expect(alice.post("/desk/me", fields: [("language", "xx"), ("csrf", Browser.csrf(in: form))]).status == 422)
    }
}
