/// One message waiting in a mailbox: `uid` is stable across sessions (POP3 UIDL, or IMAP
/// UIDVALIDITY and UID) and is what `inbound_mail.mailbox_uid` records; `reference` is
/// what the protocol uses to address it in this session (POP3 message number, IMAP UID).
public struct MailboxItem: Sendable, Equatable {
    public let uid: String
    public let reference: String
}

/// A session with a mailbox. `list` names the waiting messages oldest first, `fetch`
/// returns one message's bytes, `delete` removes it for good (IMAP at once; POP3 when the
/// session ends with QUIT, i.e. when the client is released), `release` undoes the side
/// effects of a fetch whose import failed (IMAP: clears \Seen), and `probe` logs in and
/// counts the messages for the admin's "test mailbox" button.
public protocol MailboxClient: AnyObject {
    var summary: String { get }
    func list() throws(MailboxError) -> [MailboxItem]
    func fetch(_ item: MailboxItem) throws(MailboxError) -> [UInt8]
    func delete(_ item: MailboxItem) throws(MailboxError)
    func release(_ item: MailboxItem)
    func probe() throws(MailboxError) -> (count: Int, answer: String)
}

/// Builds the client for the configured protocol.
public enum MailboxClients {
    public static func make(_ settings: MailboxSettings) -> any MailboxClient {
        switch settings.mailProtocol {
        case .pop3: return POP3Client(settings)
        case .imap: return IMAPClient(settings)
        }
    }
}
