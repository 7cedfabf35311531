/// When a mail that failed temporarily is tried again: 1, 5, 15, 60 and 240 minutes after
/// the first five failures, then every 6 hours, until two days after the first attempt;
/// the attempt at exactly two days is the last, and a failure then gives up.
///
/// The schedule counts attempts, not wall-clock time, so a machine that was off (or a
/// cron that did not run) does not make mail fail without having been tried: attempts
/// happen at 0, 1, 6, 21, 81, 321, 681, … 2841 and 2880 minutes (14 in all) of
/// schedule time. Attempt numbers below 1 are treated as 1.
public enum RetrySchedule {
    /// Seconds to wait after failures 1 to 5.
    public static let firstDelays: [Int64] = [60, 300, 900, 3600, 14400]
    /// Seconds to wait after every later failure.
    public static let laterDelay: Int64 = 21600
    /// Schedule time after which no new attempt is made.
    public static let giveUpAfter: Int64 = 172_800

    /// Seconds from the first attempt to attempt `attempt` (1-based), on schedule.
    public static func offset(ofAttempt attempt: Int) -> Int64 {
        var offset: Int64 = 0
        var number = 1
        while number < attempt, let delay = delay(afterFailedAttempt: number, at: offset) {
            offset += delay
            number += 1
        }
        return offset
    }

    /// Seconds to wait after failed attempt `attempt` (1-based), or nil to give up.
    public static func delay(afterFailedAttempt attempt: Int) -> Int64? {
        delay(afterFailedAttempt: attempt, at: offset(ofAttempt: attempt))
    }

    private static func delay(afterFailedAttempt attempt: Int, at offset: Int64) -> Int64? {
        guard offset < giveUpAfter else { return nil }
        let nominal = attempt >= 1 && attempt <= firstDelays.count ? firstDelays[attempt - 1] : (attempt < 1 ? firstDelays[0] : laterDelay)
        return min(offset + nominal, giveUpAfter) - offset
    }
}
