/// Tickets and their conversation, as the public side needs them: open one, find it by
/// number, read its public messages, add a customer message.
public struct TicketStore {
    let db: Database
    let files: AttachmentFiles

    public init(db: Database, files: AttachmentFiles) {
        self.db = db
        self.files = files
    }

    public func find(number: TicketNumber) throws -> TicketRecord? {
        try db.queryOne("""
            SELECT t.id, t.number, t.access_hash, t.subject, t.status_id, s.code AS status_code, s.is_open AS status_open,
                   t.contact_name, c.email, t.language, t.created_at, t.updated_at
            FROM tickets t JOIN statuses s ON s.id = t.status_id JOIN customers c ON c.id = t.customer_id
            WHERE t.number = ? AND t.deleted_at IS NULL
            """, number.value).map(TicketRecord.init(row:))
    }

    /// Messages a customer may see: their own and operators' replies, never internal
    /// notes or system events.
    public func publicMessages(ticketID: Int64) throws -> [MessageRecord] {
        let files = try attachments(ticketID: ticketID)
        return try db.query("""
            SELECT id, kind, author_name, body_text, created_at, CASE WHEN source = 'email' THEN body_html END AS mail_html
            FROM messages WHERE ticket_id = ? AND kind IN ('customer', 'reply') ORDER BY created_at, id
            """, ticketID).map { row in
            let id = row.int("id")
            return MessageRecord(id: id, kind: MessageRecord.Kind(rawValue: row.string("kind")) ?? .customer,
                                 authorName: row.string("author_name"), bodyText: row.string("body_text"),
                                 createdAt: row.int("created_at"), attachments: files.filter { $0.messageID == id },
                                 bodyHTML: row.optionalString("mail_html"))
        }
    }

    public func attachments(ticketID: Int64) throws -> [AttachmentRecord] {
        try db.query("""
            SELECT id, message_id, filename, content_type, size, sha256, content_id FROM attachments WHERE ticket_id = ? ORDER BY id
            """, ticketID).map(Self.attachment(row:))
    }

    /// An attachment of this ticket on a message the customer may see; nil otherwise, so
    /// a guest can neither reach another ticket's files nor an internal note's.
    public func publicAttachment(ticketID: Int64, id: Int64) throws -> AttachmentRecord? {
        try db.queryOne("""
            SELECT a.id, a.message_id, a.filename, a.content_type, a.size, a.sha256 FROM attachments a
            JOIN messages m ON m.id = a.message_id
            WHERE a.id = ? AND a.ticket_id = ? AND m.kind IN ('customer', 'reply')
            """, id, ticketID).map(Self.attachment(row:))
    }

    static func attachment(row: Row) -> AttachmentRecord {
        AttachmentRecord(id: row.int("id"), messageID: row.int("message_id"), filename: row.string("filename"),
                         contentType: row.string("content_type"), size: row.int("size"), sha256: row.string("sha256"),
                         contentID: row.optionalString("content_id"))
    }

    /// Inserts a message with its files inside the caller's transaction.
    func insertMessage(ticketID: Int64, kind: MessageRecord.Kind, operatorID: Int64?, authorName: String,
                       body: String, source: String, files incoming: [IncomingFile], now: Int64,
                       bodyHTML: String? = nil, mailMessageID: String? = nil, eventCode: String? = nil) throws -> Int64 {
        try db.execute("""
            INSERT INTO messages(ticket_id, kind, operator_id, author_name, body_text, body_html, source, mail_message_id,
                event_code, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, ticketID, kind.rawValue, operatorID, authorName, body, bodyHTML, source, mailMessageID, eventCode, now)
        let messageID = db.lastInsertID
        for file in incoming {
            let sha = try files.store(file.bytes)
            try db.execute("""
                INSERT INTO attachments(message_id, ticket_id, filename, content_type, size, sha256, content_id, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, messageID, ticketID, file.filename, file.contentType, file.bytes.count, sha, file.contentID, now)
        }
        return messageID
    }

    /// A customer's follow-up from the guest page: the message, its files, the ticket's
    /// activity times, and (when the ticket was waiting on the customer or closed) the
    /// status moves back to "waiting for operator".
    @discardableResult
    public func addCustomerMessage(ticket: TicketRecord, body: String, files: [IncomingFile], source: String, now: Int64,
                                   notices: [OutboxStore.Mail] = []) throws -> Int64 {
        try db.write {
            for notice in notices { try OutboxStore(db: db).enqueue(notice, now: now) }
            let id = try insertMessage(ticketID: ticket.id, kind: .customer, operatorID: nil, authorName: ticket.contactName,
                                       body: body, source: source, files: files, now: now)
            try markCustomerActivity(ticketID: ticket.id, now: now)
            return id
        }
    }

    /// After a customer message (web or mail), inside the caller's transaction: activity
    /// times, and a ticket waiting on the customer or closed goes back to "waiting for operator".
    func markCustomerActivity(ticketID: Int64, now: Int64) throws {
        try db.execute("""
            UPDATE tickets SET updated_at = ?, last_customer_at = ?,
                status_id = CASE WHEN (SELECT code FROM statuses WHERE id = status_id) IN ('open', 'waiting_operator', 'in_process')
                                 THEN status_id
                                 ELSE COALESCE((SELECT id FROM statuses WHERE code = 'waiting_operator'), status_id) END,
                closed_at = NULL
            WHERE id = ?
            """, now, now, ticketID)
    }
}
