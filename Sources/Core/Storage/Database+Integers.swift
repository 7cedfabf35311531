import CSQLite

extension Database {
    /// The first two columns of every row as integers (NULL reads as 0), without building a
    /// `Row` per result: for scans of up to millions of rows, such as the durations behind
    /// the statistics' medians. Values are bound like every other query.
    public func integerPairs(_ sql: String, _ values: SQLBindable...) throws -> [(Int64, Int64)] {
        let stmt = try statement(sql)
        try stmt.bind(values.map(\.sqlValue))
        defer { sqlite3_reset(stmt.handle) }
        var pairs: [(Int64, Int64)] = []
        while true {
            let rc = sqlite3_step(stmt.handle)
            if rc == SQLITE_DONE { return pairs }
            guard rc == SQLITE_ROW else { throw error(rc, sql: sql) }
            pairs.append((sqlite3_column_int64(stmt.handle, 0), sqlite3_column_int64(stmt.handle, 1)))
        }
    }
}
