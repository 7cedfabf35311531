/// Local snippets for the reply editor's panel: title and HTML text (sanitized on
/// save). The optional external source is a setting (`snippet_url`).
struct SnippetsAdmin {
    let env: Environment

    func list(_ d: DeskContext, error: String? = nil, status: Int = 200) throws -> Response {
        let l = d.l, rows = try SnippetStore(db: env.db).search("", limit: 500)
        return d.page(l.t("admin.snippets"), status: status) { h in
            h.el("h1", text: l.t("admin.snippets"))
            AdminParts.notice(&h, d)
            AdminParts.error(&h, error)
            h.el("p", .cls("hint"), text: l.t("admin.snippets_hint"))
            h.el("ul", .id("snippets")) { h in
                for s in rows {
                    h.el("li") { h in h.el("a", .href(Route.admin(.item("snippets", s.id ?? 0)).path), text: s.title) }
                }
            }
            h.el("section", .cls("card")) { h in
                h.el("h2", text: l.t("admin.add"))
                form(&h, d, snippet: nil)
            }
        }
    }

    func edit(_ d: DeskContext, id: Int64, error: String? = nil, status: Int = 200) throws -> Response {
        guard let s = try SnippetStore(db: env.db).find(id) else { return ErrorPage.render(d.ctx, status: 404, messageKey: "error.not_found") }
        return d.page(s.title, status: status) { h in
            h.el("h1", text: s.title)
            AdminParts.notice(&h, d)
            AdminParts.error(&h, error)
            form(&h, d, snippet: s)
            h.el("form", Attr("method", "post"), Attr("action", Route.admin(.item("snippets", id)).path), .cls("inline")) { h in
                FormParts.csrf(&h, d.ctx)
                AdminParts.submit(&h, d.l.t("admin.delete"), id: "delete", value: "delete", danger: true)
            }
        }
    }

    private func form(_ h: inout HTML, _ d: DeskContext, snippet s: SnippetStore.Snippet?) {
        let action = s?.id.map { Route.admin(.item("snippets", $0)).path } ?? Route.admin(.section("snippets")).path
        h.el("form", Attr("method", "post"), Attr("action", action), .cls("stacked"), .id("snippet-form")) { h in
            FormParts.csrf(&h, d.ctx)
            FormParts.textInput(&h, d.ctx, name: "title", label: d.l.t("admin.snippet_title"), value: s?.title ?? "", required: true,
                                error: nil, maxLength: 200)
            AdminParts.textarea(&h, d, name: "body", label: d.l.t("admin.template_body"), value: s?.bodyHTML ?? "", rows: 6)
            AdminParts.submit(&h, d.l.t("desk.save"), id: "save-snippet")
        }
    }

    func save(_ d: DeskContext, id: Int64?, _ f: FormFields) throws -> Response {
        let db = env.db
        func audit(_ action: String, _ title: String?) throws {
            try env.audit.record(at: d.ctx.now, operatorID: d.op.id, actor: d.op.username, action: action, after: title, ip: d.ctx.request.remoteAddr)
        }
        if let id, f["do"] == "delete" {
            try db.write {
                let title = try db.scalar("SELECT title FROM snippets WHERE id = ?", id).string
                try db.execute("DELETE FROM snippets WHERE id = ?", id)
                try audit("snippet_delete", title)
            }
            return .redirect(Route.admin(.section("snippets")).path + "?done=deleted")
        }
        let title = (f["title"] ?? "").singleLine(), body = HTMLSanitizer.sanitize(f["body"] ?? "").value
        guard !title.isEmpty, title.length <= 200, !body.isEmpty else {
            let message = d.l.t("admin.error.template")
            return try id.map { try edit(d, id: $0, error: message, status: 422) } ?? list(d, error: message, status: 422)
        }
        let saved: Int64 = try db.write {
            if let id {
                try db.execute("UPDATE snippets SET title = ?, body_html = ?, updated_at = ? WHERE id = ?", title, body, d.ctx.now, id)
            } else {
                try db.execute("INSERT INTO snippets(title, body_html, created_at, updated_at) VALUES (?, ?, ?, ?)", title, body, d.ctx.now, d.ctx.now)
            }
            // Taken before the audit row is written, which has its own rowid.
            let savedID = id ?? db.lastInsertID
            try audit(id == nil ? "snippet_add" : "snippet_edit", title)
            return savedID
        }
        return .redirect(Route.admin(.item("snippets", saved)).path + "?done=saved")
    }
}
