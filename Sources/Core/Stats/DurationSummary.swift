/// How many durations there were and their median and 90th percentile, in seconds.
/// Percentiles use the nearest-rank method: the value at rank ⌈p·n⌉ of the sorted list
/// (1-based), so every figure is a duration that really happened; with an even count the
/// median is the lower of the two middle values. No durations: count 0, median/p90 nil.
public struct DurationSummary: Equatable, Sendable {
    public let count: Int
    public let median: Int64?
    public let p90: Int64?

    public init(_ durations: [Int64]) {
        self.init(sorted: durations.sorted())
    }

    /// From durations already in ascending order (not checked).
    init(sorted: [Int64]) {
        count = sorted.count
        median = sorted.isEmpty ? nil : sorted[Self.rank(50, of: sorted.count) - 1]
        p90 = sorted.isEmpty ? nil : sorted[Self.rank(90, of: sorted.count) - 1]
    }

    init(count: Int, median: Int64?, p90: Int64?) {
        self.count = count
        self.median = median
        self.p90 = p90
    }

    /// The 1-based nearest rank ⌈percent·count/100⌉ (at least 1).
    static func rank(_ percent: Int, of count: Int) -> Int { max(1, (percent * count + 99) / 100) }
}
