/// A message ready for a transport: the envelope (sender and recipients) and the
/// complete RFC 5322 bytes with CRLF line ends, as `MIMEBuilder` wrote them.
///
/// `outboxID` is 0 for a test mail that has no outbox row; `messageID` is without
/// angle brackets.
public struct OutgoingMessage: Sendable {
    public var outboxID: Int64
    public var envelopeFrom: String
    public var recipients: [String]
    public var messageID: String
    public var bytes: [UInt8]

    public init(outboxID: Int64, envelopeFrom: String, recipients: [String], messageID: String, bytes: [UInt8]) {
        self.outboxID = outboxID
        self.envelopeFrom = envelopeFrom
        self.recipients = recipients
        self.messageID = messageID
        self.bytes = bytes
    }
}
