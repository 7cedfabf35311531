/// API keys (/admin/api-keys): a list with name, scopes, creation, last use and state,
/// a form to create one (name and scope checkboxes) and a revoke button per live key.
/// A new key is shown once, on the page answering the creation; only its hash is kept,
/// so a lost key is revoked and replaced, never recovered. Both actions are audited.
struct ApiKeysAdmin {
    let env: Environment
    static let section = "api-keys"

    func list(_ d: DeskContext, created: String? = nil, error: String? = nil, status: Int = 200) throws -> Response {
        let l = d.l, keys = try ApiKeyStore(db: env.db).list()
        return d.page(l.t("admin.api_keys"), status: status) { h in
            h.el("h1", text: l.t("admin.api_keys"))
            AdminParts.notice(&h, d)
            AdminParts.error(&h, error)
            if let created {
                h.el("div", .cls("notice success"), Attr("role", "status")) { h in
                    h.el("p", text: l.t("admin.api_key_created"))
                    h.el("p") { h in h.el("code", .id("new-api-key"), text: created) }
                }
            }
            h.el("p", .cls("hint"), text: l.t("admin.api_keys_hint"))
            h.el("table", .id("api-keys")) { h in
                h.el("thead") { h in
                    h.el("tr") { h in
                        for key in ["admin.api_key_name", "admin.api_key_scopes", "admin.api_key_created_at", "admin.api_key_last_used",
                                    "admin.api_key_state", "admin.api_key_actions"] {
                            h.el("th", text: l.t(key))
                        }
                    }
                }
                h.el("tbody") { h in
                    for key in keys { row(&h, d, key) }
                }
            }
            h.el("section", .cls("card")) { h in
                h.el("h2", text: l.t("admin.add"))
                h.el("form", Attr("method", "post"), Attr("action", Route.admin(.section(Self.section)).path), .cls("stacked"),
                     .id("api-key-form")) { h in
                    FormParts.csrf(&h, d.ctx)
                    FormParts.textInput(&h, d.ctx, name: "name", label: l.t("admin.api_key_name"), value: "", required: true,
                                        error: nil, maxLength: 100)
                    h.el("fieldset") { h in
                        h.el("legend", text: l.t("admin.api_key_scopes"))
                        for scope in ApiScope.allCases {
                            AdminParts.checkbox(&h, name: "scope", value: scope.rawValue, label: scope.rawValue, checked: false,
                                                id: "scope-" + scope.rawValue.replacingEvery(":", with: "-"))
                        }
                    }
                    AdminParts.submit(&h, l.t("admin.api_key_create"), id: "create-api-key")
                }
            }
        }
    }

    private func row(_ h: inout HTML, _ d: DeskContext, _ key: ApiKeyStore.Key) {
        let l = d.l
        h.el("tr", .id("api-key-\(key.id)")) { h in
            h.el("td", text: key.name)
            h.el("td", text: ApiScope.serialize(key.scopes))
            h.el("td", text: TimeFormat.display(key.createdAt))
            h.el("td", text: key.lastUsedAt.map(TimeFormat.display) ?? l.t("admin.api_key_never"))
            h.el("td", text: key.revokedAt.map { l.t("admin.api_key_revoked", ["date": TimeFormat.display($0)]) } ?? l.t("admin.api_key_active"))
            h.el("td") { h in
                if key.revokedAt == nil {
                    h.el("form", Attr("method", "post"), Attr("action", Route.admin(.item(Self.section, key.id)).path), .cls("inline")) { h in
                        FormParts.csrf(&h, d.ctx)
                        AdminParts.submit(&h, l.t("admin.api_key_revoke"), id: "revoke-\(key.id)", value: "revoke", danger: true)
                    }
                }
            }
        }
    }

    func save(_ d: DeskContext, id: Int64?, _ f: FormFields) throws -> Response {
        let store = ApiKeyStore(db: env.db)
        if let id {
            guard f["do"] == "revoke", let key = try store.find(id: id) else { return ErrorPage.render(d.ctx, status: 404, messageKey: "error.not_found") }
            try env.db.write {
                if try store.revoke(id: id, now: d.ctx.now) {
                    try env.audit.record(at: d.ctx.now, operatorID: d.op.id, actor: d.op.username, action: "api_key_revoke",
                                         after: key.name, ip: d.ctx.request.remoteAddr)
                }
            }
            return .redirect(Route.admin(.section(Self.section)).path + "?done=saved")
        }
        let name = (f["name"] ?? "").singleLine()
        let scopes = ApiScope.parseStrict(f.all("scope").joined(separator: " "))
        guard !name.isEmpty, name.length <= 100, let scopes, !scopes.isEmpty else {
            return try list(d, error: d.l.t("admin.error.api_key"), status: 422)
        }
        let secret: String = try env.db.write {
            let made = try store.create(name: name, scopes: scopes, now: d.ctx.now)
            try env.audit.record(at: d.ctx.now, operatorID: d.op.id, actor: d.op.username, action: "api_key_create",
                                 after: name + " (" + ApiScope.serialize(scopes) + ")", ip: d.ctx.request.remoteAddr)
            return made.secret
        }
        var r = try list(d, created: secret)
        r.setHeader("Cache-Control", "no-store")
        return r
    }
}
