/// The ticket queue: filters (status, open/closed, group, project, operator, mine,
/// unassigned) as a plain GET form, sortable columns, pages of 50. Tickets waiting for an
/// operator are bold. `?partial=1` returns only the table, which the script uses to
/// refresh the list in place; without JavaScript the page works as a normal form.
struct QueuePage {
    let env: Environment

    func filter(from q: FormFields, actor: TicketRules.Actor) -> DeskStore.QueueFilter {
        var f = DeskStore.QueueFilter()
        f.statusID = q["status"].flatMap { Int64($0) }
        switch q["open"] {
        case "0": f.open = false
        case "any": f.open = nil
        default: f.open = f.statusID == nil ? true : nil
        }
        f.groupID = q["group"].flatMap { Int64($0) }
        f.projectID = q["project"].flatMap { Int64($0) }
        f.operatorID = q["operator"].flatMap { Int64($0) }
        f.mine = q["mine"] == "1"
        f.unassigned = q["unassigned"] == "1"
        f.sort = q["sort"].flatMap { DeskStore.Sort(rawValue: $0) } ?? .updated
        f.descending = q["dir"] != "asc"
        f.page = q["page"].flatMap { Int($0) } ?? 1
        return f
    }

    /// The query string for this filter with some values replaced (for sort and page links).
    func query(_ f: DeskStore.QueueFilter, sort: DeskStore.Sort? = nil, descending: Bool? = nil, page: Int? = nil) -> String {
        var parts: [String] = []
        if let s = f.statusID { parts.append("status=\(s)") }
        if f.open == false { parts.append("open=0") } else if f.open == nil { parts.append("open=any") }
        if let g = f.groupID { parts.append("group=\(g)") }
        if let p = f.projectID { parts.append("project=\(p)") }
        if let o = f.operatorID { parts.append("operator=\(o)") }
        if f.mine { parts.append("mine=1") }
        if f.unassigned { parts.append("unassigned=1") }
        parts.append("sort=" + (sort ?? f.sort).rawValue)
        parts.append("dir=" + ((descending ?? f.descending) ? "desc" : "asc"))
        parts.append("page=\(page ?? f.page)")
        return "?" + parts.joined(separator: "&")
    }

    func render(_ d: DeskContext) throws -> Response {
        let f = filter(from: d.ctx.request.query, actor: d.actor)
        let result = try env.desk.queue(f, actor: d.actor)
        if d.ctx.request.query["partial"] == "1" {
            var h = HTML()
            table(&h, d, f, result.rows)
            var r = Response(status: 200, body: h.bytes)
            r.setHeader("Cache-Control", "no-store")
            return r
        }
        let l = d.l
        let options = try env.deskOptions(l)
        let statuses = options.statuses, groups = options.groups, projects = options.projects, operators = options.operators
        return d.page(l.t("desk.tickets")) { h in
            h.el("h1", text: l.t("desk.tickets"))
            h.el("form", .id("queue-filter"), .cls("filters"), Attr("method", "get"), Attr("action", Route.desk(.queue).path)) { h in
                select(&h, "status", l.t("ticket.status"), statuses.map { ($0.id, $0.name) }, f.statusID, l)
                h.el("label") { h in
                    h.text(l.t("desk.state"))
                    h.el("select", .name("open")) { h in
                        h.el("option", .value("1"), .flag("selected", if: f.open == true), text: l.t("desk.state.open"))
                        h.el("option", .value("0"), .flag("selected", if: f.open == false), text: l.t("desk.state.closed"))
                        h.el("option", .value("any"), .flag("selected", if: f.open == nil), text: l.t("desk.state.any"))
                    }
                }
                select(&h, "group", l.t("form.group"), groups.map { ($0.id, $0.name) }, f.groupID, l)
                select(&h, "project", l.t("form.project"), projects.map { ($0.id, $0.name) }, f.projectID, l)
                select(&h, "operator", l.t("desk.operator"), operators.map { ($0.id, $0.name) }, f.operatorID, l)
                h.el("label", .cls("check")) { h in
                    h.void("input", .type("checkbox"), .name("mine"), .value("1"), .flag("checked", if: f.mine))
                    h.text(l.t("desk.mine"))
                }
                h.el("label", .cls("check")) { h in
                    h.void("input", .type("checkbox"), .name("unassigned"), .value("1"), .flag("checked", if: f.unassigned))
                    h.text(l.t("desk.unassigned"))
                }
                h.el("button", .type("submit"), .cls("button"), text: l.t("desk.filter"))
            }
            h.el("p", .cls("muted"), .id("queue-total"), text: l.plural(result.exact ? "desk.count" : "desk.count_more", count: result.total))
            h.el("div", .id("queue"), Attr("data-refresh", Route.desk(.queue).path + query(f) + "&partial=1")) { h in
                table(&h, d, f, result.rows)
            }
            pager(&h, d, f, total: result.total, exact: result.exact)
            h.el("div", .id("preview"), .cls("preview"), Attr("aria-live", "polite"), text: "")
        }
    }

