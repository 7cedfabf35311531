/// Turns a `StatsReport` into the tables a page shows, with every label localized:
/// operators, their actions, and (admin page) the ticket flow, ages and breakdowns.
/// Labels of statuses and priorities go through `DeskContext.label` (admin names, then
/// catalog); an empty group/project/country is shown as "none".
struct StatsTables {
    let d: DeskContext
    var l: Localizer { d.l }

    func operators(_ r: StatsReport) -> StatsTable {
        let keys = ["stats.operator", "stats.taken", "stats.answered", "stats.closed", "stats.reassigned_away", "stats.replies",
                    "stats.notes", "stats.first_response_median", "stats.first_response_p90", "stats.resolution_median",
                    "stats.resolution_p90"]
        let rows = r.operators.map { o -> [StatsTable.Cell] in
            [StatsTable.Cell(o.displayName + " (" + o.username + ")", raw: o.username), .init(count: o.taken), .init(count: o.answered),
             .init(count: o.closed), .init(count: o.reassignedAway), .init(count: o.replies), .init(count: o.notes),
             .init(seconds: o.firstResponse.median), .init(seconds: o.firstResponse.p90),
             .init(seconds: o.resolution.median), .init(seconds: o.resolution.p90)]
        }
        return StatsTable(id: "operators", title: l.t("stats.table.operators"), headers: keys.map { l.t($0) }, rows: rows)
    }

    func actions(_ r: StatsReport) -> StatsTable {
        let rows = r.operators.flatMap { o in
            o.actions.map { a in [StatsTable.Cell(o.username), actionCell(a.key), .init(count: a.count)] }
        }
        return StatsTable(id: "actions", title: l.t("stats.table.actions"),
                          headers: [l.t("stats.operator"), l.t("admin.action"), l.t("stats.count")], rows: rows)
    }

    private func actionCell(_ action: String) -> StatsTable.Cell {
        let key = "admin.action." + action
        return StatsTable.Cell(l.has(key) ? l.t(key) : action, raw: action)
    }

    func flow(_ p: StatsReport.Population) -> StatsTable {
        let rows = p.buckets.map { b in
            [StatsTable.Cell(b.bucket.label), .init(count: b.created), .init(count: b.closed), .init(count: b.openAtEnd)]
        }
        return StatsTable(id: "flow", title: l.t("stats.table.flow"),
                          headers: [l.t("stats.bucket_start"), l.t("stats.created"), l.t("stats.closed"), l.t("stats.open_at_end")],
                          rows: rows)
    }

    func ages(_ p: StatsReport.Population) -> StatsTable {
        StatsTable(id: "ages", title: l.t("stats.table.ages"), headers: [l.t("stats.age"), l.t("stats.count")],
                   rows: p.openByAge.map { [StatsTable.Cell(l.t("stats." + $0.key), raw: $0.key), .init(count: $0.count)] })
    }

    /// "status", "group", "project", "priority" or "country".
    func breakdown(_ kind: String, _ counts: [StatsReport.Count]) -> StatsTable {
        let rows = counts.map { c -> [StatsTable.Cell] in
            let shown: String
            if c.label.isEmpty {
                shown = l.t("stats.none")
            } else {
                shown = kind == "status" || kind == "priority" ? d.label(kind, c.label) : c.label
            }
            return [StatsTable.Cell(shown, raw: c.label), .init(count: c.count)]
        }
        return StatsTable(id: kind, title: l.t("stats.table." + kind), headers: [l.t("stats.by." + kind), l.t("stats.count")], rows: rows)
    }

    func all(_ r: StatsReport) -> [StatsTable] {
        var out = [operators(r), actions(r)]
        if let p = r.population {
            out += [flow(p), ages(p), breakdown("status", p.byStatus), breakdown("group", p.byGroup), breakdown("project", p.byProject),
                    breakdown("priority", p.byPriority), breakdown("country", p.byCountry)]
        }
        return out
    }
}
