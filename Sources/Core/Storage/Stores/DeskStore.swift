/// The operator desk's view of tickets: the rule facts, the full ticket, its timeline,
/// and the short lists (statuses, groups, operators…) that forms offer.
public struct DeskStore {
    let db: Database
    let files: AttachmentFiles

    public init(db: Database, files: AttachmentFiles) {
        self.db = db
        self.files = files
    }

    public func actor(_ op: OperatorStore.Operator) throws -> TicketRules.Actor {
        let groups = try db.query("SELECT group_id FROM group_members WHERE operator_id = ?", op.id).map { $0.int("group_id") }
        return TicketRules.Actor(id: op.id, isAdmin: op.role == .admin, groupIDs: Set(groups))
    }

    public func facts(ticketID: Int64) throws -> TicketRules.Facts? {
        guard let row = try db.queryOne("SELECT operator_id, group_id, deleted_at FROM tickets WHERE id = ?", ticketID) else { return nil }
        let answered = try db.query("SELECT DISTINCT operator_id FROM messages WHERE ticket_id = ? AND kind = 'reply' AND operator_id IS NOT NULL",
                                    ticketID).map { $0.int("operator_id") }
        return TicketRules.Facts(holderID: row.optionalInt("operator_id"), groupID: row.optionalInt("group_id"),
                                 isDeleted: row.optionalInt("deleted_at") != nil, answeredBy: Set(answered))
    }

    /// Everything the ticket page shows about one ticket.
    public struct Ticket: Sendable {
        public let id: Int64
        public let number: TicketNumber
        public let subject: String
        public let statusID: Int64
        public let statusCode: String
        public let statusIsOpen: Bool
        public let priorityID: Int64?
        public let groupID: Int64?
        public let projectID: Int64?
        public let holderID: Int64?
        public let holderName: String?
        public let customerEmail: String
        public let contact: Contact
        public let clientIP: String
        public let language: String
        public let createdAt: Int64
        public let updatedAt: Int64
        public let deletedAt: Int64?
    }

    /// The contact data kept on a ticket (editable by the holder).
    public struct Contact: Sendable, Equatable {
        public var name: String
        public var email: String
        public var phone: String
        public var address: String
        public var city: String
        public var country: String

        public init(name: String, email: String, phone: String, address: String, city: String, country: String) {
            self.name = name
            self.email = email
            self.phone = phone
            self.address = address
            self.city = city
            self.country = country
        }

        var summary: String { [name, email, phone, address, city, country].joined(separator: " | ") }
    }

    public func ticket(number: TicketNumber) throws -> Ticket? {
        try db.queryOne("""
            SELECT t.*, s.code AS status_code, s.is_open AS status_open, o.display_name AS holder_name, c.email AS customer_email
            FROM tickets t JOIN statuses s ON s.id = t.status_id JOIN customers c ON c.id = t.customer_id
            LEFT JOIN operators o ON o.id = t.operator_id
            WHERE t.number = ?
            """, number.value).map { r in
            Ticket(id: r.int("id"), number: number, subject: r.string("subject"), statusID: r.int("status_id"),
                   statusCode: r.string("status_code"), statusIsOpen: r.bool("status_open"), priorityID: r.optionalInt("priority_id"),
                   groupID: r.optionalInt("group_id"), projectID: r.optionalInt("project_id"), holderID: r.optionalInt("operator_id"),
                   holderName: r.optionalString("holder_name"), customerEmail: r.string("customer_email"),
                   contact: Contact(name: r.string("contact_name"), email: r.string("customer_email"), phone: r.string("contact_phone"),
                                    address: r.string("contact_address"), city: r.string("contact_city"), country: r.string("contact_country")),
                   clientIP: r.string("client_ip"), language: r.string("language"), createdAt: r.int("created_at"),
                   updatedAt: r.int("updated_at"), deletedAt: r.optionalInt("deleted_at"))
        }
    }

    /// One line of the ticket's history: a message of any kind, or an audited action.
    public enum TimelineItem: Sendable {
        case message(DeskMessage)
        case event(AuditStore.Entry)

