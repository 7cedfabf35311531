import CSQLite

/// The current row of a statement being stepped by `Database.each`, read column by column
/// without building a `Row` (an array of values and the column names) per row: for hot
/// loops over many rows. Valid only inside the callback; a NULL reads as 0, as in `Row.int`.
public struct RowCursor {
    let handle: OpaquePointer

    public func int(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }

    /// The column as an integer, or nil when it is NULL.
    public func optionalInt(_ column: Int32) -> Int64? {
        sqlite3_column_type(handle, column) == SQLITE_NULL ? nil : sqlite3_column_int64(handle, column)
    }

    /// The column as a String (invalid UTF-8 repaired); NULL reads as "".
    public func string(_ column: Int32) -> String { withText(column) { String(decoding: $0, as: UTF8.self) } }

    /// The column as a String, or nil when it is NULL.
    public func optionalString(_ column: Int32) -> String? {
        sqlite3_column_type(handle, column) == SQLITE_NULL ? nil : string(column)
    }

    /// The column as text, as SQLite holds it: UTF-8 bytes not copied and not validated,
    /// valid only inside `body`. NULL reads as no bytes.
    public func withText<T>(_ column: Int32, _ body: (UnsafeBufferPointer<UInt8>) throws -> T) rethrows -> T {
        let count = Int(sqlite3_column_bytes(handle, column))
        guard count > 0, let p = sqlite3_column_text(handle, column) else { return try body(UnsafeBufferPointer(start: nil, count: 0)) }
        return try body(UnsafeBufferPointer(start: p, count: count))
    }
}

extension Database {
    /// Runs a query and hands each row to `body` as a `RowCursor`; returns the row count.
    @discardableResult
    public func each(_ sql: String, values: [SQLValue], _ body: (RowCursor) throws -> Void) throws -> Int {
        let stmt = try statement(sql)
        try stmt.bind(values)
        return try stmt.step { try body(RowCursor(handle: stmt.handle)) }
    }
}
