/// The operator desk's entry page (the full desk is built on top of this): greets the
/// authenticated operator and lists the newest tickets.
struct DeskPages {
    let env: Environment

    func home(_ ctx: inout Context, operator op: OperatorStore.Operator, route: Route) throws -> Response {
        let rows = try env.db.query("""
            SELECT t.number, t.subject, t.updated_at FROM tickets t WHERE t.deleted_at IS NULL ORDER BY t.updated_at DESC LIMIT 50
            """)
        let l = ctx.l
        let title = route.area == .admin ? l.t("admin.title") : l.t("desk.title")
        let page = Layout.page(ctx, title: title) { h in
            h.el("h1", text: title)
            h.el("p", .id("operator-name"), text: l.t("desk.hello", ["name": op.displayName]))
            h.el("table", .cls("queue")) { h in
                h.el("thead") { h in
                    h.el("tr") { h in
                        h.el("th", text: l.t("ticket.number"))
                        h.el("th", text: l.t("form.subject"))
                        h.el("th", text: l.t("ticket.updated"))
                    }
                }
                h.el("tbody") { h in
                    for row in rows {
                        h.el("tr") { h in
                            h.el("td", text: row.string("number"))
                            h.el("td", text: row.string("subject"))
                            h.el("td", text: TimeFormat.display(row.int("updated_at")))
                        }
                    }
                }
            }
        }
        return .html(page)
    }
}
