/// GET /api/v1/stats: `StatsReport` for a period as JSON. `from` and `to` (inclusive
/// YYYY-MM-DD days, UTC) give a custom range; otherwise `period=day|week|month|year`
/// (default month) around `date` (default today). Every operator's figures and the
/// desk's ticket population, as `StatsReport.json` writes it.
/// Bad dates are 400 `invalid_parameter` naming the field; a reversed range 400
/// `invalid_period`; a range longer than `StatsPeriod.maximumCustomDays` 400 `period_too_long`.
struct ApiStats {
    let env: Environment

    func handle(_ ctx: Context) throws -> Response {
        let q = ctx.request.query
        var asked: [String: String] = [:]
        for name in ["period", "date", "from", "to"] { asked[name] = q[name] }
        if let period = q["period"], StatsPeriod.Unit(rawValue: period) == nil { throw ApiError.badParameter("period") }
        if asked["from"] != nil || asked["to"] != nil { asked["period"] = "custom" }
        let period: StatsPeriod
        do {
            period = try StatsPeriod.parse(asked, today: ctx.now / 86_400)
        } catch {
            switch error {
            case .badDate(let field): throw ApiError.badParameter(field)
            case .reversed: throw ApiError(status: 400, code: "invalid_period", field: "from")
            case .tooLong:
                throw ApiError(status: 400, code: "period_too_long", field: "to", params: ["days": String(StatsPeriod.maximumCustomDays)])
            }
        }
        let report = try StatsReport.compute(db: env.db, period: period, now: ctx.now, language: ctx.l.language)
        return ApiResponse.json(report.json)
    }
}
