import Testing
@testable import Core

/// A new ticket and the rate-limit count it uses up are one change. When the count
/// cannot be written (a full disk, a lock held too long) the customer gets an error
/// page that says nothing was saved; then nothing may have been saved, or the retry
/// the page asks for makes a second ticket.
@Suite struct NewTicketAtomicityTests {
    @Test func aFailedRateLimitWriteLeavesNoTicketBehind() throws {
        let site = try TestSite()
        // Stands in for the disk filling up between the ticket and the count.
        try site.env.db.executeScript("""
            CREATE TRIGGER refuse_count BEFORE INSERT ON rate_limits BEGIN SELECT RAISE(ABORT, 'no space'); END;
            """)
        let browser = Browser(site)
        let form = browser.get("/new")
        let fields = NewTicketFlowTests.valid + [("csrf", Browser.csrf(in: form)), ("website", "")]
        let failed = browser.post("/new", fields: fields, files: [("files", "a.txt", utf8("attached"))])
        #expect(failed.status >= 400, "an error page, whatever its exact status")
        #expect(try site.count("tickets") == 0)
        #expect(try site.count("messages") == 0)
        #expect(try site.count("outbox") == 0)
        #expect(try site.count("customers") == 0)

        try site.env.db.executeScript("DROP TRIGGER refuse_count;")
        let retried = browser.post("/new", fields: fields, files: [("files", "a.txt", utf8("attached"))])
        #expect(retried.status == 200)
        #expect(try site.count("tickets") == 1)
        #expect(try site.count("rate_limits") == 1)
    }
}
