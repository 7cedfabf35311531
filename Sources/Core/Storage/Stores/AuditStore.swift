/// The audit log: one row per operator or admin action, written inside the action's own
/// transaction so the log and the data can never disagree. Rows keep the actor's name
/// and the ticket's number as text, so they outlive a removed operator or purged ticket.
public struct AuditStore {
    let db: Database

    public init(db: Database) { self.db = db }

    public struct Entry: Sendable {
        public let id: Int64
        public let at: Int64
        public let operatorID: Int64?
        public let actor: String
        public let action: String
        public let ticketID: Int64?
        public let ticketNumber: String?
        public let before: String?
        public let after: String?
        public let ip: String
    }

    public func record(at: Int64, operatorID: Int64?, actor: String, action: String, ticketID: Int64? = nil,
                       ticketNumber: String? = nil, before: String? = nil, after: String? = nil, ip: String) throws {
        try db.execute("""
            INSERT INTO audit_log(at, operator_id, actor, action, ticket_id, ticket_number, before_value, after_value, ip)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, at, operatorID, actor, action, ticketID, ticketNumber, before, after, ip)
    }

    public func forTicket(_ ticketID: Int64) throws -> [Entry] {
        try db.query("SELECT * FROM audit_log WHERE ticket_id = ? ORDER BY at, id", ticketID).map(Self.entry)
    }

    /// Search by operator, action, ticket number and date range; newest first, paged.
    public struct Filter: Sendable {
        public var operatorID: Int64?
        public var action: String?
        public var ticketNumber: String?
        public var from: Int64?
        public var to: Int64?
        public var limit = 100
        public var offset = 0
        public init() {}
    }

    public func search(_ f: Filter) throws -> [Entry] {
        try db.query("""
            SELECT * FROM audit_log
            WHERE (?1 IS NULL OR operator_id = ?1) AND (?2 IS NULL OR action = ?2) AND (?3 IS NULL OR ticket_number = ?3)
              AND (?4 IS NULL OR at >= ?4) AND (?5 IS NULL OR at < ?5)
            ORDER BY at DESC, id DESC LIMIT ?6 OFFSET ?7
            """, values: [f.operatorID.sqlValue, f.action.sqlValue, f.ticketNumber.sqlValue, f.from.sqlValue, f.to.sqlValue,
                          .integer(Int64(f.limit)), .integer(Int64(f.offset))]).map(Self.entry)
    }

    static func entry(_ r: Row) -> Entry {
        Entry(id: r.int("id"), at: r.int("at"), operatorID: r.optionalInt("operator_id"), actor: r.string("actor"),
              action: r.string("action"), ticketID: r.optionalInt("ticket_id"), ticketNumber: r.optionalString("ticket_number"),
              before: r.optionalString("before_value"), after: r.optionalString("after_value"), ip: r.string("ip"))
    }
}
