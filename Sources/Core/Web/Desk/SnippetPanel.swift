/// The reply editor's snippet panel: results for a query from the local snippets and, if
/// configured, the external source. Each result carries its sanitized HTML for the
/// script to insert at the cursor, and an "Insert" button that works without it. A
/// failing external source shows one line of error; local results still appear.
enum SnippetPanel {
    static func results(env: Environment, settings: Settings, query: String) -> (snippets: [SnippetStore.Snippet], error: String?) {
        var snippets = (try? SnippetStore(db: env.db).search(query)) ?? []
        var error: String?
        let url = settings.string("snippet_url")
        if !url.isEmpty {
            switch ExternalSnippets.search(url: url, query: query) {
            case .success(let external): snippets += external
            case .failure(let failure): error = failure.description
            }
        }
        return (snippets, error)
    }

    /// The list alone (also the body of GET /desk/snippets for the script).
    static func list(_ h: inout HTML, _ d: DeskContext, snippets: [SnippetStore.Snippet], error: String?) {
        h.el("div", .cls("snippet-results"), .id("snippet-results")) { h in
            if let error { h.el("p", .cls("form-error"), .id("snippet-error"), text: d.l.t("desk.snippet_source_failed", ["error": error])) }
            if snippets.isEmpty && error == nil { h.el("p", .cls("muted"), text: d.l.t("desk.no_snippets")) }
            h.el("ul", .cls("snippets")) { h in
                for s in snippets {
                    h.el("li", .cls("snippet"), Attr("data-html", s.bodyHTML)) { h in
                        h.el("strong", text: s.title)
                        h.el("button", .type("submit"), .name("snippet_body"), .value(s.bodyHTML), .cls("button secondary snippet-insert"),
                             text: d.l.t("desk.insert"))
                    }
                }
            }
        }
    }

    static func fragment(env: Environment, _ d: DeskContext) -> Response {
        let query = (d.ctx.request.query["q"] ?? "").singleLine()
        let (snippets, error) = results(env: env, settings: d.ctx.settings, query: query)
        var h = HTML()
        list(&h, d, snippets: snippets, error: error)
        var r = Response(status: 200, body: h.bytes)
        r.setHeader("Cache-Control", "no-store")
        return r
    }
}
