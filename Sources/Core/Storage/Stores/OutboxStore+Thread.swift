/// The conversation an outgoing reply belongs to, for its In-Reply-To and References
/// (the composer uses the last id as In-Reply-To and all of them as References): our
/// latest sent mail to this address, then the customer's latest mail on the ticket — the
/// one an operator reply answers — so either alone also threads.
/// Only operator replies are threaded this way; other kinds carry what their builder
/// set (a confirmation answers the mail that opened the ticket) or nothing.
extension OutboxStore {
    func threadIDs(for mail: Mail) throws -> String? {
        if let given = mail.inReplyTo { return given.isEmpty ? nil : given }
        guard mail.kind == "reply", let ticketID = mail.ticketID else { return nil }
        let ours = try db.scalar("""
            SELECT mail_message_id FROM outbox WHERE ticket_id = ? AND to_addr = ? AND mail_message_id IS NOT NULL ORDER BY id DESC LIMIT 1
            """, ticketID, mail.to.value).string
        let customers = try db.scalar("""
            SELECT mail_message_id FROM messages
            WHERE ticket_id = ? AND kind = 'customer' AND mail_message_id IS NOT NULL ORDER BY id DESC LIMIT 1
            """, ticketID).string
        let ids = [ours, customers].compactMap { $0 }.filter { !$0.isEmpty && !$0.contains(" ") }
        return ids.isEmpty ? nil : ids.joined(separator: " ")
    }
}
