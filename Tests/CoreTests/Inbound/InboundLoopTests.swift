import Testing
@testable import Core

/// Duplicates, automatic mail, bounces and the confirmation throttle.
@Suite struct InboundLoopTests {
    @Test func theSameMessageIDOrMailboxUIDIsImportedOnce() throws {
        let s = try InboundSite()
        let raw = InboundSite.mail(messageID: "once@example.com")
        guard case .created = try s.pipe(raw, uid: "u1", source: .pop3) else { Issue.record("not created"); return }
        #expect(try s.pipe(raw, uid: "u1", source: .pop3) == .duplicate, "same UID")
        #expect(try s.pipe(raw, uid: "u2", source: .pop3) == .duplicate, "same Message-ID, other UID")
        #expect(try s.pipe(raw) == .duplicate, "same Message-ID by pipe")
        #expect(try s.count("SELECT count(*) FROM tickets") == 1)
        #expect(try s.count("SELECT count(*) FROM outbox WHERE kind = 'confirmation'") == 1)
        #expect(try s.count("SELECT count(*) FROM inbound_mail WHERE status = 'duplicate' AND mailbox_uid = 'u2'") == 1,
                "the new UID is remembered")
        // Same UID on another source is another message.
        guard case .created = try s.pipe(InboundSite.mail(messageID: "other@example.com"), uid: "u1", source: .imap) else {
            Issue.record("imap u1 refused"); return
        }
    }

    @Test func automaticMailGetsNoConfirmation() throws {
        let s = try InboundSite()
        for (i, header) in ["Auto-Submitted: auto-replied", "Precedence: bulk", "X-Autoreply: yes", "List-Id: <news.example.com>"].enumerated() {
            guard case .created = try s.pipe(InboundSite.mail(from: "robot\(i)@example.com", messageID: "auto\(i)@x", headers: [header])) else {
                Issue.record("\(header) not imported"); continue
            }
        }
        #expect(try s.count("SELECT count(*) FROM tickets") == 4, "kept for the operators")
        #expect(try s.count("SELECT count(*) FROM outbox WHERE kind = 'confirmation'") == 0, "but never answered")
    }

    @Test func aBounceForOurMailBecomesAnEventOtherwiseItIsIgnored() throws {
        let s = try InboundSite()
        guard case .created(let ticketID, _) = try s.pipe(InboundSite.mail()) else { Issue.record("no ticket"); return }
        let outboxID = try #require(try s.db.scalar("SELECT id FROM outbox WHERE kind = 'confirmation'").int)
        let ours = try s.markSent(outboxID: outboxID)
        let outboxBefore = try s.count("SELECT count(*) FROM outbox")
        let bounce = Array("""
            From: Mail Delivery System <MAILER-DAEMON@mx.example.com>\r
            To: soporte@help.example.org\r
            Subject: Undelivered Mail Returned to Sender\r
            Message-ID: <bounce1@mx.example.com>\r
            MIME-Version: 1.0\r
            Content-Type: multipart/report; report-type=delivery-status; boundary="r"\r
            \r
            --r\r
            Content-Type: text/plain\r
            \r
            The mail system could not deliver your message to lucia@example.com: mailbox full.\r
            --r\r
            Content-Type: message/delivery-status\r
            \r
            Reporting-MTA: dns; mx.example.com\r
            \r
            Final-Recipient: rfc822; lucia@example.com\r
            Action: failed\r
            Status: 5.2.2\r
            --r\r
            Content-Type: text/rfc822-headers\r
            \r
            From: Soporte <soporte@help.example.org>\r
            Message-ID: <\(ours)>\r
            Subject: Ticket\r
            --r--\r

            """.utf8)
        #expect(try s.pipe(bounce) == .bounce(ticketID: ticketID))
        let event = try #require(try s.db.queryOne("SELECT kind, event_code, body_text FROM messages WHERE ticket_id = ? AND kind = 'event'", ticketID))
        #expect(event.string("event_code") == "bounce")
        #expect(event.string("body_text").contains("mailbox full"))
        #expect(try s.count("SELECT count(*) FROM outbox") == outboxBefore, "nothing sent about a bounce")

        let stray = InboundSite.mail(from: "MAILER-DAEMON@mx.example.com", subject: "failure", messageID: "bounce2@mx.example.com",
                                     body: "Could not deliver <unknown@elsewhere>")
        #expect(try s.pipe(stray) == .ignored(reason: "bounce"))
        #expect(try s.count("SELECT count(*) FROM inbound_mail WHERE status = 'ignored' AND mail_message_id = 'bounce2@mx.example.com'") == 1)
        #expect(try s.count("SELECT count(*) FROM tickets") == 1)
    }

    @Test func ourOwnMailLoopingBackIsIgnored() throws {
        let s = try InboundSite()
        _ = try s.pipe(InboundSite.mail())
        let ours = try s.markSent(outboxID: try #require(try s.db.scalar("SELECT id FROM outbox").int))
        #expect(try s.pipe(InboundSite.mail(from: "soporte@help.example.org", messageID: ours)) == .ignored(reason: "own_mail"))
        #expect(try s.count("SELECT count(*) FROM tickets") == 1)
    }

    @Test func confirmationsPerSenderAreThrottled() throws {
        let s = try InboundSite(settings: ["form_min_seconds": "0", "mail_confirmations_per_hour": "2"])
        for i in 0..<4 {
            guard case .created = try s.pipe(InboundSite.mail(subject: "Consulta \(i)", messageID: "t\(i)@example.com")) else {
                Issue.record("message \(i) not imported"); return
            }
        }
        #expect(try s.count("SELECT count(*) FROM tickets") == 4, "every message is kept")
        #expect(try s.count("SELECT count(*) FROM outbox WHERE kind = 'confirmation'") == 2, "only two confirmations this hour")
        _ = try s.pipe(InboundSite.mail(from: "otra@example.com", messageID: "o@example.com"))
        #expect(try s.count("SELECT count(*) FROM outbox WHERE kind = 'confirmation'") == 3, "per sender")
        s.site.clock.now += 3600
        _ = try s.pipe(InboundSite.mail(subject: "Mañana", messageID: "t9@example.com"))
        #expect(try s.count("SELECT count(*) FROM outbox WHERE kind = 'confirmation'") == 4, "a new hour, a new allowance")
    }
}

