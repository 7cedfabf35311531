/// Administration data: operators with their groups and workload, groups with their
/// members. Every change is written with its audit row in the same transaction.
public struct AdminStore {
    let db: Database

    public init(db: Database) { self.db = db }

    public struct OperatorRow: Sendable {
        public let id: Int64
        public let username: String
        public let displayName: String
        public let email: String
        public let role: OperatorStore.Role
        public let language: String
        public let signatureHTML: String
        public let active: Bool
        public let groupIDs: Set<Int64>
        public let openTickets: Int
    }

    public func operators() throws -> [OperatorRow] {
        let members = try db.query("SELECT operator_id, group_id FROM group_members")
        return try db.query("""
            SELECT o.*, (SELECT count(*) FROM tickets t JOIN statuses s ON s.id = t.status_id
                         WHERE t.operator_id = o.id AND s.is_open = 1 AND t.deleted_at IS NULL) AS open_tickets
            FROM operators o ORDER BY o.active DESC, o.username
            """).map { r in
            let id = r.int("id")
            return OperatorRow(id: id, username: r.string("username"), displayName: r.string("display_name"), email: r.string("email"),
                               role: OperatorStore.Role(rawValue: r.string("role")) ?? .operator_, language: r.string("language"),
                               signatureHTML: r.string("signature_html"), active: r.bool("active"),
                               groupIDs: Set(members.filter { $0.int("operator_id") == id }.map { $0.int("group_id") }),
                               openTickets: Int(r.int("open_tickets")))
        }
    }

    public func operatorRow(id: Int64) throws -> OperatorRow? { try operators().first { $0.id == id } }

    /// Open tickets held by an operator (listed for reassignment when they are disabled).
    public func openTickets(of operatorID: Int64) throws -> [(number: TicketNumber, subject: String)] {
        try db.query("""
            SELECT t.number, t.subject FROM tickets t JOIN statuses s ON s.id = t.status_id
            WHERE t.operator_id = ? AND s.is_open = 1 AND t.deleted_at IS NULL ORDER BY t.updated_at DESC
            """, operatorID).compactMap { r in TicketNumber(r.string("number")).map { ($0, r.string("subject")) } }
    }

    public struct OperatorInput: Sendable {
        public var username: String
        public var displayName: String
        public var email: String
        public var role: OperatorStore.Role
        public var language: String
        public var signatureHTML: String
        public var groupIDs: Set<Int64>

        public init(username: String, displayName: String, email: String, role: OperatorStore.Role, language: String,
                    signatureHTML: String, groupIDs: Set<Int64>) {
            self.username = username
            self.displayName = displayName
            self.email = email
            self.role = role
            self.language = language
            self.signatureHTML = signatureHTML
            self.groupIDs = groupIDs
        }
    }

    /// Creates (id nil) or updates an operator; returns the id.
    public func saveOperator(id: Int64?, _ input: OperatorInput, by admin: DeskStore.Doer) throws -> Int64 {
        try db.write {
            let operatorID: Int64
            if let id {
                let before = try db.queryOne("SELECT username, display_name, role, language FROM operators WHERE id = ?", id)
                try db.execute("""
                    UPDATE operators SET display_name = ?, email = ?, role = ?, language = ?, signature_html = ?, updated_at = ? WHERE id = ?
                    """, input.displayName, input.email, input.role.rawValue, input.language, input.signatureHTML, admin.now, id)
                operatorID = id
                try audit(admin, "operator_edit", before: before.map { "\($0.string("display_name")) \($0.string("role")) \($0.string("language"))" },
                          after: "\(input.displayName) \(input.role.rawValue) \(input.language)")
            } else {
                try db.execute("""
                    INSERT INTO operators(username, display_name, email, role, language, signature_html, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """, input.username, input.displayName, input.email, input.role.rawValue, input.language, input.signatureHTML,
                    admin.now, admin.now)
                operatorID = db.lastInsertID
                try audit(admin, "operator_add", before: nil, after: "\(input.username) \(input.role.rawValue)")
            }
            try db.execute("DELETE FROM group_members WHERE operator_id = ?", operatorID)
            for g in input.groupIDs {
                try db.execute("INSERT OR IGNORE INTO group_members(group_id, operator_id) SELECT id, ? FROM groups WHERE id = ?", operatorID, g)
            }
            return operatorID
        }
    }

    public func setActive(_ id: Int64, _ active: Bool, by admin: DeskStore.Doer) throws {
        try db.write {
            let name = try db.scalar("SELECT username FROM operators WHERE id = ?", id).string ?? "?"
            try db.execute("UPDATE operators SET active = ?, updated_at = ? WHERE id = ?", active, admin.now, id)
            try audit(admin, active ? "operator_enable" : "operator_disable", before: nil, after: name)
        }
    }

    public func deleteOperator(_ id: Int64, by admin: DeskStore.Doer) throws -> String? {
        try db.write {
            guard let name = try db.scalar("SELECT username FROM operators WHERE id = ?", id).string else { return nil }
            try db.execute("DELETE FROM operators WHERE id = ?", id)
            try audit(admin, "operator_delete", before: name, after: nil)
            return name
        }
    }

    public func recordPasswordChange(username: String, by admin: DeskStore.Doer) throws {
        try db.write { try audit(admin, "operator_password", before: nil, after: username) }
    }

    func audit(_ d: DeskStore.Doer, _ action: String, before: String?, after: String?) throws {
        try AuditStore(db: db).record(at: d.now, operatorID: d.op.id, actor: d.op.username, action: action,
                                      before: before, after: after, ip: d.ip)
    }
}
