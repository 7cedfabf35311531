import CSQLite

/// A query stepped a few rows at a time by its caller, for reads that decide as they go how
/// far to read (the desk search's candidate reads): going on below the last row costs one
/// step per row, where running the query again with a new bound set up the full-text cursor
/// again (~250 k instructions for a common word).
///
/// Edge cases: the statement comes from the connection's cache, so while a stream is open no
/// other query may run the same SQL text (it would reset this one). `finish()` resets the
/// statement; call it (a `defer` does) before the transaction ends. After the last row,
/// `read` returns 0 and the stream stays done.
struct RowStream {
    private let statement: Statement
    private let db: Database
    private(set) var isDone = false

    init(_ db: Database, _ sql: String, values: [SQLValue]) throws {
        self.db = db
        statement = try db.statement(sql)
        try statement.bind(values)
    }

    /// Steps up to `limit` rows, handing each to `body`; returns how many it read (fewer
    /// than `limit` only when the query has no more rows).
    mutating func read(_ limit: Int, _ body: (RowCursor) throws -> Void) throws -> Int {
        var rows = 0
        while rows < limit && !isDone {
            let rc = sqlite3_step(statement.handle)
            if rc == SQLITE_DONE { isDone = true; break }
            guard rc == SQLITE_ROW else { throw db.error(rc, sql: statement.sql) }
            rows += 1
            try body(RowCursor(handle: statement.handle))
        }
        return rows
    }

    /// Resets the statement (its read ends; the cached statement can be used again).
    func finish() { sqlite3_reset(statement.handle) }
}
