/// Remembered answers to API requests sent with an `Idempotency-Key`, per API key: the
/// hash of the request body, the status and the JSON body given. A retry with the same
/// key and body gets the same answer (the same ticket, not a second one); the same key
/// with another body is refused by the caller. Records older than `retention` are pruned.
///
/// Edge case, on purpose: the stored answer of a ticket creation contains the access
/// code, because a client whose first response was lost must still be able to give it
/// to the customer; that is why the records live one day only.
public struct IdempotencyStore {
    let db: Database

    public init(db: Database) { self.db = db }

    public static let retention: Int64 = 86_400

    /// One remembered answer: the request body's SHA-256 (hex), the status and JSON body sent.
    public struct Record: Sendable, Equatable {
        public let requestHash: String
        public let status: Int
        public let response: String
    }

    public func find(apiKeyID: Int64, key: String, now: Int64) throws -> Record? {
        try db.queryOne("""
            SELECT request_hash, status, response FROM api_idempotency
            WHERE api_key_id = ? AND idempotency_key = ? AND created_at >= ?
            """, apiKeyID, key, now - Self.retention).map {
            Record(requestHash: $0.string("request_hash"), status: Int($0.int("status")), response: $0.string("response"))
        }
    }

    /// Saves inside the caller's transaction (the one that made the change it reports).
    /// An expired record of the same key is replaced.
    public func save(apiKeyID: Int64, key: String, record: Record, ticketID: Int64?, now: Int64) throws {
        if now % 61 == 0 { try db.execute("DELETE FROM api_idempotency WHERE created_at < ?", now - Self.retention) }
        try db.execute("""
            INSERT INTO api_idempotency(api_key_id, idempotency_key, ticket_id, response, created_at, request_hash, status)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(api_key_id, idempotency_key) DO UPDATE SET ticket_id = excluded.ticket_id, response = excluded.response,
                created_at = excluded.created_at, request_hash = excluded.request_hash, status = excluded.status
            """, apiKeyID, key, ticketID, record.response, now, record.requestHash, record.status)
    }
}
