@testable import Core

/// A small desk with a known history in November 2026, written through the real desk
/// actions (so the audit log and the statistics triggers see what production sees):
///
/// - t5 created 2026-10-23, never touched (open before the period).
/// - t1 created Nov 2 00:00 (ES); alice replies +1 h (auto-claim), closes it Nov 4 00:00.
/// - t2 created Nov 3 00:00 (ES); alice claims +100 s, admin root assigns it to ben +200 s,
///   ben replies +1000 s (1000 s after creation) and writes a note +1100 s.
/// - t3 created Nov 4 00:00 (FR); ben replies +2 h (auto-claim) and +8000 s, closes Nov 5,
///   the customer writes Nov 6 (reopens), ben closes again Nov 7.
/// - t4 created Nov 5 00:00, no country, untouched.
/// "Now" is Nov 7 12:00.
final class StatsFixture {
    let site: TestSite
    let start: Int64 = CivilDate(year: 2026, month: 11, day: 2).dayNumber * 86_400
    static let day: Int64 = 86_400
    var now: Int64 { start + 5 * Self.day + 12 * 3600 }
    var november: StatsPeriod { StatsPeriod.containing(.month, day: start / Self.day) }

    init(aliceName: String = "Alice A") throws {
        site = try TestSite()
        let ops = site.env.operators
        try ops.upsert(username: "alice", displayName: aliceName, email: "", role: .operator_, language: "en", now: 1)
        try ops.upsert(username: "ben", displayName: "Ben B", email: "", role: .operator_, language: "es", now: 1)
        try ops.upsert(username: "root", displayName: "Root", email: "", role: .admin, language: "en", now: 1)
        try site.env.db.execute("INSERT INTO customers(email, name, created_at, updated_at) VALUES ('c@example.org', 'C', 0, 0)")
        let d = Self.day
        let t5 = try ticket("50000005", at: start - 10 * d, country: "ES")
        _ = t5
        let t1 = try ticket("10000001", at: start, country: "ES")
        let t2 = try ticket("20000002", at: start + d, country: "ES")
        let t3 = try ticket("30000003", at: start + 2 * d, country: "FR")
        _ = try ticket("40000004", at: start + 3 * d, country: "")

        try reply("alice", t1, at: start + 3600)
        try apply("alice", .status(status("closed")), t1, at: start + 2 * d)

        try apply("alice", .claim, t2, at: start + d + 100)
        try apply("root", .assign(id("ben")), t2, at: start + d + 200)
        try reply("ben", t2, at: start + d + 1000)
        try reply("ben", t2, at: start + d + 1100, note: true)

        try reply("ben", t3, at: start + 2 * d + 7200)
        try reply("ben", t3, at: start + 2 * d + 8000)
        try apply("ben", .status(status("closed")), t3, at: start + 3 * d)
        let record = try site.env.tickets.find(number: t3)!
        try site.env.tickets.addCustomerMessage(ticket: record, body: "again", files: [], source: "web", now: start + 4 * d)
        try apply("ben", .status(status("closed")), t3, at: start + 5 * d)
    }

    var db: Database { site.env.db }

    func id(_ username: String) throws -> Int64 { try db.scalar("SELECT id FROM operators WHERE username = ?", username).int ?? 0 }
    func status(_ code: String) throws -> Int64 { try db.scalar("SELECT id FROM statuses WHERE code = ?", code).int ?? 0 }

    func ticket(_ number: String, at: Int64, country: String) throws -> TicketNumber {
        try db.execute("""
            INSERT INTO tickets(number, access_hash, customer_id, subject, contact_name, contact_country, status_id,
                                client_ip, source, created_at, updated_at)
            VALUES (?, zeroblob(32), 1, 'Subject', 'C', ?, (SELECT id FROM statuses WHERE code = 'open'), '192.0.2.1', 'web', ?, ?)
            """, number, country, at, at)
        return TicketNumber(number)!
    }

    func doer(_ username: String, at: Int64) throws -> DeskStore.Doer {
        let op = try site.env.operators.find(username: username)!
        return DeskStore.Doer(op: op, actor: try site.env.desk.actor(op), ip: "192.0.2.9", now: at)
    }

    func apply(_ username: String, _ change: DeskStore.Change, _ n: TicketNumber, at: Int64) throws {
        let decision = try site.env.desk.apply(change, to: n, by: doer(username, at: at))
        guard decision == .allowed else { throw TestSupportError(message: "\(username) \(change) refused: \(decision)") }
    }

    func reply(_ username: String, _ n: TicketNumber, at: Int64, note: Bool = false) throws {
        let r = DeskStore.Reply(html: "<p>x</p>", text: "x", files: [], isNote: note, statusAfter: nil, seenCustomerMessageID: Int64.max, force: true)
        let outcome = try site.env.desk.reply(r, to: n, by: doer(username, at: at)) { _, _ in nil }
        guard case .stored = outcome else { throw TestSupportError(message: "reply refused: \(outcome)") }
    }
}
