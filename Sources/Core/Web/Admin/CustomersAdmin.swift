/// Customers: a searchable list (name, e-mail, phone, city), add, edit (the customer
/// record with its project, not the contact data kept on each ticket) and their tickets. Available to
/// admins; customers are created by tickets, so adding one is rarely needed.
struct CustomersAdmin {
    let env: Environment

    func list(_ d: DeskContext, error: String? = nil, status: Int = 200) throws -> Response {
        let l = d.l, q = (d.ctx.request.query["q"] ?? "").singleLine()
        let pattern = "%" + q.replacingLikeWildcards() + "%"
        let rows = try env.db.query("""
            SELECT c.id, c.name, c.email, c.phone, c.city, (SELECT count(*) FROM tickets t WHERE t.customer_id = c.id) AS tickets
            FROM customers c
            WHERE ?1 = '' OR c.name LIKE ?2 ESCAPE '\\' OR c.email LIKE ?2 ESCAPE '\\' OR c.phone LIKE ?2 ESCAPE '\\' OR c.city LIKE ?2 ESCAPE '\\'
            ORDER BY c.updated_at DESC LIMIT 100
            """, q, pattern)
        return d.page(l.t("admin.customers"), status: status) { h in
            h.el("h1", text: l.t("admin.customers"))
            AdminParts.notice(&h, d)
            AdminParts.error(&h, error)
            h.el("form", Attr("method", "get"), Attr("action", Route.admin(.section("customers")).path), .cls("filters"), .id("customer-search")) { h in
                h.el("label") { h in
                    h.text(l.t("admin.search"))
                    h.void("input", .type("search"), .name("q"), .value(q))
                }
                h.el("button", .type("submit"), .cls("button"), text: l.t("desk.filter"))
            }
            h.el("table", .cls("queue"), .id("customers")) { h in
                h.el("thead") { h in
                    h.el("tr") { h in for key in ["form.name", "form.email", "form.phone", "form.city", "desk.tickets"] { h.el("th", text: l.t(key)) } }
                }
                h.el("tbody") { h in
                    for r in rows {
                        h.el("tr") { h in
                            h.el("td") { h in h.el("a", .href(Route.admin(.item("customers", r.int("id"))).path), text: r.string("name")) }
                            h.el("td", text: r.string("email"))
                            h.el("td", text: r.string("phone"))
                            h.el("td", text: r.string("city"))
                            h.el("td", .cls("num"), text: String(r.int("tickets")))
                        }
                    }
                }
            }
            h.el("section", .cls("card")) { h in
                h.el("h2", text: l.t("admin.customer_add"))
                form(&h, d, id: nil, row: nil)
            }
        }
    }

    func edit(_ d: DeskContext, id: Int64, error: String? = nil, status: Int = 200) throws -> Response {
        guard let row = try env.db.queryOne("SELECT * FROM customers WHERE id = ?", id) else {
            return ErrorPage.render(d.ctx, status: 404, messageKey: "error.not_found")
        }
        let tickets = try env.db.query("""
            SELECT t.number, t.subject, s.code FROM tickets t JOIN statuses s ON s.id = t.status_id
            WHERE t.customer_id = ? AND t.deleted_at IS NULL ORDER BY t.created_at DESC
            """, id)
        return d.page(row.string("name"), status: status) { h in
            h.el("h1", text: row.string("name"))
            AdminParts.notice(&h, d)
            AdminParts.error(&h, error)
            form(&h, d, id: id, row: row)
            h.el("section", .cls("card")) { h in
                h.el("h2", text: d.l.t("desk.tickets"))
                h.el("ul", .id("customer-tickets")) { h in
                    for t in tickets {
                        guard let n = TicketNumber(t.string("number")) else { continue }
                        h.el("li") { h in
                            h.el("a", .href(Route.desk(.ticket(n)).path), text: "#" + n.value + " " + t.string("subject"))
                            h.el("span", .cls("muted"), text: " — " + d.label("status", t.string("code")))
                        }
                    }
                }
            }
        }
    }

    private func form(_ h: inout HTML, _ d: DeskContext, id: Int64?, row: Row?) {
        let l = d.l
        let action = id.map { Route.admin(.item("customers", $0)).path } ?? Route.admin(.section("customers")).path
        h.el("form", Attr("method", "post"), Attr("action", action), .cls("stacked"), .id("customer-form")) { h in
            FormParts.csrf(&h, d.ctx)
            for (name, type, max) in [("name", "text", 100), ("email", "email", 254), ("phone", "tel", 30), ("address", "text", 100),
                                      ("city", "text", 100), ("country", "text", 100)] {
                FormParts.textInput(&h, d.ctx, name: name, label: l.t("form." + name), value: row?.string(name) ?? "",
                                    required: name == "name" || name == "email", error: nil, type: type, maxLength: max)
            }
            let projects = (try? env.desk.projects()) ?? []
            if !projects.isEmpty {
                h.el("div", .cls("field")) { h in
                    h.el("label", .forID("f-project"), text: l.t("form.project"))
                    h.el("select", .id("f-project"), .name("project")) { h in
                        h.el("option", .value(""), text: "—")
                        for p in projects {
                            h.el("option", .value(String(p.id)), .flag("selected", if: p.id == row?.optionalInt("project_id")), text: p.name)
                        }
                    }
                }
            }
            AdminParts.submit(&h, l.t("desk.save"), id: "save-customer")
        }
    }

    func save(_ d: DeskContext, id: Int64?, _ f: FormFields) throws -> Response {
        let v = { (k: String) in (f[k] ?? "").singleLine() }
        guard !v("name").isEmpty, v("name").length <= 100, let email = EmailAddress(v("email")),
              ["phone", "address", "city", "country"].allSatisfy({ v($0).length <= 100 }) else {
            let message = d.l.t("desk.contact_invalid")
            return try id.map { try edit(d, id: $0, error: message, status: 422) } ?? list(d, error: message, status: 422)
        }
        let project = f["project"].flatMap { Int64($0) }
        do {
            let saved: Int64 = try env.db.write {
                if let id {
                    try env.db.execute("""
                        UPDATE customers SET name = ?, email = ?, phone = ?, address = ?, city = ?, country = ?, updated_at = ?,
                            project_id = (SELECT id FROM projects WHERE id = ?) WHERE id = ?
                        """, v("name"), email.value, v("phone"), v("address"), v("city"), v("country"), d.ctx.now, project, id)
                } else {
                    try env.db.execute("""
                        INSERT INTO customers(name, email, phone, address, city, country, project_id, created_at, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?, (SELECT id FROM projects WHERE id = ?), ?, ?)
                        """, v("name"), email.value, v("phone"), v("address"), v("city"), v("country"), project, d.ctx.now, d.ctx.now)
                }
                // Taken before the audit row is written, which has its own rowid.
                let savedID = id ?? env.db.lastInsertID
                try env.audit.record(at: d.ctx.now, operatorID: d.op.id, actor: d.op.username, action: id == nil ? "customer_add" : "customer_edit",
                                     after: email.value, ip: d.ctx.request.remoteAddr)
                return savedID
            }
            return .redirect(Route.admin(.item("customers", saved)).path + "?done=saved")
        } catch let e as DatabaseError where e.isConstraint {
            let message = d.l.t("admin.error.email_taken")
            return try id.map { try edit(d, id: $0, error: message, status: 422) } ?? list(d, error: message, status: 422)
        }
    }
}
