/// Applies the named, append-only migrations in order, each in its own transaction,
/// and records them in `schema_migrations`. A migration that fails rolls back alone and
/// stops the run, leaving earlier ones applied. Names are never renamed or reordered:
/// a new schema change is a new entry at the end of `Migrations.all`.
///
/// WAL journal mode is set here, once, when the file is created (it is persistent in the
/// file header), not on every connection open.
public struct Migrator {
    public struct Migration: Sendable {
        public let name: String
        public let sql: String
    }

    let db: Database
    let migrations: [Migration]

    public init(db: Database, migrations: [Migration] = Migrations.all) {
        self.db = db
        self.migrations = migrations
    }

    /// Names already applied, in application order.
    public func applied() throws -> [String] {
        try db.execute("CREATE TABLE IF NOT EXISTS schema_migrations(name TEXT PRIMARY KEY NOT NULL, applied_at INTEGER NOT NULL)")
        return try db.query("SELECT name FROM schema_migrations ORDER BY rowid").map { $0.string("name") }
    }

    public func pending() throws -> [Migration] {
        let done = Set(try applied())
        return migrations.filter { !done.contains($0.name) }
    }

    /// Applies every pending migration; returns the names it applied.
    @discardableResult
    public func migrate(now: Int64) throws -> [String] {
        if try db.scalar("PRAGMA journal_mode").string != "wal" {
            try db.execute("PRAGMA journal_mode = WAL")
        }
        var done: [String] = []
        for migration in try pending() {
            try db.write {
                try db.executeScript(migration.sql)
                try db.execute("INSERT INTO schema_migrations(name, applied_at) VALUES (?, ?)", migration.name, now)
            }
            done.append(migration.name)
        }
        return done
    }
}

/// The list of all migrations, oldest first.
public enum Migrations {
    public static let all: [Migrator.Migration] = [
        .init(name: "001_schema", sql: schema001),
        .init(name: "002_reference_data", sql: referenceData002),
        .init(name: "003_search", sql: search003),
        .init(name: "004_inbound", sql: inbound004),
        .init(name: "005_api", sql: api005),
        .init(name: "006_statistics", sql: statistics006),
        .init(name: "007_search_merge", sql: searchMerge007),
        .init(name: "008_config_version", sql: configVersion008),
        .init(name: "009_one_search_index", sql: oneSearchIndex009),
    ]

    public static var latest: String { all.last!.name }
}
