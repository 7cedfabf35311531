import Foundation
import Testing
@testable import Core

/// `WALCheckpointer`: the log restarts from its first frame once it passes the limit, even
/// with other connections reading and writing; a reader that holds an old snapshot makes a
/// checkpoint give up, and then only every further `frameLimit` frames is tried again.
@Suite struct WALCheckpointTests {
    static let page = [UInt8](repeating: 7, count: 3000)

    private func open(_ path: String) throws -> Database {
        let db = try Database(path: path, checkpointFrames: 50)
        try db.execute("PRAGMA journal_mode = WAL")
        return db
    }

    private func walBytes(_ path: String) -> Int {
        (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0
    }

    @Test func theLogStaysShortUnderTwoWritersAndABusyReader() throws {
        try withTemporaryDirectory { dir in
            let path = dir + "/t.sqlite"
            let a = try open(path), b = try open(path)
            try a.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v BLOB)")
            let stop = Atomic(false)
            let reader = Thread {
                guard let c = try? Database(path: path, readOnly: true) else { return }
                while !stop.value {
                    _ = try? c.read { try c.scalar("SELECT count(*) FROM t") }
                }
            }
            reader.start()
            for i in 0..<600 {
                let db = i % 2 == 0 ? a : b
                try db.write { try db.execute("INSERT INTO t(v) VALUES (?)", Blob(Self.page)) }
            }
            stop.value = true
            // 600 commits of a page or more each: without restarts the log would hold them all.
            #expect(walBytes(path) < 200 * 4120)
            #expect(a.checkpointer.attempts + b.checkpointer.attempts >= 4)
            #expect(try a.scalar("SELECT count(*) FROM t").int == 600)
            #expect(try a.scalar("PRAGMA integrity_check").string == "ok")
        }
    }

    @Test func aPinnedSnapshotMakesItBackOffThenRestartOnceReleased() throws {
        try withTemporaryDirectory { dir in
            let path = dir + "/t.sqlite"
            let a = try open(path)
            try a.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v BLOB)")
            let pinned = try Database(path: path, readOnly: true)
            try pinned.execute("BEGIN")
            _ = try pinned.scalar("SELECT count(*) FROM t")
            for _ in 0..<120 { try a.write { try a.execute("INSERT INTO t(v) VALUES (?)", Blob(Self.page)) } }
            // 120 commits of 1–2 frames each pass the limit of 50 many times over, but with
            // the snapshot held each failed try moves the next one 50 frames further.
            let tries = a.checkpointer.attempts
            #expect(a.checkpointer.lastLength > 100)
            #expect(tries >= 2 && tries <= Int(a.checkpointer.lastLength) / 50 + 1)
            try pinned.execute("COMMIT")
            for _ in 0..<60 { try a.write { try a.execute("INSERT INTO t(v) VALUES (?)", Blob(Self.page)) } }
            #expect(a.checkpointer.lastLength < 50)
            #expect(try a.scalar("SELECT count(*) FROM t").int == 180)
        }
    }
}

/// A flag shared between the test and its reader thread.
final class Atomic<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: T
    init(_ value: T) { stored = value }
    var value: T {
        get { lock.lock(); defer { lock.unlock() }; return stored }
        set { lock.lock(); stored = newValue; lock.unlock() }
    }
}
