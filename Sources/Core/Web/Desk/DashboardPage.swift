/// The desk's first page: my tickets and unassigned tickets (the ten most recent of
/// each), counts per status and per group, and the my/unassigned/waiting-for-us totals,
/// each linking to the matching queue.
struct DashboardPage {
    let env: Environment

    func render(_ d: DeskContext) throws -> Response {
        let board = try env.desk.dashboard(actor: d.actor)
        var mineFilter = DeskStore.QueueFilter(), freeFilter = DeskStore.QueueFilter()
        mineFilter.mine = true
        freeFilter.unassigned = true
        mineFilter.pageSize = 10
        freeFilter.pageSize = 10
        let mine = try env.desk.queue(mineFilter, actor: d.actor).rows
        let free = try env.desk.queue(freeFilter, actor: d.actor).rows
        let l = d.l
        return d.page(l.t("desk.dashboard")) { h in
            h.el("h1", text: l.t("desk.dashboard"))
            h.el("div", .cls("tiles")) { h in
                tile(&h, id: "count-mine", label: l.t("desk.mine"), count: board.mine, href: Route.desk(.queue).path + "?mine=1")
                tile(&h, id: "count-unassigned", label: l.t("desk.unassigned"), count: board.unassigned,
                     href: Route.desk(.queue).path + "?unassigned=1")
                tile(&h, id: "count-awaiting", label: l.t("desk.awaiting"), count: board.awaiting, href: Route.desk(.queue).path)
            }
            h.el("div", .cls("cards")) { h in
                shortList(&h, d, id: "list-mine", title: l.t("desk.mine"), rows: mine)
                shortList(&h, d, id: "list-unassigned", title: l.t("desk.unassigned"), rows: free)
            }
            h.el("section", .cls("card")) { h in
                h.el("h2", text: l.t("desk.by_status"))
                h.el("table", .cls("counts"), .id("by-status")) { h in
                    h.el("tbody") { h in
                        for s in board.byStatus {
                            h.el("tr", Attr("data-status", s.code)) { h in
                                h.el("th") { h in
                                    h.el("a", .href(Route.desk(.queue).path + "?status=\(s.statusID)&open=any"), text: d.label("status", s.code))
                                }
                                h.el("td", .cls("num"), text: String(s.count))
                            }
                        }
                    }
                }
            }
            h.el("section", .cls("card")) { h in
                h.el("h2", text: l.t("desk.by_group"))
                h.el("table", .cls("counts"), .id("by-group")) { h in
                    h.el("tbody") { h in
                        for g in board.byGroup {
                            h.el("tr") { h in
                                h.el("th") { h in
                                    if let id = g.groupID {
                                        h.el("a", .href(Route.desk(.queue).path + "?group=\(id)"), text: g.name ?? "")
                                    } else {
                                        h.text(l.t("desk.no_group"))
                                    }
                                }
                                h.el("td", .cls("num"), text: String(g.count))
                            }
                        }
                    }
                }
            }
        }
    }

    /// Up to ten tickets, newest activity first; waiting ones in bold like the queue.
    private func shortList(_ h: inout HTML, _ d: DeskContext, id: String, title: String, rows: [DeskStore.QueueRow]) {
        h.el("section", .cls("card"), .id(id)) { h in
            h.el("h2", text: title)
            if rows.isEmpty { h.el("p", .cls("muted"), text: d.l.t("desk.empty")) }
            h.el("ul", .cls("short-list")) { h in
                for row in rows {
                    h.el("li", .cls(row.awaitingOperator ? "awaiting" : "answered")) { h in
                        h.el("a", .href(Route.desk(.ticket(row.number)).path), text: row.number.value)
                        h.text(" " + row.subject)
                    }
                }
            }
        }
    }

    private func tile(_ h: inout HTML, id: String, label: String, count: Int, href: String) {
        h.el("a", .cls("tile"), .id(id), .href(href)) { h in
            h.el("span", .cls("tile-count"), text: String(count))
            h.el("span", .cls("tile-label"), text: label)
        }
    }
}
