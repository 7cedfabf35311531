/// Operators: list (with role, groups and open tickets), add, edit (name, e-mail, role,
/// language, groups, signature), set or reset the password in the server-auth user file,
/// disable (listing their open tickets for reassignment — nothing is moved silently),
/// enable, delete. An admin cannot disable or delete themselves.
struct OperatorsAdmin {
    let env: Environment

    func list(_ d: DeskContext, error: String? = nil, status: Int = 200) throws -> Response {
        let l = d.l
        let rows = try AdminStore(db: env.db).operators(), groups = try env.desk.groups()
        return d.page(l.t("admin.operators"), status: status) { h in
            h.el("h1", text: l.t("admin.operators"))
            AdminParts.notice(&h, d)
            AdminParts.error(&h, error)
            h.el("table", .cls("queue"), .id("operators")) { h in
                h.el("thead") { h in
                    h.el("tr") { h in
                        for key in ["admin.username", "form.name", "admin.role", "admin.groups", "desk.mine", "admin.state"] { h.el("th", text: l.t(key)) }
                    }
                }
                h.el("tbody") { h in
                    for o in rows {
                        h.el("tr", Attr("data-username", o.username)) { h in
                            h.el("td") { h in h.el("a", .href(Route.admin(.item("operators", o.id)).path), text: o.username) }
                            h.el("td", text: o.displayName)
                            h.el("td", text: l.t("admin.role." + o.role.rawValue))
                            h.el("td", text: groups.filter { o.groupIDs.contains($0.id) }.map(\.name).joined(separator: ", "))
                            h.el("td", .cls("num"), text: String(o.openTickets))
                            h.el("td", text: l.t(o.active ? "admin.active" : "admin.disabled"))
                        }
                    }
                }
            }
            h.el("section", .cls("card")) { h in
                h.el("h2", text: l.t("admin.operator_add"))
                form(&h, d, row: nil, groups: groups, action: Route.admin(.section("operators")).path)
            }
        }
    }

    func edit(_ d: DeskContext, id: Int64, error: String? = nil, status: Int = 200, newPassword: String? = nil) throws -> Response {
        guard let o = try AdminStore(db: env.db).operatorRow(id: id) else { return ErrorPage.render(d.ctx, status: 404, messageKey: "error.not_found") }
        let l = d.l, groups = try env.desk.groups()
        let action = Route.admin(.item("operators", id)).path
        return d.page(o.username, status: status) { h in
            h.el("h1", text: o.displayName + " (" + o.username + ")")
            AdminParts.notice(&h, d)
            AdminParts.error(&h, error)
            if let newPassword {
                h.el("p", .cls("notice success"), Attr("role", "status")) { h in
                    h.text(l.t("admin.password_generated") + " ")
                    h.el("code", .id("new-password"), text: newPassword)
                }
            }
            form(&h, d, row: o, groups: groups, action: action)
            h.el("section", .cls("card")) { h in
                h.el("h2", text: l.t("admin.password"))
                h.el("form", Attr("method", "post"), Attr("action", action), .cls("stacked"), .id("password-form")) { h in
                    FormParts.csrf(&h, d.ctx)
                    FormParts.textInput(&h, d.ctx, name: "password", label: l.t("admin.new_password"), value: "", required: false,
                                        error: nil, type: "password", autocomplete: "new-password", maxLength: 72)
                    h.el("p", .cls("hint"), text: l.t("admin.password_hint"))
                    AdminParts.submit(&h, l.t("admin.set_password"), id: "set-password", value: "password")
                }
            }
            h.el("section", .cls("card")) { h in
                h.el("h2", text: l.t("admin.state"))
                if o.active {
                    let open = (try? AdminStore(db: env.db).openTickets(of: id)) ?? []
                    if !open.isEmpty {
                        h.el("p", text: l.t("admin.open_tickets_note"))
                        h.el("ul", .id("open-tickets")) { h in
                            for t in open {
                                h.el("li") { h in h.el("a", .href(Route.desk(.ticket(t.number)).path), text: "#" + t.number.value + " " + t.subject) }
                            }
                        }
                    }
                }
                h.el("form", Attr("method", "post"), Attr("action", action), .cls("inline")) { h in
                    FormParts.csrf(&h, d.ctx)
                    if o.active {
                        AdminParts.submit(&h, l.t("admin.disable"), id: "disable", value: "disable")
                    } else {
                        AdminParts.submit(&h, l.t("admin.enable"), id: "enable", value: "enable")
                    }
                    h.text(" ")
                    AdminParts.submit(&h, l.t("admin.delete"), id: "delete", value: "delete", danger: true)
                }
            }
        }
    }

