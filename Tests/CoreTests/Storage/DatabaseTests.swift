import Glibc
import Testing
@testable import Core

/// Runs `body` with a fresh database file in a temporary directory.
func withDatabase(_ body: (Database, String) throws -> Void) throws {
    try withTemporaryDirectory { dir in
        let db = try Database(path: dir + "/t.sqlite")
        try body(db, dir)
    }
}

@Suite struct DatabaseTests {
    @Test func valuesAreBoundNeverSpliced() throws {
        try withDatabase { (db: Database, _: String) throws in
            try db.execute("CREATE TABLE t(v TEXT)")
            let hostile = "x'); DROP TABLE t; --"
            try db.execute("INSERT INTO t(v) VALUES (?)", hostile)
            #expect(try db.scalar("SELECT v FROM t").string == hostile)
            #expect(try db.scalar("SELECT count(*) FROM t WHERE v = ?", "x' OR '1'='1").int == 0)
        }
    }

    @Test func allStorageClassesRoundTrip() throws {
        try withDatabase { (db: Database, _: String) throws in
            try db.execute("CREATE TABLE t(i INTEGER, s TEXT, b BLOB, n TEXT)")
            try db.execute("INSERT INTO t VALUES (?, ?, ?, ?)", Int64.max, "ñandú ✓", Blob([0, 1, 255]), String?.none)
            let row = try #require(try db.queryOne("SELECT * FROM t"))
            #expect(row.int("i") == Int64.max)
            #expect(row.string("s") == "ñandú ✓")
            #expect(row.bytes("b") == [0, 1, 255])
            #expect(row["n"] == .null)
        }
    }

    @Test func writeRollsBackWhenBodyThrows() throws {
        try withDatabase { (db: Database, _: String) throws in
            try db.execute("CREATE TABLE t(v INTEGER)")
            var caught = false
            do {
                try db.write { () throws -> Void in
                    try db.execute("INSERT INTO t VALUES (1)")
                    throw DatabaseError(code: 1, message: "boom", sql: "")
                }
            } catch {
                caught = true
            }
            #expect(caught)
            #expect(try db.scalar("SELECT count(*) FROM t").int == 0)
            try db.write { try db.execute("INSERT INTO t VALUES (2)") }
            #expect(try db.scalar("SELECT count(*) FROM t").int == 1)
        }
    }

    @Test func theWriteAheadLogIsTruncatedAfterACheckpoint() throws {
        try withDatabase { (db: Database, dir: String) throws in
            try Migrator(db: db).migrate(now: 1)
            #expect(try db.scalar("PRAGMA journal_size_limit").int == 67_108_864)
            try db.execute("CREATE TABLE big(b BLOB)")
            try db.write { for _ in 0..<200 { try db.execute("INSERT INTO big VALUES (zeroblob(100000))") } }
            #expect((FileSystem.size(dir + "/t.sqlite-wal") ?? 0) > 10_000_000)
            try db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            #expect((FileSystem.size(dir + "/t.sqlite-wal") ?? 0) == 0)
        }
    }

    @Test func wrongParameterCountIsAnError() throws {
        try withDatabase { (db: Database, _: String) throws in
            #expect(throws: DatabaseError.self) { try db.execute("SELECT ?, ?", 1) }
        }
    }

    @Test func secondWriterWaitsInsteadOfFailing() throws {
        try withDatabase { (db: Database, dir: String) throws in
            try Migrator(db: db).migrate(now: 1)
            let other = try Database(path: dir + "/t.sqlite", busyTimeoutMilliseconds: 100)
            try db.execute("BEGIN IMMEDIATE")
            let error = #expect(throws: DatabaseError.self) { try other.write { try other.execute("INSERT INTO settings VALUES ('a', 'b')") } }
            #expect(error?.isBusy == true)
            try db.execute("COMMIT")
            try other.write { try other.execute("INSERT INTO settings VALUES ('a', 'b')") }
        }
    }

    /// The busy handler retries until the holder commits (here from another thread after
    /// 30 ms), then the waiting write goes ahead: both rows exist, in commit order.
    @Test func waitingWriterGoesAheadWhenTheLockIsReleased() throws {
        try withDatabase { (db: Database, dir: String) throws in
            try Migrator(db: db).migrate(now: 1)
            let other = try Database(path: dir + "/t.sqlite")
            try db.execute("BEGIN IMMEDIATE")
            try db.execute("INSERT INTO settings VALUES ('held', '1')")
            var thread = pthread_t()
            let started = pthread_create(&thread, nil, { raw in
                let holder = Unmanaged<Database>.fromOpaque(raw!).takeRetainedValue()
                usleep(30_000)
                try? holder.execute("COMMIT")
                return nil
            }, Unmanaged.passRetained(db).toOpaque())
            try #require(started == 0)
            try other.write { try other.execute("INSERT INTO settings VALUES ('waited', '2')") }
            pthread_join(thread, nil)
            let keys = try other.query("SELECT key FROM settings WHERE key IN ('held', 'waited') ORDER BY rowid").map { $0[0].string }
            #expect(keys == ["held", "waited"])
        }
    }
}

