/// Something that hands a finished message to the world: an SMTP server, the local
/// sendmail program, or a folder of .eml files. A transport never throws: every
/// outcome, including its own misconfiguration, is a `DeliveryResult` the sender can
/// record on the row.
public protocol MailTransport {
    /// Delivers one message; may keep a connection open for the next call.
    func deliver(_ message: OutgoingMessage) -> DeliveryResult
    /// A short description for messages ("smtp://mail.example.org:587 (starttls)").
    var summary: String { get }
}
