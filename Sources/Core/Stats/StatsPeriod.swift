/// The span of time a statistics page covers: a UTC day, a week (Monday to Sunday), a
/// calendar month, a calendar year, or a custom range of whole days. `fromDay` is
/// inclusive and `toDay` exclusive, both UTC day numbers, so periods tile without overlap.
///
/// Edge cases: a custom range must have its start on or before its end (both inclusive
/// dates) and span at most `maximumCustomDays`; `previous`/`next` of a custom range shift
/// it by its own length.
public struct StatsPeriod: Equatable, Sendable {
    public enum Unit: String, CaseIterable, Sendable {
        case day, week, month, year, custom
    }

    /// The size of the chart buckets the period is split into.
    public enum BucketSize: String, Sendable {
        case day, week, month
    }

    public static let maximumCustomDays: Int64 = 3_660

    public let unit: Unit
    public let fromDay: Int64
    public let toDay: Int64

    public var from: Int64 { fromDay * 86_400 }
    public var to: Int64 { toDay * 86_400 }
    public var firstDate: CivilDate { CivilDate(dayNumber: fromDay) }
    /// The last day included (inclusive), as shown to people.
    public var lastDate: CivilDate { CivilDate(dayNumber: toDay - 1) }

    init(unit: Unit, fromDay: Int64, toDay: Int64) {
        self.unit = unit
        self.fromDay = fromDay
        self.toDay = toDay
    }

    /// The day, week, month or year that contains `day` (a UTC day number).
    public static func containing(_ unit: Unit, day: Int64) -> StatsPeriod {
        let date = CivilDate(dayNumber: day)
        switch unit {
        case .day, .custom:
            return StatsPeriod(unit: .day, fromDay: day, toDay: day + 1)
        case .week:
            let start = day - date.weekdayFromMonday
            return StatsPeriod(unit: .week, fromDay: start, toDay: start + 7)
        case .month:
            let start = CivilDate(year: date.year, month: date.month, day: 1).dayNumber
            let end = date.month == 12 ? CivilDate(year: date.year + 1, month: 1, day: 1) : CivilDate(year: date.year, month: date.month + 1, day: 1)
            return StatsPeriod(unit: .month, fromDay: start, toDay: end.dayNumber)
        case .year:
            return StatsPeriod(unit: .year, fromDay: CivilDate(year: date.year, month: 1, day: 1).dayNumber,
                               toDay: CivilDate(year: date.year + 1, month: 1, day: 1).dayNumber)
        }
    }

    /// Why a requested period was refused; `key` is the catalog key of the message.
    public enum Problem: Error, Equatable, Sendable {
        case badDate(field: String)
        case reversed
        case tooLong

        public var key: String {
            switch self {
            case .badDate: return "stats.error.bad_date"
            case .reversed: return "stats.error.reversed"
            case .tooLong: return "stats.error.too_long"
            }
        }
    }

    /// A custom range from `first` to `last`, both days included.
    public static func custom(first: CivilDate, last: CivilDate) throws(Problem) -> StatsPeriod {
        guard first <= last else { throw .reversed }
        guard last.dayNumber - first.dayNumber + 1 <= maximumCustomDays else { throw .tooLong }
        return StatsPeriod(unit: .custom, fromDay: first.dayNumber, toDay: last.dayNumber + 1)
    }

    /// Reads `period` (day|week|month|year|custom; default month), `date` (any day inside the
    /// period; default today) and, for custom, `from` and `to` (inclusive dates).
    public static func parse(_ query: [String: String], today: Int64) throws(Problem) -> StatsPeriod {
        let unit = query["period"].flatMap(Unit.init(rawValue:)) ?? .month
        if unit == .custom {
            guard let first = query["from"].flatMap(CivilDate.parse) else { throw .badDate(field: "from") }
            guard let last = query["to"].flatMap(CivilDate.parse) else { throw .badDate(field: "to") }
            return try custom(first: first, last: last)
        }
        var day = today
        if let text = query["date"], !text.isEmpty {
            guard let date = CivilDate.parse(text) else { throw .badDate(field: "date") }
            day = date.dayNumber
        }
        return containing(unit, day: day)
    }

    public var previous: StatsPeriod {
        unit == .custom ? StatsPeriod(unit: .custom, fromDay: 2 * fromDay - toDay, toDay: fromDay) : Self.containing(unit, day: fromDay - 1)
    }

    public var next: StatsPeriod {
        unit == .custom ? StatsPeriod(unit: .custom, fromDay: toDay, toDay: 2 * toDay - fromDay) : Self.containing(unit, day: toDay)
    }

    /// The query string that asks for this period again.
    public var query: String {
        unit == .custom ? "period=custom&from=\(firstDate.text)&to=\(lastDate.text)" : "period=\(unit.rawValue)&date=\(firstDate.text)"
    }

    /// Charts use days up to two months, weeks up to about a year and a half, then months.
    public var bucketSize: BucketSize {
        let days = toDay - fromDay
        if unit == .year { return .month }
        return days <= 62 ? .day : days <= 550 ? .week : .month
    }

    /// One chart bucket: `[fromDay, toDay)`, clipped to the period.
    public struct Bucket: Equatable, Sendable {
        public let fromDay: Int64
        public let toDay: Int64
        public var label: String { CivilDate(dayNumber: fromDay).text }
    }

    /// The period cut into buckets of `bucketSize`; the first and last may be partial
    /// (a custom range starting on a Wednesday has a short first week).
    public var buckets: [Bucket] {
        var out: [Bucket] = []
        var start = fromDay
        while start < toDay {
            let end: Int64
            switch bucketSize {
            case .day: end = start + 1
            case .week: end = Self.containing(.week, day: start).toDay
            case .month: end = Self.containing(.month, day: start).toDay
            }
            out.append(Bucket(fromDay: start, toDay: min(end, toDay)))
            start = min(end, toDay)
        }
        return out
    }
}
