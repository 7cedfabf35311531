/// API keys for other systems (contact forms, dashboards). A key is `tq_` followed by
/// 32 random bytes in Crockford base32; only its SHA-256 is stored, so the key is shown
/// once at creation and can never be read back. A fast hash is right: the key has 256
/// bits of entropy. Revoking keeps the row (the audit log and "last used" stay readable);
/// a revoked key authenticates no more.
public struct ApiKeyStore {
    let db: Database

    public init(db: Database) { self.db = db }

    public static let prefix = "tq_"

    /// A key as listed: never the secret, which is not stored.
    public struct Key: Sendable, Equatable {
        public let id: Int64
        public let name: String
        public let scopes: Set<ApiScope>
        public let createdAt: Int64
        public let revokedAt: Int64?
        public let lastUsedAt: Int64?
    }

    /// A new random key in its display form.
    public static func randomKey() -> String { prefix + Crockford32.encode(SecureRandom.bytes(32)) }

    public static func hash(_ key: String) -> [UInt8] { SHA256.hash(Array(key.utf8)) }

    /// Creates a key inside the caller's transaction (or its own); returns the row and the
    /// secret, which the caller shows once.
    public func create(name: String, scopes: Set<ApiScope>, now: Int64) throws -> (key: Key, secret: String) {
        let secret = Self.randomKey()
        let id: Int64 = try db.write {
            try db.execute("INSERT INTO api_keys(name, key_hash, scopes, created_at) VALUES (?, ?, ?, ?)",
                           name, Blob(Self.hash(secret)), ApiScope.serialize(scopes), now)
            return db.lastInsertID
        }
        return (Key(id: id, name: name, scopes: scopes, createdAt: now, revokedAt: nil, lastUsedAt: nil), secret)
    }

    public func list() throws -> [Key] {
        try db.query("SELECT id, name, scopes, created_at, revoked_at, last_used_at FROM api_keys ORDER BY id DESC").map(Self.key)
    }

    public func find(id: Int64) throws -> Key? {
        try db.queryOne("SELECT id, name, scopes, created_at, revoked_at, last_used_at FROM api_keys WHERE id = ?", id).map(Self.key)
    }

    /// Marks a key revoked; false when there is no such key or it was revoked already.
    public func revoke(id: Int64, now: Int64) throws -> Bool {
        try db.write {
            try db.execute("UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", now, id)
            return db.changes == 1
        }
    }

    /// The live key whose secret this is; nil for anything malformed, unknown or revoked.
    /// The lookup is by hash (an index probe), so timing reveals nothing about the secret.
    public func authenticate(_ secret: String) throws -> Key? {
        guard secret.hasPrefix(Self.prefix), secret.utf8.count <= 100 else { return nil }
        let key = try db.queryOne("""
            SELECT id, name, scopes, created_at, revoked_at, last_used_at FROM api_keys WHERE key_hash = ?
            """, Blob(Self.hash(secret))).map(Self.key)
        guard let key, key.revokedAt == nil else { return nil }
        return key
    }

    /// Records use at minute granularity, so a busy key costs one write a minute, not one
    /// per request. Runs inside the caller's transaction.
    public func touch(id: Int64, now: Int64) throws {
        try db.execute("UPDATE api_keys SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)",
                       now, id, now - 60)
    }

    static func key(_ r: Row) -> Key {
        Key(id: r.int("id"), name: r.string("name"), scopes: ApiScope.parse(r.string("scopes")), createdAt: r.int("created_at"),
            revokedAt: r.optionalInt("revoked_at"), lastUsedAt: r.optionalInt("last_used_at"))
    }
}

/// What an API key may do. Stored as a space-separated list in `api_keys.scopes`;
/// unknown words in the column are ignored (a scope removed in a later version grants nothing).
public enum ApiScope: String, CaseIterable, Sendable, Comparable {
    case ticketsCreate = "tickets:create"
    case ticketsRead = "tickets:read"
    case statsRead = "stats:read"
    case mailRead = "mail:read"

    public static func < (a: ApiScope, b: ApiScope) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }

    public static func parse(_ text: String) -> Set<ApiScope> {
        Set(text.split(whereSeparator: { $0 == " " || $0 == "," }).compactMap { ApiScope(rawValue: String($0)) })
    }

    /// Parses a user's list strictly: nil when a word is not a scope.
    public static func parseStrict(_ text: String) -> Set<ApiScope>? {
        var out: Set<ApiScope> = []
        for word in text.split(whereSeparator: { $0 == " " || $0 == "," }) {
            guard let scope = ApiScope(rawValue: String(word)) else { return nil }
            out.insert(scope)
        }
        return out
    }

    public static func serialize(_ scopes: Set<ApiScope>) -> String { scopes.sorted().map(\.rawValue).joined(separator: " ") }
}
