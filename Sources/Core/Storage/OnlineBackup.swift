import CSQLite
import Glibc

/// Copies one open database into another with SQLite's online backup API
/// (`sqlite3_backup_init/step/finish`), while other processes keep writing the source.
///
/// The copy is a consistent snapshot: when the source is in WAL mode, a read transaction
/// is held on the source connection for the whole copy, so the pages all come from one
/// moment and SQLite never has to restart the copy because a writer committed between
/// two steps (with a busy writer and no snapshot it could restart forever). A WAL reader
/// blocks no writer; between steps of `pagesPerStep` pages it sleeps `pause` so the
/// copy does not hog the disk. In rollback-journal mode a held read lock would block
/// every writer, so the copy is done in one step instead (writers wait on their busy
/// timeout for that long). `SQLITE_BUSY`/`SQLITE_LOCKED` on a step is retried until
/// `busyTimeoutMilliseconds` has passed without progress. While the copy runs, the WAL
/// cannot be checkpointed past the snapshot, so it grows by what is written meanwhile
/// (and shrinks at the next checkpoint). Every page of the destination is replaced; its
/// journal mode is left to the caller.
public struct OnlineBackup {
    public var pagesPerStep: Int32
    public var pauseMicroseconds: UInt32
    public var busyTimeoutMilliseconds: Int

    public init(pagesPerStep: Int32 = 256, pauseMicroseconds: UInt32 = 5_000, busyTimeoutMilliseconds: Int = 30_000) {
        self.pagesPerStep = max(1, pagesPerStep)
        self.pauseMicroseconds = pauseMicroseconds
        self.busyTimeoutMilliseconds = busyTimeoutMilliseconds
    }

    /// What the copy did: pages in the snapshot and how many steps it took.
    public struct Progress: Sendable, Equatable {
        public var pages: Int
        public var steps: Int
    }

    /// Copies `source` into `destination`. `afterStep` runs after every step that left
    /// pages to copy (tests use it to write to the source mid-copy).
    @discardableResult
    public func copy(from source: Database, into destination: Database, afterStep: () throws -> Void = {}) throws -> Progress {
        let wal = try source.scalar("PRAGMA journal_mode").string == "wal"
        if !wal { return try run(source, destination, pages: -1, afterStep: afterStep) }
        return try source.read {
            // BEGIN is deferred: the snapshot starts with the first read.
            _ = try source.scalar("SELECT count(*) FROM sqlite_master")
            return try run(source, destination, pages: pagesPerStep, afterStep: afterStep)
        }
    }

    private func run(_ source: Database, _ destination: Database, pages: Int32, afterStep: () throws -> Void) throws -> Progress {
        guard let backup = sqlite3_backup_init(destination.handle, "main", source.handle, "main") else {
            throw destination.error(sqlite3_errcode(destination.handle), sql: "sqlite3_backup_init")
        }
        var progress = Progress(pages: 0, steps: 0)
        var waitedMilliseconds = 0
        while true {
            let rc = sqlite3_backup_step(backup, pages)
            progress.steps += 1
            progress.pages = Int(sqlite3_backup_pagecount(backup))
            if rc == SQLITE_DONE { break }
            let primary = rc & 0xff
            if rc == SQLITE_OK {
                waitedMilliseconds = 0
                do { try afterStep() } catch {
                    sqlite3_backup_finish(backup)
                    throw error
                }
                if pauseMicroseconds > 0 { usleep(pauseMicroseconds) }
            } else if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) && waitedMilliseconds < busyTimeoutMilliseconds {
                usleep(10_000)
                waitedMilliseconds += 10
            } else {
                sqlite3_backup_finish(backup)
                throw DatabaseError(code: rc, message: String(cString: sqlite3_errstr(rc)), sql: "sqlite3_backup_step")
            }
        }
        let rc = sqlite3_backup_finish(backup)
        guard rc == SQLITE_OK else { throw destination.error(rc, sql: "sqlite3_backup_finish") }
        return progress
    }
}
