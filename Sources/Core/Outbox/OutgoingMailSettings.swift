import Glibc

/// The outgoing-mail configuration, read from the site settings and checked once before
/// a run, so a bad value stops `mail send` with one clear message instead of failing
/// every queued mail.
///
/// Settings read: `mail_transport` (smtp | sendmail | directory), `smtp_host`,
/// `smtp_port`, `smtp_security` (none | starttls | tls), `smtp_user`, `smtp_password`,
/// `smtp_tls_verify` (0 turns certificate checks off: insecure, for tests only),
/// `smtp_from`, `support_address`, `sendmail_command`, `organisation_name`.
///
/// Edge cases: without `mail_transport` the transport is smtp when `smtp_host` is set and
/// the development folder `data/outbox-eml/` otherwise; the sender address is `smtp_from`,
/// else `support_address`, and only the directory transport may do without either (it
/// uses `taquilla@taquilla.invalid`); Reply-To is `support_address`, else the sender;
/// `smtp_port` defaults to 25, 587 or 465 by security; `sendmail_command` is split at
/// spaces (no shell quoting) and its program must be an absolute, executable path.
public struct OutgoingMailSettings: Sendable, Equatable {
    /// How mail leaves the machine.
    public enum Transport: Sendable, Equatable {
        case smtp(SMTP)
        case sendmail(arguments: [String])
        case directory(path: String)
    }

    /// Transport security for SMTP: plain, upgraded with STARTTLS, or TLS from the start.
    public enum Security: String, Sendable, Equatable {
        case none, starttls, tls
    }

    /// Where and how to reach the SMTP server.
    public struct SMTP: Sendable, Equatable {
        public var host: String
        public var port: Int
        public var security: Security
        public var user: String
        public var password: String
        /// False only when `smtp_tls_verify` is 0 (self-signed test servers).
        public var verifyTLS: Bool
    }

    public var transport: Transport
    /// The sender (envelope and From), with the organisation name as display name.
    public var from: MailAddress
    /// Where answers go (the support address).
    public var replyTo: MailAddress
    /// The right-hand side of our Message-IDs (the sender's domain).
    public var domain: String

    public init(transport: Transport, from: MailAddress, replyTo: MailAddress, domain: String) {
        self.transport = transport
        self.from = from
        self.replyTo = replyTo
        self.domain = domain
    }

    static let defaultSendmail = "/usr/sbin/sendmail -t -i"
    static let developmentSender = "taquilla@taquilla.invalid"

    /// Reads and checks the settings; `dataDirectory` holds the development folder.
    public static func load(_ settings: Settings, dataDirectory: String) throws(MailConfigurationError) -> OutgoingMailSettings {
        func value(_ key: String) -> String { settings.string(key).trimmingASCIIWhitespace() }
        var kind = value("mail_transport").lowercased()
        if kind.isEmpty { kind = value("smtp_host").isEmpty ? "directory" : "smtp" }

        let transport: Transport
        switch kind {
        case "smtp": transport = .smtp(try smtp(value))
        case "sendmail": transport = .sendmail(arguments: try sendmail(value("sendmail_command")))
        case "directory": transport = .directory(path: dataDirectory + "/outbox-eml")
        default: throw MailConfigurationError("mail_transport must be smtp, sendmail or directory (it is '\(kind)')")
        }

        let support = value("support_address")
        var sender = value("smtp_from")
        if sender.isEmpty { sender = support }
        if sender.isEmpty {
            guard kind == "directory" else { throw MailConfigurationError("set smtp_from (or support_address): the address mail is sent from") }
            sender = developmentSender
        }
        guard let fromAddress = EmailAddress(sender) else {
            throw MailConfigurationError("smtp_from '\(sender)' is not a valid e-mail address")
        }
        var replyAddress = fromAddress
        if !support.isEmpty {
            guard let parsed = EmailAddress(support) else {
                throw MailConfigurationError("support_address '\(support)' is not a valid e-mail address")
            }
            replyAddress = parsed
        }
        let name = settings.organisationName.singleLine()
        let domain = String(fromAddress.value[fromAddress.value.index(after: fromAddress.value.lastIndex(of: "@")!)...])
        return OutgoingMailSettings(transport: transport, from: MailAddress(name: name, address: fromAddress.value),
                                    replyTo: MailAddress(name: name, address: replyAddress.value), domain: domain)
    }

    private static func smtp(_ value: (String) -> String) throws(MailConfigurationError) -> SMTP {
        let host = value("smtp_host")
        guard !host.isEmpty else { throw MailConfigurationError("mail_transport is smtp but smtp_host is not set") }
        guard host.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != 0x2F && $0 != 0x40 && $0 != 0x3F && $0 != 0x23 }) else {
            throw MailConfigurationError("smtp_host '\(host)' is not a host name or address")
        }
        let securityText = value("smtp_security").lowercased()
        guard let security = securityText.isEmpty ? Security.none : Security(rawValue: securityText) else {
            throw MailConfigurationError("smtp_security must be none, starttls or tls (it is '\(securityText)')")
        }
        let portText = value("smtp_port")
        let defaultPort = security == .tls ? 465 : (security == .starttls ? 587 : 25)
        guard let port = portText.isEmpty ? defaultPort : Int(portText), (1...65535).contains(port) else {
            throw MailConfigurationError("smtp_port must be a number from 1 to 65535 (it is '\(portText)')")
        }
        let verify = value("smtp_tls_verify")
        guard verify.isEmpty || verify == "0" || verify == "1" else {
            throw MailConfigurationError("smtp_tls_verify must be 1 (check certificates) or 0 (insecure, for tests)")
        }
        return SMTP(host: host, port: port, security: security, user: value("smtp_user"), password: value("smtp_password"),
                    verifyTLS: verify != "0")
    }

    private static func sendmail(_ configured: String) throws(MailConfigurationError) -> [String] {
        let command = configured.isEmpty ? defaultSendmail : configured
        let arguments = command.split(separator: " ").map(String.init)
        guard let program = arguments.first, program.hasPrefix("/") else {
            throw MailConfigurationError("sendmail_command must start with an absolute path (it is '\(command)')")
        }
        guard access(program, X_OK) == 0 else {
            throw MailConfigurationError("sendmail_command: \(program) is missing or not executable")
        }
        return arguments
    }
}
