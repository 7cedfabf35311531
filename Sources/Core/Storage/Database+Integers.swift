import CSQLite

extension Database {
    /// The first column of every row as an integer (NULL reads as 0), without building a
    /// `Row` per result: for scans of up to millions of rows, such as the durations behind
    /// the statistics' medians. Values are bound like every other query.
    public func integers(_ sql: String, _ values: SQLBindable...) throws -> [Int64] {
        let stmt = try statement(sql)
        try stmt.bind(values.map(\.sqlValue))
        defer { sqlite3_reset(stmt.handle) }
        var out: [Int64] = []
        while true {
            let rc = sqlite3_step(stmt.handle)
            if rc == SQLITE_DONE { return out }
            guard rc == SQLITE_ROW else { throw error(rc, sql: sql) }
            out.append(sqlite3_column_int64(stmt.handle, 0))
        }
    }
}
