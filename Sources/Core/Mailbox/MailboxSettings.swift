/// Where `taquilla mail fetch` collects incoming mail: a POP3 or IMAP mailbox, read from
/// the site settings and checked once before a run, so a bad value stops the run with one
/// clear message.
///
/// Settings read: `mailbox_protocol` (none | pop3 | imap), `mailbox_host`, `mailbox_port`,
/// `mailbox_security` (none | starttls | tls), `mailbox_user`, `mailbox_password`,
/// `mailbox_tls_verify` (0 turns certificate checks off: insecure, for self-signed test
/// servers), `mailbox_folder` (IMAP only, default INBOX), `mailbox_fetch_limit` (messages
/// per run, default 50).
///
/// Edge cases: an empty or `none` protocol means "no mailbox" (`load` returns nil); the
/// port defaults to 110/995 (POP3) or 143/993 (IMAP) by security; `starttls` refuses to
/// go on when the server does not offer it; a host may not contain `/`, `@`, `?`, `#`
/// or spaces (it is put into a URL); the folder may not contain CR, LF or `"`.
public struct MailboxSettings: Sendable, Equatable {
    /// The mailbox protocol; its raw value is also the `inbound_mail.source`.
    public enum MailProtocol: String, Sendable, Equatable { case pop3, imap }

    public var mailProtocol: MailProtocol
    public var host: String
    public var port: Int
    public var security: OutgoingMailSettings.Security
    public var user: String
    public var password: String
    public var verifyTLS: Bool
    public var folder: String
    public var fetchLimit: Int

    public init(mailProtocol: MailProtocol, host: String, port: Int, security: OutgoingMailSettings.Security, user: String,
                password: String, verifyTLS: Bool = true, folder: String = "INBOX", fetchLimit: Int = 50) {
        self.mailProtocol = mailProtocol
        self.host = host
        self.port = port
        self.security = security
        self.user = user
        self.password = password
        self.verifyTLS = verifyTLS
        self.folder = folder
        self.fetchLimit = fetchLimit
    }

    /// The keys this type reads (the admin page edits the same ones).
    public static let keys = ["mailbox_protocol", "mailbox_host", "mailbox_port", "mailbox_security", "mailbox_user",
                              "mailbox_password", "mailbox_tls_verify", "mailbox_folder", "mailbox_fetch_limit"]

    /// Reads and checks the settings; nil when no mailbox is configured.
    public static func load(_ settings: Settings) throws(MailConfigurationError) -> MailboxSettings? {
        func value(_ key: String) -> String { settings.string(key).trimmingASCIIWhitespace() }
        let kind = value("mailbox_protocol").lowercased()
        if kind.isEmpty || kind == "none" { return nil }
        guard let mailProtocol = MailProtocol(rawValue: kind) else {
            throw MailConfigurationError("mailbox_protocol must be none, pop3 or imap (it is '\(kind)')")
        }
        let host = value("mailbox_host")
        guard !host.isEmpty else { throw MailConfigurationError("mailbox_protocol is \(kind) but mailbox_host is not set") }
        guard host.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != 0x2F && $0 != 0x40 && $0 != 0x3F && $0 != 0x23 }) else {
            throw MailConfigurationError("mailbox_host '\(host)' is not a host name or address")
        }
        let securityText = value("mailbox_security").lowercased()
        guard let security = securityText.isEmpty ? OutgoingMailSettings.Security.none : OutgoingMailSettings.Security(rawValue: securityText) else {
            throw MailConfigurationError("mailbox_security must be none, starttls or tls (it is '\(securityText)')")
        }
        let plainPort = mailProtocol == .pop3 ? 110 : 143
        let defaultPort = security == .tls ? (mailProtocol == .pop3 ? 995 : 993) : plainPort
        let portText = value("mailbox_port")
        guard let port = portText.isEmpty ? defaultPort : Int(portText), (1...65535).contains(port) else {
            throw MailConfigurationError("mailbox_port must be a number from 1 to 65535 (it is '\(portText)')")
        }
        let verify = value("mailbox_tls_verify")
        guard verify.isEmpty || verify == "0" || verify == "1" else {
            throw MailConfigurationError("mailbox_tls_verify must be 1 (check certificates) or 0 (insecure, for tests)")
        }
        let user = value("mailbox_user")
        guard !user.isEmpty else { throw MailConfigurationError("mailbox_user is not set") }
        var folder = value("mailbox_folder")
        if folder.isEmpty { folder = "INBOX" }
        guard !folder.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x7F }) else {
            throw MailConfigurationError("mailbox_folder may not contain control characters or quotes")
        }
        let limitText = value("mailbox_fetch_limit")
        guard let limit = limitText.isEmpty ? 50 : Int(limitText), (1...10_000).contains(limit) else {
            throw MailConfigurationError("mailbox_fetch_limit must be a number from 1 to 10000 (it is '\(limitText)')")
        }
        return MailboxSettings(mailProtocol: mailProtocol, host: host, port: port, security: security, user: user,
                               password: settings.string("mailbox_password"), verifyTLS: verify != "0", folder: folder,
                               fetchLimit: limit)
    }

    /// `scheme://host:port` (TLS from the start uses pop3s / imaps); IPv6 hosts in brackets.
    public var baseURL: String {
        let bracketed = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        let scheme = mailProtocol.rawValue + (security == .tls ? "s" : "")
        return scheme + "://" + bracketed + ":" + String(port)
    }

    /// For messages: the URL plus "(starttls)" when the connection is upgraded.
    public var summary: String { baseURL + (security == .starttls ? " (starttls)" : "") }
}
