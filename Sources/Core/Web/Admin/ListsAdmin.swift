/// Statuses, priorities and projects: short lists with an order. Statuses and priorities
/// have a code, a colour and a name per language (the catalog's name is used where none
/// is given); statuses also say whether they count as open. Projects have a name and
/// may be offered on the public form. A status or priority still used by tickets cannot
/// be deleted (the database refuses; the page says why).
struct ListsAdmin {
    let env: Environment
    let kind: Kind

    enum Kind: String {
        case statuses, priorities, projects
        var table: String { rawValue }
        var namesTable: String { self == .statuses ? "status_names" : "priority_names" }
        var prefix: String { self == .statuses ? "status" : "priority" }
    }

    struct Item {
        let id: Int64, code: String, position: Int64, colour: String, isOpen: Bool, isPublic: Bool, names: [String: String]
    }

    func items() throws -> [Item] {
        switch kind {
        case .projects:
            return try env.db.query("SELECT id, name, public FROM projects ORDER BY name").map {
                Item(id: $0.int("id"), code: "", position: 0, colour: "", isOpen: true, isPublic: $0.bool("public"), names: ["": $0.string("name")])
            }
        case .statuses:
            let names = try env.db.query("SELECT status_id AS owner, language, name FROM status_names")
            return try env.db.query("SELECT id, code, position, colour, is_open FROM statuses ORDER BY position, id").map { r in
                Item(id: r.int("id"), code: r.string("code"), position: r.int("position"), colour: r.string("colour"), isOpen: r.bool("is_open"),
                     isPublic: true, names: Self.names(names, r.int("id")))
            }
        case .priorities:
            let names = try env.db.query("SELECT priority_id AS owner, language, name FROM priority_names")
            return try env.db.query("SELECT id, code, position, colour FROM priorities ORDER BY position, id").map { r in
                Item(id: r.int("id"), code: r.string("code"), position: r.int("position"), colour: r.string("colour"), isOpen: true,
                     isPublic: true, names: Self.names(names, r.int("id")))
            }
        }
    }

    static func names(_ rows: [Row], _ owner: Int64) -> [String: String] {
        var out: [String: String] = [:]
        for r in rows where r.int("owner") == owner { out[r.string("language")] = r.string("name") }
        return out
    }

    var title: String { "admin." + kind.rawValue }

    func list(_ d: DeskContext, error: String? = nil, status: Int = 200) throws -> Response {
        let l = d.l, all = try items()
        return d.page(l.t(title), status: status) { h in
            h.el("h1", text: l.t(title))
            AdminParts.notice(&h, d)
            AdminParts.error(&h, error)
            h.el("ul", .id(kind.rawValue)) { h in
                for item in all {
                    h.el("li") { h in
                        h.el("a", .href(Route.admin(.item(kind.rawValue, item.id)).path), text: display(d, item))
                        if kind == .statuses { h.el("span", .cls("muted"), text: " — " + l.t(item.isOpen ? "desk.state.open" : "desk.state.closed")) }
                    }
                }
            }
            h.el("section", .cls("card")) { h in
                h.el("h2", text: l.t("admin.add"))
                form(&h, d, item: nil)
            }
        }
    }

    func display(_ d: DeskContext, _ item: Item) -> String {
        if kind == .projects { return item.names[""] ?? "" }
        return item.names[d.l.language] ?? d.label(kind.prefix, item.code)
    }

    func edit(_ d: DeskContext, id: Int64, error: String? = nil, status: Int = 200) throws -> Response {
        guard let item = try items().first(where: { $0.id == id }) else { return ErrorPage.render(d.ctx, status: 404, messageKey: "error.not_found") }
        return d.page(display(d, item), status: status) { h in
            h.el("h1", text: display(d, item))
            AdminParts.notice(&h, d)
            AdminParts.error(&h, error)
            form(&h, d, item: item)
            h.el("form", Attr("method", "post"), Attr("action", Route.admin(.item(kind.rawValue, id)).path), .cls("inline")) { h in
                FormParts.csrf(&h, d.ctx)
                AdminParts.submit(&h, d.l.t("admin.delete"), id: "delete", value: "delete", danger: true)
            }
        }
    }

    private func form(_ h: inout HTML, _ d: DeskContext, item: Item?) {
        let l = d.l
        let action = item.map { Route.admin(.item(kind.rawValue, $0.id)).path } ?? Route.admin(.section(kind.rawValue)).path
        h.el("form", Attr("method", "post"), Attr("action", action), .cls("stacked"), .id("list-form")) { h in
            FormParts.csrf(&h, d.ctx)
            if kind == .projects {
                FormParts.textInput(&h, d.ctx, name: "name", label: l.t("form.name"), value: item?.names[""] ?? "", required: true, error: nil)
                AdminParts.checkbox(&h, name: "public", label: l.t("admin.group_public"), checked: item?.isPublic ?? true)
            } else {
                if item == nil {
                    FormParts.textInput(&h, d.ctx, name: "code", label: l.t("admin.code"), value: "", required: true, error: nil, maxLength: 40)
                }
                for (code, name) in d.ctx.languages {
                    FormParts.textInput(&h, d.ctx, name: "name_" + code, label: l.t("form.name") + " (" + name + ")",
                                        value: item?.names[code] ?? "", required: false, error: nil, maxLength: 60)
                }
                FormParts.textInput(&h, d.ctx, name: "position", label: l.t("admin.position"), value: String(item?.position ?? 100),
                                    required: false, error: nil, maxLength: 6)
                FormParts.textInput(&h, d.ctx, name: "colour", label: l.t("admin.colour"), value: item?.colour ?? "#6b7280",
                                    required: false, error: nil, type: "color", maxLength: 7)
                if kind == .statuses {
                    AdminParts.checkbox(&h, name: "is_open", label: l.t("admin.is_open"), checked: item?.isOpen ?? true)
                }
            }
            AdminParts.submit(&h, l.t("desk.save"), id: "save-item")
        }
    }