/// A temporary failure imports nothing and says so by throwing; the retry imports once.
@Suite struct InboundTemporaryFailureTests {
    @Test func aLockedDatabaseThrowsAndTheRetryImportsOnce() throws {
        let s = try InboundSite()
        let impatient = Environment(db: try Database(path: s.env.paths.database, busyTimeoutMilliseconds: 20),
                                    catalogs: s.env.catalogs, paths: s.env.paths, log: s.env.log, clock: s.env.clock)
        let raw = InboundSite.mail(messageID: "locked@example.com")
        try s.db.execute("BEGIN IMMEDIATE")
        var thrown: Error?
        do { _ = try InboundMailProcessor(env: impatient).process(raw: raw, source: .imap, mailboxUID: "7") } catch { thrown = error }
        try s.db.execute("ROLLBACK")
        let error = try #require(thrown, "a locked database must not look like success")
        #expect(InboundFailure.isTemporary(error))
        #expect(try s.count("SELECT count(*) FROM inbound_mail") == 0)
        guard case .created = try InboundMailProcessor(env: impatient).process(raw: raw, source: .imap, mailboxUID: "7") else {
            Issue.record("retry not imported"); return
        }
        #expect(try InboundMailProcessor(env: impatient).process(raw: raw, source: .imap, mailboxUID: "7") == .duplicate)
        #expect(try s.count("SELECT count(*) FROM tickets") == 1)
        #expect(try s.count("SELECT count(*) FROM outbox WHERE kind = 'confirmation'") == 1)
    }
}
