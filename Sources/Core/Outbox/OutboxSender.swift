import Glibc

/// Delivers the outbox: one run claims due rows one at a time, builds each message,
/// hands it to the transport and records the outcome, under a file lock so cron runs
/// never overlap.
///
/// - A row is claimed (queued → sending) in its own short transaction just before it is
///   sent, so a row is 'sending' only while it is really being sent, and two runs (even
///   without the lock) never send one row twice.
/// - Sent: 'sent', `sent_at`, the access code cleared. Temporary failure: back to
///   'queued' after the `RetrySchedule` delay with the answer in `last_error`, or
///   'failed' once the schedule gives up. Permanent failure: 'failed'.
/// - A temporary failure of the transport itself (server unreachable, TLS or login
///   failed) ends the run after recording it on that row: the other rows stay queued
///   untouched, and the next run tries again.
/// - Before sending, rows left 'sending' by a run that died more than 10 minutes ago go
///   back to the queue as one failed attempt (the message may have left: a duplicate
///   is possible, a lost mail is not).
/// - `once` takes only rows that existed when the run began; otherwise the run goes on
///   with mail queued meanwhile. Either way it stops claiming after `timeLimit`
///   seconds, so a per-minute cron line never piles up.
/// - A missing attachment file is a temporary failure (a restore may bring it back); a
///   message that cannot be built at all is a permanent one.
public struct OutboxSender {
    /// One recorded outcome, for the command's output.
    public struct Event: Sendable {
        public var outboxID: Int64
        public var to: String
        public var result: DeliveryResult
        /// Set when the row was put back in the queue.
        public var nextAttemptAt: Int64?
        /// True when a temporary failure made the row give up.
        public var gaveUp: Bool
    }

    /// What a run did.
    public struct Report: Sendable {
        public var sent = 0
        public var retried = 0
        public var failed = 0
        /// Rows taken back from a run that died.
        public var recovered = 0
        /// True when the run stopped early because the transport was down.
        public var transportDown = false
    }

    let db: Database
    let files: AttachmentFiles
    let composer: OutboxComposer
    let key: [UInt8]
    let transport: any MailTransport

    public init(db: Database, attachments: AttachmentFiles, settings: OutgoingMailSettings, key: [UInt8], transport: any MailTransport) {
        self.db = db
        self.files = attachments
        self.composer = OutboxComposer(settings: settings)
        self.key = key
        self.transport = transport
    }

    /// Runs once under the lock at `lockPath`; nil when another run holds it.
    public func run(lockPath: String, once: Bool = false, timeLimit: Int64 = 55, clock: () -> Int64,
                    onEvent: (Event) -> Void = { _ in }) throws -> Report? {
        guard let lock = try RunLock.acquire(path: lockPath) else { return nil }
        defer { withExtendedLifetime(lock) {} }
        return try run(once: once, timeLimit: timeLimit, clock: clock, onEvent: onEvent)
    }

    /// The run itself, without the lock (the caller holds it, or a test needs none).
    public func run(once: Bool = false, timeLimit: Int64 = 55, clock: () -> Int64,
                    onEvent: (Event) -> Void = { _ in }) throws -> Report {
        let store = OutboxStore(db: db)
        var report = Report()
        let started = Self.monotonicSeconds()

        for stale in try store.staleRows(now: clock()) {
            let result = DeliveryResult.retry("the run sending this mail stopped before finishing; it may have been delivered",
                                              transportDown: false)
            let event = try record(id: stale.id, to: "", attempts: stale.attempts, result: result, now: clock(), store: store)
            report.recovered += 1
            onEvent(event)
        }

        let upTo = once ? try store.highestID() : Int64.max
        let domain = composer.settings.domain
        while Self.monotonicSeconds() - started < timeLimit {
            let now = clock()
            guard let row = try store.claimNext(now: now, upTo: upTo, makeID: {
                SignedMessageID.make(outboxID: $0, domain: domain, key: key)
            }) else { break }
            let result = deliver(row, now: now)
            let event = try record(id: row.id, to: row.to, attempts: row.attempts, result: result, now: clock(), store: store)
            onEvent(event)
            switch result {
            case .sent: report.sent += 1
            case .failed: report.failed += 1
            case .retry(_, let down):
                if event.gaveUp { report.failed += 1 } else { report.retried += 1 }
                if down {
                    report.transportDown = true
                    return report
                }
            }
        }
        return report
    }

    private func deliver(_ row: OutboxStore.Claimed, now: Int64) -> DeliveryResult {
        var attachments: [MIMEBuilder.Attachment] = []
        if let messageID = row.messageID {
            do {
                for ref in try OutboxStore(db: db).attachments(messageID: messageID) {
                    guard let bytes = try? files.read(sha256: ref.sha256) else {
                        return .retry("attachment file missing: \(ref.filename) (\(ref.sha256))", transportDown: false)
                    }
                    attachments.append(MIMEBuilder.Attachment(filename: ref.filename, contentType: ref.contentType,
                                                              bytes: bytes, contentID: ref.contentID))
                }
            } catch {
                return .retry("cannot read the attachments: \(error)", transportDown: false)
            }
        }
        let message: OutgoingMessage
        do {
            message = try composer.compose(row, attachments: attachments, now: now)
        } catch {
            return .failed("cannot build the message: \(error)")
        }
        return transport.deliver(message)
    }

    private func record(id: Int64, to: String, attempts: Int, result: DeliveryResult, now: Int64, store: OutboxStore) throws -> Event {
        let text = DeliveryResult.clean(result.text)
        switch result {
        case .sent:
            try store.markSent(id: id, now: now)
            return Event(outboxID: id, to: to, result: result, nextAttemptAt: nil, gaveUp: false)
        case .failed:
            try store.markFailed(id: id, error: text)
            return Event(outboxID: id, to: to, result: result, nextAttemptAt: nil, gaveUp: false)
        case .retry:
            if let delay = RetrySchedule.delay(afterFailedAttempt: attempts + 1) {
                try store.markRetry(id: id, nextAttemptAt: now + delay, error: text)
                return Event(outboxID: id, to: to, result: result, nextAttemptAt: now + delay, gaveUp: false)
            }
            try store.markFailed(id: id, error: DeliveryResult.clean("gave up after \(attempts + 1) attempts: " + text))
            return Event(outboxID: id, to: to, result: result, nextAttemptAt: nil, gaveUp: true)
        }
    }

    static func monotonicSeconds() -> Int64 { MonotonicClock.nanoseconds() / 1_000_000_000 }
}
