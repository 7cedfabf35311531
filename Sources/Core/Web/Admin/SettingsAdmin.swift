/// Site settings: organisation name, support address, base URL, default language, the
/// attachment policy and the spam-guard limits. Every value is validated before saving;
/// the audit log records each changed key with its old and new value.
struct SettingsAdmin {
    let env: Environment

    enum Kind { case text, email, url, number(ClosedRange<Int>), language, extensions }

    static let fields: [(key: String, kind: Kind)] = [
        ("organisation_name", .text), ("support_address", .email), ("base_url", .url), ("default_language", .language),
        ("attachment_max_bytes", .number(0...100_000_000)), ("attachment_max_files", .number(0...50)),
        ("attachment_extensions", .extensions), ("form_min_seconds", .number(0...600)),
        ("ticket_rate_limit", .number(1...1_000_000)), ("lookup_rate_limit", .number(1...1_000_000)), ("reply_rate_limit", .number(1...1_000_000)), ("snippet_url", .url),
        ("api_rate_limit", .number(1...1_000_000)),
    ]

    func form(_ d: DeskContext, values: [String: String]? = nil, errors: [String: String] = [:], status: Int = 200) throws -> Response {
        let l = d.l, current = values ?? d.ctx.settings.values
        return d.page(l.t("admin.settings"), status: status) { h in
            h.el("h1", text: l.t("admin.settings"))
            AdminParts.notice(&h, d)
            AdminParts.error(&h, errors.isEmpty ? nil : l.t("error.fix_fields"))
            h.el("form", Attr("method", "post"), Attr("action", Route.admin(.section("settings")).path), .cls("stacked"), .id("settings-form")) { h in
                FormParts.csrf(&h, d.ctx)
                for (key, kind) in Self.fields {
                    let value = current[key] ?? Settings.defaults[key] ?? ""
                    if case .language = kind {
                        h.el("div", .cls("field")) { h in
                            h.el("label", .forID("f-" + key), text: l.t("setting." + key))
                            h.el("select", .id("f-" + key), .name(key)) { h in
                                for (code, name) in d.ctx.languages { h.el("option", .value(code), .flag("selected", if: code == value), text: name) }
                            }
                        }
                    } else {
                        FormParts.textInput(&h, d.ctx, name: key, label: l.t("setting." + key), value: value, required: false,
                                            error: errors[key].map { l.t($0) }, maxLength: 300)
                    }
                }
                AdminParts.submit(&h, l.t("desk.save"), id: "save-settings")
            }
        }
    }

    func save(_ d: DeskContext, _ f: FormFields) throws -> Response {
        var values: [String: String] = [:], errors: [String: String] = [:]
        for (key, kind) in Self.fields {
            let v = (f[key] ?? "").singleLine()
            values[key] = v
            switch kind {
            case .text: if v.isEmpty || v.length > 100 { errors[key] = "error.required" }
            case .email: if !v.isEmpty && EmailAddress(v) == nil { errors[key] = "error.email" }
            case .url: if !v.isEmpty && !(v.hasPrefix("https://") || v.hasPrefix("http://")) { errors[key] = "admin.error.url" }
            case .number(let range): if !(Int(v).map(range.contains) ?? false) { errors[key] = "admin.error.number" }
            case .language: if env.catalogs.files[v] == nil { errors[key] = "error.choice" }
            case .extensions:
                let ok = v.split(separator: " ").allSatisfy { $0.count <= 10 && $0.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) } }
                if !ok { errors[key] = "admin.error.extensions" }
            }
        }
        guard errors.isEmpty else { return try form(d, values: values, errors: errors, status: 422) }
        let before = d.ctx.settings
        try env.db.write {
            for (key, _) in Self.fields where before.string(key) != values[key]! {
                try env.settingsStore.set(key, values[key]!)
                try env.audit.record(at: d.ctx.now, operatorID: d.op.id, actor: d.op.username, action: "settings",
                                     before: key + "=" + before.string(key), after: key + "=" + values[key]!, ip: d.ctx.request.remoteAddr)
            }
        }
        return .redirect(Route.admin(.section("settings")).path + "?done=saved")
    }
}
