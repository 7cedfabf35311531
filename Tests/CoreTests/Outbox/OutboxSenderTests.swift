import Glibc
import Testing
@testable import Core

/// A transport that keeps what it was given and answers from a script (then "250 ok").
final class RecordingTransport: MailTransport {
    var answers: [DeliveryResult]
    var delivered: [OutgoingMessage] = []
    var onDeliver: () -> Void = {}

    init(_ answers: [DeliveryResult] = []) { self.answers = answers }

    func deliver(_ message: OutgoingMessage) -> DeliveryResult {
        delivered.append(message)
        onDeliver()
        return answers.isEmpty ? .sent(answer: "250 ok") : answers.removeFirst()
    }

    var summary: String { "recording" }
}

/// The outbox sender on a real site: tickets opened through the web form, rows in the
/// real schema, messages as the transport receives them.
@Suite struct OutboxSenderTests {
    static let settings = OutgoingMailSettings(
        transport: .directory(path: "/nonexistent"), from: MailAddress(name: "Ejemplo S.L.", address: "help@example.org"),
        replyTo: MailAddress(name: "Ejemplo S.L.", address: "soporte@example.org"), domain: "example.org")

    func sender(_ site: TestSite, _ transport: RecordingTransport) throws -> OutboxSender {
        OutboxSender(db: site.env.db, attachments: AttachmentFiles(directory: site.env.paths.attachments), settings: Self.settings,
                     key: try SettingsStore(db: site.env.db).load().secret, transport: transport)
    }

    /// Opens a ticket through the form; returns the access code shown to the customer.
    func openTicket(_ site: TestSite, email: String = "lucia@example.com",
                    files: [(name: String, filename: String, bytes: [UInt8])] = []) throws -> String {
        let browser = Browser(site)
        let form = browser.get("/new")
        let fields = NewTicketFlowTests.valid.map { $0.0 == "email" ? ("email", email) : $0 }
        let page = browser.post("/new", fields: fields + [("csrf", Browser.csrf(in: form)), ("website", "")], files: files)
        try #require(page.status == 200)
        let text = page.text
        let start = try #require(text.firstRange(of: "id=\"access-code\""))
        let open = try #require(text[start.upperBound...].firstIndex(of: ">"))
        let rest = text[text.index(after: open)...]
        return String(rest.prefix { $0 != "<" })
    }

    func row(_ site: TestSite, _ id: Int64 = 1) throws -> Row {
        try #require(try site.env.db.queryOne("SELECT * FROM outbox WHERE id = ?", id))
    }

    @discardableResult
    func enqueue(_ site: TestSite, kind: String = "reply", html: String? = nil, secret: String? = nil) throws -> Int64 {
        try OutboxStore(db: site.env.db).enqueue(OutboxStore.Mail(
            kind: kind, ticketID: nil, to: EmailAddress("cliente@example.com")!, toName: "Cliente",
            subject: "[#12345678] Re: impresora", bodyText: "Su código: {access_code}\nSaludos", bodyHTML: html, secret: secret),
            now: site.clock.now)
    }

