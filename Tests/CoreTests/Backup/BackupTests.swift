import Glibc
import Testing
@testable import Core

/// A migrated data folder inside `dir` with `tickets` tickets, each with one attachment
/// (distinct content), and a user file.
private func makeInstallation(_ dir: String, tickets: Int) throws -> Paths {
    let paths = Paths(root: repositoryRoot, data: dir + "/data")
    try FileSystem.makeDirectories(paths.attachments)
    let db = try Database(path: paths.database)
    try Migrator(db: db).migrate(now: 1_790_000_000)
    try SettingsStore(db: db).ensureSecret()
    let store = TicketStore(db: db, files: AttachmentFiles(directory: paths.attachments))
    for i in 0..<tickets { try openTicket(store, i) }
    try AtomicFile.write(utf8("ana:$2y$05$abcdefghijklmnopqrstuu\n"), toPath: paths.userFile)
    return paths
}

private func openTicket(_ store: TicketStore, _ i: Int) throws {
    var input = NewTicketInput()
    input.name = "Ana"; input.email = "ana\(i)@example.org"; input.phone = "600"; input.city = "Sevilla"
    input.subject = "Subject \(i)"; input.message = "Message \(i)"
    let file = IncomingFile(filename: "f\(i).txt", contentType: "text/plain", bytes: utf8("content of file \(i)"))
    let new = TicketStore.NewTicket(input: input, email: EmailAddress("ana\(i)@example.org")!, files: [file],
                                    clientIP: "192.0.2.1", language: "es", source: "web")
    _ = try store.open(new, now: 1_790_000_000) { _, id in
        OutboxStore.Mail(kind: "confirmation", ticketID: id, to: EmailAddress("ana\(i)@example.org")!, toName: "Ana",
                         subject: "s", bodyText: "b")
    }
}

private func count(_ path: String, _ table: String) throws -> Int64 {
    // Table names come from test code only.
    try Database(path: path, readOnly: true).scalar("SELECT count(*) FROM " + table).int ?? -1
}

@Suite struct OnlineBackupTests {
    /// Rows committed by another connection between steps must neither restart the copy
    /// forever nor leak into it: the copy is the snapshot taken when it began.
    @Test func copyIsOneSnapshotWhileAnotherConnectionWrites() throws {
        try withTemporaryDirectory { dir in
            let source = try Database(path: dir + "/live.sqlite")
            try source.execute("PRAGMA journal_mode = WAL")
            try source.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
            try source.write {
                for i in 0..<2000 { try source.execute("INSERT INTO t(body) VALUES (?)", String(repeating: "x", count: 400) + "\(i)") }
            }
            let writer = try Database(path: dir + "/live.sqlite")
            var writes = 0
            let copy = try Database(path: dir + "/copy.sqlite")
            let progress = try OnlineBackup(pagesPerStep: 16, pauseMicroseconds: 0).copy(from: source, into: copy) {
                // Bounded, so a copy that restarts on every commit still ends (and then fails below).
                if writes < 40 {
                    try writer.execute("INSERT INTO t(body) VALUES ('during')")
                    writes += 1
                }
            }
            #expect(progress.steps > 10)
            #expect(writes > 10)
            #expect(try copy.scalar("SELECT count(*) FROM t").int == 2000)
            #expect(try copy.scalar("SELECT count(*) FROM t WHERE body = 'during'").int == 0)
            #expect(try writer.scalar("SELECT count(*) FROM t").int == Int64(2000 + writes))
            #expect(try copy.query("PRAGMA integrity_check").map { $0[0].string } == ["ok"])
        }
    }
}

