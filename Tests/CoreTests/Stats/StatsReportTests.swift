import Testing
@testable import Core

/// `StatsReport.compute` against the hand-built `StatsFixture`, whose answers are
/// worked out by hand in the comments below.
@Suite struct StatsReportTests {
    @Test func operatorFiguresMatchTheFixture() throws {
        let f = try StatsFixture()
        let report = try StatsReport.compute(db: f.db, period: f.november, now: f.now)
        let alice = try #require(report.operators.first { $0.username == "alice" })
        // Taken: the auto-claim with her reply on t1 and her claim of t2.
        #expect(alice.taken == 2)
        #expect(alice.answered == 1)
        #expect(alice.closed == 1)
        #expect(alice.reassignedAway == 1)
        #expect(alice.replies == 1)
        #expect(alice.notes == 0)
        #expect(alice.firstResponse == DurationSummary([3600]))
        #expect(alice.resolution == DurationSummary([172_800]))

        let ben = try #require(report.operators.first { $0.username == "ben" })
        // Taken: the assignment of t2 and the auto-claim with his first reply on t3.
        #expect(ben.taken == 2)
        #expect(ben.answered == 2)
        #expect(ben.closed == 2)
        #expect(ben.reassignedAway == 0)
        #expect(ben.replies == 3)
        #expect(ben.notes == 1)
        // First responses are measured from creation: 1000 s (t2) and 7200 s (t3); nearest
        // rank gives the lower middle as median.
        #expect(ben.firstResponse.count == 2)
        #expect(ben.firstResponse.median == 1000)
        #expect(ben.firstResponse.p90 == 7200)
        // Resolution counts the first close of t3 only (one day), not the second.
        #expect(ben.resolution == DurationSummary([86_400]))
        #expect(ben.actions.first { $0.key == "reply" }?.count == 3)
        #expect(ben.actions.first { $0.key == "claim" }?.count == 1)
        let root = try #require(report.operators.first { $0.username == "root" })
        #expect(root.actions == [StatsReport.Count(key: "assign", label: "assign", count: 1)])
    }

    @Test func populationMatchesTheFixture() throws {
        let f = try StatsFixture()
        let p = try #require(try StatsReport.compute(db: f.db, period: f.november, now: f.now).population)
        #expect(p.created == 4)
        #expect(p.closed == 3)
        #expect(p.buckets.count == 30)
        // Backlog from Nov 1: t5 before; +t1, +t2, +t3 −t1, +t4 −t3, +t3 (reopened), −t3.
        #expect(p.buckets.prefix(7).map(\.openAtEnd) == [1, 2, 3, 3, 3, 4, 3])
        #expect(p.buckets.last?.openAtEnd == 3)
        #expect(p.buckets[3].created == 1 && p.buckets[3].closed == 1)
        // Open now (Nov 7 12:00): t4 2.5 days, t2 4.5 days, t5 15.5 days.
        #expect(p.openByAge.map(\.count) == [0, 1, 1, 1, 0])
        // Ties are in label order; "" is a ticket without a country.
        #expect(p.byCountry.map(\.label) == ["ES", "", "FR"])
        #expect(p.byCountry.map(\.count) == [2, 1, 1])
        // Without a per-language name set by an admin, the label is the code (pages translate it).
        #expect(p.byStatus.first?.key == String(try f.status("closed")))
        #expect(p.byStatus.first?.label == "closed")
        #expect(p.byStatus.first?.count == 2)
        #expect(p.byStatus.map(\.count).reduce(0, +) == 4)
        // First responses 3600, 1000, 7200 → median 3600, p90 7200; resolutions 2 days and 1 day.
        #expect(p.firstResponse.median == 3600)
        #expect(p.firstResponse.p90 == 7200)
        #expect(p.resolution.median == 86_400)
        #expect(p.resolution.p90 == 172_800)
    }

    @Test func oneOperatorSeesOnlyThemselvesAndNoPopulation() throws {
        let f = try StatsFixture()
        let report = try StatsReport.compute(db: f.db, period: f.november, operatorID: try f.id("ben"), now: f.now)
        #expect(report.operators.map(\.username) == ["ben"])
        #expect(report.population == nil)
        #expect(report.operators[0].firstResponse.count == 2)
    }

    @Test func aPeriodWithoutEventsIsEmptyNotAnError() throws {
        let f = try StatsFixture()
        let october = f.november.previous.previous
        let report = try StatsReport.compute(db: f.db, period: october, now: f.now)
        #expect(report.operators.allSatisfy { $0.replies == 0 && $0.firstResponse.median == nil })
        #expect(report.population?.created == 0)
    }

    @Test func migrationRebuildsTheSameFiguresFromAnExistingLog() throws {
        let f = try StatsFixture()
        let before = try StatsReport.compute(db: f.db, period: f.november, now: f.now)
        // Forget the counters and run the migration's backfill again, as on an upgraded site.
        try f.db.executeScript("""
            DROP TABLE stats_daily; DROP TABLE stats_tickets; DROP TABLE stats_responders; DROP INDEX tickets_open_age;
            DELETE FROM schema_migrations WHERE name = '006_statistics';
            """)
        for name in try f.db.query("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name GLOB 'stats_*'").map({ $0.string("name") }) {
            try f.db.executeScript("DROP TRIGGER " + name)
        }
        try Migrator(db: f.db).migrate(now: f.now)
        let after = try StatsReport.compute(db: f.db, period: f.november, now: f.now)
        for (a, b) in zip(before.operators, after.operators) {
            #expect(a.taken == b.taken && a.answered == b.answered && a.closed == b.closed && a.reassignedAway == b.reassignedAway)
            #expect(a.firstResponse == b.firstResponse && a.resolution == b.resolution && a.actions == b.actions)
        }
        #expect(before.population?.created == after.population?.created)
        #expect(before.population?.byCountry == after.population?.byCountry)
    }
}
