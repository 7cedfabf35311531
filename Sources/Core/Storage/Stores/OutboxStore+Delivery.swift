/// The sender's side of the outbox: claiming due rows, recording outcomes, putting back
/// rows a crashed run left in 'sending'.
///
/// While a row is 'sending', `next_attempt_at` holds the time it was claimed (there is
/// no other column for it); a row is stale when that is more than `staleAfter` seconds
/// ago. Every change is its own short BEGIN IMMEDIATE transaction and is conditional on
/// the status it expects, so two runs can never both claim or both record one row. The
/// access code in `secret` is cleared as soon as the row can no longer be sent (sent or
/// failed).
extension OutboxStore {
    /// A claimed row, with everything needed to build its message.
    public struct Claimed: Sendable {
        public var id: Int64
        public var kind: String
        public var ticketID: Int64?
        public var messageID: Int64?
        public var to: String
        public var toName: String
        public var subject: String
        public var bodyText: String
        public var bodyHTML: String?
        public var secret: String?
        public var mailMessageID: String
        public var inReplyTo: String?
        /// Attempts before this one.
        public var attempts: Int
    }

    /// One attachment row of a message (the file is under data/attachments).
    public struct AttachmentRef: Sendable, Equatable {
        public var filename: String
        public var contentType: String
        public var sha256: String
        public var contentID: String?
    }

    /// Seconds after which a row still 'sending' belongs to a run that died.
    public static let staleAfter: Int64 = 600

    /// The highest row id (0 when empty): a run with `--once` takes no row queued after it began.
    public func highestID() throws -> Int64 {
        try db.scalar("SELECT coalesce(max(id), 0) FROM outbox").int ?? 0
    }

    /// Claims the oldest due row (queued, `next_attempt_at <= now`, id at most `upTo`) by
    /// setting it 'sending'; gives it a Message-ID from `makeID` if it has none yet, so
    /// every retry of one mail carries the same id. Nil when nothing is due.
    public func claimNext(now: Int64, upTo: Int64 = Int64.max, makeID: (Int64) -> String) throws -> Claimed? {
        try db.write {
            guard let row = try db.queryOne("""
                UPDATE outbox SET status = 'sending', next_attempt_at = ?
                WHERE id = (SELECT id FROM outbox WHERE status = 'queued' AND next_attempt_at <= ? AND id <= ?
                            ORDER BY next_attempt_at, id LIMIT 1)
                RETURNING id, kind, ticket_id, message_id, to_addr, to_name, subject, body_text, body_html, secret,
                          mail_message_id, in_reply_to, attempts
                """, now, now, upTo) else { return nil }
            let id = row.int("id")
            var mailID = row.string("mail_message_id")
            if mailID.isEmpty {
                mailID = makeID(id)
                try db.execute("UPDATE outbox SET mail_message_id = ? WHERE id = ?", mailID, id)
            }
            return Claimed(id: id, kind: row.string("kind"), ticketID: row.optionalInt("ticket_id"),
                           messageID: row.optionalInt("message_id"), to: row.string("to_addr"), toName: row.string("to_name"),
                           subject: row.string("subject"), bodyText: row.string("body_text"),
                           bodyHTML: row.optionalString("body_html"), secret: row.optionalString("secret"),
                           mailMessageID: mailID, inReplyTo: row.optionalString("in_reply_to"),
                           attempts: Int(row.int("attempts")))
        }
    }

    /// The row was accepted: 'sent', `sent_at`, one more attempt, and the secret gone.
    public func markSent(id: Int64, now: Int64) throws {
        try db.write {
            try db.execute("""
                UPDATE outbox SET status = 'sent', sent_at = ?, attempts = attempts + 1, secret = NULL, last_error = NULL
                WHERE id = ? AND status = 'sending'
                """, now, id)
        }
    }

    /// A temporary failure: back to 'queued' for `nextAttemptAt`, with the answer.
    public func markRetry(id: Int64, nextAttemptAt: Int64, error: String) throws {
        try db.write {
            try db.execute("""
                UPDATE outbox SET status = 'queued', attempts = attempts + 1, next_attempt_at = ?, last_error = ?
                WHERE id = ? AND status = 'sending'
                """, nextAttemptAt, error, id)
        }
    }

    /// A permanent failure (or the last temporary one): 'failed', the answer, no secret.
    public func markFailed(id: Int64, error: String) throws {
        try db.write {
            try db.execute("""
                UPDATE outbox SET status = 'failed', attempts = attempts + 1, secret = NULL, last_error = ?
                WHERE id = ? AND status = 'sending'
                """, error, id)
        }
    }

    /// Rows left 'sending' for more than `staleAfter` seconds by a run that died. Such a
    /// row counts as one failed attempt (the message may or may not have left), so a
    /// message that crashes every run still gives up on schedule.
    public func staleRows(now: Int64) throws -> [(id: Int64, attempts: Int)] {
        try db.query("SELECT id, attempts FROM outbox WHERE status = 'sending' AND next_attempt_at <= ? ORDER BY id",
                     now - Self.staleAfter).map { ($0.int("id"), Int($0.int("attempts"))) }
    }

    /// The attachments of the message a row carries, in the order they were stored.
    public func attachments(messageID: Int64) throws -> [AttachmentRef] {
        try db.query("SELECT filename, content_type, sha256, content_id FROM attachments WHERE message_id = ? ORDER BY id",
                     messageID).map {
            AttachmentRef(filename: $0.string("filename"), contentType: $0.string("content_type"), sha256: $0.string("sha256"),
                          contentID: $0.optionalString("content_id"))
        }
    }
}
