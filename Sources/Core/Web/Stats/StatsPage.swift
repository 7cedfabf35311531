/// The statistics pages. `/desk/stats` shows the signed-in operator's own figures only;
/// `/admin/stats` (admins only, by the area check in `App`) shows every operator and the
/// ticket population, and `?operator=ID` narrows the operator tables to one person.
/// The period comes from the query (see `StatsPeriod.parse`); a bad one gives a 400 page
/// with the form and a localized message. `?format=csv&table=ID` downloads one table.
struct StatsPage {
    let env: Environment

    enum Scope { case own, all }

    func render(_ d: DeskContext, scope: Scope) throws -> Response {
        let q = d.ctx.request.query
        let base = scope == .own ? Route.desk(.stats).path : Route.admin(.section("stats")).path
        let wantsCSV = q["format"] == "csv"
        var asked: [String: String] = [:]
        for name in ["period", "date", "from", "to"] { asked[name] = q[name] }
        let period: StatsPeriod
        do {
            period = try StatsPeriod.parse(asked, today: d.ctx.now / 86_400)
        } catch {
            if wantsCSV { return .text(d.l.t(error.key) + "\n", status: 400) }
            return page(d, scope, base, report: nil, filter: nil, error: d.l.t(error.key), status: 400)
        }
        let filter = scope == .all ? q["operator"].flatMap { Int64($0) } : nil
        var report = try StatsReport.compute(db: env.db, period: period, operatorID: scope == .own ? d.op.id : nil,
                                             now: d.ctx.now, language: d.l.language)
        if let filter {
            report = StatsReport(period: period, operators: report.operators.filter { $0.id == filter }, population: report.population)
        }
        if wantsCSV { return csv(d, report, table: q["table"] ?? "") }
        return page(d, scope, base, report: report, filter: filter, error: nil, status: 200)
    }

    private func csv(_ d: DeskContext, _ report: StatsReport, table: String) -> Response {
        guard let t = StatsTables(d: d).all(report).first(where: { $0.id == table }) else {
            return .text(d.l.t("stats.error.no_table") + "\n", status: 404)
        }
        var r = Response(contentType: "text/csv; charset=utf-8", body: Array(t.csv.utf8))
        let name = "taquilla-" + t.id + "-" + report.period.firstDate.text + "_" + report.period.lastDate.text + ".csv"
        r.setHeader("Content-Disposition", "attachment; filename=\"" + name + "\"")
        r.setHeader("Cache-Control", "no-store")
        return r
    }

    private func page(_ d: DeskContext, _ scope: Scope, _ base: String, report: StatsReport?, filter: Int64?,
                      error: String?, status: Int) -> Response {
        let l = d.l
        let title = l.t(scope == .own ? "stats.title_own" : "stats.title_all")
        let operators = scope == .all ? ((try? env.db.query("SELECT id, username FROM operators ORDER BY username")) ?? []) : []
        return d.page(title, status: status) { h in
            h.el("h1", text: title)
            StatsForm(d: d, base: base, period: report?.period, operators: operators, selected: filter).render(&h)
            if let error { h.el("p", .cls("form-error"), .id("error-form"), Attr("role", "alert"), text: error) }
            guard let report else { return }
            let keep = filter.map { "&operator=" + String($0) } ?? ""
            h.el("nav", .cls("stats-periods"), Attr("aria-label", l.t("stats.periods"))) { h in
                h.el("a", .href(base + "?" + report.period.previous.query + keep), .id("period-prev"), Attr("rel", "prev"), text: l.t("stats.previous"))
                h.el("strong", .id("period-shown"), text: l.t("stats.period_range", ["from": report.period.firstDate.text,
                                                                                     "to": report.period.lastDate.text]))
                h.el("a", .href(base + "?" + report.period.next.query + keep), .id("period-next"), Attr("rel", "next"), text: l.t("stats.next"))
            }
            h.el("p", .cls("hint"), text: l.t("stats.definitions"))
            let tables = StatsTables(d: d)
            let csvBase = base + "?" + report.period.query + keep + "&format=csv&table="
            tables.operators(report).html(&h, l, csvLink: csvBase + "operators")
            let actions = tables.actions(report)
            if scope == .own {
                StatsChart.bars(&h, id: "chart-actions", title: actions.title, actions.rows.map { ($0[1].shown, Int($0[2].raw) ?? 0) })
            }
            actions.html(&h, l, csvLink: csvBase + "actions")
            guard let p = report.population else { return }
            h.el("h2", .id("population"), text: l.t("stats.population"))
            StatsChart.flow(&h, p, l)
            tables.flow(p).html(&h, l, csvLink: csvBase + "flow")
            for table in [tables.ages(p), tables.breakdown("status", p.byStatus), tables.breakdown("group", p.byGroup),
                          tables.breakdown("project", p.byProject), tables.breakdown("priority", p.byPriority),
                          tables.breakdown("country", p.byCountry)] {
                StatsChart.bars(&h, id: "chart-" + table.id, title: table.title, table.rows.map { ($0[0].shown, Int($0[1].raw) ?? 0) })
                table.html(&h, l, csvLink: csvBase + table.id)
            }
        }
    }
}
