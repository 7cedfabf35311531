/// Dates in mail headers: lenient parsing of RFC 5322 date-times (with the
/// obsolete forms of RFC 5322 §4.3 and common deviations) into Unix seconds
/// (UTC), and formatting for the builder (RFC 5322) and JSON (ISO 8601).
///
/// Parsing edge cases: the day name is optional and ignored; comments and
/// extra whitespace anywhere (even around ":") are ignored; seconds are
/// optional; 2-digit years are 2000–2049 for 00–49 and 1950–1999 otherwise,
/// 3-digit years add 1900; numeric zones as +hhmm, +hh:mm or +hh; named zones
/// UT, GMT, UTC, Z, the US zones of RFC 5322 and a few common others (CET,
/// CEST, BST, JST…); military letters and unknown zone names count as +0000;
/// a missing zone is +0000; `asctime` order ("Mon Jun 16 17:50:14 2013"),
/// dashed dates ("16-Jun-2013"), AM/PM and ISO 8601 ("2013-06-16T17:50:14Z")
/// are accepted. Anything without a month, day, year, hour and minute, or
/// with an out-of-range field (e.g. 31 Feb, 25:00), gives nil.
public enum MailDate {
    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    private static let dayNames = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// Zone names, in minutes east of UTC.
    private static let zones: [String: Int] = [
        "ut": 0, "utc": 0, "gmt": 0, "z": 0, "wet": 0, "bst": 60, "ist": 60, "cet": 60, "met": 60, "mez": 60,
        "west": 60, "cest": 120, "mest": 120, "mesz": 120, "eet": 120, "eest": 180, "msk": 180,
        "est": -300, "edt": -240, "cst": -360, "cdt": -300, "mst": -420, "mdt": -360, "pst": -480, "pdt": -420,
        "ast": -240, "adt": -180, "akst": -540, "akdt": -480, "hst": -600, "nst": -210, "ndt": -150,
        "jst": 540, "kst": 540, "hkt": 480, "sgt": 480, "awst": 480, "aest": 600, "aedt": 660, "acst": 570,
        "nzst": 720, "nzdt": 780,
    ]

    /// Lexical pieces of a date; comments and punctuation other than ":" are dropped.
    private enum Token: Equatable {
        case number(value: Int, digits: Int)
        case signed(sign: Int, value: Int, digits: Int)
        case word(String)
        case colon
    }