    private func form(_ h: inout HTML, _ d: DeskContext, row o: AdminStore.OperatorRow?, groups: [DeskStore.Option], action: String) {
        let l = d.l
        h.el("form", Attr("method", "post"), Attr("action", action), .cls("stacked"), .id("operator-form")) { h in
            FormParts.csrf(&h, d.ctx)
            if o == nil {
                FormParts.textInput(&h, d.ctx, name: "username", label: l.t("admin.username"), value: "", required: true, error: nil,
                                    autocomplete: "off", maxLength: 64)
            }
            FormParts.textInput(&h, d.ctx, name: "display_name", label: l.t("form.name"), value: o?.displayName ?? "", required: true, error: nil)
            FormParts.textInput(&h, d.ctx, name: "email", label: l.t("form.email"), value: o?.email ?? "", required: false, error: nil,
                                type: "email", maxLength: 254)
            h.el("div", .cls("field")) { h in
                h.el("label", .forID("f-role"), text: l.t("admin.role"))
                h.el("select", .id("f-role"), .name("role")) { h in
                    for role in OperatorStore.Role.allCases {
                        h.el("option", .value(role.rawValue), .flag("selected", if: role == (o?.role ?? .operator_)), text: l.t("admin.role." + role.rawValue))
                    }
                }
            }
            h.el("div", .cls("field")) { h in
                h.el("label", .forID("f-language"), text: l.t("nav.language"))
                h.el("select", .id("f-language"), .name("language")) { h in
                    for (code, name) in d.ctx.languages {
                        h.el("option", .value(code), .flag("selected", if: code == (o?.language ?? d.ctx.settings.defaultLanguage)), text: name)
                    }
                }
            }
            if !groups.isEmpty {
                h.el("fieldset") { h in
                    h.el("legend", text: l.t("admin.groups"))
                    for g in groups {
                        AdminParts.checkbox(&h, name: "groups", value: String(g.id), label: g.name, checked: o?.groupIDs.contains(g.id) ?? false)
                    }
                }
            }
            AdminParts.textarea(&h, d, name: "signature", label: l.t("admin.signature"), value: o?.signatureHTML ?? "", rows: 4)
            if o == nil {
                FormParts.textInput(&h, d.ctx, name: "password", label: l.t("admin.new_password"), value: "", required: false,
                                    error: nil, type: "password", autocomplete: "new-password", maxLength: 72)
                h.el("p", .cls("hint"), text: l.t("admin.password_hint"))
            }
            AdminParts.submit(&h, l.t("desk.save"), id: "save-operator")
        }
    }

    func save(_ d: inout DeskContext, id: Int64?, _ f: FormFields) throws -> Response {
        let l = d.l, store = AdminStore(db: env.db)
        let what = f["do"] ?? "save"
        if let id, what != "save" {
            guard let o = try store.operatorRow(id: id) else { return ErrorPage.render(d.ctx, status: 404, messageKey: "error.not_found") }
            switch what {
            case "disable", "delete":
                if id == d.op.id { return try edit(d, id: id, error: l.t("admin.not_yourself"), status: 422) }
                if what == "disable" {
                    try store.setActive(id, false, by: d.doer)
                    return .redirect(Route.admin(.item("operators", id)).path + "?done=disabled")
                }
                _ = try store.deleteOperator(id, by: d.doer)
                try users.remove(user: o.username)
                return .redirect(Route.admin(.section("operators")).path + "?done=deleted")
            case "enable":
                try store.setActive(id, true, by: d.doer)
                return .redirect(Route.admin(.item("operators", id)).path + "?done=enabled")
            case "password":
                let typed = f["password"] ?? ""
                let password = typed.isEmpty ? ServerUsers.randomPassword() : typed
                if let problem = ServerUsers.problem(password) { return try edit(d, id: id, error: l.t(problem.key), status: 422) }
                try users.setPassword(user: o.username, password: password)
                try store.recordPasswordChange(username: o.username, by: d.doer)
                return try edit(d, id: id, newPassword: typed.isEmpty ? password : nil)
            default:
                return ErrorPage.render(d.ctx, status: 400, messageKey: "error.bad_form")
            }
        }
        let username = (f["username"] ?? "").trimmingASCIIWhitespace()
        let input = AdminStore.OperatorInput(
            username: id == nil ? username : (try store.operatorRow(id: id!)?.username ?? ""),
            displayName: (f["display_name"] ?? "").singleLine(), email: (f["email"] ?? "").singleLine(),
            role: OperatorStore.Role(rawValue: f["role"] ?? "") ?? .operator_,
            language: env.catalogs.files[f["language"] ?? ""] == nil ? d.ctx.settings.defaultLanguage : f["language"]!,
            signatureHTML: HTMLSanitizer.sanitize(f["signature"] ?? "").value,
            groupIDs: Set(f.all("groups").compactMap { Int64($0) }))
        var problem: String?
        if input.displayName.isEmpty || input.displayName.length > 100 { problem = "admin.error.name" }
        if !input.email.isEmpty && EmailAddress(input.email) == nil { problem = "error.email" }
        if id == nil {
            if (try? HtpasswdFile.validate(username: username)) == nil || username.contains(" ") { problem = "admin.error.username" }
            if try env.operators.find(username: username) != nil { problem = "admin.error.username_taken" }
            if let p = f["password"], !p.isEmpty, let bad = ServerUsers.problem(p) { problem = bad.key }
        }
        if let problem {
            return try id.map { try edit(d, id: $0, error: l.t(problem), status: 422) } ?? list(d, error: l.t(problem), status: 422)
        }
        let saved = try store.saveOperator(id: id, input, by: d.doer)
        if id == nil {
            let typed = f["password"] ?? ""
            let password = typed.isEmpty ? ServerUsers.randomPassword() : typed
            try users.setPassword(user: username, password: password)
            return try edit(d, id: saved, newPassword: typed.isEmpty ? password : nil)
        }
        return .redirect(Route.admin(.item("operators", saved)).path + "?done=saved")
    }

    private var users: ServerUsers { ServerUsers(path: env.paths.userFile) }
}
