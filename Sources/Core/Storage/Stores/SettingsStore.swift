/// Reads and writes the `settings` table. The secret key used for CSRF tokens, guest
/// sessions and signed Message-IDs lives here too, created once by `ensureSecret`.
public struct SettingsStore {
    let db: Database

    public init(db: Database) { self.db = db }

    public func load() throws -> Settings {
        var values: [String: String] = [:]
        for row in try db.query("SELECT key, value FROM settings") { values[row.string("key")] = row.string("value") }
        return Settings(values: values)
    }

    public func set(_ key: String, _ value: String) throws {
        try db.write {
            try db.execute("INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", key, value)
        }
    }

    public func get(_ key: String) throws -> String? {
        try db.queryOne("SELECT value FROM settings WHERE key = ?", key)?.string("value")
    }

    /// Creates the 256-bit site secret if it is missing; returns it.
    @discardableResult
    public func ensureSecret() throws -> [UInt8] {
        if let hex = try get("secret_key"), let bytes = Hex.decode(hex), bytes.count == 32 { return bytes }
        let bytes = SecureRandom.bytes(32)
        try set("secret_key", Hex.encode(bytes))
        return bytes
    }
}

extension Settings {
    /// The site secret as bytes; empty if the database was never migrated.
    public var secret: [UInt8] { Hex.decode(values["secret_key"] ?? "") ?? [] }
}
