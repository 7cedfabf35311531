/// The desk's first page: counts per status and per group, my tickets, unassigned and
/// waiting-for-us counts, each linking to the matching queue.
struct DashboardPage {
    let env: Environment

    func render(_ d: DeskContext) throws -> Response {
        let board = try env.desk.dashboard(actor: d.actor)
        let l = d.l
        return d.page(l.t("desk.dashboard")) { h in
            h.el("h1", text: l.t("desk.dashboard"))
            h.el("div", .cls("tiles")) { h in
                tile(&h, id: "count-mine", label: l.t("desk.mine"), count: board.mine, href: Route.desk(.queue).path + "?mine=1")
                tile(&h, id: "count-unassigned", label: l.t("desk.unassigned"), count: board.unassigned,
                     href: Route.desk(.queue).path + "?unassigned=1")
                tile(&h, id: "count-awaiting", label: l.t("desk.awaiting"), count: board.awaiting, href: Route.desk(.queue).path)
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

    private func tile(_ h: inout HTML, id: String, label: String, count: Int, href: String) {
        h.el("a", .cls("tile"), .id(id), .href(href)) { h in
            h.el("span", .cls("tile-count"), text: String(count))
            h.el("span", .cls("tile-label"), text: label)
        }
    }
}