    func save(_ d: DeskContext, id: Int64?, _ f: FormFields) throws -> Response {
        let db = env.db, l = d.l
        func fail(_ key: String) throws -> Response {
            try id.map { try edit(d, id: $0, error: l.t(key), status: 422) } ?? list(d, error: l.t(key), status: 422)
        }
        func audit(_ action: String, _ value: String) throws {
            try env.audit.record(at: d.ctx.now, operatorID: d.op.id, actor: d.op.username, action: action, after: kind.rawValue + ": " + value,
                                 ip: d.ctx.request.remoteAddr)
        }
        if let id, f["do"] == "delete" {
            do {
                try db.write {
                    switch kind {
                    case .statuses: try db.execute("DELETE FROM statuses WHERE id = ?", id)
                    case .priorities: try db.execute("DELETE FROM priorities WHERE id = ?", id)
                    case .projects: try db.execute("DELETE FROM projects WHERE id = ?", id)
                    }
                    try audit("list_delete", String(id))
                }
            } catch let e as DatabaseError where e.isConstraint {
                return try fail("admin.error.in_use")
            }
            return .redirect(Route.admin(.section(kind.rawValue)).path + "?done=deleted")
        }
        if kind == .projects {
            let name = (f["name"] ?? "").singleLine()
            guard !name.isEmpty, name.length <= 100 else { return try fail("admin.error.name") }
            if let other = try db.scalar("SELECT id FROM projects WHERE name = ?", name).int, other != id { return try fail("admin.error.name_taken") }
            let saved: Int64 = try db.write {
                if let id {
                    try db.execute("UPDATE projects SET name = ?, public = ? WHERE id = ?", name, f["public"] == "1", id)
                } else {
                    try db.execute("INSERT INTO projects(name, public, created_at) VALUES (?, ?, ?)", name, f["public"] == "1", d.ctx.now)
                }
                // Taken before the audit row is written, which has its own rowid.
                let savedID = id ?? db.lastInsertID
                try audit(id == nil ? "list_add" : "list_edit", name)
                return savedID
            }
            return .redirect(Route.admin(.item(kind.rawValue, saved)).path + "?done=saved")
        }
        let colour = (f["colour"] ?? "").lowercased()
        let validColour = colour.utf8.count == 7 && colour.hasPrefix("#") && colour.utf8.dropFirst().allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }
        guard validColour else { return try fail("admin.error.colour") }
        let position = Int64(f["position"] ?? "") ?? 100
        var code = ""
        if id == nil {
            code = (f["code"] ?? "").lowercased()
            guard !code.isEmpty, code.utf8.count <= 40, code.utf8.allSatisfy({ ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 95 }) else {
                return try fail("admin.error.code")
            }
        }
        let names = d.ctx.languages.map { ($0.code, (f["name_" + $0.code] ?? "").singleLine()) }
        guard names.allSatisfy({ $0.1.length <= 60 }) else { return try fail("admin.error.name") }
        do {
            let saved: Int64 = try db.write {
                let itemID: Int64
                switch (kind, id) {
                case (.statuses, let id?):
                    try db.execute("UPDATE statuses SET position = ?, colour = ?, is_open = ? WHERE id = ?", position, colour, f["is_open"] == "1", id)
                    itemID = id
                case (.statuses, nil):
                    try db.execute("INSERT INTO statuses(code, is_open, position, colour) VALUES (?, ?, ?, ?)", code, f["is_open"] == "1", position, colour)
                    itemID = db.lastInsertID
                case (_, let id?):
                    try db.execute("UPDATE priorities SET position = ?, colour = ? WHERE id = ?", position, colour, id)
                    itemID = id
                default:
                    try db.execute("INSERT INTO priorities(code, position, colour) VALUES (?, ?, ?)", code, position, colour)
                    itemID = db.lastInsertID
                }
                for (language, name) in names {
                    if kind == .statuses {
                        try db.execute("DELETE FROM status_names WHERE status_id = ? AND language = ?", itemID, language)
                        if !name.isEmpty { try db.execute("INSERT INTO status_names(status_id, language, name) VALUES (?, ?, ?)", itemID, language, name) }
                    } else {
                        try db.execute("DELETE FROM priority_names WHERE priority_id = ? AND language = ?", itemID, language)
                        if !name.isEmpty { try db.execute("INSERT INTO priority_names(priority_id, language, name) VALUES (?, ?, ?)", itemID, language, name) }
                    }
                }
                try audit(id == nil ? "list_add" : "list_edit", code.isEmpty ? String(itemID) : code)
                return itemID
            }
            return .redirect(Route.admin(.item(kind.rawValue, saved)).path + "?done=saved")
        } catch let e as DatabaseError where e.isConstraint {
            return try fail("admin.error.code_taken")
        }
    }
}
