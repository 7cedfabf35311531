import Glibc

/// Time that only moves forward (CLOCK_MONOTONIC), for durations and timeouts: unlike the
/// wall clock it does not jump when the system time is set. Its zero is arbitrary.
public enum MonotonicClock {
    public static func nanoseconds() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }
}
