/// Statistics for one period, as plain values: per operator figures and, for the whole
/// desk, the ticket population. Built by `StatsReport.compute(db:period:operatorID:now:)`;
/// the desk page, the admin page, the CSV downloads, the CLI and the JSON API all read it.
///
/// Definitions (all from stored events, never from a second bookkeeping):
/// - taken: claims by the operator plus assignments to them (audit `claim`/`assign`);
/// - answered: tickets that got this operator's first reply in the period;
/// - closed: audit `status` changes into a closed status made by the operator;
/// - reassigned away: claims or assignments that moved a ticket away from them;
/// - replies / notes: audit `reply` / `note` rows;
/// - first response: the first operator reply (audit `reply`) after the ticket was created,
///   credited to whoever wrote it, counted in the period that reply falls into;
/// - resolution: from creation to the first close (audit `status` into a closed status),
///   credited to whoever closed, counted in the period of that close;
/// - actions: every audit row of the operator, by action.
public struct StatsReport: Sendable {
    public let period: StatsPeriod
    public let operators: [OperatorFigures]
    /// Nil when the report was asked for one operator only.
    public let population: Population?

    /// One operator's figures in the period.
    public struct OperatorFigures: Sendable {
        public let id: Int64
        public let username: String
        public let displayName: String
        public let taken: Int
        public let answered: Int
        public let closed: Int
        public let reassignedAway: Int
        public let replies: Int
        public let notes: Int
        public let firstResponse: DurationSummary
        public let resolution: DurationSummary
        /// Audit actions and how many times, most frequent first.
        public let actions: [Count]
    }

    /// A label (an action, a status code, a group name…) and how many.
    public struct Count: Equatable, Sendable {
        public let key: String
        public let label: String
        public let count: Int
    }

    /// Created and closed in one chart bucket, and the open backlog at its end.
    public struct BucketFigures: Equatable, Sendable {
        public let bucket: StatsPeriod.Bucket
        public let created: Int
        public let closed: Int
        public let openAtEnd: Int
    }

    /// The whole desk in the period.
    public struct Population: Sendable {
        public let buckets: [BucketFigures]
        public let created: Int
        public let closed: Int
        /// Tickets open now by age: <1 day, 1–3, 3–7, 7–30, >30 days (keys age.0 … age.4).
        public let openByAge: [Count]
        /// Tickets created in the period by their current value.
        public let byStatus: [Count]
        public let byGroup: [Count]
        public let byProject: [Count]
        public let byPriority: [Count]
        public let byCountry: [Count]
        public let firstResponse: DurationSummary
        public let resolution: DurationSummary
    }

    /// Upper bounds, in seconds of age, of the open-ticket age buckets (the last is open-ended).
    public static let ageLimits: [Int64] = [86_400, 3 * 86_400, 7 * 86_400, 30 * 86_400]
}
