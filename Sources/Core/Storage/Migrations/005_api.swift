extension Migrations {
    /// The JSON API: an idempotency record remembers a hash of the request it answered
    /// (so the same key with a different body is refused, not replayed) and the status it
    /// gave; old records are pruned by creation time.
    static let api005 = """
    ALTER TABLE api_idempotency ADD COLUMN request_hash TEXT NOT NULL DEFAULT '';
    ALTER TABLE api_idempotency ADD COLUMN status INTEGER NOT NULL DEFAULT 201;
    CREATE INDEX api_idempotency_created ON api_idempotency(created_at);
    """
}
