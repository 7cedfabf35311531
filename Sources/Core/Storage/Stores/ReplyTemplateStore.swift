/// Predefined replies. A template's body is HTML with placeholders
/// `{customer_name}`, `{ticket_number}`, `{subject}`, `{operator_name}`, `{org}`, which are
/// filled with HTML-escaped values (the result is sanitized again when sent).
public struct ReplyTemplateStore {
    let db: Database

    public init(db: Database) { self.db = db }

    public struct Template: Sendable {
        public let id: Int64
        public let name: String
        public let language: String
        public let bodyHTML: String
    }

    /// Templates for this language plus those for every language (empty language).
    public func all(language: String) throws -> [Template] {
        try db.query("SELECT id, name, language, body_html FROM reply_templates WHERE language IN ('', ?) ORDER BY name", language).map {
            Template(id: $0.int("id"), name: $0.string("name"), language: $0.string("language"), bodyHTML: $0.string("body_html"))
        }
    }

    public func find(_ id: Int64) throws -> Template? {
        try db.queryOne("SELECT id, name, language, body_html FROM reply_templates WHERE id = ?", id).map {
            Template(id: $0.int("id"), name: $0.string("name"), language: $0.string("language"), bodyHTML: $0.string("body_html"))
        }
    }

    @discardableResult
    public func add(name: String, language: String, bodyHTML: String, now: Int64) throws -> Int64 {
        try db.write {
            try db.execute("INSERT INTO reply_templates(name, language, body_html, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
                           name, language, bodyHTML, now, now)
            return db.lastInsertID
        }
    }

    static func fill(_ html: String, ticket t: DeskStore.Ticket, operatorName: String, org: String) -> String {
        Localizer.fill(html, ["customer_name": HTML.escape(t.contact.name), "ticket_number": t.number.value,
                              "subject": HTML.escape(t.subject), "operator_name": HTML.escape(operatorName), "org": HTML.escape(org)])
    }
}
