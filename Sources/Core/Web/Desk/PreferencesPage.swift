/// An operator's own preferences: the language of their desk and their signature
/// (HTML, sanitized), appended to every reply they send.
struct PreferencesPage {
    let env: Environment

    func form(_ d: DeskContext, error: String? = nil, status: Int = 200) throws -> Response {
        let l = d.l, signature = try env.operators.signature(id: d.op.id) ?? ""
        return d.page(l.t("desk.preferences"), status: status) { h in
            h.el("h1", text: l.t("desk.preferences"))
            if d.ctx.request.query["done"] == "saved" { h.el("p", .cls("notice success"), .id("notice"), text: l.t("admin.done.saved")) }
            AdminParts.error(&h, error)
            h.el("form", Attr("method", "post"), Attr("action", Route.desk(.preferences).path), .cls("stacked"), .id("preferences")) { h in
                FormParts.csrf(&h, d.ctx)
                h.el("div", .cls("field")) { h in
                    h.el("label", .forID("f-language"), text: l.t("nav.language"))
                    h.el("select", .id("f-language"), .name("language")) { h in
                        for (code, name) in d.ctx.languages { h.el("option", .value(code), .flag("selected", if: code == d.op.language), text: name) }
                    }
                }
                AdminParts.textarea(&h, d, name: "signature", label: l.t("admin.signature"), value: signature, rows: 5)
                AdminParts.submit(&h, l.t("desk.save"), id: "save-preferences")
            }
        }
    }

    func save(_ d: DeskContext, _ f: FormFields) throws -> Response {
        guard let language = f["language"], env.catalogs.files[language] != nil else {
            return try form(d, error: d.l.t("error.choice"), status: 422)
        }
        let signature = HTMLSanitizer.sanitize(f["signature"] ?? "").value
        try env.db.write {
            try env.db.execute("UPDATE operators SET language = ?, signature_html = ?, updated_at = ? WHERE id = ?",
                               language, signature, d.ctx.now, d.op.id)
            try env.audit.record(at: d.ctx.now, operatorID: d.op.id, actor: d.op.username, action: "preferences", after: language,
                                 ip: d.ctx.request.remoteAddr)
        }
        return .redirect(Route.desk(.preferences).path + "?done=saved")
    }
}
