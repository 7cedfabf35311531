/// Operators and admins. Their passwords are not here: the web server authenticates
/// them against the user file (`HtpasswdFile`); this table maps the authenticated name
/// to a role, a language and a signature.
public struct OperatorStore {
    let db: Database

    public init(db: Database) { self.db = db }

    public enum Role: String, Sendable, CaseIterable { case operator_ = "operator", admin }

    public struct Operator: Sendable {
        public let id: Int64
        public let username: String
        public let displayName: String
        public let role: Role
        public let language: String
        public let active: Bool
    }

    public func find(username: String) throws -> Operator? {
        try db.queryOne("SELECT id, username, display_name, role, language, active FROM operators WHERE username = ?", username).map {
            Operator(id: $0.int("id"), username: $0.string("username"), displayName: $0.string("display_name"),
                     role: Role(rawValue: $0.string("role")) ?? .operator_, language: $0.string("language"), active: $0.bool("active"))
        }
    }

    /// Adds an operator or updates the role/name of an existing one.
    public func upsert(username: String, displayName: String, email: String, role: Role, language: String, now: Int64) throws {
        try db.write {
            try db.execute("""
                INSERT INTO operators(username, display_name, email, role, language, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(username) DO UPDATE SET display_name = excluded.display_name, email = excluded.email,
                    role = excluded.role, active = 1, updated_at = excluded.updated_at
                """, username, displayName, email, role.rawValue, language, now, now)
        }
    }

    /// Removes the operator; their tickets become unassigned (the audit log keeps the name).
    public func remove(username: String) throws -> Bool {
        try db.write {
            try db.execute("DELETE FROM operators WHERE username = ?", username)
            return db.changes > 0
        }
    }

    /// The operator's notification address ("" when none is set).
    public func email(id: Int64) throws -> String {
        try db.queryOne("SELECT email FROM operators WHERE id = ?", id)?.string("email") ?? ""
    }

    /// The operator's signature (HTML, sanitized when used).
    public func signature(id: Int64) throws -> String? {
        try db.scalar("SELECT signature_html FROM operators WHERE id = ?", id).string
    }

    public func setSignature(id: Int64, html: String, now: Int64) throws {
        try db.write { try db.execute("UPDATE operators SET signature_html = ?, updated_at = ? WHERE id = ?", html, now, id) }
    }

    public func count() throws -> Int { Int(try db.scalar("SELECT count(*) FROM operators").int ?? 0) }
}
