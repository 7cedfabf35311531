/// Builds the transport the settings ask for.
public enum MailTransports {
    public static func make(_ settings: OutgoingMailSettings) -> any MailTransport {
        switch settings.transport {
        case .smtp(let smtp): return SMTPTransport(smtp)
        case .sendmail(let arguments): return SendmailTransport(arguments: arguments)
        case .directory(let path): return DirectoryTransport(directory: path)
        }
    }
}
