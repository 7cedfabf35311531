/// POP3 over libcurl: `UIDL` lists the messages with their stable ids, `RETR n` (the URL
/// `/n`) fetches one, `DELE n` marks it deleted and `STAT` counts. Single-line commands
/// are sent with CURLOPT_NOBODY, otherwise curl waits for a multi-line answer and never
/// sends QUIT.
///
/// Edge cases: the server commits deletions only at QUIT, which libcurl sends when this
/// client is released — a run killed before that leaves the messages in the mailbox, and
/// the next run recognises them by UIDL in `inbound_mail` and only deletes them. Message
/// numbers are valid only within one session; the UIDL is what is recorded. UIDL lines
/// that do not read "number uid" are skipped.
public final class POP3Client: MailboxClient {
    let session: CurlMailSession

    public init(_ settings: MailboxSettings) { session = CurlMailSession(settings) }

    public var summary: String { session.settings.summary }

    public func list() throws(MailboxError) -> [MailboxItem] {
        let answer = try session.perform(path: "/", command: "UIDL")
        return Self.parseUIDL(answer.body)
    }

    static func parseUIDL(_ body: [UInt8]) -> [MailboxItem] {
        var items: [MailboxItem] = []
        for line in body.split(separator: 0x0A) {
            let fields = String(decoding: line, as: UTF8.self).trimmingASCIIWhitespace().split(separator: " ")
            guard fields.count == 2, let number = Int(fields[0]), number > 0, !fields[1].isEmpty else { continue }
            items.append(MailboxItem(uid: String(fields[1]), reference: String(number)))
        }
        return items
    }

    public func fetch(_ item: MailboxItem) throws(MailboxError) -> [UInt8] {
        try session.perform(path: "/" + item.reference).body
    }

    public func delete(_ item: MailboxItem) throws(MailboxError) {
        _ = try session.perform(path: "/" + item.reference, command: "DELE", noBody: true)
    }

    public func release(_ item: MailboxItem) {}

    public func probe() throws(MailboxError) -> (count: Int, answer: String) {
        let answer = try session.perform(path: "/", command: "STAT", noBody: true)
        // "+OK 3 4521": the count is the first number after +OK.
        let line = answer.lines.last(where: { $0.hasPrefix("+OK") }) ?? ""
        let fields = line.split(separator: " ")
        guard fields.count >= 2, let count = Int(fields[1]) else {
            throw MailboxError(.protocolError, "\(summary): unexpected STAT answer '\(line)'")
        }
        return (count, line)
    }
}