@Suite struct BackupRoundTripTests {
    @Test func backupIsIncrementalAndRestoresEverything() throws {
        try withTemporaryDirectory { dir in
            let paths = try makeInstallation(dir, tickets: 3)
            let dest = dir + "/backup"
            try FileSystem.makeDirectories(dest)
            let first = try BackupMaker(paths: paths, destination: dest).make(now: 1_790_000_100, generator: "test")
            #expect(first.manifest.tickets == 3 && first.manifest.attachmentFiles == 3 && first.manifest.userFile)
            #expect(first.attachments.copied == 3 && first.attachments.alreadyPresent == 0)
            #expect(BackupManifest(text: try FileSystem.readText(dest + "/manifest.txt")) == first.manifest)

            // One more ticket: the second run copies only its file.
            let db = try Database(path: paths.database)
            try openTicket(TicketStore(db: db, files: AttachmentFiles(directory: paths.attachments)), 3)
            let second = try BackupMaker(paths: paths, destination: dest).make(now: 1_790_000_200, generator: "test")
            #expect(second.manifest.tickets == 4)
            #expect(second.attachments.copied == 1 && second.attachments.alreadyPresent == 3)
            #expect(!FileSystem.exists(dest + "/taquilla.sqlite.partial"))

            let target = Paths(root: repositoryRoot, data: dir + "/restored")
            let report = try BackupRestorer(paths: target, source: dest).run(now: 1_790_000_300)
            #expect(report.facts.tickets == 4 && report.attachments.copied == 4 && report.userFile)
            #expect(report.migrated.isEmpty)
            #expect(try count(target.database, "tickets") == 4)
            #expect(try count(target.database, "outbox") == 4)
            #expect(try Database(path: target.database).scalar("PRAGMA journal_mode").string == "wal")
            #expect(!FileSystem.exists(target.database + ".restoring"))
            for sha in try DatabaseFacts.read(Database(path: paths.database)).attachmentHashes {
                #expect(try AttachmentFiles(directory: target.attachments).read(sha256: sha)
                        == AttachmentFiles(directory: paths.attachments).read(sha256: sha))
            }
            #expect(readFile(target.userFile) == readFile(paths.userFile))
        }
    }

    @Test func restoreReplacesTheDatabaseAndDropsAStaleWAL() throws {
        try withTemporaryDirectory { dir in
            let paths = try makeInstallation(dir, tickets: 2)
            let dest = dir + "/backup"
            try FileSystem.makeDirectories(dest)
            _ = try BackupMaker(paths: paths, destination: dest).make(now: 1_790_000_100, generator: "test")
            // A later ticket that is still only in the WAL when its worker "crashes": the
            // WAL file is left behind. Restoring must not let it be replayed onto the copy.
            let stale: [UInt8]
            do {
                let db = try Database(path: paths.database)
                try db.execute("PRAGMA wal_autocheckpoint = 0")
                try openTicket(TicketStore(db: db, files: AttachmentFiles(directory: paths.attachments)), 7)
                stale = try FileSystem.read(paths.database + "-wal")
            }
            #expect(stale.count > 0)
            try AtomicFile.write(stale, toPath: paths.database + "-wal")
            _ = try BackupRestorer(paths: paths, source: dest).run(now: 1_790_000_300)
            #expect(!FileSystem.exists(paths.database + "-wal"))
            #expect(try count(paths.database, "tickets") == 2)
            #expect(try DatabaseFacts.read(Database(path: paths.database)).isIntact)
        }
    }

    @Test func refusesWhatIsNotAGoodBackup() throws {
        try withTemporaryDirectory { dir in
            let paths = try makeInstallation(dir, tickets: 2)
            let target = Paths(root: repositoryRoot, data: dir + "/restored")
            func refusal(_ source: String) -> String? {
                do { _ = try BackupRestorer(paths: target, source: source).run(now: 0) } catch let error as BackupError {
                    return error.description
                } catch { return "unexpected \(error)" }
                return nil
            }
            #expect(refusal(dir + "/nowhere")?.contains("does not exist") == true)
            #expect(throws: BackupError.self) { try BackupMaker(paths: paths, destination: dir + "/nowhere").make(now: 0, generator: "") }
            #expect(throws: BackupError.self) { try BackupMaker(paths: paths, destination: paths.attachments).make(now: 0, generator: "") }

            let dest = dir + "/backup"
            try FileSystem.makeDirectories(dest)
            _ = try BackupMaker(paths: paths, destination: dest).make(now: 1_790_000_100, generator: "test")
            let manifest = try FileSystem.read(dest + "/manifest.txt")
            let database = try FileSystem.read(dest + "/taquilla.sqlite")

            FileSystem.remove(dest + "/manifest.txt")
            #expect(refusal(dest)?.contains("not a finished Taquilla backup") == true)
            try AtomicFile.write(manifest, toPath: dest + "/manifest.txt")

            // Damage the middle of the file (the table pages, not the header).
            var broken = database
            for i in (broken.count / 2)..<(broken.count / 2 + 8192) { broken[i] = 0x5a }
            try AtomicFile.write(broken, toPath: dest + "/taquilla.sqlite")
            #expect(refusal(dest) != nil)
            try AtomicFile.write(database, toPath: dest + "/taquilla.sqlite")

            let text = String(decoding: manifest, as: UTF8.self).replacingTickets()
            try AtomicFile.write(utf8(text), toPath: dest + "/manifest.txt")
            #expect(refusal(dest)?.contains("does not match its manifest") == true)
            try AtomicFile.write(manifest, toPath: dest + "/manifest.txt")

            let sha = try DatabaseFacts.read(Database(path: dest + "/taquilla.sqlite", readOnly: true)).attachmentHashes[0]
            let file = AttachmentFiles(directory: dest + "/attachments").path(sha256: sha)!
            FileSystem.remove(file)
            #expect(refusal(dest)?.contains("missing from the backup") == true)
            // Nothing was written into the target by any refused restore.
            #expect(!FileSystem.exists(target.database))
        }
    }
}

extension String {
    fileprivate func replacingTickets() -> String {
        split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix("tickets = ") ? "tickets = 99" : String($0) }.joined(separator: "\n")
    }
}
