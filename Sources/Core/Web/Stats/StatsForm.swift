/// The period picker of the statistics pages: a GET form with the period kind, a day
/// inside it, the custom range's first and last days and (admin page) an operator. It
/// works without JavaScript: the date field is used for day/week/month/year, the range
/// fields for "custom". After a refused period the fields show what was sent.
struct StatsForm {
    let d: DeskContext
    let base: String
    let period: StatsPeriod?
    let operators: [Row]
    let selected: Int64?

    func render(_ h: inout HTML) {
        let l = d.l, q = d.ctx.request.query
        let unit = period?.unit.rawValue ?? q["period"] ?? "month"
        h.el("form", .id("stats-filter"), .cls("filters"), Attr("method", "get"), Attr("action", base)) { h in
            h.el("label") { h in
                h.text(l.t("stats.period"))
                h.el("select", .name("period"), .id("f-period")) { h in
                    for u in StatsPeriod.Unit.allCases {
                        h.el("option", .value(u.rawValue), .flag("selected", if: u.rawValue == unit), text: l.t("stats.unit." + u.rawValue))
                    }
                }
            }
            date(&h, "date", l.t("stats.date"), period.map { $0.unit == .custom ? "" : $0.firstDate.text } ?? q["date"] ?? "")
            date(&h, "from", l.t("admin.from"), period.map { $0.unit == .custom ? $0.firstDate.text : "" } ?? q["from"] ?? "")
            date(&h, "to", l.t("admin.to"), period.map { $0.unit == .custom ? $0.lastDate.text : "" } ?? q["to"] ?? "")
            if !operators.isEmpty {
                h.el("label") { h in
                    h.text(l.t("desk.operator"))
                    h.el("select", .name("operator"), .id("f-operator")) { h in
                        h.el("option", .value(""), text: l.t("desk.all"))
                        for o in operators {
                            h.el("option", .value(String(o.int("id"))), .flag("selected", if: o.int("id") == selected), text: o.string("username"))
                        }
                    }
                }
            }
            h.el("button", .type("submit"), .cls("button"), .id("stats-show"), text: l.t("stats.show"))
        }
    }

    private func date(_ h: inout HTML, _ name: String, _ label: String, _ value: String) {
        h.el("label") { h in
            h.text(label)
            h.void("input", .name(name), .id("f-" + name), .type("date"), .value(value))
        }
    }
}
