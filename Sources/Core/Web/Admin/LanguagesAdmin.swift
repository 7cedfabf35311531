/// Languages: the list with how complete each translation is, adding a language (code
/// and its own name), and an editor for every text of the interface. The editor shows
/// the English text beside each key; keys left empty fall back to English and are marked
/// missing. Saving writes `lang/CODE.lang` in the same format that ships (the folder must
/// be writable by the web user; install.sh arranges that) and makes every worker reload.
struct LanguagesAdmin {
    let env: Environment

    func list(_ d: DeskContext, error: String? = nil, status: Int = 200) throws -> Response {
        let l = d.l, catalogs = env.catalogs
        let english = catalogs.files[Catalogs.fallback]?.order ?? []
        if let code = d.ctx.request.query["code"], catalogs.files[code] != nil { return try editor(d, code: code) }
        return d.page(l.t("admin.languages"), status: status) { h in
            h.el("h1", text: l.t("admin.languages"))
            AdminParts.notice(&h, d)
            AdminParts.error(&h, error)
            h.el("table", .cls("queue"), .id("languages")) { h in
                h.el("tbody") { h in
                    for code in catalogs.languages {
                        let done = english.filter { catalogs.files[code]?.entries[$0]?.isEmpty == false }.count
                        h.el("tr", Attr("data-code", code)) { h in
                            h.el("td") { h in h.el("a", .href(Route.admin(.section("languages")).path + "?code=" + code), text: catalogs.displayName(code)) }
                            h.el("td", text: code)
                            h.el("td", .cls("num"), text: l.t("admin.translated", ["done": String(done), "total": String(english.count)]))
                        }
                    }
                }
            }
            h.el("section", .cls("card")) { h in
                h.el("h2", text: l.t("admin.language_add"))
                h.el("form", Attr("method", "post"), Attr("action", Route.admin(.section("languages")).path), .cls("stacked"), .id("language-add")) { h in
                    FormParts.csrf(&h, d.ctx)
                    AdminParts.hidden(&h, "do", "add")
                    FormParts.textInput(&h, d.ctx, name: "code", label: l.t("admin.language_code"), value: "", required: true, error: nil, maxLength: 12)
                    FormParts.textInput(&h, d.ctx, name: "name", label: l.t("admin.language_name"), value: "", required: true, error: nil, maxLength: 40)
                    AdminParts.submit(&h, l.t("admin.add"), id: "add-language", value: "add")
                }
            }
        }
    }

    func editor(_ d: DeskContext, code: String) throws -> Response {
        let l = d.l, catalogs = env.catalogs
        guard let english = catalogs.files[Catalogs.fallback], let file = catalogs.files[code] else {
            return ErrorPage.render(d.ctx, status: 404, messageKey: "error.not_found")
        }
        let onlyMissing = d.ctx.request.query["missing"] == "1"
        return d.page(catalogs.displayName(code)) { h in
            h.el("h1", text: l.t("admin.translate", ["language": catalogs.displayName(code)]))
            AdminParts.notice(&h, d)
            h.el("p") { h in
                h.el("a", .href(Route.admin(.section("languages")).path + "?code=" + code + (onlyMissing ? "" : "&missing=1")),
                     text: l.t(onlyMissing ? "admin.show_all" : "admin.show_missing"))
            }
            h.el("form", Attr("method", "post"), Attr("action", Route.admin(.section("languages")).path), .cls("translations"), .id("translations")) { h in
                FormParts.csrf(&h, d.ctx)
                AdminParts.hidden(&h, "do", "save")
                AdminParts.hidden(&h, "code", code)
                FormParts.textInput(&h, d.ctx, name: "meta.name", label: l.t("admin.language_name"), value: file.metadata["name"] ?? code,
                                    required: true, error: nil, maxLength: 40)
                for key in english.order {
                    let value = file.entries[key] ?? ""
                    if onlyMissing && !value.isEmpty { continue }
                    h.el("div", .cls(value.isEmpty ? "field missing" : "field"), Attr("data-key", key)) { h in
                        h.el("label", .forID("t-" + key)) { h in
                            h.el("code", text: key)
                            if value.isEmpty { h.el("span", .cls("badge"), text: " " + l.t("admin.missing")) }
                        }
                        h.el("p", .cls("hint"), text: english.entries[key] ?? "")
                        h.el("textarea", .id("t-" + key), .name("k." + key), Attr("rows", "1"), text: value)
                    }
                }
                AdminParts.submit(&h, l.t("desk.save"), id: "save-translations", value: "save")
            }
        }
    }

    func save(_ d: DeskContext, _ f: FormFields) throws -> Response {
        let l = d.l
        let code = (f["code"] ?? "").lowercased()
        guard LanguageCode.isValid(code) else { return try list(d, error: l.t("admin.error.language_code"), status: 422) }
        var file: CatalogFile
        if f["do"] == "add" {
            let name = (f["name"] ?? "").singleLine()
            guard env.catalogs.files[code] == nil else { return try list(d, error: l.t("admin.error.language_exists"), status: 422) }
            guard !name.isEmpty, name.length <= 40 else { return try list(d, error: l.t("admin.error.name"), status: 422) }
            file = CatalogFile()
            file.metadata["name"] = name
        } else {
            guard let existing = env.catalogs.files[code], let english = env.catalogs.files[Catalogs.fallback] else {
                return ErrorPage.render(d.ctx, status: 404, messageKey: "error.not_found")
            }
            file = existing
            if let name = f["meta.name"]?.singleLine(), !name.isEmpty { file.metadata["name"] = String(name.prefix(40)) }
            for key in english.order {
                guard let value = f["k." + key] else { continue }
                let clean = value.replacingCRLF().trimmingASCIIWhitespace()
                if clean.isEmpty {
                    file.entries[key] = nil
                    file.order.removeAll { $0 == key }
                } else {
                    if file.entries[key] == nil { file.order.append(key) }
                    file.entries[key] = clean
                }
            }
        }
        try AtomicFile.write(Array(file.render().utf8), toPath: env.paths.lang + "/" + code + ".lang", mode: 0o664)
        try env.db.write {
            try env.settingsStore.set("catalog_version", String(d.ctx.now) + "-" + Hex.encode(SecureRandom.bytes(4)))
            try env.audit.record(at: d.ctx.now, operatorID: d.op.id, actor: d.op.username, action: "language_save", after: code,
                                 ip: d.ctx.request.remoteAddr)
        }
        return .redirect(Route.admin(.section("languages")).path + "?code=" + code + "&done=saved")
    }
}

extension String {
    /// Line breaks typed in a textarea become `\n` (stored as the two-character escape).
    fileprivate func replacingCRLF() -> String {
        var out = ""
        var previousCR = false
        for scalar in unicodeScalars {
            if scalar == "\r" { out.append("\n"); previousCR = true; continue }
            if scalar == "\n" { if !previousCR { out.append("\n") }; previousCR = false; continue }
            previousCR = false
            out.unicodeScalars.append(scalar)
        }
        return out
    }
}
