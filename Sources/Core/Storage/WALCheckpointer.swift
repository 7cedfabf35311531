import CSQLite

/// Keeps one connection's write-ahead log short: after a commit that leaves the WAL at
/// `frameLimit` frames or more, it checkpoints in RESTART mode, so the whole log is copied
/// into the database and the next writer starts the log again from its first frame.
///
/// Why not SQLite's automatic checkpoint: it is PASSIVE, and with several workers always
/// inside a transaction it can never copy the frames a reader still uses, nor the ones
/// committed while it copies. It then never completes, the log is never restarted, and
/// every later commit runs another checkpoint with two fsyncs. Measured under 4 workers
/// creating tickets: the WAL grew to 288 MB, each worker called fdatasync about 75 times
/// a second, and ext4 zeroed every new block of the growing file (5% of all CPU).
///
/// RESTART waits for the writer lock and for readers of older snapshots; that wait is
/// capped at `readerWaitMilliseconds` (requests read for well under a millisecond). When a
/// long reader (a backup, a statistics page over a million tickets) is still there, the
/// checkpoint copies what it can, as PASSIVE would, and the next try waits until the log
/// has grown by another `frameLimit` frames, so commits are not held up one after another.
/// Read-only connections never commit, so never checkpoint.
final class WALCheckpointer {
    /// The WAL's length after this connection's last commit (written by the C hook).
    private let frames = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
    private let frameLimit: Int32
    private let readerWaitMilliseconds: Int32
    private var nextTry: Int32
    /// Checkpoints tried so far (for tests).
    private(set) var attempts = 0
    /// The WAL's length in frames after the last commit (for tests).
    var lastLength: Int32 { frames.pointee }

    init(frameLimit: Int32 = 4000, readerWaitMilliseconds: Int32 = 200) {
        frames.initialize(to: 0)
        self.frameLimit = frameLimit
        self.readerWaitMilliseconds = readerWaitMilliseconds
        nextTry = frameLimit
    }

    /// Replaces SQLite's automatic checkpoint on `handle` with the frame count hook.
    func install(on handle: OpaquePointer) {
        csqlite_record_wal_frames_in(handle, frames)
    }

    /// Called after each commit; `busyTimeout` is the connection's normal busy timeout,
    /// put back once the checkpoint's shorter wait is over.
    func afterCommit(_ handle: OpaquePointer, busyTimeoutMilliseconds: Int32) {
        let length = frames.pointee
        if length < frameLimit { nextTry = frameLimit }
        guard length >= nextTry else { return }
        attempts += 1
        csqlite_short_sleep_busy_timeout(handle, readerWaitMilliseconds)
        var logFrames: Int32 = 0, copied: Int32 = 0
        let rc = sqlite3_wal_checkpoint_v2(handle, nil, SQLITE_CHECKPOINT_RESTART, &logFrames, &copied)
        csqlite_short_sleep_busy_timeout(handle, busyTimeoutMilliseconds)
        nextTry = rc == SQLITE_OK ? frameLimit : length + frameLimit
    }

    deinit { frames.deallocate() }
}
