import CSQLite
#if canImport(Glibc)
import Glibc
#endif

/// The queue writers of one database stand in: an exclusive `flock` on `<database>-writers`,
/// taken before BEGIN IMMEDIATE and let go after COMMIT (and the checkpoint that may follow).
///
/// Without it, a worker that finds SQLite's write lock taken polls it from the busy handler
/// every 100 µs: each try costs system calls and the lock often sits free until the next
/// try. Waiting in `flock`, the kernel wakes the next writer as soon as the holder lets go.
/// The gate is a queue, not the guard: SQLite's own lock still decides, so a writer that
/// does not use the gate (another program, an older binary) is as safe as before, and a
/// writer that cannot get the gate (lock file not writable, wait longer than the busy
/// timeout, a signal) just goes on to BEGIN IMMEDIATE and its busy handler.
///
/// flock locks belong to the open file, so the file is opened per connection, after any
/// fork (FastCGI workers open their database after the fork), close-on-exec: two
/// connections in one process queue like two processes. The wait is bounded by a timer of
/// the waiting thread alone (`csqlite_gate_lock`), so threads never wake each other.
final class WriteGate {
    private let fd: Int32
    private let timeoutMilliseconds: Int32
    private var held = false

    /// nil when the lock file cannot be opened or created: writes then go without a gate.
    init?(databasePath: String, timeoutMilliseconds: Int32) {
        let fd = open(databasePath + "-writers", O_RDWR | O_CREAT | O_CLOEXEC, 0o660)
        guard fd >= 0 else { return nil }
        self.fd = fd
        self.timeoutMilliseconds = timeoutMilliseconds
    }

    func enter() {
        held = csqlite_gate_lock(fd, timeoutMilliseconds) == 1
    }

    func leave() {
        if held { csqlite_gate_unlock(fd) }
        held = false
    }

    deinit { close(fd) }
}
