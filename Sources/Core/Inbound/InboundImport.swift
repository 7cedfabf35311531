/// One message's import, run by `InboundMailProcessor` inside its write transaction:
/// duplicate checks, our own mail looping back, bounces, then append or new ticket.
/// Throws `InboundRejection` for a message that cannot be imported (quarantine).
///
/// Edge cases: a duplicate that came with a mailbox id still records that id (as
/// 'duplicate'), so the fetcher never downloads it again; a bounce that names none of
/// our Message-IDs is recorded as ignored; Cc'd addresses of a new ticket (not the
/// sender) become participants, allowed to write into it by subject tag.
struct InboundImport {
    let env: Environment
    let settings: Settings
    let limits: InboundLimits
    let mail: ParsedMail
    let entry: InboundMailStore.Entry
    let existing: Int64?
    let now: Int64

    var db: Database { env.db }
    var store: InboundMailStore { InboundMailStore(db: env.db) }

    func run() throws -> InboundOutcome {
        if existing == nil, let uid = entry.mailboxUID, try store.seen(source: entry.source, mailboxUID: uid) { return .duplicate }
        if let id = mail.messageID, try store.seen(messageID: id, except: existing) {
            if existing == nil, entry.mailboxUID != nil { try record("duplicate") }
            return .duplicate
        }
        if let id = mail.messageID, SignedMessageID.verify(id, key: settings.secret) != nil {
            try record("ignored", error: "own_mail")
            return .ignored(reason: "own_mail")
        }
        let kind = AutoMessage.classify(headers: mail.headers.map { ($0.name, $0.value) }, from: mail.from,
                                        contentType: mail.header("content-type") ?? "")
        let threading = InboundThreading(db: db, key: settings.secret)
        // Before the sender check: some bounces come "From: MAILER-DAEMON <>".
        if kind == .bounce { return try bounce(threading) }
        guard let from = mail.from, let email = EmailAddress(from.address) else { throw InboundRejection(code: "no_sender") }
        if let match = try threading.ticket(for: mail) { return try append(to: match, from: from) }
        return try create(from: from, email: email, automatic: kind != .human)
    }

    private func record(_ status: String, error: String? = nil, ticketID: Int64? = nil, messageID: Int64? = nil) throws {
        try store.record(entry, existing: existing, status: status, error: error, ticketID: ticketID, messageID: messageID, now: now)
    }

    private func authorName(_ from: MailAddress) -> String {
        let name = String(from.name.singleLine().prefix(100))
        return name.isEmpty ? from.address : name
    }

    private var baseURL: String { settings.linkBase }

    /// A delivery failure: an event on the ticket whose mail failed, if it names one of ours.
    private func bounce(_ threading: InboundThreading) throws -> InboundOutcome {
        var ids = mail.inReplyTo + mail.references.reversed() + InboundThreading.quotedOwnIDs(in: mail.text)
        for a in mail.attachments where a.contentType.hasPrefix("message/") || a.contentType == "text/rfc822-headers" {
            ids += InboundThreading.quotedOwnIDs(in: String(decoding: a.bytes.prefix(65_536), as: UTF8.self))
        }
        guard let match = try threading.signedReference(ids) else {
            try record("ignored", error: "bounce")
            return .ignored(reason: "bounce")
        }
        let summary = String(String.UnicodeScalarView(mail.text.unicodeScalars.prefix(4000)))
        let messageID = try env.tickets.insertMessage(ticketID: match.ticketID, kind: .event, operatorID: nil,
                                                      authorName: mail.from.map(authorName) ?? "MAILER-DAEMON", body: summary,
                                                      source: "email", files: [], now: now,
                                                      mailMessageID: mail.messageID, eventCode: "bounce")
        try db.execute("UPDATE tickets SET updated_at = ? WHERE id = ?", now, match.ticketID)
        try record("imported", ticketID: match.ticketID, messageID: messageID)
        return .bounce(ticketID: match.ticketID)
    }

