/// Groups (departments): name, contact address, whether customers may pick it on the
/// form, whether members are mailed on new tickets, display order, and members.
/// Deleting a group leaves its tickets without a group (never deletes tickets).
struct GroupsAdmin {
    let env: Environment

    struct Group {
        let id: Int64, name: String, email: String, notifyNew: Bool, isPublic: Bool, position: Int64, members: Set<Int64>
    }

    func all() throws -> [Group] {
        let members = try env.db.query("SELECT group_id, operator_id FROM group_members")
        return try env.db.query("SELECT * FROM groups ORDER BY position, name").map { r in
            let id = r.int("id")
            return Group(id: id, name: r.string("name"), email: r.string("email"), notifyNew: r.bool("notify_new"), isPublic: r.bool("public"),
                         position: r.int("position"), members: Set(members.filter { $0.int("group_id") == id }.map { $0.int("operator_id") }))
        }
    }

    func list(_ d: DeskContext, error: String? = nil, status: Int = 200) throws -> Response {
        let l = d.l, groups = try all(), operators = try env.desk.operators()
        return d.page(l.t("admin.groups"), status: status) { h in
            h.el("h1", text: l.t("admin.groups"))
            AdminParts.notice(&h, d)
            AdminParts.error(&h, error)
            h.el("ul", .id("groups")) { h in
                for g in groups {
                    h.el("li") { h in
                        h.el("a", .href(Route.admin(.item("groups", g.id)).path), text: g.name)
                        h.el("span", .cls("muted"), text: " — " + operators.filter { g.members.contains($0.id) }.map(\.name).joined(separator: ", "))
                    }
                }
            }
            h.el("section", .cls("card")) { h in
                h.el("h2", text: l.t("admin.group_add"))
                form(&h, d, group: nil, operators: operators, action: Route.admin(.section("groups")).path)
            }
        }
    }

    func edit(_ d: DeskContext, id: Int64, error: String? = nil, status: Int = 200) throws -> Response {
        guard let g = try all().first(where: { $0.id == id }) else { return ErrorPage.render(d.ctx, status: 404, messageKey: "error.not_found") }
        let operators = try env.desk.operators()
        return d.page(g.name, status: status) { h in
            h.el("h1", text: g.name)
            AdminParts.notice(&h, d)
            AdminParts.error(&h, error)
            form(&h, d, group: g, operators: operators, action: Route.admin(.item("groups", id)).path)
            h.el("form", Attr("method", "post"), Attr("action", Route.admin(.item("groups", id)).path), .cls("inline")) { h in
                FormParts.csrf(&h, d.ctx)
                AdminParts.submit(&h, d.l.t("admin.delete"), id: "delete", value: "delete", danger: true)
            }
        }
    }

    private func form(_ h: inout HTML, _ d: DeskContext, group g: Group?, operators: [DeskStore.Option], action: String) {
        let l = d.l
        h.el("form", Attr("method", "post"), Attr("action", action), .cls("stacked"), .id("group-form")) { h in
            FormParts.csrf(&h, d.ctx)
            FormParts.textInput(&h, d.ctx, name: "name", label: l.t("form.name"), value: g?.name ?? "", required: true, error: nil)
            FormParts.textInput(&h, d.ctx, name: "email", label: l.t("form.email"), value: g?.email ?? "", required: false, error: nil,
                                type: "email", maxLength: 254)
            FormParts.textInput(&h, d.ctx, name: "position", label: l.t("admin.position"), value: String(g?.position ?? 0), required: false,
                                error: nil, maxLength: 6)
            AdminParts.checkbox(&h, name: "public", label: l.t("admin.group_public"), checked: g?.isPublic ?? true)
            AdminParts.checkbox(&h, name: "notify_new", label: l.t("admin.group_notify"), checked: g?.notifyNew ?? false)
            if !operators.isEmpty {
                h.el("fieldset") { h in
                    h.el("legend", text: l.t("admin.members"))
                    for o in operators {
                        AdminParts.checkbox(&h, name: "members", value: String(o.id), label: o.name, checked: g?.members.contains(o.id) ?? false)
                    }
                }
            }
            AdminParts.submit(&h, l.t("desk.save"), id: "save-group")
        }
    }

    func save(_ d: DeskContext, id: Int64?, _ f: FormFields) throws -> Response {
        let db = env.db, l = d.l
        if let id, f["do"] == "delete" {
            try db.write {
                let name = try db.scalar("SELECT name FROM groups WHERE id = ?", id).string
                try db.execute("DELETE FROM groups WHERE id = ?", id)
                try env.audit.record(at: d.ctx.now, operatorID: d.op.id, actor: d.op.username, action: "group_delete", before: name, ip: d.ctx.request.remoteAddr)
            }
            return .redirect(Route.admin(.section("groups")).path + "?done=deleted")
        }
        let name = (f["name"] ?? "").singleLine(), email = (f["email"] ?? "").singleLine()
        let position = Int64(f["position"] ?? "0") ?? 0
        var problem: String?
        if name.isEmpty || name.length > 100 { problem = "admin.error.name" }
        if !email.isEmpty && EmailAddress(email) == nil { problem = "error.email" }
        if let existing = try db.scalar("SELECT id FROM groups WHERE name = ?", name).int, existing != id { problem = "admin.error.name_taken" }
        if let problem {
            return try id.map { try edit(d, id: $0, error: l.t(problem), status: 422) } ?? list(d, error: l.t(problem), status: 422)
        }
        let saved: Int64 = try db.write {
            let groupID: Int64
            if let id {
                try db.execute("UPDATE groups SET name = ?, email = ?, public = ?, notify_new = ?, position = ? WHERE id = ?",
                               name, email, f["public"] == "1", f["notify_new"] == "1", position, id)
                groupID = id
            } else {
                try db.execute("INSERT INTO groups(name, email, public, notify_new, position, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                               name, email, f["public"] == "1", f["notify_new"] == "1", position, d.ctx.now)
                groupID = db.lastInsertID
            }
            try db.execute("DELETE FROM group_members WHERE group_id = ?", groupID)
            for member in f.all("members").compactMap({ Int64($0) }) {
                try db.execute("INSERT OR IGNORE INTO group_members(group_id, operator_id) SELECT ?, id FROM operators WHERE id = ?", groupID, member)
            }
            try env.audit.record(at: d.ctx.now, operatorID: d.op.id, actor: d.op.username, action: id == nil ? "group_add" : "group_edit",
                                 after: name, ip: d.ctx.request.remoteAddr)
            return groupID
        }
        return .redirect(Route.admin(.item("groups", saved)).path + "?done=saved")
    }
}
