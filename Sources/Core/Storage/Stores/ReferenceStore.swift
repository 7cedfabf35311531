/// Groups, projects, statuses and priorities: the short lists forms and queues show.
public struct ReferenceStore {
    let db: Database

    public init(db: Database) { self.db = db }

    public struct Choice: Sendable, Equatable {
        public let id: Int64
        public let name: String
    }

    public func publicGroups() throws -> [Choice] {
        try db.query("SELECT id, name FROM groups WHERE public = 1 ORDER BY position, name").map { Choice(id: $0.int("id"), name: $0.string("name")) }
    }

    public func publicProjects() throws -> [Choice] {
        try db.query("SELECT id, name FROM projects WHERE public = 1 AND active = 1 ORDER BY name").map { Choice(id: $0.int("id"), name: $0.string("name")) }
    }

    public func statusID(code: String) throws -> Int64? {
        try db.scalar("SELECT id FROM statuses WHERE code = ?", code).int
    }

    public func priorityID(code: String) throws -> Int64? {
        try db.scalar("SELECT id FROM priorities WHERE code = ?", code).int
    }

    /// A status's display name: the per-language name an admin gave it, else the catalog's
    /// `status.CODE`, else the code itself.
    public func statusName(id: Int64, localizer: Localizer) throws -> String {
        guard let row = try db.queryOne("""
            SELECT s.code, n.name FROM statuses s
            LEFT JOIN status_names n ON n.status_id = s.id AND n.language = ?
            WHERE s.id = ?
            """, localizer.language, id) else { return "" }
        if let custom = row.optionalString("name") { return custom }
        let key = "status." + row.string("code")
        let translated = localizer.t(key)
        return translated == key ? row.string("code") : translated
    }
}
