/// The report as one JSON value, the same for `GET /api/v1/stats` and `taquilla stats
/// --json`: dates as `YYYY-MM-DD` (the period's first and last day, both included, UTC),
/// durations in seconds (`null` when there were none), counts as lists (they keep their
/// order, and keys such as an empty country stay distinct). Keys are snake_case; the
/// OpenAPI document (docs/openapi.json, schema `Stats`) describes them.
extension StatsReport {
    public var json: JSONValue {
        .object([
            ("unit", .string(period.unit.rawValue)),
            ("from", .string(period.firstDate.text)),
            ("to", .string(period.lastDate.text)),
            ("operators", .array(operators.map(Self.json))),
            ("population", population.map { Self.json($0, bucketSize: period.bucketSize) } ?? .null),
        ])
    }

    static func json(_ o: OperatorFigures) -> JSONValue {
        .object([
            ("id", .int(o.id)), ("username", .string(o.username)), ("name", .string(o.displayName)),
            ("taken", .int(Int64(o.taken))), ("answered", .int(Int64(o.answered))), ("closed", .int(Int64(o.closed))),
            ("reassigned_away", .int(Int64(o.reassignedAway))), ("replies", .int(Int64(o.replies))), ("notes", .int(Int64(o.notes))),
            ("first_response", json(o.firstResponse)), ("resolution", json(o.resolution)), ("actions", json(o.actions)),
        ])
    }

    static func json(_ p: Population, bucketSize: StatsPeriod.BucketSize) -> JSONValue {
        .object([
            ("created", .int(Int64(p.created))), ("closed", .int(Int64(p.closed))), ("bucket_size", .string(bucketSize.rawValue)),
            ("buckets", .array(p.buckets.map { b in
                .object([("from", .string(b.bucket.label)), ("created", .int(Int64(b.created))), ("closed", .int(Int64(b.closed))),
                         ("open_at_end", .int(Int64(b.openAtEnd)))])
            })),
            ("open_by_age", json(p.openByAge)), ("by_status", json(p.byStatus)), ("by_group", json(p.byGroup)),
            ("by_project", json(p.byProject)), ("by_priority", json(p.byPriority)), ("by_country", json(p.byCountry)),
            ("first_response", json(p.firstResponse)), ("resolution", json(p.resolution)),
        ])
    }

    static func json(_ d: DurationSummary) -> JSONValue {
        .object([("count", .int(Int64(d.count))), ("median_seconds", .optional(d.median)), ("p90_seconds", .optional(d.p90))])
    }

    static func json(_ counts: [Count]) -> JSONValue {
        .array(counts.map { .object([("key", .string($0.key)), ("label", .string($0.label)), ("count", .int(Int64($0.count)))]) })
    }
}
