/// A mailbox operation that failed: what was attempted, and curl's or the server's words.
/// `kind` tells a wrong password or certificate from a server that is down, so the CLI and
/// the admin page can say which setting to look at.
public struct MailboxError: Error, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable { case connection, login, tls, timeout, protocolError }

    public let kind: Kind
    public let description: String

    public init(_ kind: Kind, _ description: String) {
        self.kind = kind
        self.description = description
    }
}
