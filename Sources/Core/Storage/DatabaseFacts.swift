/// What a backup or a restore states about one database file: whether SQLite's full
/// `PRAGMA integrity_check` is clean, the last applied migration, and row counts.
///
/// Read in one read transaction, so the counts agree with each other. A file that is
/// not a Taquilla database (no `tickets` table) throws from `read`; a damaged one may
/// throw too (`SQLITE_CORRUPT`, `SQLITE_NOTADB`) rather than return problems.
public struct DatabaseFacts: Sendable, Equatable {
    /// The integrity check's lines: exactly `["ok"]` when the file is sound.
    public let integrity: [String]
    /// The newest applied migration's name, "" when none is recorded.
    public let schema: String
    public let tickets: Int
    public let messages: Int
    /// Attachment rows (one file may back several rows).
    public let attachments: Int
    /// The distinct content hashes the attachment rows point to, sorted.
    public let attachmentHashes: [String]

    public var isIntact: Bool { integrity == ["ok"] }

    public static func read(_ db: Database) throws -> DatabaseFacts {
        try db.read {
            let integrity = try db.query("PRAGMA integrity_check").map { $0[0].string ?? "" }
            let schema = try db.scalar("SELECT name FROM schema_migrations ORDER BY rowid DESC LIMIT 1").string ?? ""
            let tickets = Int(try db.scalar("SELECT count(*) FROM tickets").int ?? 0)
            let messages = Int(try db.scalar("SELECT count(*) FROM messages").int ?? 0)
            let attachments = Int(try db.scalar("SELECT count(*) FROM attachments").int ?? 0)
            let hashes = try db.query("SELECT DISTINCT sha256 FROM attachments ORDER BY sha256").map { $0.string("sha256") }
            return DatabaseFacts(integrity: integrity, schema: schema, tickets: tickets, messages: messages,
                                 attachments: attachments, attachmentHashes: hashes)
        }
    }
}
