import Testing
@testable import Core

@Suite struct SnippetTests {
    func desk() throws -> (TestSite, Browser, String) {
        let site = try TestSite()
        try site.env.operators.upsert(username: "root", displayName: "Root", email: "", role: .admin, language: "en", now: 1)
        let root = Browser(site, user: "root")
        let customer = Browser(site)
        let form = customer.get("/new")
        let r = customer.post("/new", fields: NewTicketFlowTests.valid + [("csrf", Browser.csrf(in: form))])
        let number = Browser.attribute(after: "id=\"ticket-number\" class=\"ticket-number\">", in: r.text) ?? ""
        let admin = root.get("/admin/snippets")
        #expect(root.post("/admin/snippets", fields: [("title", "Hotel Sol — Sevilla"),
                                                      ("body", "<p>Hotel Sol, <b>Calle Sierpes 1</b>, Sevilla.</p><img src=x onerror=alert(1)>"),
                                                      ("csrf", Browser.csrf(in: admin))]).status == 303)
        return (site, root, number)
    }

    @Test func searchFindsLocalSnippetsSanitized() throws {
        let (_, root, _) = try desk()
        let found = root.get("/desk/snippets?q=sierpes")
        #expect(found.status == 200)
        #expect(found.text.contains("Hotel Sol — Sevilla"))
        #expect(found.text.contains("data-html=\"&lt;p&gt;Hotel Sol, &lt;b&gt;Calle Sierpes 1&lt;/b&gt;"))
        #expect(!found.text.contains("onerror"))
        #expect(root.get("/desk/snippets?q=nothing-like-this").text.contains("No snippets match"))
    }

    @Test func withoutScriptTheSnippetIsAddedToTheDraft() throws {
        let (_, root, number) = try desk()
        let page = root.get("/desk/ticket/\(number)")
        let searched = root.post("/desk/ticket/\(number)/reply", fields: [("body", "Le recomiendo:"), ("format", "text"), ("mode", "snippets"),
                                                                          ("snippet_q", "Sol"), ("csrf", Browser.csrf(in: page))])
        #expect(searched.text.contains("snippet-insert\""))
        let snippet = try #require(Browser.attribute(after: "name=\"snippet_body\" value=\"", in: searched.text))
        let inserted = root.post("/desk/ticket/\(number)/reply", fields: [("body", "Le recomiendo:"), ("format", "text"),
                                                                          ("snippet_body", snippet.replacingHTMLEntities()),
                                                                          ("csrf", Browser.csrf(in: searched))])
        #expect(inserted.text.contains("Le recomiendo:\n\nHotel Sol, Calle Sierpes 1, Sevilla.</textarea>"))
    }

    @Test func aFailingExternalSourceShowsAnErrorAndKeepsLocalResults() throws {
        let (site, root, _) = try desk()
        try site.env.settingsStore.set("snippet_url", "http://127.0.0.1:9/none")
        let found = root.get("/desk/snippets?q=sol")
        #expect(found.status == 200)
        #expect(found.text.contains("id=\"snippet-error\""))
        #expect(found.text.contains("Hotel Sol — Sevilla"))
    }

    @Test func externalAnswersAreParsedAndSanitized() throws {
        let body = Array(#"[{"title":"Hotel Luna","body":"<p>Luna <script>x()</script></p>"},{"title":7},{"nope":1}]"#.utf8)
        let parsed = try ExternalSnippets.parse(body).get()
        #expect(parsed == [SnippetStore.Snippet(id: nil, title: "Hotel Luna", bodyHTML: "<p>Luna </p>")])
        let wrapped = try ExternalSnippets.parse(Array(#"{"results":[{"title":"A","body":"b"}]}"#.utf8)).get()
        #expect(wrapped.count == 1)
        if case .success = ExternalSnippets.parse(Array("not json".utf8)) { Issue.record("garbage must fail") }
        if case .success = ExternalSnippets.parse(Array(#"{"title":"x"}"#.utf8)) { Issue.record("wrong shape must fail") }
    }
}

extension String {
    /// Undoes the attribute escaping of HTML.escape (for reading values back from pages).
    fileprivate func replacingHTMLEntities() -> String {
        var s = self
        for (entity, char) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&amp;", "&")] {
            var out = "", rest = Substring(s)
            while let r = String(rest).range(of: entity) {
                let str = String(rest)
                out += str[..<r.lowerBound] + char
                rest = Substring(str[r.upperBound...])
            }
            s = out + rest
        }
        return s
    }
}
