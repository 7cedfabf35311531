/// The administrator's side of the outbox: the mail that has not gone out (failed for
/// good, or still waiting for a retry) with the server's last answer, and putting a
/// failed mail back in the queue.
///
/// Edge cases: a retried row starts its retry schedule again (attempts 0, due now); a
/// failed confirmation whose access code was already erased cannot be retried (it would
/// go out with the placeholder instead of the code), `retry` returns `.noSecret`; only
/// 'failed' rows can be retried (`.notFailed` otherwise, e.g. sent meanwhile).
extension OutboxStore {
    /// One row as the admin page shows it.
    public struct Problem: Sendable, Equatable {
        public var id: Int64
        public var kind: String
        public var to: String
        public var subject: String
        public var status: String
        public var attempts: Int
        public var nextAttemptAt: Int64
        public var lastError: String
    }

    public enum RetryResult: Sendable, Equatable { case queued, notFailed, noSecret }

    /// Failed rows first, then queued ones, newest first, at most `limit`.
    public func problems(limit: Int = 100) throws -> [Problem] {
        try db.query("""
            SELECT id, kind, to_addr, subject, status, attempts, next_attempt_at, last_error FROM outbox
            WHERE status IN ('failed', 'queued') ORDER BY status = 'queued', id DESC LIMIT ?
            """, limit).map { r in
            Problem(id: r.int("id"), kind: r.string("kind"), to: r.string("to_addr"), subject: r.string("subject"),
                    status: r.string("status"), attempts: Int(r.int("attempts")), nextAttemptAt: r.int("next_attempt_at"),
                    lastError: r.string("last_error"))
        }
    }

    public func retry(id: Int64, now: Int64) throws -> RetryResult {
        try db.write {
            guard let row = try db.queryOne("SELECT status, body_text, subject, secret FROM outbox WHERE id = ?", id),
                  row.string("status") == "failed" else { return .notFailed }
            let needsCode = (row.string("body_text") + row.string("subject")).contains("{access_code}")
            if needsCode && row.optionalString("secret") == nil { return .noSecret }
            try db.execute("UPDATE outbox SET status = 'queued', attempts = 0, next_attempt_at = ? WHERE id = ? AND status = 'failed'",
                           now, id)
            return .queued
        }
    }
}