    @Test func confirmationIsAssembledSentAndTheSecretCleared() throws {
        let site = try TestSite()
        let pdf = (0..<5000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let code = try openTicket(site, files: [("files", "informe.pdf", pdf)])
        try #require(code.count == 31)
        #expect(try row(site).string("secret") == code)
        // The confirmation carries the customer's message with its attachment.
        let messageID = try #require(try site.env.db.scalar("SELECT id FROM messages").int)
        try site.env.db.execute("UPDATE outbox SET message_id = ? WHERE id = 1", messageID)

        let transport = RecordingTransport()
        let report = try sender(site, transport).run(clock: { site.clock.now })
        #expect(report.sent == 1 && report.retried == 0 && report.failed == 0)
        let message = try #require(transport.delivered.first)
        #expect(message.envelopeFrom == "help@example.org" && message.recipients == ["lucia@example.com"])

        let raw = message.bytes
        for (index, byte) in raw.enumerated() {
            if byte == 0x0A { #expect(index > 0 && raw[index - 1] == 0x0D, "bare LF at \(index)") }
            if byte == 0x0D { #expect(index + 1 < raw.count && raw[index + 1] == 0x0A, "bare CR at \(index)") }
        }
        let lines = raw.split(separator: 0x0A, omittingEmptySubsequences: false)
        #expect(lines.allSatisfy { $0.count <= 999 }, "a line longer than 998 bytes")
        let head = String(decoding: raw, as: UTF8.self).components("\r\n\r\n")
        for header in ["From: \"Ejemplo S.L.\" <help@example.org>", "Reply-To: \"Ejemplo S.L.\" <soporte@example.org>",
                       "Auto-Submitted: auto-replied", "X-Auto-Response-Suppress: All", "Date: ", "Message-ID: <taquilla.1.",
                       "MIME-Version: 1.0"] {
            #expect(head.contains("\r\n" + header) || head.hasPrefix(header), "missing \(header)")
        }

        let parsed = MIMEParser.parse(raw)
        #expect(parsed.to.map(\.address) == ["lucia@example.com"])
        #expect(parsed.subject.hasPrefix("[#") && parsed.subject.hasSuffix("La impresora no imprime"))
        #expect(parsed.text.contains(code) && !parsed.text.contains("{access_code}"))
        #expect(parsed.attachments.map(\.filename) == ["informe.pdf"])
        #expect(parsed.attachments.first?.bytes == pdf)
        let key = try SettingsStore(db: site.env.db).load().secret
        #expect(SignedMessageID.verify(try #require(parsed.messageID), key: key) == 1)

        let stored = try row(site)
        #expect(stored.string("status") == "sent" && stored.int("attempts") == 1 && stored.int("sent_at") == site.clock.now)
        #expect(stored["secret"] == .null)
        #expect(stored.string("mail_message_id") == parsed.messageID)
    }

    @Test func htmlGetsTheEscapedSecretAndRepliesAreNotMarkedAutomatic() throws {
        let site = try TestSite()
        try enqueue(site, html: "<p>Código: {access_code}</p>", secret: "A&B<1>")
        try site.env.db.execute("UPDATE outbox SET in_reply_to = ? WHERE id = 1", "<first@example.net> <second@example.net>")
        try enqueue(site, kind: "notify_group")
        let transport = RecordingTransport()
        _ = try sender(site, transport).run(clock: { site.clock.now })
        try #require(transport.delivered.count == 2)

        let reply = MIMEParser.parse(transport.delivered[0].bytes)
        #expect(reply.text.contains("Su código: A&B<1>"))
        #expect(reply.html?.contains("<p>Código: A&amp;B&lt;1&gt;</p>") == true)
        #expect(reply.inReplyTo == ["second@example.net"])
        #expect(reply.references == ["first@example.net", "second@example.net"])
        #expect(!reply.headers.contains { $0.name.lowercased() == "auto-submitted" })

        let notice = MIMEParser.parse(transport.delivered[1].bytes)
        #expect(notice.headers.contains { $0.name == "Auto-Submitted" && $0.value == "auto-generated" })
        #expect(notice.headers.contains { $0.name == "X-Auto-Response-Suppress" && $0.value == "All" })
        // Without a secret the placeholder stays as written.
        #expect(notice.text.contains("{access_code}"))
    }

    @Test func temporaryFailuresBackOffAndADownTransportStopsTheRun() throws {
        let site = try TestSite()
        for _ in 0..<3 { try enqueue(site, secret: "CODE") }
        let transport = RecordingTransport([.retry("451 4.3.0 later", transportDown: false),
                                            .retry("smtp://x: Couldn't connect to server", transportDown: true)])
        let report = try sender(site, transport).run(clock: { site.clock.now })
        #expect(report.retried == 2 && report.sent == 0 && report.transportDown)
        #expect(transport.delivered.count == 2)
        let first = try row(site, 1), second = try row(site, 2), third = try row(site, 3)
        #expect(first.string("status") == "queued" && first.int("attempts") == 1)
        #expect(first.int("next_attempt_at") == site.clock.now + 60 && first.string("last_error") == "451 4.3.0 later")
        #expect(first.string("secret") == "CODE")
        #expect(second.string("status") == "queued" && second.int("attempts") == 1 && second.string("last_error").contains("connect"))
        #expect(third.string("status") == "queued" && third.int("attempts") == 0 && third["last_error"] == .null)

        // Not due yet: nothing is tried. Due: the same Message-ID is used again.
        let again = RecordingTransport()
        _ = try sender(site, again).run(clock: { site.clock.now + 59 })
        #expect(again.delivered.map(\.outboxID) == [3])
        _ = try sender(site, again).run(clock: { site.clock.now + 60 })
        #expect(again.delivered.map(\.outboxID) == [3, 1, 2])
        #expect(again.delivered[1].messageID == transport.delivered[0].messageID)
        let resent = try row(site, 1)
        #expect(resent.string("status") == "sent" && resent.int("attempts") == 2)
    }

    @Test func permanentFailureFailsAndClearsTheSecret() throws {
        let site = try TestSite()
        try enqueue(site, secret: "CODE")
        let transport = RecordingTransport([.failed("550 5.1.1 no such user")])
        let report = try sender(site, transport).run(clock: { site.clock.now })
        #expect(report.failed == 1)
        let stored = try row(site)
        #expect(stored.string("status") == "failed" && stored.string("last_error") == "550 5.1.1 no such user")
        #expect(stored["secret"] == .null && stored["sent_at"] == .null)
    }

    @Test func theLastScheduledFailureGivesUp() throws {
        let site = try TestSite()
        try enqueue(site, secret: "CODE")
        try site.env.db.execute("UPDATE outbox SET attempts = 13 WHERE id = 1")
        let report = try sender(site, RecordingTransport([.retry("451 still busy", transportDown: false)])).run(clock: { site.clock.now })
        #expect(report.failed == 1 && report.retried == 0)
        let stored = try row(site)
        #expect(stored.string("status") == "failed" && stored.int("attempts") == 14)
        #expect(stored.string("last_error") == "gave up after 14 attempts: 451 still busy" && stored["secret"] == .null)
    }

    @Test func rowsLeftSendingByADeadRunGoBackToTheQueue() throws {
        let site = try TestSite()
        try enqueue(site)
        try enqueue(site)
        let now = site.clock.now
        try site.env.db.execute("UPDATE outbox SET status = 'sending', next_attempt_at = ? WHERE id = 1", now - 601)
        try site.env.db.execute("UPDATE outbox SET status = 'sending', next_attempt_at = ? WHERE id = 2", now - 599)
        let transport = RecordingTransport()
        let report = try sender(site, transport).run(clock: { now })
        #expect(report.recovered == 1 && transport.delivered.isEmpty)
        let stale = try row(site, 1)
        #expect(stale.string("status") == "queued" && stale.int("attempts") == 1 && stale.int("next_attempt_at") == now + 60)
        #expect(stale.string("last_error").contains("stopped before finishing"))
        #expect(try row(site, 2).string("status") == "sending")
    }

    @Test func aMissingAttachmentFileIsATemporaryFailure() throws {
        let site = try TestSite()
        _ = try openTicket(site, files: [("files", "a.txt", utf8("attached"))])
        let messageID = try #require(try site.env.db.scalar("SELECT id FROM messages").int)
        try site.env.db.execute("UPDATE outbox SET message_id = ? WHERE id = 1", messageID)
        let sha = try #require(try site.env.db.scalar("SELECT sha256 FROM attachments").string)
        unlink(AttachmentFiles(directory: site.env.paths.attachments).path(sha256: sha)!)
        let transport = RecordingTransport()
        let report = try sender(site, transport).run(clock: { site.clock.now })
        #expect(report.retried == 1 && !report.transportDown && transport.delivered.isEmpty)
        #expect(try row(site).string("last_error").hasPrefix("attachment file missing: a.txt"))
    }

    @Test func onceLeavesMailQueuedDuringTheRunForTheNextOne() throws {
        let site = try TestSite()
        try enqueue(site)
        let transport = RecordingTransport()
        transport.onDeliver = { if transport.delivered.count == 1 { _ = try? self.enqueue(site) } }
        _ = try sender(site, transport).run(once: true, clock: { site.clock.now })
        #expect(transport.delivered.map(\.outboxID) == [1])
        _ = try sender(site, transport).run(clock: { site.clock.now })
        #expect(transport.delivered.map(\.outboxID) == [1, 2])
    }

    @Test func aRowIsClaimedByOneConnectionOnly() throws {
        let site = try TestSite()
        try enqueue(site)
        let other = try Database(path: site.env.paths.database)
        let first = try OutboxStore(db: site.env.db).claimNext(now: site.clock.now) { _ in "a@example.org" }
        let second = try OutboxStore(db: other).claimNext(now: site.clock.now) { _ in "b@example.org" }
        #expect(first?.id == 1 && second == nil)
        #expect(try row(site).string("mail_message_id") == "a@example.org")
    }

    @Test func aSecondRunFindsTheLockTaken() throws {
        let site = try TestSite()
        try enqueue(site)
        let path = site.directory + "/run/mail-send.lock"
        let transport = RecordingTransport()
        do {
            let held = try #require(try RunLock.acquire(path: path))
            #expect(try RunLock.acquire(path: path) == nil)
            #expect(try sender(site, transport).run(lockPath: path, clock: { site.clock.now }) == nil)
            #expect(transport.delivered.isEmpty)
            withExtendedLifetime(held) {}
        }
        // Released with its owner: the next run gets the lock and sends.
        #expect(try sender(site, transport).run(lockPath: path, clock: { site.clock.now })?.sent == 1)
    }
}

extension String {
    /// The part before the first `separator` (the whole string when absent).
    fileprivate func components(_ separator: String) -> String {
        guard let range = firstRange(of: separator) else { return self }
        return String(self[..<range.lowerBound])
    }
}
