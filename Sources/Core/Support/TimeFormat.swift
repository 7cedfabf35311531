import Glibc

/// Unix-seconds time, formatted without Foundation. Everything is stored and shown in
/// UTC for now (a per-site time zone setting belongs to the settings page).
public enum TimeFormat {
    @Sendable public static func now() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec)
    }

    static func parts(_ t: Int64) -> tm {
        var time = time_t(t)
        var out = tm()
        gmtime_r(&time, &out)
        return out
    }

    /// `2026-11-23T23:03:00Z`
    public static func iso(_ t: Int64) -> String {
        if let fast = FastTime.format(t, iso: true) { return fast }
        let p = parts(t)
        return "\(p.tm_year + 1900)-\(pad(p.tm_mon + 1))-\(pad(p.tm_mday))T\(pad(p.tm_hour)):\(pad(p.tm_min)):\(pad(p.tm_sec))Z"
    }

    /// `2026-11-23 23:03 UTC`, for pages.
    public static func display(_ t: Int64) -> String {
        if let fast = FastTime.format(t, iso: false) { return fast }
        let p = parts(t)
        return "\(p.tm_year + 1900)-\(pad(p.tm_mon + 1))-\(pad(p.tm_mday)) \(pad(p.tm_hour)):\(pad(p.tm_min)) UTC"
    }

    static func pad(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
}
