/// The admin's view of the audit log: every operator and admin action, searchable by
/// operator, action, ticket number and date range (UTC days), newest first, 100 a page.
struct AuditPage {
    let env: Environment

    static let actions = ["claim", "drop", "assign", "reply", "note", "status", "priority", "group", "project", "contact",
                          "create", "delete", "restore", "purge", "operator_add", "operator_edit", "operator_enable",
                          "operator_disable", "operator_delete", "operator_password", "group_add", "group_edit", "group_delete",
                          "template_add", "template_edit", "template_delete", "settings", "list_add", "list_edit", "list_delete", "customer_add", "customer_edit", "language_save", "mail_template", "snippet_add", "snippet_edit", "snippet_delete", "preferences",
                          "quarantine_reprocessed", "quarantine_still", "quarantine_discarded",
                          "api_key_create", "api_key_revoke", "mail_test", "mailbox_test", "outbox_retry"]

    func render(_ d: DeskContext) throws -> Response {
        let q = d.ctx.request.query, l = d.l
        var f = AuditStore.Filter()
        f.operatorID = q["operator"].flatMap { Int64($0) }
        f.action = q["action"].flatMap { Self.actions.contains($0) ? $0 : nil }
        f.ticketNumber = q["ticket"].flatMap { TicketNumber($0)?.value }
        f.from = q["from"].flatMap(DayParser.start)
        f.to = q["to"].flatMap(DayParser.start).map { $0 + 86_400 }
        let page = max(1, q["page"].flatMap { Int($0) } ?? 1)
        f.offset = (page - 1) * f.limit
        let entries = try env.audit.search(f)
        let operators = try env.db.query("SELECT id, username FROM operators ORDER BY username")
        return d.page(l.t("admin.audit")) { h in
            h.el("h1", text: l.t("admin.audit"))
            h.el("form", .id("audit-filter"), .cls("filters"), Attr("method", "get"), Attr("action", Route.admin(.audit).path)) { h in
                h.el("label") { h in
                    h.text(l.t("desk.operator"))
                    h.el("select", .name("operator")) { h in
                        h.el("option", .value(""), text: l.t("desk.all"))
                        for o in operators {
                            h.el("option", .value(String(o.int("id"))), .flag("selected", if: o.int("id") == f.operatorID), text: o.string("username"))
                        }
                    }
                }
                h.el("label") { h in
                    h.text(l.t("admin.action"))
                    h.el("select", .name("action")) { h in
                        h.el("option", .value(""), text: l.t("desk.all"))
                        for a in Self.actions { h.el("option", .value(a), .flag("selected", if: a == f.action), text: l.t("admin.action." + a)) }
                    }
                }
                h.el("label") { h in
                    h.text(l.t("ticket.number"))
                    h.void("input", .name("ticket"), .type("text"), .value(f.ticketNumber ?? ""), Attr("size", "10"))
                }
                h.el("label") { h in
                    h.text(l.t("admin.from"))
                    h.void("input", .name("from"), .type("date"), .value(q["from"] ?? ""))
                }
                h.el("label") { h in
                    h.text(l.t("admin.to"))
                    h.void("input", .name("to"), .type("date"), .value(q["to"] ?? ""))
                }
                h.el("button", .type("submit"), .cls("button"), text: l.t("desk.filter"))
            }
            h.el("div", .cls("scroll")) { h in
                h.el("table", .cls("queue"), .id("audit")) { h in
                    h.el("thead") { h in
                        h.el("tr") { h in
                            for key in ["admin.when", "desk.operator", "admin.action", "ticket.number", "admin.before", "admin.after", "admin.ip"] {
                                h.el("th", text: l.t(key))
                            }
                        }
                    }
                    h.el("tbody") { h in
                        for e in entries {
                            h.el("tr", Attr("data-action", e.action)) { h in
                                h.el("td") { h in h.el("time", Attr("datetime", TimeFormat.iso(e.at)), text: TimeFormat.display(e.at)) }
                                h.el("td", text: e.actor)
                                h.el("td", text: l.t("admin.action." + e.action))
                                h.el("td") { h in
                                    if let n = e.ticketNumber.flatMap(TicketNumber.init) {
                                        h.el("a", .href(Route.desk(.ticket(n)).path), text: n.value)
                                    }
                                }
                                h.el("td", text: e.before ?? "")
                                h.el("td", text: e.after ?? "")
                                h.el("td", text: e.ip)
                            }
                        }
                    }
                }
            }
            if entries.count == f.limit {
                let keep = ["operator", "action", "ticket", "from", "to"].compactMap { key in
                    q[key].map { key + "=" + PercentCoding.encode($0) }
                }
                let next = (keep + ["page=\(page + 1)"]).joined(separator: "&")
                h.el("p") { h in h.el("a", .href(Route.admin(.audit).path + "?" + next), Attr("rel", "next"), text: l.t("desk.next")) }
            }
        }
    }
}

/// `YYYY-MM-DD` (as sent by a date input) → the UTC unix time of that day's start.
enum DayParser {
    static func start(_ text: String) -> Int64? {
        let parts = text.split(separator: "-")
        guard parts.count == 3, let y = Int64(parts[0]), let m = Int64(parts[1]), let d = Int64(parts[2]),
              (1970...9999).contains(y), (1...12).contains(m), (1...31).contains(d) else { return nil }
        // Days from civil date (proleptic Gregorian), after H. Hinnant's published algorithm.
        let yy = m <= 2 ? y - 1 : y
        let era = yy / 400
        let yoe = yy - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return (era * 146_097 + doe - 719_468) * 86_400
    }
}
