/// The report as one JSON object (for `taquilla stats --json` and the API): dates as
/// `YYYY-MM-DD` (the period's first and last day, both included, UTC), durations in
/// seconds (`null` when there were none), counts as integers. Keys are snake_case.
extension StatsReport {
    public var json: String {
        var fields = [
            pair("unit", quoted(period.unit.rawValue)), pair("from", quoted(period.firstDate.text)),
            pair("to", quoted(period.lastDate.text)),
            pair("operators", "[" + operators.map(Self.json).joined(separator: ",") + "]"),
        ]
        fields.append(pair("population", population.map { Self.json($0, bucketSize: period.bucketSize) } ?? "null"))
        return "{" + fields.joined(separator: ",") + "}"
    }

    static func json(_ o: OperatorFigures) -> String {
        "{" + [
            pair("id", String(o.id)), pair("username", quoted(o.username)), pair("display_name", quoted(o.displayName)),
            pair("taken", String(o.taken)), pair("answered", String(o.answered)), pair("closed", String(o.closed)),
            pair("reassigned_away", String(o.reassignedAway)), pair("replies", String(o.replies)), pair("notes", String(o.notes)),
            pair("first_response", json(o.firstResponse)), pair("resolution", json(o.resolution)), pair("actions", json(o.actions)),
        ].joined(separator: ",") + "}"
    }

    static func json(_ p: Population, bucketSize: StatsPeriod.BucketSize) -> String {
        let buckets = p.buckets.map { b in
            "{" + [pair("from", quoted(b.bucket.label)), pair("created", String(b.created)), pair("closed", String(b.closed)),
                   pair("open_at_end", String(b.openAtEnd))].joined(separator: ",") + "}"
        }
        return "{" + [
            pair("created", String(p.created)), pair("closed", String(p.closed)), pair("bucket_size", quoted(bucketSize.rawValue)),
            pair("buckets", "[" + buckets.joined(separator: ",") + "]"), pair("open_by_age", json(p.openByAge)),
            pair("by_status", json(p.byStatus)), pair("by_group", json(p.byGroup)), pair("by_project", json(p.byProject)),
            pair("by_priority", json(p.byPriority)), pair("by_country", json(p.byCountry)),
            pair("first_response", json(p.firstResponse)), pair("resolution", json(p.resolution)),
        ].joined(separator: ",") + "}"
    }

    static func json(_ d: DurationSummary) -> String {
        "{" + [pair("count", String(d.count)), pair("median_seconds", d.median.map(String.init) ?? "null"),
               pair("p90_seconds", d.p90.map(String.init) ?? "null")].joined(separator: ",") + "}"
    }

    /// Counts as a list (keeps the order, and keys such as an empty country stay distinct).
    static func json(_ counts: [Count]) -> String {
        "[" + counts.map { "{" + pair("key", quoted($0.key)) + "," + pair("label", quoted($0.label)) + "," + pair("count", String($0.count)) + "}" }
            .joined(separator: ",") + "]"
    }

    private static func pair(_ key: String, _ value: String) -> String { quoted(key) + ":" + value }
    private func pair(_ key: String, _ value: String) -> String { Self.pair(key, value) }
    private static func quoted(_ text: String) -> String { MailJSON.string(text) }
    private func quoted(_ text: String) -> String { Self.quoted(text) }
}
