/// The queue of outgoing mail. Rows are written inside the transaction of the change
/// they report; the mail sender (a separate command) picks them up.
public struct OutboxStore {
    let db: Database

    public init(db: Database) { self.db = db }

    /// A mail ready to queue. `secret` is substituted for `{access_code}` at send time.
    public struct Mail: Sendable {
        public var kind: String
        public var ticketID: Int64?
        public var messageID: Int64?
        public var to: EmailAddress
        public var toName: String
        public var subject: String
        public var bodyText: String
        public var bodyHTML: String?
        public var secret: String?
        /// Message-IDs this mail answers, oldest first, space-separated; nil lets `enqueue`
        /// find them for a reply (see `OutboxStore+Thread.swift`).
        public var inReplyTo: String?

        public init(kind: String, ticketID: Int64?, messageID: Int64? = nil, to: EmailAddress, toName: String,
                    subject: String, bodyText: String, bodyHTML: String? = nil, secret: String? = nil, inReplyTo: String? = nil) {
            self.inReplyTo = inReplyTo
            self.kind = kind
            self.ticketID = ticketID
            self.messageID = messageID
            self.to = to
            self.toName = toName
            self.subject = subject
            self.bodyText = bodyText
            self.bodyHTML = bodyHTML
            self.secret = secret
        }
    }

    @discardableResult
    public func enqueue(_ mail: Mail, now: Int64) throws -> Int64 {
        try db.execute("""
            INSERT INTO outbox(kind, ticket_id, message_id, to_addr, to_name, subject, body_text, body_html, secret, in_reply_to,
                status, next_attempt_at, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?)
            """, mail.kind, mail.ticketID, mail.messageID, mail.to.value, mail.toName.singleLine(), mail.subject.singleLine(),
            mail.bodyText, mail.bodyHTML, mail.secret, try threadIDs(for: mail), now, now)
        return db.lastInsertID
    }

    public func queuedCount() throws -> Int {
        Int(try db.scalar("SELECT count(*) FROM outbox WHERE status IN ('queued', 'sending')").int ?? 0)
    }
}
