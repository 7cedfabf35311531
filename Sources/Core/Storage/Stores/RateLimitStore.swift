/// Fixed-window counters per bucket (e.g. `lookup:203.0.113.9`). Windows are aligned
/// to multiples of their length; a burst straddling two windows can reach twice the
/// limit, an accepted trade for one indexed row per check. Old windows are pruned now
/// and then by whoever writes.
public struct RateLimitStore {
    let db: Database

    public init(db: Database) { self.db = db }

    public func count(bucket: String, window: Int64, now: Int64) throws -> Int {
        let start = now - now % window
        return Int(try db.scalar("SELECT count FROM rate_limits WHERE bucket = ? AND window_start = ?", bucket, start).int ?? 0)
    }

    public func isLimited(bucket: String, limit: Int, window: Int64, now: Int64) throws -> Bool {
        try count(bucket: bucket, window: window, now: now) >= limit
    }

    /// Checks the limit and runs `attempt` in ONE write transaction, so parallel requests
    /// cannot all pass the check before any of them is counted. Returns nil when the
    /// bucket is already at its limit (`attempt` does not run); otherwise `attempt`'s value,
    /// counted when `attempt` says so (e.g. only failed guesses count).
    public func guarded<T>(bucket: String, limit: Int, window: Int64, now: Int64,
                           _ attempt: () throws -> (value: T, counts: Bool)) throws -> T? {
        try db.write {
            if try count(bucket: bucket, window: window, now: now) >= limit { return nil }
            let outcome = try attempt()
            if outcome.counts { try hit(bucket: bucket, window: window, now: now) }
            return outcome.value
        }
    }

    @discardableResult
    public func hit(bucket: String, window: Int64, now: Int64) throws -> Int {
        let start = now - now % window
        return try db.write {
            if now % 97 == 0 { try db.execute("DELETE FROM rate_limits WHERE window_start < ?", now - 2 * 86_400) }
            let row = try db.queryOne("""
                INSERT INTO rate_limits(bucket, window_start, count) VALUES (?, ?, 1)
                ON CONFLICT(bucket, window_start) DO UPDATE SET count = count + 1
                RETURNING count
                """, bucket, start)
            return Int(row?.int("count") ?? 1)
        }
    }
}
