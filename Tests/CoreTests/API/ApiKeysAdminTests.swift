import Testing
@testable import Core

/// The admin page for API keys: a new key is shown once and works; revoking stops it;
/// both are in the audit log; bad input is refused without creating anything.
@Suite struct ApiKeysAdminTests {
    @Test func anAdminCreatesAKeyThatWorksAndRevokesIt() throws {
        let site = try TestSite()
        try site.env.operators.upsert(username: "root", displayName: "Root", email: "", role: .admin, language: "en", now: 1)
        let root = Browser(site, user: "root")
        let page = root.get("/admin/api-keys")
        #expect(page.status == 200)
        let created = root.post("/admin/api-keys", fields: [("name", "Contact form"), ("scope", "tickets:read"), ("csrf", Browser.csrf(in: page))])
        #expect(created.status == 200)
        let key = try #require(Browser.attribute(after: "id=\"new-api-key\">", in: created.text))
        #expect(key.hasPrefix("tq_"))
        #expect(!root.get("/admin/api-keys").text.contains(key), "shown once")
        let get = { site.request("GET", "/api/v1/tickets", headers: ["Authorization": "Bearer " + key]).status }
        #expect(get() == 200)
        let id = try #require(try site.env.db.scalar("SELECT id FROM api_keys").int)
        let list = root.get("/admin/api-keys")
        #expect(root.post("/admin/api-keys/\(id)", fields: [("do", "revoke"), ("csrf", Browser.csrf(in: list))]).status == 303)
        #expect(get() == 401)
        let actions = try site.env.db.query("SELECT action FROM audit_log ORDER BY id").map { $0.string("action") }
        #expect(actions == ["api_key_create", "api_key_revoke"])
    }

    @Test func aKeyNeedsANameAndAKnownScope() throws {
        let site = try TestSite()
        try site.env.operators.upsert(username: "root", displayName: "Root", email: "", role: .admin, language: "en", now: 1)
        let root = Browser(site, user: "root")
        for fields in [[("name", ""), ("scope", "tickets:read")], [("name", "x")], [("name", "x"), ("scope", "tickets:delete")]] {
            let page = root.get("/admin/api-keys")
            #expect(root.post("/admin/api-keys", fields: fields + [("csrf", Browser.csrf(in: page))]).status == 422)
        }
        #expect(try site.count("api_keys") == 0)
        let op = Browser(site, user: "alice")
        try site.env.operators.upsert(username: "alice", displayName: "Alice", email: "", role: .operator_, language: "en", now: 1)
        #expect(op.get("/admin/api-keys").status == 403, "operators cannot manage keys")
    }
}
