import CSQLite

/// A value that differs whenever the database may have changed since it was taken: a
/// commit by another connection (another worker, the CLI) moves `PRAGMA data_version`,
/// and a change made through this connection moves `sqlite3_total_changes`. Per-process
/// caches of rarely changing tables keep the stamp they were loaded under and reload
/// when it differs. Edge cases: a rolled-back change of this connection still moves the
/// stamp (one needless reload, never a stale value); schema changes without row changes
/// (DDL) are not seen, so nothing cached may depend on the schema alone.
public struct ChangeStamp: Equatable, Sendable {
    let dataVersion: Int64
    let ownChanges: Int64
}

extension Database {
    public func changeStamp() throws -> ChangeStamp {
        ChangeStamp(dataVersion: try scalar("PRAGMA data_version").int ?? 0, ownChanges: Int64(sqlite3_total_changes(handle)))
    }
}
