/// Opening a ticket: one transaction creates or reuses the customer (by e-mail), the
/// ticket, its first message and files, and the confirmation mail in the outbox. Either
/// all of it exists afterwards or none of it does.
extension TicketStore {
    public struct NewTicket: Sendable {
        public var input: NewTicketInput
        public var email: EmailAddress
        public var files: [IncomingFile]
        public var clientIP: String
        public var language: String
        public var source: String
        /// For a ticket opened by mail: the sanitized HTML and the Message-ID of its first message.
        public var bodyHTML: String?
        public var mailMessageID: String?

        public init(input: NewTicketInput, email: EmailAddress, files: [IncomingFile], clientIP: String, language: String, source: String) {
            self.input = input
            self.email = email
            self.files = files
            self.clientIP = clientIP
            self.language = language
            self.source = source
        }
    }

    public struct Opened: Sendable {
        public let id: Int64
        /// The first message's id.
        public let messageID: Int64
        public let number: TicketNumber
        public let code: AccessCode
        public let accessHash: [UInt8]
    }

    /// `confirmation` builds the mail for the drawn number and code (nil: none, e.g. for
    /// automatic mail); the code travels in the outbox's `secret` column, never in the stored body.
    /// `notices` adds staff notifications (department members) to the same transaction.
    public func open(_ new: NewTicket, now: Int64,
                     confirmation: (TicketNumber, Int64) -> OutboxStore.Mail?,
                     notices: (TicketNumber, Int64) -> [OutboxStore.Mail] = { _, _ in [] }) throws -> Opened {
        let code = AccessCode.random()
        var lastError: Error?
        for _ in 0..<8 {
            let number = TicketNumber.random()
            do {
                return try db.write {
                    try open(new, number: number, code: code, now: now) { ticketID in
                        (confirmation(number, ticketID).map { [$0] } ?? []) + notices(number, ticketID)
                    }
                }
            } catch let error as DatabaseError where error.isNumberTaken {
                lastError = error
                continue
            }
        }
        throw lastError!
    }

    /// One try with a number and code drawn by the caller, inside the caller's transaction:
    /// throws a constraint error (`isNumberTaken`) when the number is in use. `mails` gets the
    /// new ticket's id; the confirmation among them carries the access code (`secret`).
    public func open(_ new: NewTicket, number: TicketNumber, code: AccessCode, now: Int64,
                     mails: (Int64) -> [OutboxStore.Mail]) throws -> Opened {
        try db.write {
            let customerID = try findOrCreateCustomer(new, now: now)
            guard let statusID = try ReferenceStore(db: db).statusID(code: "open") else {
                throw DatabaseError(code: 1, message: "status 'open' is missing; run migrate", sql: "")
            }
            let priorityID = try ReferenceStore(db: db).priorityID(code: "normal")
            let i = new.input
            try db.execute("""
                INSERT INTO tickets(number, access_hash, customer_id, subject, contact_name, contact_phone, contact_city,
                    contact_country, status_id, priority_id, group_id, project_id, client_ip, language, source,
                    created_at, updated_at, last_customer_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, number.value, Blob(code.hash), customerID, i.subject, i.name, i.phone, i.city, i.country,
                statusID, priorityID, i.groupID, i.projectID, new.clientIP, new.language, new.source, now, now, now)
            let ticketID = db.lastInsertID
            let messageID = try insertMessage(ticketID: ticketID, kind: .customer, operatorID: nil, authorName: i.name,
                                              body: i.message, source: new.source, files: new.files, now: now,
                                              bodyHTML: new.bodyHTML, mailMessageID: new.mailMessageID)
            for var mail in mails(ticketID) {
                if mail.kind == "confirmation" { mail.secret = code.display }
                try OutboxStore(db: db).enqueue(mail, now: now)
            }
            return Opened(id: ticketID, messageID: messageID, number: number, code: code, accessHash: code.hash)
        }
    }

    /// The ticket with this number and access code hash, if it was committed.
    public func id(number: TicketNumber, accessHash: [UInt8]) throws -> Int64? {
        try db.scalar("SELECT id FROM tickets WHERE number = ? AND access_hash = ?", number.value, Blob(accessHash)).int
    }

    private func findOrCreateCustomer(_ new: NewTicket, now: Int64) throws -> Int64 {
        if let id = try db.scalar("SELECT id FROM customers WHERE email = ?", new.email.value).int { return id }
        let i = new.input
        try db.execute("""
            INSERT INTO customers(email, name, phone, city, country, language, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, new.email.value, i.name, i.phone, i.city, i.country, new.language, now, now)
        return db.lastInsertID
    }
}