    /// Parses a Date header value; nil when it is not a recognisable date.
    public static func parse(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        guard bytes.count <= 512 else { return nil }
        if let iso = parseISO(bytes) { return iso }
        let tokens = tokenize(bytes)

        var month: Int?
        var numbers: [(value: Int, digits: Int)] = []
        var hour: Int?, minute: Int?, second = 0
        var zone: Int?
        var pm: Bool?
        var index = 0
        while index < tokens.count {
            let token = tokens[index]
            switch token {
            case .number(let value, let digits):
                if hour == nil, index + 2 < tokens.count, tokens[index + 1] == .colon,
                   case .number(let minutes, _) = tokens[index + 2] {
                    hour = value
                    minute = minutes
                    index += 3
                    if index + 1 < tokens.count, tokens[index] == .colon, case .number(let seconds, _) = tokens[index + 1] {
                        second = seconds
                        index += 2
                    }
                    continue
                }
                if hour != nil && zone == nil && digits == 4 && numbers.count >= 2 {
                    // "… 17:50:14 0200": a zone without its sign.
                    zone = value / 100 * 60 + value % 100
                } else {
                    numbers.append((value, digits))
                }
            case .signed(let sign, let value, let digits):
                if hour != nil && zone == nil {
                    var minutes: Int
                    if digits <= 2 {
                        minutes = value * 60
                        if index + 2 < tokens.count, tokens[index + 1] == .colon, case .number(let extra, _) = tokens[index + 2] {
                            minutes += extra
                            index += 2
                        }
                    } else {
                        minutes = value / 100 * 60 + value % 100
                    }
                    zone = sign * minutes
                } else if sign < 0 {
                    numbers.append((value, digits))
                }
            case .word(let word):
                if month == nil, word.utf8.count >= 3, let found = months.firstIndex(of: String(word.prefix(3))),
                   zones[word] == nil {
                    month = found + 1
                } else if word == "am" || word == "pm" {
                    pm = word == "pm"
                } else if zone == nil && hour != nil {
                    if let minutes = zones[word] {
                        zone = minutes
                    } else if word.utf8.count == 1 {
                        zone = 0 // military zones: RFC 5322 says to treat them as unknown
                    }
                }
            case .colon:
                break
            }
            index += 1
        }

        guard let month, var hour, let minute, numbers.count >= 2 else { return nil }
        var day: Int
        var year: Int
        var yearDigits: Int
        if let yearIndex = numbers.firstIndex(where: { $0.digits >= 3 || $0.value > 31 }) {
            year = numbers[yearIndex].value
            yearDigits = numbers[yearIndex].digits
            guard let dayEntry = numbers.enumerated().first(where: { $0.offset != yearIndex }) else { return nil }
            day = dayEntry.element.value
        } else {
            day = numbers[0].value
            year = numbers[1].value
            yearDigits = numbers[1].digits
        }
        if yearDigits <= 2 { year += year < 50 ? 2000 : 1900 } else if yearDigits == 3 { year += 1900 }
        if let pm {
            guard (1...12).contains(hour) else { return nil }
            hour = hour % 12 + (pm ? 12 : 0)
        }
        guard (1...9999).contains(year), (1...daysIn(month: month, year: year)).contains(day),
              (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second) else { return nil }
        let offset = zone ?? 0
        guard abs(offset) <= 18 * 60 else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        return days * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offset * 60)
    }

    /// Splits into numbers, signed numbers, lower-cased words and colons;
    /// drops comments, whitespace and other punctuation.
    private static func tokenize(_ bytes: [UInt8]) -> [Token] {
        var tokens: [Token] = []
        var index = 0
        var depth = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x28 { depth += 1; index += 1; continue }
            if byte == 0x29 { depth = max(0, depth - 1); index += 1; continue }
            if depth > 0 { index += 1; continue }
            if (0x30...0x39).contains(byte) {
                var value = 0
                var digits = 0
                while index < bytes.count, (0x30...0x39).contains(bytes[index]) {
                    if digits < 9 { value = value * 10 + Int(bytes[index] - 0x30) }
                    digits += 1
                    index += 1
                }
                tokens.append(.number(value: value, digits: digits))
                continue
            }
            if (byte == 0x2B || byte == 0x2D), index + 1 < bytes.count, (0x30...0x39).contains(bytes[index + 1]) {
                index += 1
                var value = 0
                var digits = 0
                while index < bytes.count, (0x30...0x39).contains(bytes[index]) {
                    if digits < 9 { value = value * 10 + Int(bytes[index] - 0x30) }
                    digits += 1
                    index += 1
                }
                tokens.append(.signed(sign: byte == 0x2B ? 1 : -1, value: value, digits: digits))
                continue
            }
            let lower = MailBytes.lower(byte)
            if (0x61...0x7A).contains(lower) {
                var word: [UInt8] = []
                while index < bytes.count, (0x61...0x7A).contains(MailBytes.lower(bytes[index])) {
                    if word.count < 16 { word.append(MailBytes.lower(bytes[index])) }
                    index += 1
                }
                tokens.append(.word(String(decoding: word, as: UTF8.self)))
                continue
            }
            if byte == 0x3A { tokens.append(.colon) }
            if byte == 0x2E, case .number? = tokens.last, tokens.count >= 2, tokens[tokens.count - 2] == .colon {
                // Fractional seconds: skip the digits.
                index += 1
                while index < bytes.count, (0x30...0x39).contains(bytes[index]) { index += 1 }
                continue
            }
            index += 1
        }
        return tokens
    }

    /// "YYYY-MM-DD[T ]HH:MM[:SS[.fff]][Z|±HH[:]MM]".
    private static func parseISO(_ bytes: [UInt8]) -> Int64? {
        let trimmed = Array(bytes[MailBytes.trimmedRange(bytes, 0..<bytes.count)])
        guard trimmed.count >= 16, trimmed[4] == 0x2D, trimmed[7] == 0x2D,
              trimmed[10] == 0x54 || trimmed[10] == 0x74 || trimmed[10] == 0x20, trimmed[13] == 0x3A else { return nil }
        func number(_ start: Int, _ length: Int) -> Int? {
            guard start + length <= trimmed.count else { return nil }
            var value = 0
            for byte in trimmed[start..<start + length] {
                guard (0x30...0x39).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
              let hour = number(11, 2), let minute = number(14, 2) else { return nil }
        var index = 16
        var second = 0
        if index < trimmed.count, trimmed[index] == 0x3A {
            guard let value = number(index + 1, 2) else { return nil }
            second = value
            index += 3
            if index < trimmed.count, trimmed[index] == 0x2E || trimmed[index] == 0x2C {
                index += 1
                while index < trimmed.count, (0x30...0x39).contains(trimmed[index]) { index += 1 }
            }
        }
        var offset = 0
        if index < trimmed.count {
            let byte = trimmed[index]
            if byte == 0x5A || byte == 0x7A {
                index += 1
            } else if byte == 0x2B || byte == 0x2D {
                guard let hours = number(index + 1, 2) else { return nil }
                var minutes = 0
                var next = index + 3
                if next < trimmed.count, trimmed[next] == 0x3A { next += 1 }
                if let value = number(next, 2) { minutes = value; next += 2 }
                offset = (byte == 0x2B ? 1 : -1) * (hours * 60 + minutes)
                index = next
            } else {
                return nil
            }
        }
        guard index == trimmed.count, (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day),
              year >= 1, (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second),
              abs(offset) <= 18 * 60 else { return nil }
        return daysFromCivil(year: year, month: month, day: day) * 86_400
            + Int64(hour * 3600 + minute * 60 + second) - Int64(offset * 60)
    }

    private static func isLeap(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date.
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int64 {
        // Count years from March so the leap day is the last day of the year.
        let shiftedYear = Int64(month <= 2 ? year - 1 : year)
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let monthFromMarch = Int64((month + 9) % 12)
        let dayOfYear = (153 * monthFromMarch + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The proleptic Gregorian date of a day count since 1970-01-01.
    static func civilFromDays(_ days: Int64) -> (year: Int64, month: Int, day: Int) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        let day = Int(dayOfYear - (153 * monthFromMarch + 2) / 5 + 1)
        let month = Int(monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9)
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func split(_ seconds: Int64) -> (days: Int64, secondOfDay: Int64) {
        var days = seconds / 86_400
        var rest = seconds % 86_400
        if rest < 0 {
            rest += 86_400
            days -= 1
        }
        return (days, rest)
    }

    private static func twoDigits(_ value: Int64) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }

    private static func fourDigits(_ value: Int64) -> String {
        let text = "\(value)"
        return String(repeating: "0", count: max(0, 4 - text.count)) + text
    }

    /// "Thu, 01 Jan 1970 00:00:00 +0000".
    public static func rfc5322(_ seconds: Int64) -> String {
        let (days, rest) = split(seconds)
        let date = civilFromDays(days)
        let weekday = Int(((days % 7) + 11) % 7) // 1970-01-01 was a Thursday (4)
        return "\(dayNames[weekday]), \(twoDigits(Int64(date.day))) \(monthNames[date.month - 1]) \(fourDigits(date.year)) "
            + "\(twoDigits(rest / 3600)):\(twoDigits(rest / 60 % 60)):\(twoDigits(rest % 60)) +0000"
    }

    /// "1970-01-01T00:00:00Z".
    public static func iso8601(_ seconds: Int64) -> String {
        let (days, rest) = split(seconds)
        let date = civilFromDays(days)
        return "\(fourDigits(date.year))-\(twoDigits(Int64(date.month)))-\(twoDigits(Int64(date.day)))T"
            + "\(twoDigits(rest / 3600)):\(twoDigits(rest / 60 % 60)):\(twoDigits(rest % 60))Z"
    }
}
