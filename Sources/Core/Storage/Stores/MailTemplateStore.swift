/// The texts of the mails the app sends, per language: an admin's version from the
/// `mail_templates` table, else the catalog's `mail.KEY.subject` / `mail.KEY.body`.
/// Placeholders are named (`{number}`, `{link}`…); `{message}` in the reply body stands
/// for the operator's answer. Subjects are single-line by construction.
public struct MailTemplateStore {
    let db: Database
    let catalogs: Catalogs

    public init(db: Database, catalogs: Catalogs) {
        self.db = db
        self.catalogs = catalogs
    }

    public static let keys: [(key: String, placeholders: String)] = [
        ("confirmation", "{name} {number} {subject} {link} {code} {org}"),
        ("reply", "{message} {name} {number} {subject} {link} {org}"),
        ("notify_operator", "{name} {number} {subject} {message} {link} {org}"),
        ("notify_group", "{name} {number} {subject} {message} {link} {org}"),
    ]

    public struct Text: Sendable, Equatable {
        public var subject: String
        public var body: String
        /// Whether an admin wrote this version (false: the catalog's default).
        public var isCustom: Bool
    }

    public func text(_ key: String, language: String) throws -> Text {
        if let row = try db.queryOne("SELECT subject, body FROM mail_templates WHERE key = ? AND language = ?", key, language) {
            return Text(subject: row.string("subject"), body: row.string("body"), isCustom: true)
        }
        let l = catalogs.localizer(language)
        return Text(subject: l.t("mail.\(key).subject"), body: l.t("mail.\(key).body"), isCustom: false)
    }

    /// The filled subject and body.
    public func render(_ key: String, language: String, _ params: [String: String]) throws -> (subject: String, body: String) {
        let t = try text(key, language: language)
        return (Localizer.fill(t.subject, params).singleLine(), Localizer.fill(t.body, params))
    }

    public func save(_ key: String, language: String, subject: String, body: String) throws {
        try db.execute("""
            INSERT INTO mail_templates(key, language, subject, body) VALUES (?, ?, ?, ?)
            ON CONFLICT(key, language) DO UPDATE SET subject = excluded.subject, body = excluded.body
            """, key, language, subject, body)
    }

    public func reset(_ key: String, language: String) throws {
        try db.execute("DELETE FROM mail_templates WHERE key = ? AND language = ?", key, language)
    }
}
