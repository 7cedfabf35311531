/// Finds the ticket an inbound message belongs to, in this order (GUIDE §4):
/// 1. one of our own signed Message-IDs in In-Reply-To or References (newest first):
///    the outbox row it names gives the ticket; an id that fails `SignedMessageID.verify`
///    (forged, or from another install) is not trusted;
/// 2. the tag `[#NUMBER]` in the subject, only when the sender is the ticket's customer
///    or one of its participants — otherwise anyone could write into any ticket;
/// 3. none: the caller opens a new ticket.
/// Deleted tickets are never matched.
struct InboundThreading {
    let db: Database
    let key: [UInt8]

    struct Match: Equatable {
        let ticketID: Int64
        let number: String
    }

    func ticket(for mail: ParsedMail) throws -> Match? {
        if let match = try signedReference(mail.inReplyTo + mail.references.reversed()) { return match }
        guard let number = Self.subjectTag(mail.subject), let sender = mail.from?.address else { return nil }
        guard let row = try db.queryOne("""
            SELECT t.id, t.number FROM tickets t JOIN customers c ON c.id = t.customer_id
            WHERE t.number = ? AND t.deleted_at IS NULL
              AND (c.email = ? OR EXISTS (SELECT 1 FROM ticket_participants p WHERE p.ticket_id = t.id AND p.email = ?))
            """, number.value, sender, sender) else { return nil }
        return Match(ticketID: row.int("id"), number: row.string("number"))
    }

    /// The ticket of the first id in `ids` that we signed.
    func signedReference(_ ids: [String]) throws -> Match? {
        for id in ids {
            guard let outboxID = SignedMessageID.verify(id, key: key) else { continue }
            if let row = try db.queryOne("""
                SELECT t.id, t.number FROM outbox o JOIN tickets t ON t.id = o.ticket_id WHERE o.id = ? AND t.deleted_at IS NULL
                """, outboxID) {
                return Match(ticketID: row.int("id"), number: row.string("number"))
            }
        }
        return nil
    }

    /// The number in the first `[#12345678]` of a subject (spaces around the digits allowed).
    static func subjectTag(_ subject: String) -> TicketNumber? {
        var rest = Substring(subject)
        while let open = rest.firstRange(of: "[#") {
            let after = rest[open.upperBound...]
            guard let close = after.firstIndex(of: "]") else { return nil }
            if let number = TicketNumber(String(after[..<close]).trimmingASCIIWhitespace()) { return number }
            rest = after
        }
        return nil
    }

    /// Every `<taquilla.…@…>` id quoted anywhere in `text` (a bounce report quotes the
    /// headers of the mail that failed).
    static func quotedOwnIDs(in text: String) -> [String] {
        var out: [String] = []
        var rest = Substring(text)
        while let start = rest.firstRange(of: "<" + SignedMessageID.prefix + ".") {
            let tail = rest[start.lowerBound...]
            guard let end = tail.firstIndex(of: ">") else { break }
            let candidate = tail[tail.index(after: tail.startIndex)..<end]
            if candidate.utf8.count <= 200 { out.append(String(candidate)) }
            rest = tail[tail.index(after: tail.startIndex)...]
        }
        return out
    }
}
