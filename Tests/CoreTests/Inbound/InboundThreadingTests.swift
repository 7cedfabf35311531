import Testing
@testable import Core

/// Which ticket a message lands on: new ticket, signed Message-ID, subject tag (only for
/// the customer or a participant), reopening, notices and reply threading headers.
@Suite struct InboundThreadingTests {
    @Test func aNewMessageOpensATicketWithConfirmationParticipantsAndThreadHeaders() throws {
        let s = try InboundSite()
        let raw = InboundSite.mail(messageID: "first@example.com",
                                   headers: ["Cc: Pedro <pedro@example.com>, lucia@example.com"])
        guard case .created(let ticketID, let number) = try s.pipe(raw) else { Issue.record("not created"); return }
        let t = try #require(try s.db.queryOne("SELECT source, subject, contact_name FROM tickets WHERE id = ?", ticketID))
        #expect(t.string("source") == "email")
        #expect(t.string("subject") == "Impresora rota")
        #expect(t.string("contact_name") == "Lucía Pérez")
        let confirmation = try #require(try s.db.queryOne("SELECT to_addr, in_reply_to, secret, subject FROM outbox WHERE kind = 'confirmation'"))
        #expect(confirmation.string("to_addr") == "lucia@example.com")
        #expect(confirmation.string("in_reply_to") == "first@example.com", "the confirmation answers the customer's mail")
        #expect(confirmation.optionalString("secret")?.isEmpty == false, "an access code, as for the web form")
        #expect(confirmation.string("subject").contains(number))
        #expect(try s.count("SELECT count(*) FROM ticket_participants WHERE ticket_id = ?", ticketID) == 1, "Cc'd, not the sender")
        #expect(try s.count("SELECT count(*) FROM ticket_participants WHERE email = 'pedro@example.com'") == 1)
        #expect(try s.count("SELECT count(*) FROM messages WHERE ticket_id = ? AND mail_message_id = 'first@example.com'", ticketID) == 1)
        #expect(try s.count("SELECT count(*) FROM inbound_mail WHERE status = 'imported' AND ticket_id = ?", ticketID) == 1)
    }

    @Test func aReplyToOurSignedMessageIDIsAppendedAndOperatorRepliesThreadBack() throws {
        let s = try InboundSite()
        guard case .created(let ticketID, let number) = try s.pipe(InboundSite.mail(messageID: "first@example.com")) else {
            Issue.record("not created"); return
        }
        let outboxID = try #require(try s.db.scalar("SELECT id FROM outbox WHERE kind = 'confirmation'").int)
        let ours = try s.markSent(outboxID: outboxID)
        let reply = InboundSite.mail(from: "someone-else@example.net", subject: "Re: algo", messageID: "second@example.com",
                                     headers: ["In-Reply-To: <\(ours)>", "References: <first@example.com> <\(ours)>"],
                                     body: "Sigue sin funcionar.\n\nOn Mon, 23 Nov 2026, Soporte wrote:\n> Hemos recibido su consulta\n")
        #expect(try s.pipe(reply) == .appended(ticketID: ticketID, number: number), "a signed id is trusted whoever sends it")
        let text = try #require(try s.db.scalar("SELECT body_text FROM messages WHERE mail_message_id = 'second@example.com'").string)
        #expect(text == "Sigue sin funcionar.", "quoted history stripped")

        // An operator reply now carries In-Reply-To/References to the conversation.
        try OutboxStore(db: s.db).enqueue(OutboxStore.Mail(kind: "reply", ticketID: ticketID, to: EmailAddress("lucia@example.com")!,
                                                           toName: "Lucía", subject: "Re", bodyText: "Hola"), now: 5)
        let thread = try #require(try s.db.scalar("SELECT in_reply_to FROM outbox WHERE kind = 'reply'").string)
        #expect(thread == ours + " second@example.com", "our last mail, then the customer's latest (In-Reply-To)")
    }

    @Test func aForgedMessageIDIsNotTrusted() throws {
        let s = try InboundSite()
        guard case .created(let ticketID, _) = try s.pipe(InboundSite.mail(messageID: "first@example.com")) else { Issue.record("no ticket"); return }
        let outboxID = try #require(try s.db.scalar("SELECT id FROM outbox WHERE kind = 'confirmation'").int)
        let forged = SignedMessageID.make(outboxID: outboxID, domain: "help.example.org", key: Array(repeating: 7, count: 32))
        let outcome = try s.pipe(InboundSite.mail(from: "mallory@evil.example", subject: "hola", messageID: "m2@evil.example",
                                                  headers: ["In-Reply-To: <\(forged)>"]))
        guard case .created(let other, _) = outcome else { Issue.record("expected a new ticket, got \(outcome)"); return }
        #expect(other != ticketID)
    }

    @Test func theSubjectTagCountsOnlyForTheCustomerAndParticipants() throws {
        let s = try InboundSite()
        guard case .created(let ticketID, let number) = try s.pipe(InboundSite.mail(headers: ["Cc: pedro@example.com"])) else {
            Issue.record("no ticket"); return
        }
        #expect(try s.pipe(InboundSite.mail(from: "LUCIA@example.com", subject: "Re: [#\(number)] Impresora", messageID: "a@x"))
                == .appended(ticketID: ticketID, number: number), "the customer, any letter case")
        #expect(try s.pipe(InboundSite.mail(from: "pedro@example.com", subject: "[# \(number) ] más datos", messageID: "b@x"))
                == .appended(ticketID: ticketID, number: number), "a participant")
        let stranger = try s.pipe(InboundSite.mail(from: "mallory@evil.example", subject: "Re: [#\(number)] x", messageID: "c@x"))
        guard case .created(let other, _) = stranger else { Issue.record("stranger appended: \(stranger)"); return }
        #expect(other != ticketID)
        #expect(try s.count("SELECT count(*) FROM messages WHERE ticket_id = ?", ticketID) == 3)
    }

    @Test func aReplyReopensAClosedTicketAndNotifiesTheHolder() throws {
        let s = try InboundSite()
        guard case .created(let ticketID, let number) = try s.pipe(InboundSite.mail()) else { Issue.record("no ticket"); return }
        try s.env.operators.upsert(username: "alice", displayName: "Alice", email: "alice@desk.example", role: .operator_, language: "en", now: 1)
        try s.db.execute("""
            UPDATE tickets SET operator_id = (SELECT id FROM operators WHERE username = 'alice'),
                status_id = (SELECT id FROM statuses WHERE code = 'closed'), closed_at = 1 WHERE id = ?
            """, ticketID)
        #expect(try s.pipe(InboundSite.mail(subject: "Re: [#\(number)]", messageID: "again@x", body: "Vuelve a fallar"))
                == .appended(ticketID: ticketID, number: number))
        let t = try #require(try s.db.queryOne("""
            SELECT s.code, t.closed_at FROM tickets t JOIN statuses s ON s.id = t.status_id WHERE t.id = ?
            """, ticketID))
        #expect(t.string("code") == "waiting_operator")
        #expect(t.optionalInt("closed_at") == nil)
        let notice = try #require(try s.db.queryOne("SELECT to_addr, body_text FROM outbox WHERE kind = 'notify_operator'"))
        #expect(notice.string("to_addr") == "alice@desk.example")
        #expect(notice.string("body_text").contains("Vuelve a fallar"))
        #expect(try s.count("SELECT count(*) FROM outbox WHERE kind = 'confirmation'") == 1, "no confirmation for a follow-up")
    }
}
