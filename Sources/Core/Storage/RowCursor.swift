import CSQLite

/// The current row of a statement being stepped by `Database.each`, read column by column
/// without building a `Row` (an array of values and the column names) per row: for hot
/// loops over hundreds of rows of a few integers. Valid only inside the callback; a NULL
/// reads as 0, as in `Row.int`.
public struct RowCursor {
    let handle: OpaquePointer

    public func int(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }
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