    private func append(to match: InboundThreading.Match, from: MailAddress) throws -> InboundOutcome {
        let ticket = try db.queryOne("SELECT language, subject FROM tickets WHERE id = ?", match.ticketID)
        let l = env.catalogs.localizer(ticket?.string("language") ?? settings.defaultLanguage)
        let body = InboundBody(mail: mail, stripQuotes: true, policy: settings.attachmentPolicy, l: l)
        let (text, html) = body.withNotes
        let messageID = try env.tickets.insertMessage(ticketID: match.ticketID, kind: .customer, operatorID: nil,
                                                      authorName: authorName(from), body: text, source: "email",
                                                      files: body.files, now: now, bodyHTML: html, mailMessageID: mail.messageID)
        try env.tickets.markCustomerActivity(ticketID: match.ticketID, now: now)
        if let number = TicketNumber(match.number) {
            let holder = try OperatorNotices.holder(env: env, ticketID: match.ticketID).map { [$0] } ?? []
            for notice in OperatorNotices.mails(env: env, settings: settings, baseURL: baseURL, key: "notify_operator", to: holder,
                                                number: number, ticketID: match.ticketID, customerName: authorName(from),
                                                subject: ticket?.string("subject") ?? "", message: text) {
                try OutboxStore(db: db).enqueue(notice, now: now)
            }
        }
        try record("imported", ticketID: match.ticketID, messageID: messageID)
        return .appended(ticketID: match.ticketID, number: match.number)
    }

    private func create(from: MailAddress, email: EmailAddress, automatic: Bool) throws -> InboundOutcome {
        let language = settings.defaultLanguage
        let l = env.catalogs.localizer(language)
        let body = InboundBody(mail: mail, stripQuotes: false, policy: settings.attachmentPolicy, l: l)
        let (text, html) = body.withNotes
        var input = NewTicketInput()
        input.name = authorName(from)
        input.email = email.value
        let subject = String(String.UnicodeScalarView(mail.subject.singleLine().unicodeScalars.prefix(NewTicketInput.Field.subject.maxLength)))
        input.subject = subject.isEmpty ? l.t("inbound.no_subject") : subject
        input.message = text

        let bucket = "mail-confirm:" + email.value.lowercased()
        let rates = RateLimitStore(db: db)
        let sentThisHour = try rates.count(bucket: bucket, window: InboundLimits.confirmationWindow, now: now)
        let confirm = !automatic && sentThisHour < limits.confirmationsPerHour
        let confirmation: ((TicketNumber, Int64) -> OutboxStore.Mail)? = confirm
            ? try ConfirmationMail.builder(env: env, settings: settings, baseURL: baseURL, input: input, email: email, language: language)
            : nil
        let inReplyTo = mail.messageID
        let notices = try OperatorNotices.newTicket(env: env, settings: settings, baseURL: baseURL, input: input, except: nil)
        var new = TicketStore.NewTicket(input: input, email: email, files: body.files, clientIP: "", language: language, source: "email")
        new.bodyHTML = html
        new.mailMessageID = mail.messageID
        let opened = try env.tickets.open(new, now: now, confirmation: { number, ticketID in
            guard var mail = confirmation?(number, ticketID) else { return nil }
            mail.inReplyTo = inReplyTo
            return mail
        }, notices: notices)
        if confirm { try rates.hit(bucket: bucket, window: InboundLimits.confirmationWindow, now: now) }

        for cc in mail.cc where cc.address.lowercased() != email.value.lowercased() {
            guard let address = EmailAddress(cc.address) else { continue }
            try db.execute("INSERT OR IGNORE INTO ticket_participants(ticket_id, email, name) VALUES (?, ?, ?)",
                           opened.id, address.value, String(cc.name.singleLine().prefix(100)))
        }
        try record("imported", ticketID: opened.id, messageID: opened.messageID)
        return .created(ticketID: opened.id, number: opened.number.value)
    }
}
