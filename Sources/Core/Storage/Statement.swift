import CSQLite

/// A prepared statement owned by one `Database`. Values are only ever bound, never
/// spliced into SQL text. Statements are cached and reset after each use.
final class Statement {
    let handle: OpaquePointer
    let sql: String
    private unowned let db: Database

    init(db: Database, sql: String) throws {
        var stmt: OpaquePointer?
        let rc = sqlite3_prepare_v3(db.handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &stmt, nil)
        guard rc == SQLITE_OK, let stmt else { throw db.error(rc, sql: sql) }
        self.handle = stmt
        self.sql = sql
        self.db = db
    }

    deinit { sqlite3_finalize(handle) }

    func bind(_ values: [SQLValue]) throws {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        let expected = Int(sqlite3_bind_parameter_count(handle))
        guard expected == values.count else {
            throw DatabaseError(code: SQLITE_RANGE, message: "expected \(expected) values, got \(values.count)", sql: sql)
        }
        for (i, value) in values.enumerated() {
            let index = Int32(i + 1)
            let rc: Int32
            switch value {
            case .null: rc = sqlite3_bind_null(handle, index)
            case .integer(let v): rc = sqlite3_bind_int64(handle, index, v)
            case .text(let v): rc = sqlite3_bind_text(handle, index, v, -1, csqlite_transient())
            case .blob(let v):
                rc = v.withUnsafeBytes { raw in
                    sqlite3_bind_blob64(handle, index, raw.baseAddress, sqlite3_uint64(raw.count), csqlite_transient())
                }
            }
            guard rc == SQLITE_OK else { throw db.error(rc, sql: sql) }
        }
    }

    /// Steps through every row, handing each to `body`; resets the statement afterwards.
    func run(_ body: (Row) throws -> Void) throws {
        let count = Int(sqlite3_column_count(handle))
        var names: [String] = []
        names.reserveCapacity(count)
        for i in 0..<count { names.append(String(cString: sqlite3_column_name(handle, Int32(i)))) }
        try step {
            var values: [SQLValue] = []
            values.reserveCapacity(count)
            for i in 0..<Int32(count) { values.append(column(i)) }
            try body(Row(columns: names, values: values))
        }
    }

    /// Steps to the end, calling `body` at each row, then resets; returns the row count.
    @discardableResult
    func step(_ body: () throws -> Void) throws -> Int {
        defer { sqlite3_reset(handle) }
        var rows = 0
        while true {
            let rc = sqlite3_step(handle)
            if rc == SQLITE_DONE { return rows }
            guard rc == SQLITE_ROW else { throw db.error(rc, sql: sql) }
            rows += 1
            try body()
        }
    }

    private func column(_ i: Int32) -> SQLValue {
        switch sqlite3_column_type(handle, i) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(handle, i))
        case SQLITE_FLOAT: return .integer(Int64(sqlite3_column_double(handle, i)))
        case SQLITE_TEXT: return .text(RowCursor(handle: handle).string(i))
        case SQLITE_BLOB:
            let n = Int(sqlite3_column_bytes(handle, i))
            guard n > 0, let p = sqlite3_column_blob(handle, i) else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: p, count: n)))
        default: return .null
        }
    }
}
