import Testing
@testable import Core

/// A mailbox in memory that records what the fetcher did with it.
final class MemoryMailbox: MailboxClient {
    var messages: [(item: MailboxItem, raw: [UInt8])]
    var deleted: [String] = []
    var released: [String] = []
    var failDelete = false

    init(count: Int) {
        messages = (1...count).map { (MailboxItem(uid: "uid-\($0)", reference: String($0)), Array("Subject: \($0)\r\n\r\nbody\r\n".utf8)) }
    }

    var summary: String { "memory" }
    func list() throws(MailboxError) -> [MailboxItem] { messages.map(\.item) }
    func fetch(_ item: MailboxItem) throws(MailboxError) -> [UInt8] { messages.first { $0.item == item }!.raw }
    func delete(_ item: MailboxItem) throws(MailboxError) {
        if failDelete { throw MailboxError(.connection, "gone") }
        deleted.append(item.uid)
        messages.removeAll { $0.item == item }
    }
    func release(_ item: MailboxItem) { released.append(item.uid) }
    func probe() throws(MailboxError) -> (count: Int, answer: String) { (messages.count, "+OK") }
}

/// The fetch loop: delete only after the import returned, skip what is recorded, cap per run.
@Suite struct MailboxFetcherTests {
    struct Temporary: Error {}

    func record(_ db: Database, _ uid: String) throws {
        try db.write {
            try db.execute("INSERT INTO inbound_mail(received_at, source, mailbox_uid, sha256, size, status) VALUES (1, 'imap', ?, 'x', 1, 'ignored')", uid)
        }
    }

    @Test func importsThenDeletesEachMessage() throws {
        let site = try TestSite()
        let mailbox = MemoryMailbox(count: 3)
        var seen: [String] = []
        let report = try MailboxFetcher(db: site.env.db, client: mailbox, source: "imap", limit: 10).run(process: { raw, uid in
            #expect(!mailbox.deleted.contains(uid))
            seen.append(uid)
            try record(site.env.db, uid)
            return "ok"
        }, onEvent: { _ in })
        #expect(seen == ["uid-1", "uid-2", "uid-3"])
        #expect(mailbox.deleted == seen)
        #expect(report == MailboxFetcher.Report(imported: 3, alreadyImported: 0, failed: 0, waiting: 0))
    }

    @Test func recordedMessagesAreOnlyDeleted() throws {
        let site = try TestSite()
        try record(site.env.db, "uid-2")
        let mailbox = MemoryMailbox(count: 3)
        var processed: [String] = []
        var events: [MailboxFetcher.Event] = []
        let report = try MailboxFetcher(db: site.env.db, client: mailbox, source: "imap", limit: 10).run(process: { _, uid in
            processed.append(uid)
            return "ok"
        }, onEvent: { events.append($0) })
        #expect(processed == ["uid-1", "uid-3"])
        #expect(mailbox.deleted.sorted() == ["uid-1", "uid-2", "uid-3"])
        #expect(report.alreadyImported == 1 && report.imported == 2)
        #expect(events.contains(.alreadyImported(uid: "uid-2")))
    }

    @Test func aTemporaryFailureKeepsTheMessageReleasesItAndStopsTheRun() throws {
        let site = try TestSite()
        let mailbox = MemoryMailbox(count: 3)
        var processed: [String] = []
        let report = try MailboxFetcher(db: site.env.db, client: mailbox, source: "imap", limit: 10).run(process: { _, uid in
            processed.append(uid)
            if uid == "uid-2" { throw Temporary() }
            return "ok"
        }, onEvent: { _ in })
        #expect(processed == ["uid-1", "uid-2"])
        #expect(mailbox.deleted == ["uid-1"])
        #expect(mailbox.released == ["uid-2"])
        #expect(mailbox.messages.map(\.item.uid) == ["uid-2", "uid-3"])
        #expect(report == MailboxFetcher.Report(imported: 1, alreadyImported: 0, failed: 1, waiting: 1))
    }

    @Test func theCapLeavesTheRest() throws {
        let site = try TestSite()
        let mailbox = MemoryMailbox(count: 5)
        let report = try MailboxFetcher(db: site.env.db, client: mailbox, source: "pop3", limit: 2).run(process: { _, _ in "ok" },
                                                                                                      onEvent: { _ in })
        #expect(report.imported == 2 && report.waiting == 3)
        #expect(mailbox.messages.count == 3)
    }

    @Test func aFailedDeleteStopsTheRunAfterTheImport() throws {
        let site = try TestSite()
        let mailbox = MemoryMailbox(count: 2)
        mailbox.failDelete = true
        #expect(importsBeforeStopping(site, mailbox, source: "imap") == 1)
        #expect(mailbox.messages.count == 2)
    }

    @Test func anEmptyAnswerStopsTheRunWithoutImportingOrDeleting() throws {
        let site = try TestSite()
        let mailbox = MemoryMailbox(count: 2)
        mailbox.messages[0].raw = []
        #expect(importsBeforeStopping(site, mailbox, source: "pop3") == 0)
        #expect(mailbox.deleted.isEmpty)
    }

    /// Runs the fetcher, expecting it to stop with a `MailboxError`; returns how many
    /// messages it had imported by then.
    func importsBeforeStopping(_ site: TestSite, _ mailbox: MemoryMailbox, source: String) -> Int {
        var processed = 0
        #expect(throws: MailboxError.self) {
            _ = try MailboxFetcher(db: site.env.db, client: mailbox, source: source, limit: 10).run(process: { _, _ in
                processed += 1
                return "ok"
            }, onEvent: { _ in })
        }
        return processed
    }
}
