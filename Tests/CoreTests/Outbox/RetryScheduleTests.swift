import Testing
@testable import Core

/// The backoff schedule: 1, 5, 15, 60, 240 minutes, then 6 hours, for two days.
@Suite struct RetryScheduleTests {
    @Test func delaysFollowTheScheduleThenEverySixHours() {
        let minutes = (1...8).map { RetrySchedule.delay(afterFailedAttempt: $0).map { $0 / 60 } }
        #expect(minutes == [1, 5, 15, 60, 240, 360, 360, 360])
    }

    @Test func attemptsHappenAtTheseOffsetsAndTheLastIsAtTwoDays() {
        let offsets = (1...14).map { RetrySchedule.offset(ofAttempt: $0) / 60 }
        #expect(offsets == [0, 1, 6, 21, 81, 321, 681, 1041, 1401, 1761, 2121, 2481, 2841, 2880])
        // The 13th failure waits only until the two days are up, not six hours.
        let lastWait: Int64 = 39 * 60
        #expect(RetrySchedule.delay(afterFailedAttempt: 13) == lastWait)
    }

    @Test func theFourteenthFailureGivesUp() {
        #expect(RetrySchedule.delay(afterFailedAttempt: 14) == nil)
        #expect(RetrySchedule.delay(afterFailedAttempt: 40) == nil)
        #expect(RetrySchedule.offset(ofAttempt: 40) == RetrySchedule.giveUpAfter)
    }

    @Test func nonsenseAttemptNumbersCountAsTheFirst() {
        #expect(RetrySchedule.delay(afterFailedAttempt: 0) == 60)
        #expect(RetrySchedule.offset(ofAttempt: 0) == 0)
    }
}
