import Foundation
import Glibc
import Testing
@testable import Core

/// `WriteGate`: a write with `writersQueue` waits while another holds `<db>-writers`, goes
/// on under SQLite's own lock once its busy timeout has passed, and works without a gate
/// when the lock file cannot be opened.
@Suite struct WriteGateTests {
    private func holdGate(_ path: String) -> Int32 {
        let fd = Glibc.open(path + "-writers", O_RDWR | O_CREAT, 0o600)
        #expect(fd >= 0)
        #expect(flock(fd, LOCK_EX) == 0)
        return fd
    }

    @Test func aWriteWaitsUntilTheGateIsLetGo() throws {
        try withTemporaryDirectory { dir in
            let path = dir + "/t.sqlite"
            let db = try Database(path: path, writersQueue: true)
            try db.execute("CREATE TABLE t(v INTEGER)")
            let fd = holdGate(path)
            let released = Atomic(false)
            let wroteWhileHeld = Atomic<Bool?>(nil)
            let done = DispatchSemaphore(value: 0)
            let writer = Thread {
                let other = try? Database(path: path, writersQueue: true)
                try? other?.write {
                    wroteWhileHeld.value = !released.value
                    try other?.execute("INSERT INTO t VALUES (1)")
                }
                done.signal()
            }
            writer.start()
            usleep(150_000)
            released.value = true
            flock(fd, LOCK_UN)
            close(fd)
            done.wait()
            #expect(wroteWhileHeld.value == false)
            #expect(try db.scalar("SELECT count(*) FROM t").int == 1)
        }
    }

    @Test func aGateHeldTooLongIsPassedAfterTheBusyTimeout() throws {
        try withTemporaryDirectory { dir in
            let path = dir + "/t.sqlite"
            let fd = holdGate(path)
            defer { close(fd) }
            let db = try Database(path: path, busyTimeoutMilliseconds: 300, writersQueue: true)
            let start = ContinuousClock.now
            try db.write { try db.execute("CREATE TABLE t(v INTEGER)") }
            #expect(ContinuousClock.now - start >= .milliseconds(250))
            #expect(try db.scalar("SELECT count(*) FROM t").int == 0)
        }
    }

    @Test func withoutALockFileWritesStillWork() throws {
        try withTemporaryDirectory { dir in
            let path = dir + "/t.sqlite"
            try FileSystem.makeDirectories(path + "-writers")   // cannot be opened as a file
            let db = try Database(path: path, writersQueue: true)
            try db.write { try db.execute("CREATE TABLE t(v INTEGER)") }
            try db.write { try db.execute("INSERT INTO t VALUES (1)") }
            #expect(try db.scalar("SELECT count(*) FROM t").int == 1)
        }
    }
}
