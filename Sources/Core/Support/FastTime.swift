/// `TimeFormat.iso` and `TimeFormat.display` for the years 1000–9999 without `gmtime_r`
/// and string interpolation: the date comes from the day count (`MailDate.civilFromDays`,
/// the proleptic Gregorian calendar as `gmtime_r` computes it in UTC), the digits are
/// written into one byte buffer. Lists call these for every row; the
/// interpolating versions cost a few thousand instructions each. Returns nil outside
/// those years, where `TimeFormat` keeps its own (unpadded) formatting.
enum FastTime {
    static func format(_ t: Int64, iso: Bool) -> String? {
        guard t >= -30_610_224_000, t < 253_402_300_800 else { return nil }   // 1000-01-01 … 9999-12-31
        let days = t >= 0 ? t / 86_400 : (t - 86_399) / 86_400
        let seconds = Int(t - days * 86_400)
        let (longYear, month, day) = MailDate.civilFromDays(days)
        let year = Int(longYear)
        let length = 20   // both forms are 20 bytes
        return String(unsafeUninitializedCapacity: length) { out in
            func two(_ v: Int, at i: Int) {
                out[i] = UInt8(48 + v / 10)
                out[i + 1] = UInt8(48 + v % 10)
            }
            two(year / 100, at: 0)
            two(year % 100, at: 2)
            out[4] = 45
            two(month, at: 5)
            out[7] = 45
            two(day, at: 8)
            out[10] = iso ? 84 : 32          // "T" or " "
            two(seconds / 3_600, at: 11)
            out[13] = 58
            two(seconds / 60 % 60, at: 14)
            if iso {
                out[16] = 58
                two(seconds % 60, at: 17)
                out[19] = 90                 // "Z"
            } else {
                out[16] = 32
                out[17] = 85; out[18] = 84; out[19] = 67   // "UTC"
            }
            return length
        }
    }
}
