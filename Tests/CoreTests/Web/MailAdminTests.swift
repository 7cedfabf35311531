import Testing
@testable import Core

/// The admin mail page in-process: SMTP and mailbox settings (validated, audit-logged,
/// passwords write-only), the check buttons, and the outbox list with its retry button.
@Suite struct MailAdminTests {
    func site(_ settings: [String: String] = [:]) throws -> (TestSite, Browser) {
        let site = try TestSite(settings: ["form_min_seconds": "0"].merging(settings) { $1 })
        try site.env.operators.upsert(username: "root", displayName: "Root", email: "root@example.org", role: .admin, language: "en", now: 1)
        return (site, Browser(site, user: "root"))
    }

    static let valid: [(String, String)] = [
        ("mail_transport", "smtp"), ("smtp_host", "mail.example.org"), ("smtp_port", "587"), ("smtp_security", "starttls"),
        ("smtp_user", "help"), ("smtp_password", ""), ("smtp_tls_verify", "1"), ("smtp_from", "help@example.org"),
        ("support_address", "soporte@example.org"), ("sendmail_command", ""),
        ("mailbox_protocol", "imap"), ("mailbox_host", "imap.example.org"), ("mailbox_port", ""), ("mailbox_security", "tls"),
        ("mailbox_user", "soporte@example.org"), ("mailbox_password", "imap-secret-1"), ("mailbox_tls_verify", "1"),
        ("mailbox_folder", ""), ("mailbox_fetch_limit", "20"),
    ]

    func post(_ b: Browser, _ fields: [(String, String)]) -> Response {
        let page = b.get("/admin/mail")
        return b.post("/admin/mail", fields: fields + [("csrf", Browser.csrf(in: page))])
    }

    func setting(_ site: TestSite, _ key: String) throws -> String? { try site.env.settingsStore.get(key) }

    @Test func savingStoresEverySettingAndAuditsWithoutPasswords() throws {
        let (site, root) = try site(["smtp_password": "old-smtp-pass"])
        let r = post(root, Self.valid)
        #expect(r.status == 303)
        #expect(try setting(site, "smtp_host") == "mail.example.org")
        #expect(try setting(site, "mailbox_protocol") == "imap" && setting(site, "mailbox_fetch_limit") == "20")
        #expect(try setting(site, "smtp_password") == "old-smtp-pass", "an empty password field keeps the stored one")
        #expect(try setting(site, "mailbox_password") == "imap-secret-1")
        let audit = try site.env.db.query("SELECT before_value, after_value FROM audit_log WHERE action = 'settings'")
            .map { $0.string("before_value") + " " + $0.string("after_value") }.joined(separator: "\n")
        #expect(audit.contains("smtp_host=mail.example.org"))
        #expect(audit.contains("mailbox_password=(set)"))
        #expect(!audit.contains("imap-secret-1") && !audit.contains("old-smtp-pass"))
        let loaded = try #require(try MailboxSettings.load(try site.env.settingsStore.load()))
        #expect(loaded.port == 993 && loaded.security == .tls)
    }

    @Test func passwordsAreNeverShownAndCanBeCleared() throws {
        let (site, root) = try site(["smtp_password": "hunter2-very-secret", "smtp_host": "mail.example.org"])
        let page = root.get("/admin/mail")
        #expect(page.status == 200)
        #expect(!page.text.contains("hunter2-very-secret"))
        #expect(page.text.contains("id=\"clear-smtp_password\""))
        #expect(post(root, Self.valid + [("clear_smtp_password", "1")]).status == 303)
        #expect(try setting(site, "smtp_password") == "")
    }

    @Test(arguments: [("smtp_port", "70000"), ("smtp_host", "mail/example"), ("smtp_from", "not-an-address"),
                      ("mailbox_protocol", "uucp"), ("mailbox_fetch_limit", "0"), ("smtp_security", "ssl")])
    func badFieldsAreRefusedAndNothingIsSaved(key: String, value: String) throws {
        let (site, root) = try site()
        let r = post(root, Self.valid.map { $0.0 == key ? ($0.0, value) : $0 })
        #expect(r.status == 422)
        #expect(r.text.contains("id=\"error-\(key)\""))
        #expect(try setting(site, "smtp_host") == nil)
    }

