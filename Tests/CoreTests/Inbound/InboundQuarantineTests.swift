import Testing
@testable import Core

/// Messages that cannot be imported are kept, listed for admins, and can be processed again.
@Suite struct InboundQuarantineTests {
    @Test func anOversizeMessageIsQuarantinedAndImportedAfterTheLimitIsRaised() throws {
        let s = try InboundSite(settings: ["form_min_seconds": "0", "mail_max_bytes": "2000"])
        let raw = InboundSite.mail(subject: "Grande", messageID: "big@example.com", body: String(repeating: "x", count: 5000))
        guard case .quarantined(let id, let reason) = try s.pipe(raw) else { Issue.record("not quarantined"); return }
        #expect(reason == "too_large")
        let row = try #require(try InboundMailStore(db: s.db).find(id: id))
        #expect(row.from == "lucia@example.com" && row.subject == "Grande", "named from the header alone")
        #expect(try s.env.rawMailFiles.read(sha256: row.sha256) == raw, "the raw file is kept")
        #expect(try s.count("SELECT count(*) FROM tickets") == 0)
        #expect(try s.pipe(raw) == .duplicate, "a second delivery is not quarantined twice")

        #expect(try s.processor.reprocess(inboundID: id) == .quarantined(inboundID: id, reason: "too_large"), "still too large")
        try SettingsStore(db: s.db).set("mail_max_bytes", "100000")
        guard case .created(let ticketID, _) = try s.processor.reprocess(inboundID: id) else { Issue.record("not imported"); return }
        let after = try #require(try InboundMailStore(db: s.db).find(id: id))
        #expect(after.status == "imported" && after.ticketID == ticketID, "the same row, updated")
        #expect(try s.count("SELECT count(*) FROM inbound_mail") == 1)
        #expect(try s.processor.reprocess(inboundID: id) == nil, "only quarantined rows are processed again")
    }

    @Test func aMessageWithoutSenderIsQuarantined() throws {
        let s = try InboundSite()
        let garbage: [UInt8] = [0, 1, 2, 255, 254] + Array("not a mail at all\r\n".utf8)
        guard case .quarantined(_, let reason) = try s.pipe(garbage) else { Issue.record("not quarantined"); return }
        #expect(reason == "no_sender")
        guard case .quarantined(_, let again) = try s.pipe(InboundSite.mail(from: "undisclosed", messageID: "nofrom@x")) else {
            Issue.record("not quarantined"); return
        }
        #expect(again == "no_sender")
        #expect(try s.count("SELECT count(*) FROM inbound_mail WHERE status = 'quarantined'") == 2)
    }

    @Test func theAdminPageListsDownloadsReprocessesAndDiscardsWithAudit() throws {
        let s = try InboundSite(settings: ["form_min_seconds": "0", "mail_max_bytes": "1500"])
        try s.env.operators.upsert(username: "root", displayName: "Root", email: "", role: .admin, language: "en", now: 1)
        try s.env.operators.upsert(username: "alice", displayName: "Alice", email: "", role: .operator_, language: "en", now: 1)
        let big = InboundSite.mail(subject: "<b>Grande</b>", messageID: "big@x", body: String(repeating: "y", count: 3000))
        guard case .quarantined(let first, _) = try s.pipe(big) else { Issue.record("not quarantined"); return }
        guard case .quarantined(let second, _) = try s.pipe(InboundSite.mail(subject: "Otro", messageID: "big2@x",
                                                                              body: String(repeating: "z", count: 3000))) else {
            Issue.record("not quarantined"); return
        }
        let admin = Browser(s.site, user: "root")
        let page = admin.get("/admin/quarantine")
        #expect(page.status == 200)
        #expect(page.text.contains("&lt;b&gt;Grande&lt;/b&gt;"), "subject escaped")
        #expect(page.text.contains("Larger than the mail size limit"))
        #expect(Browser(s.site, user: "alice").get("/admin/quarantine").status == 403, "admins only")

        let download = admin.get("/admin/quarantine/\(first)")
        #expect(download.status == 200)
        #expect(download.header("Content-Disposition")?.hasPrefix("attachment") == true)
        #expect(download.header("Content-Type")?.hasPrefix("text/plain") == true)
        #expect(download.body == big)

        #expect(admin.post("/admin/quarantine/\(first)", fields: [("do", "discard")]).status != 303, "no CSRF token, no change")
        try SettingsStore(db: s.db).set("mail_max_bytes", "100000")
        let csrf = Browser.csrf(in: admin.get("/admin/quarantine"))
        let done = admin.post("/admin/quarantine/\(first)", fields: [("do", "reprocess"), ("csrf", csrf)])
        #expect(done.status == 303)
        #expect(try s.count("SELECT count(*) FROM tickets WHERE subject = '<b>Grande</b>'") == 1)
        #expect(admin.post("/admin/quarantine/\(second)", fields: [("do", "discard"), ("csrf", csrf)]).status == 303)
        #expect(try InboundMailStore(db: s.db).find(id: second)?.status == "ignored")
        #expect(try s.count("SELECT count(*) FROM tickets") == 1, "discarded, not imported")
        #expect(admin.get("/admin/quarantine").text.contains("No mail in quarantine."))
        #expect(try s.count("SELECT count(*) FROM audit_log WHERE action IN ('quarantine_reprocessed', 'quarantine_discarded') AND actor = 'root'") == 2)
    }
}