        public var at: Int64 {
            switch self {
            case .message(let m): return m.createdAt
            case .event(let e): return e.at
            }
        }
    }

    public struct DeskMessage: Sendable {
        public let id: Int64
        public let kind: MessageRecord.Kind
        public let authorName: String
        public let bodyText: String
        /// Sanitized when it was stored; re-sanitized when shown.
        public let bodyHTML: String?
        public let source: String
        public let createdAt: Int64
        public let attachments: [AttachmentRecord]
    }

    /// Messages and audited actions in time order. Reply and note actions are not listed
    /// twice: their message stands for them.
    public func timeline(ticketID: Int64) throws -> [TimelineItem] {
        let attachments = try TicketStore(db: db, files: files).attachments(ticketID: ticketID)
        let messages = try db.query("""
            SELECT id, kind, author_name, body_text, body_html, source, created_at FROM messages WHERE ticket_id = ? ORDER BY created_at, id
            """, ticketID).map { r -> TimelineItem in
            let id = r.int("id")
            return .message(DeskMessage(id: id, kind: MessageRecord.Kind(rawValue: r.string("kind")) ?? .event, authorName: r.string("author_name"),
                                        bodyText: r.string("body_text"), bodyHTML: r.optionalString("body_html"), source: r.string("source"),
                                        createdAt: r.int("created_at"), attachments: attachments.filter { $0.messageID == id }))
        }
        let events = try AuditStore(db: db).forTicket(ticketID)
            .filter { !["reply", "note", "create"].contains($0.action) }
            .map { TimelineItem.event($0) }
        return (messages + events).enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element)
    }

    /// The id of the newest customer message, for the "customer wrote while you typed" check.
    public func latestCustomerMessageID(ticketID: Int64) throws -> Int64 {
        try db.scalar("SELECT COALESCE(max(id), 0) FROM messages WHERE ticket_id = ? AND kind = 'customer'", ticketID).int ?? 0
    }

    public struct Option: Sendable, Equatable {
        public let id: Int64
        public let code: String
        public let name: String
        public let isOpen: Bool
    }

    public func statuses(localizer: Localizer) throws -> [Option] {
        try db.query("""
            SELECT s.id, s.code, s.is_open, n.name FROM statuses s
            LEFT JOIN status_names n ON n.status_id = s.id AND n.language = ? ORDER BY s.position, s.id
            """, localizer.language).map { r in
            let key = "status." + r.string("code")
            let fallback = localizer.t(key) == key ? r.string("code") : localizer.t(key)
            return Option(id: r.int("id"), code: r.string("code"), name: r.optionalString("name") ?? fallback, isOpen: r.bool("is_open"))
        }
    }

    public func priorities(localizer: Localizer) throws -> [Option] {
        try db.query("""
            SELECT p.id, p.code, n.name FROM priorities p
            LEFT JOIN priority_names n ON n.priority_id = p.id AND n.language = ? ORDER BY p.position, p.id
            """, localizer.language).map { r in
            let key = "priority." + r.string("code")
            let fallback = localizer.t(key) == key ? r.string("code") : localizer.t(key)
            return Option(id: r.int("id"), code: r.string("code"), name: r.optionalString("name") ?? fallback, isOpen: true)
        }
    }

    public func groups() throws -> [Option] {
        try db.query("SELECT id, name FROM groups ORDER BY position, name").map { Option(id: $0.int("id"), code: "", name: $0.string("name"), isOpen: true) }
    }

    public func projects() throws -> [Option] {
        try db.query("SELECT id, name FROM projects WHERE active = 1 ORDER BY name").map { Option(id: $0.int("id"), code: "", name: $0.string("name"), isOpen: true) }
    }

    public func operators() throws -> [Option] {
        try db.query("SELECT id, display_name FROM operators WHERE active = 1 ORDER BY display_name").map {
            Option(id: $0.int("id"), code: "", name: $0.string("display_name"), isOpen: true)
        }
    }
}