    @Test func aCombinationMailFetchWouldRefuseIsNotSaved() throws {
        let (site, root) = try site()
        let r = post(root, Self.valid.map { $0.0 == "mailbox_user" ? ($0.0, "") : $0 })
        #expect(r.status == 422)
        #expect(r.text.contains("mailbox_user is not set"))
        #expect(try setting(site, "mailbox_protocol") == nil)
    }

    @Test func withoutCSRFTokenNothingChanges() throws {
        let (site, root) = try site()
        _ = root.get("/admin/mail")
        #expect(root.post("/admin/mail", fields: Self.valid).status == 422)
        #expect(try setting(site, "smtp_host") == nil)
    }

    @Test func operatorsWhoAreNotAdminsCannotSeeThePage() throws {
        let (site, _) = try site()
        try site.env.operators.upsert(username: "alice", displayName: "Alice", email: "", role: .operator_, language: "en", now: 1)
        #expect(Browser(site, user: "alice").get("/admin/mail").status == 403)
    }

    @Test func testMailGoesThroughTheConfiguredTransport() throws {
        let (site, root) = try site()  // no SMTP host: the development folder data/outbox-eml
        let r = post(root, [("do", "test_mail"), ("test_to", "someone@example.org")])
        #expect(r.status == 200)
        #expect(r.text.contains("id=\"check-result\""))
        #expect(r.text.contains("was accepted"))
        let files = try FileSystem.list(site.env.paths.data + "/outbox-eml")
        #expect(files.count == 1)
        #expect(try site.env.db.scalar("SELECT count(*) FROM audit_log WHERE action = 'mail_test'").int == 1)
    }

    @Test func testMailboxReportsMissingSettingsAndUnreachableServers() throws {
        let (site, root) = try site()
        #expect(post(root, [("do", "test_mailbox")]).text.contains("No mailbox is configured"))
        for (key, value) in [("mailbox_protocol", "pop3"), ("mailbox_host", "127.0.0.1"), ("mailbox_port", "1"), ("mailbox_user", "x")] {
            try site.env.settingsStore.set(key, value)
        }
        let r = post(root, [("do", "test_mailbox")])
        #expect(r.status == 200)
        #expect(r.text.contains("The mailbox could not be read"))
        #expect(r.text.contains("pop3://127.0.0.1:1"))
    }

    func queue(_ site: TestSite, status: String, body: String, secret: String?) throws -> Int64 {
        try site.env.db.write {
            try site.env.db.execute("""
                INSERT INTO outbox(kind, to_addr, subject, body_text, secret, status, attempts, next_attempt_at, last_error, created_at)
                VALUES ('confirmation', 'carmen@example.com', 'Hello', ?, ?, ?, 14, 5, '550 5.1.1 no such user', 1)
                """, body, secret, status)
            return site.env.db.lastInsertID
        }
    }

    @Test func failedMailIsListedWithTheServersAnswerAndCanBeRetried() throws {
        let (site, root) = try site()
        let id = try queue(site, status: "failed", body: "Your ticket.", secret: nil)
        let page = root.get("/admin/mail")
        #expect(page.text.contains("id=\"outbox-\(id)\""))
        #expect(page.text.contains("550 5.1.1 no such user"))
        let r = post(root, [("do", "retry"), ("id", String(id))])
        #expect(r.status == 303)
        let row = try #require(try site.env.db.queryOne("SELECT status, attempts FROM outbox WHERE id = ?", id))
        #expect(row.string("status") == "queued" && row.int("attempts") == 0)
        #expect(try site.env.db.scalar("SELECT count(*) FROM audit_log WHERE action = 'outbox_retry'").int == 1)
        #expect(post(root, [("do", "retry"), ("id", String(id))]).status == 303)
        #expect(try site.env.db.scalar("SELECT count(*) FROM audit_log WHERE action = 'outbox_retry'").int == 1, "not failed any more")
    }

    @Test func aConfirmationWithoutItsCodeIsNotRetried() throws {
        let (site, root) = try site()
        let id = try queue(site, status: "failed", body: "Your code: {access_code}", secret: nil)
        let r = post(root, [("do", "retry"), ("id", String(id))])
        #expect(r.headers.contains { $0.name == "Location" && $0.value.contains("retry_no_code") })
        #expect(try site.env.db.scalar("SELECT status FROM outbox WHERE id = ?", id).string == "failed")
    }
}
