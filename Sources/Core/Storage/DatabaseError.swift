import CSQLite

/// An SQLite failure with the library's code and message, and the SQL that caused it.
/// `isBusy` and `isFull` let callers turn lock timeouts and a full disk into clear pages.
public struct DatabaseError: Error, CustomStringConvertible {
    public let code: Int32
    public let message: String
    public let sql: String

    public var isBusy: Bool { code & 0xff == SQLITE_BUSY || code & 0xff == SQLITE_LOCKED }
    public var isFull: Bool { code & 0xff == SQLITE_FULL || code & 0xff == SQLITE_IOERR }
    public var isConstraint: Bool { code & 0xff == SQLITE_CONSTRAINT }
    /// The drawn ticket number is already used (draw another).
    public var isNumberTaken: Bool { isConstraint && message.contains("tickets.number") }

    public var description: String { "SQLite error \(code): \(message)" + (sql.isEmpty ? "" : " [\(sql)]") }
}
