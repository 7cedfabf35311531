import Testing
@testable import Core

@Suite("Dates")
struct MailDateTests {
    @Test(arguments: [
        ("Sun, 16 Jun 2013 17:50:12 +0200", Int64(1_371_397_812)),
        ("16 Jun 2013 15:50:12 GMT", 1_371_397_812),
        ("Sun, 16 Jun 2013 08:50:12 -0700 (PDT)", 1_371_397_812),
        ("Sun, 16 Jun 13 11:50:12 EDT", 1_371_397_812),
        ("Sun,16 Jun 2013 15:50:12 UT", 1_371_397_812),
        ("Sun, 16 Jun 2013 15:50 +0000", 1_371_397_800),
        ("Fri, 21 Nov 1997 09(comment):   55  :  06 -0600", 880_127_706),
        ("Thu, 13 Feb 1969 23:32:54 -0330", -27_723_426),
        ("Mon Jun 16 15:50:12 2013", 1_371_397_812),
        ("16-Jun-2013 15:50:12 +0000", 1_371_397_812),
        ("2013-06-16T17:50:12+02:00", 1_371_397_812),
        ("2013-06-16T15:50:12.250Z", 1_371_397_812),
        ("Sun, 16 Jun 2013 03:50:12 PM +0000", 1_371_397_812),
        ("Thu, 8 Mar 2005 17:40:36 EDT", 1_110_318_036),
        ("Sun, 16 Jun 2013 15:50:12 Z", 1_371_397_812),
        ("Sun, 16 Jun 2013 15:50:12 A", 1_371_397_812),
        ("Sun, 16 Jun 2013 17:50:12 CEST", 1_371_397_812),
        ("Wed, 29 Feb 2012 00:00:00 +0000", 1_330_473_600),
    ])
    func parses(_ text: String, _ expected: Int64) {
        #expect(MailDate.parse(text) == expected, "\(text)")
    }

    @Test(arguments: ["", "garbage", "32 Jan 2013 10:00:00 +0000", "Wed, 30 Feb 2011 10:00:00 +0000",
                      "16 Jun 2013 25:00:00 +0000", "16 Jun 2013", "Mon, 16 Foo 2013 10:00:00 +0000",
                      "16 Jun 2013 10:00:00 +9999"])
    func rejects(_ text: String) {
        #expect(MailDate.parse(text) == nil, "\(text)")
    }

    @Test func formats() {
        #expect(MailDate.rfc5322(0) == "Thu, 01 Jan 1970 00:00:00 +0000")
        #expect(MailDate.rfc5322(1_371_397_812) == "Sun, 16 Jun 2013 15:50:12 +0000")
        #expect(MailDate.iso8601(1_371_397_812) == "2013-06-16T15:50:12Z")
        #expect(MailDate.iso8601(-1) == "1969-12-31T23:59:59Z")
        #expect(MailDate.rfc5322(951_782_400) == "Tue, 29 Feb 2000 00:00:00 +0000")
    }

    @Test func formatParseRoundTrip() {
        for seconds in stride(from: Int64(-2_000_000_000), through: 4_000_000_000, by: 77_777_777) {
            #expect(MailDate.parse(MailDate.rfc5322(seconds)) == seconds)
            #expect(MailDate.parse(MailDate.iso8601(seconds)) == seconds)
        }
    }

    @Test func parsedMailDate() {
        let good = MIMEParser.parse(TestSupport.message(["Date: Sun, 16 Jun 2013 17:50:12 +0200", "", "x"]))
        #expect(good.date == 1_371_397_812)
        let bad = MIMEParser.parse(TestSupport.message(["Date: yesterday-ish", "", "x"]))
        #expect(bad.date == nil)
        #expect(bad.defects.contains { $0.contains("Date") })
    }
}
