/// The queries behind `StatsReport`. Everything reads the counters and per-ticket facts
/// that migration 006's triggers keep (`stats_daily`, `stats_tickets`) plus one covering
/// index scan over open tickets, so the cost grows with days × operators and with the
/// tickets first answered or closed in the period — never with a loop over all tickets.
extension StatsReport {
    /// Figures for `period`. With `operatorID`, only that operator and no population (the
    /// desk page); without it, every operator who is active or did something in the period,
    /// and the population (the admin page). `language` picks status and priority names.
    public static func compute(db: Database, period: StatsPeriod, operatorID: Int64? = nil, now: Int64,
                               language: String = "en") throws -> StatsReport {
        try db.read {
            let counters = try operatorCounters(db, period, operatorID)
            let responses = try durations(db, period, operatorID, .firstResponse)
            let closes = try durations(db, period, operatorID, .firstClose)
            let people = try db.query("""
                SELECT id, username, display_name, active FROM operators WHERE ?1 IS NULL OR id = ?1 ORDER BY username
                """, operatorID)
            var figures: [OperatorFigures] = []
            for p in people {
                let id = p.int("id")
                let c = counters[id] ?? [:]
                guard operatorID != nil || p.bool("active") || !c.isEmpty else { continue }
                let actions = c.compactMap { key, n -> Count? in
                    guard key.hasPrefix("action:"), n != 0 else { return nil }
                    let action = String(key.dropFirst(7))
                    return Count(key: action, label: action, count: n)
                }.sorted { ($0.count, $1.key) > ($1.count, $0.key) }
                figures.append(OperatorFigures(
                    id: id, username: p.string("username"), displayName: p.string("display_name"),
                    taken: c["taken"] ?? 0, answered: c["answered"] ?? 0, closed: c["closed"] ?? 0,
                    reassignedAway: c["reassigned_away"] ?? 0, replies: c["action:reply"] ?? 0, notes: c["action:note"] ?? 0,
                    firstResponse: responses.summary(for: id), resolution: closes.summary(for: id),
                    actions: actions))
            }
            let population = operatorID == nil
                ? try computePopulation(db, period, now: now, language: language,
                                        responses: responses.overall, closes: closes.overall)
                : nil
            return StatsReport(period: period, operators: figures, population: population)
        }
    }

    /// operator id → metric → count, summed over the period's days.
    static func operatorCounters(_ db: Database, _ period: StatsPeriod, _ operatorID: Int64?) throws -> [Int64: [String: Int]] {
        var out: [Int64: [String: Int]] = [:]
        let rows = try db.query("""
            SELECT operator_id, metric, sum(count) AS n FROM stats_daily
            WHERE day >= ?1 AND day < ?2 AND operator_id <> 0 AND (?3 IS NULL OR operator_id = ?3)
            GROUP BY operator_id, metric
            """, period.fromDay, period.toDay, operatorID)
        for r in rows { out[r.int("operator_id"), default: [:]][r.string("metric")] = Int(r.int("n")) }
        return out
    }

    /// The two per-ticket milestones a duration is measured to, with their fixed queries
    /// (all operators / one operator). Each row is the stored key `operator << 40 | seconds`
    /// (see migration 006 and `DurationsByOperator`), read from a covering index.
    enum Milestone {
        case firstResponse, firstClose

        var allSQL: String {
            switch self {
            case .firstResponse: return "SELECT response_key FROM stats_tickets WHERE first_response_at >= ? AND first_response_at < ?"
            case .firstClose: return "SELECT close_key FROM stats_tickets WHERE first_close_at >= ? AND first_close_at < ?"
            }
        }

        var oneSQL: String {
            switch self {
            case .firstResponse:
                return "SELECT response_key FROM stats_tickets WHERE first_response_by = ? AND first_response_at >= ? AND first_response_at < ?"
            case .firstClose:
                return "SELECT close_key FROM stats_tickets WHERE first_close_by = ? AND first_close_at >= ? AND first_close_at < ?"
            }
        }
    }

    /// Durations (seconds from creation) to the milestones that fall in the period, by operator.
    static func durations(_ db: Database, _ period: StatsPeriod, _ operatorID: Int64?, _ milestone: Milestone) throws -> DurationsByOperator {
        let packed = try operatorID.map { try db.integers(milestone.oneSQL, $0, period.from, period.to) }
            ?? db.integers(milestone.allSQL, period.from, period.to)
        return DurationsByOperator(packed: packed)
    }
}
