import Testing
@testable import Core

/// Period boundaries: weeks start on Monday, months and years end where the calendar
/// says, custom ranges are validated, previous/next tile without gaps.
@Suite struct StatsPeriodTests {
    func day(_ y: Int64, _ m: Int64, _ d: Int64) -> Int64 { CivilDate(year: y, month: m, day: d).dayNumber }
    func query(_ pairs: [String: String]) -> [String: String] { pairs }

    @Test func civilDatesRoundTripAndRefuseImpossibleDays() {
        #expect(CivilDate.parse("1970-01-01")?.dayNumber == 0)
        #expect(CivilDate.parse("2024-02-29")?.text == "2024-02-29")
        #expect(CivilDate.parse("2026-02-29") == nil)
        #expect(CivilDate.parse("2026-04-31") == nil)
        #expect(CivilDate.parse("2026-4-3") == nil)
        #expect(CivilDate.parse("26-04-03") == nil)
        #expect(CivilDate.parse("") == nil)
        for n in [Int64(0), 59, 365, 10_956, 20_513, 2_932_896] { #expect(CivilDate(dayNumber: n).dayNumber == n) }
        #expect(CivilDate(year: 2026, month: 11, day: 23).weekdayFromMonday == 0)
        #expect(CivilDate(year: 2026, month: 11, day: 29).weekdayFromMonday == 6)
    }

    @Test func weekStartsOnMondayEvenAcrossAYearEnd() {
        // 2026-01-01 is a Thursday: its week runs Monday 2025-12-29 to Sunday 2026-01-04.
        let w = StatsPeriod.containing(.week, day: day(2026, 1, 1))
        #expect(w.firstDate.text == "2025-12-29")
        #expect(w.lastDate.text == "2026-01-04")
        #expect(StatsPeriod.containing(.week, day: day(2026, 1, 4)) == w)
        #expect(StatsPeriod.containing(.week, day: day(2026, 1, 5)) == w.next)
        #expect(w.buckets.count == 7 && w.bucketSize == .day)
    }

    @Test func monthAndYearEdges() {
        let dec = StatsPeriod.containing(.month, day: day(2026, 12, 31))
        #expect(dec.firstDate.text == "2026-12-01" && dec.lastDate.text == "2026-12-31")
        #expect(dec.next.firstDate.text == "2027-01-01")
        let feb = StatsPeriod.containing(.month, day: day(2024, 2, 10))
        #expect(feb.toDay - feb.fromDay == 29)
        #expect(StatsPeriod.containing(.month, day: day(2026, 3, 1)).previous.lastDate.text == "2026-02-28")
        let leap = StatsPeriod.containing(.year, day: day(2024, 7, 1))
        #expect(leap.toDay - leap.fromDay == 366)
        #expect(leap.previous.firstDate.text == "2023-01-01")
        #expect(leap.buckets.map(\.label).first == "2024-01-01")
        #expect(leap.buckets.count == 12 && leap.bucketSize == .month)
        #expect(leap.buckets.map { $0.toDay - $0.fromDay }.reduce(0, +) == 366)
        let oneDay = StatsPeriod.containing(.day, day: day(2026, 11, 24))
        #expect(oneDay.from == day(2026, 11, 24) * 86_400 && oneDay.to == oneDay.from + 86_400)
    }

    @Test func customRangesAreValidated() throws {
        let p = try StatsPeriod.parse(query(["period": "custom", "from": "2026-11-04", "to": "2026-11-10"]), today: 0)
        #expect(p.toDay - p.fromDay == 7)
        #expect(p.previous.lastDate.text == "2026-11-03" && p.previous.toDay - p.previous.fromDay == 7)
        #expect(p.next.firstDate.text == "2026-11-11")
        #expect(try StatsPeriod.parse(query(["period": "custom", "from": "2026-11-04", "to": "2026-11-04"]), today: 0).buckets.count == 1)
        #expect(throws: StatsPeriod.Problem.reversed) {
            try StatsPeriod.parse(query(["period": "custom", "from": "2026-11-10", "to": "2026-11-04"]), today: 0)
        }
        #expect(throws: StatsPeriod.Problem.badDate(field: "to")) {
            try StatsPeriod.parse(query(["period": "custom", "from": "2026-11-10", "to": "2026-02-30"]), today: 0)
        }
        #expect(throws: StatsPeriod.Problem.badDate(field: "from")) { try StatsPeriod.parse(query(["period": "custom"]), today: 0) }
        #expect(throws: StatsPeriod.Problem.tooLong) {
            try StatsPeriod.parse(query(["period": "custom", "from": "2000-01-01", "to": "2026-01-01"]), today: 0)
        }
        #expect(throws: StatsPeriod.Problem.badDate(field: "date")) { try StatsPeriod.parse(query(["period": "week", "date": "yesterday"]), today: 0) }
    }

    @Test func customRangeBucketsFollowItsLength() throws {
        let weeks = try StatsPeriod.custom(first: CivilDate(year: 2026, month: 1, day: 7), last: CivilDate(year: 2026, month: 6, day: 30))
        #expect(weeks.bucketSize == .week)
        // Starts on a Wednesday: the first bucket is cut at the following Monday.
        #expect(weeks.buckets[0].toDay == day(2026, 1, 12))
        #expect(weeks.buckets.last?.toDay == weeks.toDay)
        let months = try StatsPeriod.custom(first: CivilDate(year: 2024, month: 1, day: 15), last: CivilDate(year: 2026, month: 6, day: 30))
        #expect(months.bucketSize == .month)
        #expect(months.buckets[1].label == "2024-02-01")
    }

    @Test func defaultsToTheMonthContainingToday() throws {
        let p = try StatsPeriod.parse(query([:]), today: day(2026, 11, 24))
        #expect(p.unit == .month && p.firstDate.text == "2026-11-01")
        #expect(p.query == "period=month&date=2026-11-01")
    }

    @Test func csvQuotesAndDefusesFormulas() {
        let text = CSV.encode([["name", "count"], ["a,b", "1"], ["say \"hi\"", "2"], ["=1+1", "+3"], ["-x", "@SUM(A1)"], ["line\nbreak", "ok"]])
        let lines = text.split(separator: "\r\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0] == "name,count")
        #expect(lines[1] == "\"a,b\",1")
        #expect(lines[2] == "\"say \"\"hi\"\"\",2")
        #expect(lines[3] == "'=1+1,'+3")
        #expect(lines[4] == "'-x,'@SUM(A1)")
        #expect(text.hasSuffix("\"line\nbreak\",ok\r\n"))
    }

    @Test func groupedDurationsGiveTheSamePercentilesAsOneSortedList() {
        // Three operators' durations, packed as the triggers store them (operator << 40 | seconds).
        let values: [(op: Int64, seconds: Int64)] = [(1, 30), (2, 5), (1, 10), (3, 7_200), (2, 600), (1, 20), (2, 86_400), (3, 1)]
        let grouped = DurationsByOperator(packed: values.map { $0.op << 40 | $0.seconds })
        #expect(grouped.overall == DurationSummary(values.map(\.seconds)))
        for op in Int64(1)...3 {
            #expect(grouped.summary(for: op) == DurationSummary(values.filter { $0.op == op }.map(\.seconds)))
        }
        #expect(grouped.summary(for: 9) == DurationSummary([]))
        #expect(DurationsByOperator(packed: []).overall.median == nil)
    }

    @Test func radixSortingAgreesWithTheStandardSort() {
        var rng = SplitMix64(state: 0x5_0A7)
        for count in [0, 1, 256, 257, 5_000, 70_000] {
            // Packed as the triggers store them, with seconds anywhere in 0…2^40−1, and some
            // sets whose upper digits are all equal (passes skipped).
            let operators = count % 2 == 0 ? 1 : 300
            let values = (0..<count).map { _ in
                Int64.random(in: 1...Int64(operators), using: &rng) << 40 | Int64.random(in: 0...((1 << 40) - 1), using: &rng)
            }
            #expect(DurationsByOperator.radixSorted(values) == values.sorted(), "\(count) values")
        }
        let edges: [Int64] = (0..<300).map { [0, 1, 0xFFFF, 0x1_0000, (1 << 40) - 1, 1 << 62, Int64.max][$0 % 7] }
        #expect(DurationsByOperator.radixSorted(edges) == edges.sorted())
        let same = [Int64](repeating: 42 << 40 | 7, count: 1_000)
        #expect(DurationsByOperator.radixSorted(same) == same)
    }

    @Test func durationSummaryUsesNearestRank() {
        #expect(DurationSummary([]).median == nil)
        #expect(DurationSummary([5]).p90 == 5)
        let ten = DurationSummary((1...10).map { Int64($0) }.reversed())
        #expect(ten.median == 5 && ten.p90 == 9 && ten.count == 10)
        #expect(DurationSummary((1...11).map { Int64($0) }).median == 6)
    }
}
