/// IMAP over libcurl, on one folder (default INBOX): `UID SEARCH ALL` lists the messages
/// (plain `?ALL` would give sequence numbers), the URL `/FOLDER/;UID=n` fetches one,
/// `UID STORE n +FLAGS (\Deleted)` followed by `EXPUNGE` deletes it at once.
///
/// Edge cases: libcurl fetches with `BODY[]`, not `BODY.PEEK[]`, so a fetch marks the
/// message \Seen; `release` clears the flag again when the import failed, so a person
/// reading the mailbox still sees it as new. A custom command returns only the untagged
/// lines, so the UIDVALIDITY is read from the SELECT answer (protocol lines) of the first
/// request and recorded with each UID ("uidvalidity:uid"): if the server renumbers the
/// folder, old records cannot be mistaken for new messages.
public final class IMAPClient: MailboxClient {
    let session: CurlMailSession
    private var uidValidity = ""

    public init(_ settings: MailboxSettings) { session = CurlMailSession(settings) }

    public var summary: String { session.settings.summary + " " + session.settings.folder }

    var folderPath: String { "/" + Self.percentEncoded(session.settings.folder) }

    public func list() throws(MailboxError) -> [MailboxItem] {
        let answer = try session.perform(path: folderPath, command: "UID SEARCH ALL")
        if let validity = Self.uidValidity(answer.lines) { uidValidity = validity }
        return Self.parseSearch(answer.body).map { MailboxItem(uid: uidValidity + ":" + $0, reference: $0) }
    }

    /// The numbers of the `* SEARCH` lines.
    static func parseSearch(_ body: [UInt8]) -> [String] {
        var uids: [String] = []
        for line in body.split(separator: 0x0A) {
            let text = String(decoding: line, as: UTF8.self).trimmingASCIIWhitespace()
            guard text.hasPrefix("* SEARCH") else { continue }
            uids += text.dropFirst(8).split(separator: " ").filter { Int($0) != nil }.map(String.init)
        }
        return uids
    }

    /// From "* OK [UIDVALIDITY 1700000000] UIDs valid".
    static func uidValidity(_ lines: [String]) -> String? {
        let marker = Array("[UIDVALIDITY ".utf8)
        for line in lines {
            let bytes = Array(line.utf8)
            guard bytes.count > marker.count else { continue }
            for start in 0...(bytes.count - marker.count) where Array(bytes[start..<start + marker.count]) == marker {
                let digits = bytes[(start + marker.count)...].prefix(while: { $0 >= 0x30 && $0 <= 0x39 })
                if !digits.isEmpty { return String(decoding: digits, as: UTF8.self) }
            }
        }
        return nil
    }

    public func fetch(_ item: MailboxItem) throws(MailboxError) -> [UInt8] {
        try session.perform(path: folderPath + "/;UID=" + item.reference).body
    }

    public func delete(_ item: MailboxItem) throws(MailboxError) {
        _ = try session.perform(path: folderPath, command: "UID STORE " + item.reference + " +FLAGS (\\Deleted)")
        _ = try session.perform(path: folderPath, command: "EXPUNGE")
    }

    public func release(_ item: MailboxItem) {
        _ = try? session.perform(path: folderPath, command: "UID STORE " + item.reference + " -FLAGS (\\Seen)")
    }

    public func probe() throws(MailboxError) -> (count: Int, answer: String) {
        let answer = try session.perform(path: folderPath, command: "UID SEARCH ALL")
        let count = Self.parseSearch(answer.body).count
        let exists = answer.lines.first(where: { $0.hasSuffix(" EXISTS") }) ?? "\(count) EXISTS"
        return (count, exists)
    }

    /// Percent-encodes everything but unreserved characters (folder names go into the URL path).
    static func percentEncoded(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        for b in text.utf8 {
            let unreserved = (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
                || b == 0x2D || b == 0x2E || b == 0x5F || b == 0x7E
            if unreserved { out.append(b) } else { out += [0x25, hex[Int(b >> 4)], hex[Int(b & 15)]] }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
