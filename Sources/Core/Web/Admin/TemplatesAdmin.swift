/// Predefined replies: a name, a language (or all languages) and an HTML body with
/// placeholders `{customer_name}`, `{ticket_number}`, `{subject}`, `{operator_name}`,
/// `{org}`. Bodies are sanitized when saved.
struct TemplatesAdmin {
    let env: Environment

    func list(_ d: DeskContext, error: String? = nil, status: Int = 200) throws -> Response {
        let l = d.l
        let rows = try env.db.query("SELECT id, name, language FROM reply_templates ORDER BY name")
        return d.page(l.t("admin.templates"), status: status) { h in
            h.el("h1", text: l.t("admin.templates"))
            AdminParts.notice(&h, d)
            AdminParts.error(&h, error)
            h.el("ul", .id("templates")) { h in
                for r in rows {
                    h.el("li") { h in
                        h.el("a", .href(Route.admin(.item("templates", r.int("id"))).path), text: r.string("name"))
                        h.el("span", .cls("muted"), text: " (" + (r.string("language").isEmpty ? l.t("admin.all_languages") : r.string("language")) + ")")
                    }
                }
            }
            h.el("section", .cls("card")) { h in
                h.el("h2", text: l.t("admin.template_add"))
                form(&h, d, id: nil, name: "", language: "", body: "")
            }
        }
    }

    func edit(_ d: DeskContext, id: Int64, error: String? = nil, status: Int = 200) throws -> Response {
        guard let t = try ReplyTemplateStore(db: env.db).find(id) else { return ErrorPage.render(d.ctx, status: 404, messageKey: "error.not_found") }
        return d.page(t.name, status: status) { h in
            h.el("h1", text: t.name)
            AdminParts.notice(&h, d)
            AdminParts.error(&h, error)
            form(&h, d, id: id, name: t.name, language: t.language, body: t.bodyHTML)
            h.el("form", Attr("method", "post"), Attr("action", Route.admin(.item("templates", id)).path), .cls("inline")) { h in
                FormParts.csrf(&h, d.ctx)
                AdminParts.submit(&h, d.l.t("admin.delete"), id: "delete", value: "delete", danger: true)
            }
        }
    }

    private func form(_ h: inout HTML, _ d: DeskContext, id: Int64?, name: String, language: String, body: String) {
        let l = d.l
        let action = id.map { Route.admin(.item("templates", $0)).path } ?? Route.admin(.section("templates")).path
        h.el("form", Attr("method", "post"), Attr("action", action), .cls("stacked"), .id("template-form")) { h in
            FormParts.csrf(&h, d.ctx)
            FormParts.textInput(&h, d.ctx, name: "name", label: l.t("form.name"), value: name, required: true, error: nil)
            h.el("div", .cls("field")) { h in
                h.el("label", .forID("f-language"), text: l.t("nav.language"))
                h.el("select", .id("f-language"), .name("language")) { h in
                    h.el("option", .value(""), text: l.t("admin.all_languages"))
                    for (code, label) in d.ctx.languages { h.el("option", .value(code), .flag("selected", if: code == language), text: label) }
                }
            }
            AdminParts.textarea(&h, d, name: "body", label: l.t("admin.template_body"), value: body, rows: 8)
            h.el("p", .cls("hint"), text: l.t("admin.template_hint"))
            AdminParts.submit(&h, l.t("desk.save"), id: "save-template")
        }
    }

    func save(_ d: DeskContext, id: Int64?, _ f: FormFields) throws -> Response {
        let db = env.db
        let audit = { (action: String, name: String?) in
            try self.env.audit.record(at: d.ctx.now, operatorID: d.op.id, actor: d.op.username, action: action, after: name, ip: d.ctx.request.remoteAddr)
        }
        if let id, f["do"] == "delete" {
            try db.write {
                let name = try db.scalar("SELECT name FROM reply_templates WHERE id = ?", id).string
                try db.execute("DELETE FROM reply_templates WHERE id = ?", id)
                try audit("template_delete", name)
            }
            return .redirect(Route.admin(.section("templates")).path + "?done=deleted")
        }
        let name = (f["name"] ?? "").singleLine()
        let language = env.catalogs.files[f["language"] ?? ""] == nil ? "" : f["language"]!
        let body = HTMLSanitizer.sanitize(f["body"] ?? "").value
        guard !name.isEmpty, name.length <= 100, !body.isEmpty else {
            let message = d.l.t("admin.error.template")
            return try id.map { try edit(d, id: $0, error: message, status: 422) } ?? list(d, error: message, status: 422)
        }
        let saved: Int64 = try db.write {
            if let id {
                try db.execute("UPDATE reply_templates SET name = ?, language = ?, body_html = ?, updated_at = ? WHERE id = ?",
                               name, language, body, d.ctx.now, id)
                try audit("template_edit", name)
                return id
            }
            let newID = try ReplyTemplateStore(db: db).add(name: name, language: language, bodyHTML: body, now: d.ctx.now)
            try audit("template_add", name)
            return newID
        }
        return .redirect(Route.admin(.item("templates", saved)).path + "?done=saved")
    }
}
