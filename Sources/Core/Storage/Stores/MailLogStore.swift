/// The mail log as other systems may read it: outgoing mail (outbox) and incoming mail
/// (inbound_mail), newest first, paged. Outgoing rows deliberately leave out the bodies
/// and the `secret` column (an access code waiting to be sent): only addressing, subject,
/// delivery state and times are selected, so no query here can leak them.
public struct MailLogStore {
    let db: Database

    public init(db: Database) { self.db = db }

    /// An outbox row without body or secret; `ticketNumber` is nil for mail about no ticket.
    public struct Outgoing: Sendable {
        public let id: Int64, kind: String, ticketNumber: String?, to: String, toName: String, subject: String
        public let status: String, attempts: Int64, lastError: String?, createdAt: Int64, sentAt: Int64?, nextAttemptAt: Int64
    }

    /// An inbound_mail row; `ticketNumber` is nil when the message made or joined no ticket.
    public struct Incoming: Sendable {
        public let id: Int64, receivedAt: Int64, source: String, messageID: String?, size: Int64, status: String
        public let error: String?, ticketNumber: String?
    }

    public func outgoing(limit: Int, offset: Int) throws -> (rows: [Outgoing], total: Int) {
        let total = Int(try db.scalar("SELECT count(*) FROM outbox").int ?? 0)
        let rows = try db.query("""
            SELECT o.id, o.kind, t.number, o.to_addr, o.to_name, o.subject, o.status, o.attempts, o.last_error, o.created_at,
                   o.sent_at, o.next_attempt_at
            FROM outbox o LEFT JOIN tickets t ON t.id = o.ticket_id ORDER BY o.id DESC LIMIT ? OFFSET ?
            """, limit, offset).map { r in
            Outgoing(id: r.int("id"), kind: r.string("kind"), ticketNumber: r.optionalString("number"), to: r.string("to_addr"),
                     toName: r.string("to_name"), subject: r.string("subject"), status: r.string("status"), attempts: r.int("attempts"),
                     lastError: r.optionalString("last_error"), createdAt: r.int("created_at"), sentAt: r.optionalInt("sent_at"),
                     nextAttemptAt: r.int("next_attempt_at"))
        }
        return (rows, total)
    }

    public func incoming(limit: Int, offset: Int) throws -> (rows: [Incoming], total: Int) {
        let total = Int(try db.scalar("SELECT count(*) FROM inbound_mail").int ?? 0)
        let rows = try db.query("""
            SELECT i.id, i.received_at, i.source, i.mail_message_id, i.size, i.status, i.error, t.number
            FROM inbound_mail i LEFT JOIN tickets t ON t.id = i.ticket_id ORDER BY i.id DESC LIMIT ? OFFSET ?
            """, limit, offset).map { r in
            Incoming(id: r.int("id"), receivedAt: r.int("received_at"), source: r.string("source"),
                     messageID: r.optionalString("mail_message_id"), size: r.int("size"), status: r.string("status"),
                     error: r.optionalString("error"), ticketNumber: r.optionalString("number"))
        }
        return (rows, total)
    }
}
