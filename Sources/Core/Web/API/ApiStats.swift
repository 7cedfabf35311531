/// GET /api/v1/stats: `StatsReport` for a period as JSON. `from` and `to` (inclusive
/// YYYY-MM-DD days, UTC) give a custom range; otherwise `period=day|week|month|year`
/// (default month) around `date` (default today). Every operator's figures and the
/// desk's ticket population; durations are seconds (null when nothing happened).
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
        return ApiResponse.json(.object([
            ("from", .string(period.firstDate.text)),
            ("to", .string(period.lastDate.text)),
            ("operators", .array(report.operators.map(Self.operatorFigures))),
            ("population", report.population.map(Self.population) ?? .null),
        ]))
    }

    static func durations(_ d: DurationSummary) -> JSONValue {
        .object([("count", .int(Int64(d.count))), ("median_seconds", .optional(d.median)), ("p90_seconds", .optional(d.p90))])
    }

    static func counts(_ list: [StatsReport.Count]) -> JSONValue {
        .array(list.map { .object([("key", .string($0.key)), ("label", .string($0.label)), ("count", .int(Int64($0.count)))]) })
    }

    static func operatorFigures(_ o: StatsReport.OperatorFigures) -> JSONValue {
        .object([
            ("username", .string(o.username)), ("name", .string(o.displayName)),
            ("taken", .int(Int64(o.taken))), ("answered", .int(Int64(o.answered))), ("closed", .int(Int64(o.closed))),
            ("reassigned_away", .int(Int64(o.reassignedAway))), ("replies", .int(Int64(o.replies))), ("notes", .int(Int64(o.notes))),
            ("first_response", durations(o.firstResponse)), ("resolution", durations(o.resolution)), ("actions", counts(o.actions)),
        ])
    }

    static func population(_ p: StatsReport.Population) -> JSONValue {
        .object([
            ("created", .int(Int64(p.created))), ("closed", .int(Int64(p.closed))),
            ("buckets", .array(p.buckets.map { b in
                .object([("from", .string(b.bucket.label)), ("created", .int(Int64(b.created))), ("closed", .int(Int64(b.closed))),
                         ("open_at_end", .int(Int64(b.openAtEnd)))])
            })),
            ("open_by_age", counts(p.openByAge)), ("by_status", counts(p.byStatus)), ("by_group", counts(p.byGroup)),
            ("by_project", counts(p.byProject)), ("by_priority", counts(p.byPriority)), ("by_country", counts(p.byCountry)),
            ("first_response", durations(p.firstResponse)), ("resolution", durations(p.resolution)),
        ])
    }
}
