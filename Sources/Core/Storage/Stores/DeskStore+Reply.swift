/// Answering the customer or writing an internal note from the desk.
extension DeskStore {
    public struct Reply: Sendable {
        /// Sanitized HTML (the caller runs the sanitizer) and its plain-text version.
        public var html: String
        public var text: String
        public var files: [IncomingFile]
        public var isNote: Bool
        /// The status to set with the reply; nil keeps it, except that an open ticket
        /// answered by an operator moves to "waiting for customer".
        public var statusAfter: Int64?
        /// The newest customer message the operator had seen when they started writing.
        public var seenCustomerMessageID: Int64
        /// Send even though the customer wrote in the meantime (the operator saw the warning).
        public var force: Bool

        public init(html: String, text: String, files: [IncomingFile], isNote: Bool, statusAfter: Int64?,
                    seenCustomerMessageID: Int64, force: Bool) {
            self.html = html
            self.text = text
            self.files = files
            self.isNote = isNote
            self.statusAfter = statusAfter
            self.seenCustomerMessageID = seenCustomerMessageID
            self.force = force
        }
    }

    public enum ReplyOutcome: Equatable, Sendable {
        case stored(messageID: Int64)
        case denied(String)
        /// The customer wrote after the operator opened the ticket; nothing was stored.
        case customerWroteMeanwhile(latestID: Int64)
    }

    /// Stores the reply or note; for a reply, also takes an unassigned ticket, updates the
    /// response times and status, and queues the mail built by `mail` — all in one
    /// transaction.
    public func reply(_ r: Reply, to number: TicketNumber, by d: Doer,
                      mail: (Ticket, Int64) -> OutboxStore.Mail?) throws -> ReplyOutcome {
        try db.write {
            guard let t = try ticket(number: number), let facts = try facts(ticketID: t.id) else { return .denied("rule.not_found") }
            let decision = TicketRules.check(r.isNote ? .note : .reply, by: d.actor, on: facts)
            guard decision == .allowed else {
                if case .denied(let key) = decision { return .denied(key) }
                return .denied("rule.locked")
            }
            let latest = try latestCustomerMessageID(ticketID: t.id)
            if !r.isNote && !r.force && latest > r.seenCustomerMessageID { return .customerWroteMeanwhile(latestID: latest) }

            let ticketStore = TicketStore(db: db, files: files)
            let messageID = try ticketStore.insertMessage(ticketID: t.id, kind: r.isNote ? .note : .reply, operatorID: d.op.id,
                                                          authorName: d.op.displayName, body: r.text, source: "desk",
                                                          files: r.files, now: d.now)
            try db.execute("UPDATE messages SET body_html = ? WHERE id = ?", r.html, messageID)
            let audit = AuditStore(db: db)
            if r.isNote {
                try db.execute("UPDATE tickets SET updated_at = ? WHERE id = ?", d.now, t.id)
                try audit.record(at: d.now, operatorID: d.op.id, actor: d.op.username, action: "note", ticketID: t.id,
                                 ticketNumber: t.number.value, after: String(messageID), ip: d.ip)
                return .stored(messageID: messageID)
            }
            if t.holderID == nil {
                try db.execute("UPDATE tickets SET operator_id = ? WHERE id = ?", d.op.id, t.id)
                try audit.record(at: d.now, operatorID: d.op.id, actor: d.op.username, action: "claim", ticketID: t.id,
                                 ticketNumber: t.number.value, after: d.op.username, ip: d.ip)
            }
            try db.execute("""
                UPDATE tickets SET updated_at = ?, last_operator_at = ?, first_response_at = COALESCE(first_response_at, ?) WHERE id = ?
                """, d.now, d.now, d.now, t.id)
            try audit.record(at: d.now, operatorID: d.op.id, actor: d.op.username, action: "reply", ticketID: t.id,
                             ticketNumber: t.number.value, after: String(messageID), ip: d.ip)
            let target = try r.statusAfter ?? (t.statusIsOpen ? db.scalar("SELECT id FROM statuses WHERE code = 'waiting_customer'").int : nil)
            if let target, target != t.statusID,
               let row = try db.queryOne("SELECT code, is_open FROM statuses WHERE id = ?", target) {
                let answered = TicketRules.Facts(holderID: d.op.id, groupID: facts.groupID, isDeleted: false,
                                                 answeredBy: facts.answeredBy.union([d.op.id]))
                let closing = !row.bool("is_open")
                if TicketRules.check(.changeStatus(toClosed: closing), by: d.actor, on: answered) == .allowed {
                    try db.execute("UPDATE tickets SET status_id = ?, closed_at = CASE WHEN ? THEN ? ELSE NULL END WHERE id = ?",
                                   target, closing, d.now, t.id)
                    try audit.record(at: d.now, operatorID: d.op.id, actor: d.op.username, action: "status", ticketID: t.id,
                                     ticketNumber: t.number.value, before: t.statusCode, after: row.string("code"), ip: d.ip)
                }
            }
            if var outgoing = mail(t, messageID) {
                outgoing.messageID = messageID
                try OutboxStore(db: db).enqueue(outgoing, now: d.now)
            }
            return .stored(messageID: messageID)
        }
    }
}
