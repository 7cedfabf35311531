/// How many durations there were and their median and 90th percentile, in seconds.
/// Percentiles use the nearest-rank method: the value at rank ⌈p·n⌉ of the sorted list
/// (1-based), so every figure is a duration that really happened; with an even count the
/// median is the lower of the two middle values. No durations: count 0, median/p90 nil.
public struct DurationSummary: Equatable, Sendable {
    public let count: Int
    public let median: Int64?
    public let p90: Int64?

    public init(_ durations: [Int64]) {
        let sorted = durations.sorted()
        count = sorted.count
        median = Self.nearestRank(sorted, percent: 50)
        p90 = Self.nearestRank(sorted, percent: 90)
    }

    static func nearestRank(_ sorted: [Int64], percent: Int) -> Int64? {
        guard !sorted.isEmpty else { return nil }
        let rank = (percent * sorted.count + 99) / 100
        return sorted[max(rank, 1) - 1]
    }
}
