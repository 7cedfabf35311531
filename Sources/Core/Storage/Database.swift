import CSQLite

/// A connection to one SQLite file. Not thread-safe: each FastCGI worker is a
/// single-threaded process with its own connection, which is the model SQLite likes.
///
/// Opening sets a busy handler first (so a concurrent writer waits instead of failing; it
/// retries every 100 µs at first since a writer holds the lock for well under a millisecond,
/// see `csqlite_short_sleep_busy` in the CSQLite shim), then foreign keys on. WAL is switched
/// on only when the file is new (see `Migrator`). The WAL is checkpointed after commits by
/// `WALCheckpointer`, not by SQLite's automatic (PASSIVE) checkpoint.
/// Writes go through `write {}` which queues at the `WriteGate`, then uses BEGIN IMMEDIATE,
/// so a transaction never has to upgrade a read lock and hit SQLITE_BUSY halfway.
public final class Database {
    let handle: OpaquePointer
    public let path: String
    private var cache: [String: Statement] = [:]
    private var transactionDepth = 0
    private let busyTimeoutMilliseconds: Int32
    let checkpointer: WALCheckpointer
    private let gate: WriteGate?

    /// `writersQueue`: writes queue at a `WriteGate` (for the processes that write side by
    /// side: workers, CGI requests, cron commands); off for one-off files such as backup copies.
    /// `checkpointFrames`: the WAL length that makes a commit checkpoint (`WALCheckpointer`).
    public init(path: String, busyTimeoutMilliseconds: Int32 = 5000, readOnly: Bool = false, writersQueue: Bool = false,
                checkpointFrames: Int32 = 4000) throws {
        var db: OpaquePointer?
        let flags = readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
        let rc = sqlite3_open_v2(path, &db, flags | SQLITE_OPEN_NOMUTEX, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close(db)
            throw DatabaseError(code: rc, message: message, sql: "")
        }
        handle = db
        self.path = path
        self.busyTimeoutMilliseconds = busyTimeoutMilliseconds
        checkpointer = WALCheckpointer(frameLimit: checkpointFrames)
        gate = readOnly || !writersQueue ? nil : WriteGate(databasePath: path, timeoutMilliseconds: busyTimeoutMilliseconds)
        csqlite_short_sleep_busy_timeout(db, busyTimeoutMilliseconds)
        sqlite3_extended_result_codes(db, 1)
        try execute("PRAGMA foreign_keys = ON")
        try execute("PRAGMA synchronous = NORMAL")
        // After a checkpoint, truncate the WAL back to 64 MB: under a write storm it grew to
        // 320 MB in the benchmark and would otherwise keep that size for good.
        try execute("PRAGMA journal_size_limit = 67108864")
        // Statement journals (a write statement inside a transaction, with triggers) in
        // memory: on file each was a temporary file created and unlinked.
        try execute("PRAGMA temp_store = MEMORY")
        checkpointer.install(on: db)
    }

    deinit {
        cache.removeAll()
        sqlite3_close_v2(handle)
    }

    func error(_ rc: Int32, sql: String) -> DatabaseError {
        DatabaseError(code: rc, message: String(cString: sqlite3_errmsg(handle)), sql: sql)
    }

    func statement(_ sql: String) throws -> Statement {
        if let cached = cache[sql] { return cached }
        let stmt = try Statement(db: self, sql: sql)
        cache[sql] = stmt
        return stmt
    }

    /// Runs a statement that returns no rows we care about.
    public func execute(_ sql: String, _ values: SQLBindable...) throws {
        let stmt = try statement(sql)
        try stmt.bind(values.map(\.sqlValue))
        try stmt.run { _ in }
    }

    /// Runs a script of several statements with no parameters (migrations only).
    public func executeScript(_ sql: String) throws {
        var errmsg: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &errmsg)
        if rc != SQLITE_OK {
            let message = errmsg.map { String(cString: $0) } ?? "error"
            sqlite3_free(errmsg)
            throw DatabaseError(code: rc, message: message, sql: String(sql.prefix(200)))
        }
    }

    public func query(_ sql: String, _ values: SQLBindable...) throws -> [Row] {
        try query(sql, values: values.map(\.sqlValue))
    }

    public func query(_ sql: String, values: [SQLValue]) throws -> [Row] {
        let stmt = try statement(sql)
        try stmt.bind(values)
        var rows: [Row] = []
        try stmt.run { rows.append($0) }
        return rows
    }

    public func queryOne(_ sql: String, _ values: SQLBindable...) throws -> Row? {
        try query(sql, values: values.map(\.sqlValue)).first
    }

    public func scalar(_ sql: String, _ values: SQLBindable...) throws -> SQLValue {
        try query(sql, values: values.map(\.sqlValue)).first?[0] ?? .null
    }

    public var lastInsertID: Int64 { sqlite3_last_insert_rowid(handle) }
    public var changes: Int { Int(sqlite3_changes(handle)) }
    /// Rows changed by this connection since it opened, including inside virtual tables.
    public var totalChanges: Int { Int(sqlite3_total_changes(handle)) }

    /// Runs `body` in a BEGIN IMMEDIATE transaction; commits on return, rolls back on throw.
    /// Nested calls join the outer transaction.
    public func write<T>(_ body: () throws -> T) throws -> T {
        if transactionDepth > 0 {
            transactionDepth += 1
            defer { transactionDepth -= 1 }
            return try body()
        }
        gate?.enter()
        defer { gate?.leave() }
        try execute("BEGIN IMMEDIATE")
        transactionDepth = 1
        do {
            let result = try body()
            transactionDepth = 0
            try execute("COMMIT")
            checkpointer.afterCommit(handle, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
            return result
        } catch {
            transactionDepth = 0
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// Runs `body` as a savepoint inside the current write transaction: when it throws, only
    /// its own changes are undone and the transaction goes on. Outside a transaction it is a
    /// transaction of its own (SQLite starts one for the savepoint).
    public func savepoint<T>(_ body: () throws -> T) throws -> T {
        try execute("SAVEPOINT part")
        do {
            let result = try body()
            try execute("RELEASE part")
            return result
        } catch {
            try? execute("ROLLBACK TO part")
            try? execute("RELEASE part")
            throw error
        }
    }

    /// A consistent read of several statements (a deferred transaction).
    public func read<T>(_ body: () throws -> T) throws -> T {
        if transactionDepth > 0 { return try body() }
        try execute("BEGIN")
        transactionDepth = 1
        defer {
            transactionDepth = 0
            try? execute("COMMIT")
        }
        return try body()
    }

    /// For short-lived commands run once per item (`mail pipe`): closing the last
    /// connection normally checkpoints the WAL into the database and deletes it, an
    /// fsync-heavy step that cost a per-message process 40–80 ms. Skipped, the WAL stays
    /// and the next writer's automatic checkpoint moves it; nothing committed is at risk.
    public func skipCheckpointOnClose() {
        _ = csqlite_no_checkpoint_on_close(handle)
    }

    public static var libraryVersion: String { String(cString: sqlite3_libversion()) }
}
