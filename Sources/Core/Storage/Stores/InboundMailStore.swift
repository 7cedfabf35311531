/// The `inbound_mail` ledger: one row per message read from a mailbox or pipe, whatever
/// became of it (imported, duplicate, ignored, quarantined), used to refuse a second
/// import and to list the quarantine. Rows point at the raw file by its SHA-256.
///
/// Edge cases: a row that is being re-processed (`except`) does not count as a duplicate
/// of itself; sender and subject are cut to 254 / 300 characters, single-line.
public struct InboundMailStore {
    let db: Database

    public init(db: Database) { self.db = db }

    /// What one processing run records about a message.
    public struct Entry: Sendable {
        public var source: String
        public var mailboxUID: String?
        public var mailMessageID: String?
        public var sha256: String
        public var size: Int
        public var from: String
        public var subject: String
    }

    /// A quarantined (or any) row as the admin page shows it.
    public struct Record: Sendable {
        public let id: Int64
        public let receivedAt: Int64
        public let source: String
        public let from: String
        public let subject: String
        public let status: String
        public let error: String
        public let sha256: String
        public let size: Int64
        public let ticketID: Int64?
    }

    public func seen(source: String, mailboxUID: String, except: Int64? = nil) throws -> Bool {
        try db.scalar("SELECT count(*) FROM inbound_mail WHERE source = ? AND mailbox_uid = ? AND id <> ?",
                      source, mailboxUID, except ?? -1).int ?? 0 > 0
    }

    /// Whether this Message-ID was already imported (or is waiting in quarantine) or is on a stored message.
    public func seen(messageID: String, except: Int64? = nil) throws -> Bool {
        if try db.scalar("SELECT count(*) FROM messages WHERE mail_message_id = ?", messageID).int ?? 0 > 0 { return true }
        return try db.scalar("""
            SELECT count(*) FROM inbound_mail WHERE mail_message_id = ? AND id <> ? AND status IN ('imported', 'ignored', 'quarantined')
            """, messageID, except ?? -1).int ?? 0 > 0
    }

    /// Inserts the row, or updates row `existing` (a quarantined message processed again). Returns its id.
    @discardableResult
    public func record(_ e: Entry, existing: Int64?, status: String, error: String?, ticketID: Int64?, messageID: Int64?,
                       now: Int64) throws -> Int64 {
        let from = String(e.from.singleLine().prefix(254)), subject = String(e.subject.singleLine().prefix(300))
        if let existing {
            try db.execute("""
                UPDATE inbound_mail SET status = ?, error = ?, ticket_id = ?, message_id = ?, from_addr = ?, subject = ?,
                    mail_message_id = ? WHERE id = ?
                """, status, error, ticketID, messageID, from, subject, e.mailMessageID, existing)
            return existing
        }
        try db.execute("""
            INSERT INTO inbound_mail(received_at, source, mailbox_uid, mail_message_id, sha256, size, status, error, ticket_id,
                message_id, from_addr, subject)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, now, e.source, e.mailboxUID, e.mailMessageID, e.sha256, e.size, status, error, ticketID, messageID, from, subject)
        return db.lastInsertID
    }

    public func find(id: Int64) throws -> Record? {
        try db.queryOne("""
            SELECT id, received_at, source, from_addr, subject, status, error, sha256, size, ticket_id FROM inbound_mail WHERE id = ?
            """, id).map(Self.decode)
    }

    /// Quarantined messages, newest first.
    public func quarantined(limit: Int = 200) throws -> [Record] {
        try db.query("""
            SELECT id, received_at, source, from_addr, subject, status, error, sha256, size, ticket_id FROM inbound_mail
            WHERE status = 'quarantined' ORDER BY received_at DESC, id DESC LIMIT ?
            """, limit).map(Self.decode)
    }

    /// The raw file behind a message of this ticket, if it came by mail.
    public func rawSHA(messageID: Int64, ticketID: Int64) throws -> String? {
        try db.queryOne("""
            SELECT i.sha256 FROM inbound_mail i JOIN messages m ON m.id = i.message_id WHERE i.message_id = ? AND m.ticket_id = ?
            """, messageID, ticketID)?.string("sha256")
    }

    /// Messages of a ticket that have a stored original.
    public func messagesWithOriginal(ticketID: Int64) throws -> Set<Int64> {
        Set(try db.query("""
            SELECT i.message_id FROM inbound_mail i JOIN messages m ON m.id = i.message_id WHERE m.ticket_id = ?
            """, ticketID).map { $0.int("message_id") })
    }

    /// Discarding keeps the row (as 'ignored', so the message is never imported again) but forgets the reason.
    public func discard(id: Int64) throws -> Bool {
        try db.write {
            try db.execute("UPDATE inbound_mail SET status = 'ignored', error = 'discarded' WHERE id = ? AND status = 'quarantined'", id)
            return db.changes > 0
        }
    }

    static func decode(_ r: Row) -> Record {
        Record(id: r.int("id"), receivedAt: r.int("received_at"), source: r.string("source"), from: r.string("from_addr"),
            subject: r.string("subject"), status: r.string("status"), error: r.optionalString("error") ?? "",
            sha256: r.string("sha256"), size: r.int("size"), ticketID: r.optionalInt("ticket_id"))
    }
}