    private func select(_ h: inout HTML, _ name: String, _ label: String, _ options: [(Int64, String)], _ selected: Int64?, _ l: Localizer) {
        h.el("label") { h in
            h.text(label)
            h.el("select", .name(name)) { h in
                h.el("option", .value(""), text: l.t("desk.all"))
                for (id, text) in options {
                    h.el("option", .value(String(id)), .flag("selected", if: id == selected), text: text)
                }
            }
        }
    }

    private func table(_ h: inout HTML, _ d: DeskContext, _ f: DeskStore.QueueFilter, _ rows: [DeskStore.QueueRow]) {
        let l = d.l
        h.el("table", .cls("queue")) { h in
            h.el("thead") { h in
                h.el("tr") { h in
                    for (sort, key) in [(DeskStore.Sort.number, "ticket.number"), (.subject, "form.subject"), (.status, "ticket.status"),
                                        (.priority, "ticket.priority"), (.updated, "ticket.updated")] {
                        let active = f.sort == sort
                        h.el("th", Attr("aria-sort", active ? (f.descending ? "descending" : "ascending") : "none")) { h in
                            h.el("a", .href(Route.desk(.queue).path + query(f, sort: sort, descending: active ? !f.descending : true, page: 1)),
                                 text: l.t(key))
                        }
                    }
                    h.el("th", text: l.t("desk.customer"))
                    h.el("th", text: l.t("desk.holder"))
                }
            }
            h.el("tbody") { h in
                if rows.isEmpty {
                    h.el("tr") { h in h.el("td", Attr("colspan", "7"), .cls("muted"), text: l.t("desk.empty")) }
                }
                for row in rows {
                    h.el("tr", .cls(row.awaitingOperator ? "awaiting" : "answered"), Attr("data-number", row.number.value)) { h in
                        h.el("td") { h in
                            h.el("a", .href(Route.desk(.ticket(row.number)).path), .cls("ticket-link"),
                                 Attr("data-preview", Route.desk(.preview(row.number)).path), text: row.number.value)
                        }
                        h.el("td", .cls("subject"), text: row.subject)
                        h.el("td") { h in
                            h.el("span", .cls(row.statusIsOpen ? "status status-open" : "status status-closed"), text: d.label("status", row.statusCode))
                        }
                        h.el("td", text: d.label("priority", row.priorityCode))
                        h.el("td") { h in h.el("time", Attr("datetime", TimeFormat.iso(row.updatedAt)), text: TimeFormat.display(row.updatedAt)) }
                        h.el("td", text: row.customerName)
                        h.el("td", text: row.holderName ?? "—")
                    }
                }
            }
        }
    }

    /// Previous/next links; with a bounded count the last page is unknown, so it says only
    /// which page this is and offers the next one (the bound always reaches past this page).
    private func pager(_ h: inout HTML, _ d: DeskContext, _ f: DeskStore.QueueFilter, total: Int, exact: Bool) {
        let pages = max(1, (total + f.pageSize - 1) / f.pageSize) + (exact ? 0 : 1)
        guard pages > 1 else { return }
        h.el("nav", .cls("pager"), Attr("aria-label", d.l.t("desk.pages"))) { h in
            if f.page > 1 { h.el("a", .href(Route.desk(.queue).path + query(f, page: f.page - 1)), Attr("rel", "prev"), text: d.l.t("desk.previous")) }
            h.el("span", text: exact ? d.l.t("desk.page_of", ["page": String(f.page), "pages": String(pages)])
                                     : d.l.t("desk.page_only", ["page": String(f.page)]))
            if f.page < pages { h.el("a", .href(Route.desk(.queue).path + query(f, page: f.page + 1)), Attr("rel", "next"), text: d.l.t("desk.next")) }
        }
    }
}
