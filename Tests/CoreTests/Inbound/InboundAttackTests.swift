import Testing
@testable import Core

/// Hostile mail (issue 6): script through headers and HTML never becomes active markup on
/// the desk or guest pages.
@Suite struct InboundAttackTests {
    @Test func scriptInHeadersHTMLAndFilenamesIsInert() throws {
        let s = try InboundSite()
        try s.env.operators.upsert(username: "alice", displayName: "Alice", email: "", role: .operator_, language: "en", now: 1)
        let html = """
            <p onclick="alert('p')">Hola</p><script>alert('s')</script>
            <img src="x" onerror="alert('img')"><a href="javascript:alert('a')">link</a>
            <a href=" jav&#x09;ascript:alert('b')">b</a><div style="background:url(javascript:alert('c'))">css</div>
            <style>body{background:url(javascript:alert('d'))}</style><iframe src="https://evil.example"></iframe>
            <svg onload="alert('svg')"></svg><form action="https://evil.example"><input name="x"></form>
            """
        let raw = InboundSite.multipart(from: "\"<script>alert('from')</script>\" <evil@example.com>",
                                        subject: "<img src=x onerror=alert('subject')>", messageID: "xss@example.com",
                                        text: "<script>alert('text')</script>", html: html,
                                        files: [("<img src=x onerror=alert('file')>.pdf", "application/pdf", InboundBodyTests.pdf, nil)])
        guard case .created(let ticketID, let number) = try s.pipe(raw) else { Issue.record("not created"); return }
        let desk = Browser(s.site, user: "alice").get("/desk/ticket/\(number)").text
        let guest = Browser(s.site)
        let code = try #require(try s.accessCode(ticketID: ticketID))
        _ = guest.get("/ticket/\(number)?code=\(code)")
        let guestPage = guest.get("/ticket/\(number)").text
        for (name, page) in [("desk", desk), ("guest", guestPage)] {
            let tags = Self.tags(in: page)
            #expect(tags.contains { $0.hasPrefix("<article") }, "\(name): the page was parsed")
            #expect(!page.contains("<script>alert"), "\(name): script element")
            for tag in tags {
                for marker in ["onerror", "onclick", "onload", "javascript:", "<iframe", "<svg", "<style", "evil.example", "<img src=x"] {
                    #expect(!tag.contains(marker), "\(name): \(marker) in \(tag)")
                }
            }
        }
        #expect(desk.contains("&lt;img src=x onerror=alert(&#39;subject&#39;)&gt;") || desk.contains("&lt;img src=x onerror=alert('subject')&gt;"),
                "the subject is shown as text")
        #expect(desk.contains("Hola"))
    }

    /// Every real tag of a page, lower-cased (text escapes `<`, so a `<` starts a tag).
    static func tags(in page: String) -> [String] {
        var out: [String] = [], current: String?
        for c in page.lowercased() {
            if c == "<" { current = "<" } else if c == ">", let t = current { out.append(t + ">"); current = nil } else { current?.append(c) }
        }
        return out
    }

    @Test func anOversizeMessageIsRejectedCleanly() throws {
        let s = try InboundSite(settings: ["form_min_seconds": "0", "mail_max_bytes": "4096"])
        let raw = InboundSite.mail(messageID: "huge@x", body: String(repeating: "A", count: 200_000))
        guard case .quarantined(_, "too_large") = try s.pipe(raw) else { Issue.record("not rejected"); return }
        #expect(try s.count("SELECT count(*) FROM tickets") == 0)
        #expect(try s.count("SELECT count(*) FROM outbox") == 0, "no answer to the sender")
    }
}
