/// A calendar date in the proleptic Gregorian calendar, converted to and from UTC day
/// numbers (days since 1970-01-01) without Foundation. Used by the statistics periods.
///
/// Edge cases: `parse` accepts only `YYYY-MM-DD` with a real day of that month (so
/// 2026-02-29 and 2026-04-31 are refused) and years 1970–9999.
public struct CivilDate: Equatable, Sendable, Comparable {
    public let year: Int64
    public let month: Int64
    public let day: Int64

    public init(year: Int64, month: Int64, day: Int64) {
        self.year = year
        self.month = month
        self.day = day
    }

    public static func < (a: CivilDate, b: CivilDate) -> Bool { a.dayNumber < b.dayNumber }

    /// Days since 1970-01-01 (the conversion the mail date parser already has).
    public var dayNumber: Int64 { MailDate.daysFromCivil(year: Int(year), month: Int(month), day: Int(day)) }

    /// The date of a day number (the inverse of `dayNumber`).
    public init(dayNumber: Int64) {
        let civil = MailDate.civilFromDays(dayNumber)
        self.init(year: civil.year, month: Int64(civil.month), day: Int64(civil.day))
    }

    /// `YYYY-MM-DD`, or nil when it is not a real date.
    public static func parse(_ text: String) -> CivilDate? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int64(parts[0]), let m = Int64(parts[1]), let d = Int64(parts[2]),
              (1970...9999).contains(y), (1...12).contains(m), (1...31).contains(d) else { return nil }
        let date = CivilDate(year: y, month: m, day: d)
        return CivilDate(dayNumber: date.dayNumber) == date ? date : nil
    }

    /// `YYYY-MM-DD`.
    public var text: String {
        let mm = month < 10 ? "0\(month)" : "\(month)", dd = day < 10 ? "0\(day)" : "\(day)"
        return "\(year)-\(mm)-\(dd)"
    }

    /// Monday = 0 … Sunday = 6 (1970-01-01 was a Thursday).
    public var weekdayFromMonday: Int64 { ((dayNumber + 3) % 7 + 7) % 7 }
}
