/// Durations to one milestone (first response or first close), grouped by operator and
/// sorted once. Each duration arrives packed with its operator into one integer
/// (`operator << 40 | seconds`, kept by migration 006's triggers), because sorting plain integers is the fastest way to
/// group and order a million of them — this is the hot part of a year's report. An
/// operator's median and p90 are read from their sorted run in place; the whole desk's
/// are found by a binary search over values (how many durations are ≤ v, summed over
/// the runs), so nothing is sorted twice.
///
/// Edge cases: the triggers clamp seconds to 0…2^40−1 (34,000 years); operator ids must be
/// below 2^23 (SQLite assigns them from 1 upwards, so a desk never gets near it).
struct DurationsByOperator {
    static let shift: Int64 = 40
    static let secondsMask: Int64 = (1 << 40) - 1

    private let packed: [Int64]
    /// operator id → the range of `packed` holding their durations.
    private let runs: [Int64: Range<Int>]

    init(packed values: [Int64]) {
        let sorted = Self.radixSorted(values)
        packed = sorted
        var runs: [Int64: Range<Int>] = [:]
        var start = 0
        while start < sorted.count {
            let op = sorted[start] >> Self.shift
            var end = start + 1
            while end < sorted.count && sorted[end] >> Self.shift == op { end += 1 }
            runs[op] = start..<end
            start = end
        }
        self.runs = runs
    }

    /// Non-negative integers in ascending order, by least significant digit first (16 bits a
    /// pass, a pass skipped when every value has the same digit there): at a million packed
    /// durations the standard library's merge sort took 382 M instructions, a fifth of a
    /// year's report. Short arrays are sorted the usual way.
    static func radixSorted(_ values: [Int64]) -> [Int64] {
        guard values.count > 256 else { return values.sorted() }
        var from = values, to = [Int64](repeating: 0, count: values.count)
        var counts = [Int](repeating: 0, count: 1 << 16)
        for shift in stride(from: UInt64(0), to: 64, by: 16) {
            let moved = from.withUnsafeBufferPointer { source in
                to.withUnsafeMutableBufferPointer { target in
                    counts.withUnsafeMutableBufferPointer { count in
                        Self.pass(source, into: target, counts: count, shift: shift)
                    }
                }
            }
            if moved { swap(&from, &to) }
        }
        return from
    }

    /// One counting pass on the digit at `shift`; false (nothing written) when every value
    /// has the same digit there.
    private static func pass(_ source: UnsafeBufferPointer<Int64>, into target: UnsafeMutableBufferPointer<Int64>,
                             counts: UnsafeMutableBufferPointer<Int>, shift: UInt64) -> Bool {
        @inline(__always) func digit(_ v: Int64) -> Int { Int(UInt64(bitPattern: v) >> shift & 0xFFFF) }
        for i in counts.indices { counts[i] = 0 }
        for v in source { counts[digit(v)] += 1 }
        if counts[digit(source[0])] == source.count { return false }
        var total = 0
        for i in counts.indices {
            let n = counts[i]
            counts[i] = total
            total += n
        }
        for v in source {
            let d = digit(v)
            target[counts[d]] = v
            counts[d] += 1
        }
        return true
    }

    private func seconds(_ i: Int) -> Int64 { packed[i] & Self.secondsMask }

    func summary(for op: Int64) -> DurationSummary {
        guard let run = runs[op] else { return DurationSummary(sorted: []) }
        func at(_ percent: Int) -> Int64 { seconds(run.lowerBound + DurationSummary.rank(percent, of: run.count) - 1) }
        return DurationSummary(count: run.count, median: at(50), p90: at(90))
    }

    var overall: DurationSummary {
        guard !packed.isEmpty else { return DurationSummary(sorted: []) }
        return DurationSummary(count: packed.count, median: smallest(atRank: DurationSummary.rank(50, of: packed.count)),
                               p90: smallest(atRank: DurationSummary.rank(90, of: packed.count)))
    }

    /// The smallest value v such that at least `rank` durations are ≤ v.
    private func smallest(atRank rank: Int) -> Int64 {
        var low: Int64 = 0, high = Self.secondsMask
        while low < high {
            let mid = low + (high - low) / 2
            if countAtMost(mid) >= rank { high = mid } else { low = mid + 1 }
        }
        return low
    }

    private func countAtMost(_ value: Int64) -> Int {
        runs.values.reduce(0) { total, run in
            var low = run.lowerBound, high = run.upperBound
            while low < high {
                let mid = (low + high) / 2
                if seconds(mid) <= value { low = mid + 1 } else { high = mid }
            }
            return total + (low - run.lowerBound)
        }
    }
}
