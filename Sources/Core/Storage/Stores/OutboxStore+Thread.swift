/// The conversation an outgoing reply belongs to, for its In-Reply-To and References
/// (the composer uses the last id as In-Reply-To and all of them as References): the
/// customer's latest mail on the ticket and our latest sent mail to them, oldest first.
/// Only operator replies are threaded this way; other kinds carry what their builder
/// set (a confirmation answers the mail that opened the ticket) or nothing.
extension OutboxStore {
    func threadIDs(for mail: Mail) throws -> String? {
        if let given = mail.inReplyTo { return given.isEmpty ? nil : given }
        guard mail.kind == "reply", let ticketID = mail.ticketID else { return nil }
        var found: [(at: Int64, id: String)] = []
        if let row = try db.queryOne("""
            SELECT mail_message_id, created_at FROM messages
            WHERE ticket_id = ? AND kind = 'customer' AND mail_message_id IS NOT NULL ORDER BY id DESC LIMIT 1
            """, ticketID) {
            found.append((row.int("created_at"), row.string("mail_message_id")))
        }
        if let row = try db.queryOne("""
            SELECT mail_message_id, created_at FROM outbox
            WHERE ticket_id = ? AND to_addr = ? AND mail_message_id IS NOT NULL ORDER BY id DESC LIMIT 1
            """, ticketID, mail.to.value) {
            found.append((row.int("created_at"), row.string("mail_message_id")))
        }
        let ids = found.sorted { $0.at < $1.at }.map(\.id).filter { !$0.isEmpty && !$0.contains(" ") }
        return ids.isEmpty ? nil : ids.joined(separator: " ")
    }
}
