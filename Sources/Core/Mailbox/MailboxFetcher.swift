/// One `mail fetch` pass over a mailbox: list the waiting messages, and for each one
/// fetch it, hand it to the processor and — only after the processor returned, i.e. its
/// transaction committed — delete it from the mailbox.
///
/// Nothing is lost and nothing is imported twice:
/// - a message whose (source, uid) is already in `inbound_mail` was imported by an earlier
///   run that stopped before the delete (crash, kill, server error): it is only deleted;
/// - a processor that throws means "temporary failure" (database locked, disk full): the
///   message stays in the mailbox (IMAP: its \Seen flag is cleared again) and the run
///   stops there — the next messages would meet the same problem — for the next run;
/// - a failed fetch (an empty answer included) or delete stops the run (the server or
///   connection is the problem), what was imported so far stays imported.
/// At most `limit` messages are imported per run; the rest wait for the next run.
public struct MailboxFetcher {
    let db: Database
    let client: any MailboxClient
    let source: String
    let limit: Int

    /// What happened to one message.
    public enum Event: Sendable, Equatable {
        case imported(uid: String, outcome: String)
        case alreadyImported(uid: String)
        case failed(uid: String, error: String)
    }

    /// Counts of one run; `waiting` is what the cap left in the mailbox.
    public struct Report: Sendable, Equatable {
        public var imported = 0
        public var alreadyImported = 0
        public var failed = 0
        public var waiting = 0
    }

    public init(db: Database, client: any MailboxClient, source: String, limit: Int) {
        self.db = db
        self.client = client
        self.source = source
        self.limit = limit
    }

    /// `process(raw, uid)` imports one message and returns a short description of the
    /// outcome; it throws for a temporary failure.
    public func run(process: ([UInt8], String) throws -> String, onEvent: (Event) -> Void) throws -> Report {
        var report = Report()
        let items = try client.list()
        for (index, item) in items.enumerated() {
            if try InboundMailStore(db: db).seen(source: source, mailboxUID: item.uid) {
                try client.delete(item)
                report.alreadyImported += 1
                onEvent(.alreadyImported(uid: item.uid))
                continue
            }
            guard report.imported < limit else {
                report.waiting = items.count - index
                break
            }
            let raw = try client.fetch(item)
            // An empty answer is not a message (it vanished, or the server misbehaved):
            // importing it would quarantine nothing and delete the real one.
            guard !raw.isEmpty else { throw MailboxError(.protocolError, "\(client.summary): message \(item.uid) came back empty") }
            let outcome: String
            do {
                outcome = try process(raw, item.uid)
            } catch {
                client.release(item)
                report.failed += 1
                report.waiting = items.count - index - 1
                onEvent(.failed(uid: item.uid, error: String(describing: error)))
                break
            }
            try client.delete(item)
            report.imported += 1
            onEvent(.imported(uid: item.uid, outcome: outcome))
        }
        return report
    }
}
