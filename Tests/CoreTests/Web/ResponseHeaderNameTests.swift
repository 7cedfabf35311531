import Testing
@testable import Core

/// Header names match without regard to ASCII case: setting a header again under another
/// spelling replaces it, and lookups find it whatever the case.
@Suite struct ResponseHeaderNameTests {
    @Test func namesMatchCaseInsensitively() {
        var r = Response.html(HTML())
        r.setHeader("x-frame-options", "SAMEORIGIN")
        r.setHeader("X-Frame-Options", "DENY")
        #expect(r.headers.filter { $0.name.lowercased() == "x-frame-options" }.count == 1)
        #expect(r.header("X-FRAME-OPTIONS") == "DENY")
        #expect(r.header("cache-control") == "no-store")
        #expect(r.header("Cache-Contro") == nil)
        #expect(r.header("Cache-Controls") == nil)
        #expect(Response.sameName("Content-Type", "content-type"))
        #expect(!Response.sameName("Content-Type", "Content_Type"))
        #expect(!Response.sameName("ñ", "Ñ"))
    }
}