@Suite struct MigrationTests {
    @Test func migratesAnEmptyFileAndIsIdempotent() throws {
        try withDatabase { (db: Database, _: String) throws in
            let applied = try Migrator(db: db).migrate(now: 10)
            #expect(applied == Migrations.all.map(\.name))
            #expect(try Migrator(db: db).migrate(now: 11).isEmpty)
            #expect(try db.scalar("PRAGMA journal_mode").string == "wal")
            #expect(try db.scalar("SELECT count(*) FROM statuses").int == 9)
            #expect(try db.scalar("SELECT count(*) FROM statuses WHERE is_open = 0").int == 5)
        }
    }

    @Test func upgradesTheCommittedVersionOneFixtureWithoutLosingData() throws {
        try withDatabase { (db: Database, _: String) throws in
            let fixture = try FileSystem.readText(repositoryRoot + "/Tests/Fixtures/schema-v1.sql")
            try db.executeScript(fixture)
            #expect(try Migrator(db: db).applied() == ["001_schema"])
            let applied = try Migrator(db: db).migrate(now: 20)
            #expect(applied == Array(Migrations.all.map(\.name).dropFirst()), "every later migration applies to the version-one file")
            #expect(try db.scalar("SELECT count(*) FROM stats_tickets").int == db.scalar("SELECT count(*) FROM tickets").int,
                    "existing tickets get their statistics rows")
            #expect(try db.scalar("SELECT count(*) FROM message_search WHERE message_search MATCH 'donde'").int == 1,
                    "existing messages are indexed by the upgrade (and accents folded)")
            #expect(try db.scalar("SELECT subject FROM tickets WHERE number = '48271930'").string == "Pedido 1042 sin entregar")
            #expect(try db.scalar("SELECT colour FROM statuses WHERE code = 'open'").string == "#123456", "an existing row is kept")
            #expect(try db.scalar("SELECT count(*) FROM statuses").int == 9)
            #expect(try db.scalar("PRAGMA foreign_key_check").string == nil)
            #expect(try db.scalar("PRAGMA integrity_check").string == "ok")
        }
    }

    @Test func constraintsHold() throws {
        try withDatabase { (db: Database, _: String) throws in
            try Migrator(db: db).migrate(now: 1)
            #expect(throws: DatabaseError.self, "foreign keys are on") {
                try db.execute("INSERT INTO messages(ticket_id, kind, author_name, body_text, source, created_at) VALUES (999, 'customer', 'x', 'y', 'web', 1)")
            }
            #expect(throws: DatabaseError.self, "message kind is checked") {
                try db.execute("INSERT INTO audit_log(at, actor, action) VALUES (1, 'x', '')")
            }
            #expect(throws: DatabaseError.self, "roles are checked") {
                try db.execute("INSERT INTO operators(username, display_name, role, created_at, updated_at) VALUES ('a', 'A', 'god', 1, 1)")
            }
        }
    }

    @Test func failedMigrationRollsBackAlone() throws {
        try withDatabase { (db: Database, _: String) throws in
            let migrations: [Migrator.Migration] = [
                .init(name: "a", sql: "CREATE TABLE a(x);"),
                .init(name: "b", sql: "CREATE TABLE b(x); INSERT INTO nowhere VALUES (1);"),
            ]
            #expect(throws: DatabaseError.self) { try Migrator(db: db, migrations: migrations).migrate(now: 1) }
            #expect(try Migrator(db: db, migrations: migrations).applied() == ["a"])
            #expect(try db.scalar("SELECT count(*) FROM sqlite_master WHERE name = 'b'").int == 0)
        }
    }
}

/// Cheap insurance against SQL built by string interpolation: no line of Core that looks
/// like SQL may interpolate a value.
@Suite struct SQLInterpolationTests {
    @Test func noInterpolatedSQLInSources() throws {
        var offenders: [String] = []
        func scan(_ dir: String) throws {
            for name in try FileSystem.list(dir) {
                let path = dir + "/" + name
                if FileSystem.isDirectory(path) { try scan(path); continue }
                guard name.hasSuffix(".swift") else { continue }
                var lineNumber = 0
                for line in try FileSystem.readText(path).split(separator: "\n", omittingEmptySubsequences: false) {
                    lineNumber += 1
                    let looksSQL = ["SELECT ", "INSERT INTO", "UPDATE ", "DELETE FROM", " WHERE ", "VALUES ("].contains { line.contains($0) }
                    if looksSQL && line.contains("\\(") { offenders.append("\(path):\(lineNumber)") }
                }
            }
        }
        try scan(repositoryRoot + "/Sources")
        #expect(offenders.isEmpty, "\(offenders)")
    }
}
