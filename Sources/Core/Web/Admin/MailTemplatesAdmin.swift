/// E-mail templates per language: confirmation (with the access code), operator reply,
/// new-message notification to operators, new-ticket notice to a department. Each shows
/// its placeholders; saving an unchanged default stores nothing, and "reset" goes back
/// to the catalog's text.
struct MailTemplatesAdmin {
    let env: Environment

    var store: MailTemplateStore { MailTemplateStore(db: env.db, catalogs: env.catalogs) }

    func form(_ d: DeskContext, error: String? = nil, status: Int = 200) throws -> Response {
        let l = d.l
        let language = d.ctx.request.query["language"].flatMap { env.catalogs.files[$0] == nil ? nil : $0 } ?? d.ctx.settings.defaultLanguage
        let path = Route.admin(.section("mail-templates")).path
        return d.page(l.t("admin.mail_templates"), status: status) { h in
            h.el("h1", text: l.t("admin.mail_templates"))
            AdminParts.notice(&h, d)
            AdminParts.error(&h, error)
            h.el("p", .cls("lang-tabs")) { h in
                for (code, name) in d.ctx.languages {
                    h.el("a", .href(path + "?language=" + code), code == language ? Attr("aria-current", "true") : nil, text: name)
                    h.text(" ")
                }
            }
            h.el("form", Attr("method", "post"), Attr("action", path), .cls("stacked"), .id("mail-templates")) { h in
                FormParts.csrf(&h, d.ctx)
                AdminParts.hidden(&h, "language", language)
                for (key, placeholders) in MailTemplateStore.keys {
                    let text = (try? store.text(key, language: language)) ?? MailTemplateStore.Text(subject: "", body: "", isCustom: false)
                    h.el("fieldset", Attr("data-key", key)) { h in
                        h.el("legend", text: l.t("admin.mail." + key) + (text.isCustom ? "" : " — " + l.t("admin.default_text")))
                        FormParts.textInput(&h, d.ctx, name: key + ".subject", label: l.t("admin.mail_subject"), value: text.subject,
                                            required: true, error: nil, maxLength: 200)
                        AdminParts.textarea(&h, d, name: key + ".body", label: l.t("admin.mail_body"), value: text.body, rows: 8)
                        h.el("p", .cls("hint"), text: l.t("admin.placeholders", ["list": placeholders]))
                        if text.isCustom {
                            AdminParts.checkbox(&h, name: "reset", value: key, label: l.t("admin.reset_default"), checked: false)
                        }
                    }
                }
                AdminParts.submit(&h, l.t("desk.save"), id: "save-mail-templates")
            }
        }
    }

    func save(_ d: DeskContext, _ f: FormFields) throws -> Response {
        let language = f["language"] ?? ""
        guard env.catalogs.files[language] != nil else { return ErrorPage.render(d.ctx, status: 400, messageKey: "error.bad_form") }
        let resets = Set(f.all("reset"))
        try env.db.write {
            for (key, _) in MailTemplateStore.keys {
                if resets.contains(key) {
                    try store.reset(key, language: language)
                    continue
                }
                guard let subject = f[key + ".subject"]?.singleLine(), let body = f[key + ".body"]?.multiLine(),
                      !subject.isEmpty, !body.isEmpty else { continue }
                let current = try store.text(key, language: language)
                if current.subject == subject && current.body == body { continue }
                try store.save(key, language: language, subject: String(subject.prefix(200)), body: body)
                try env.audit.record(at: d.ctx.now, operatorID: d.op.id, actor: d.op.username, action: "mail_template",
                                     after: key + " " + language, ip: d.ctx.request.remoteAddr)
            }
        }
        return .redirect(Route.admin(.section("mail-templates")).path + "?language=" + language + "&done=saved")
    }
}
