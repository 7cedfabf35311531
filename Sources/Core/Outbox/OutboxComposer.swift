/// Turns a claimed outbox row into the message a transport sends, through `MIMEBuilder`
/// (so CRLF line ends and lines of at most 998 bytes are the builder's guarantees).
///
/// - `{access_code}` in the subject and both bodies becomes the row's `secret` (escaped
///   in the HTML part); without a secret the placeholder is left as it is.
/// - From is the configured sender with the organisation name; Reply-To the support
///   address; To the row's recipient; the subject already carries the ticket tag.
/// - In-Reply-To and References come from the row's `in_reply_to` (one or more ids,
///   bracketed or not).
/// - Automatic mails are marked so that other robots do not answer them: a
///   confirmation (or bounce answer) is `Auto-Submitted: auto-replied`, staff notices
///   and test mails `auto-generated`; all of them carry `X-Auto-Response-Suppress: All`.
///   Replies written by an operator carry neither.
/// - Attachments are the files of the row's message, in stored order; inline ones
///   (with a content id) go with the HTML part.
public struct OutboxComposer: Sendable {
    public let settings: OutgoingMailSettings

    public init(settings: OutgoingMailSettings) { self.settings = settings }

    /// The `Auto-Submitted` value for a row kind, nil for mail a person wrote.
    public static func autoSubmitted(kind: String) -> String? {
        switch kind {
        case "reply": return nil
        case "confirmation", "bounce_reply": return "auto-replied"
        default: return "auto-generated"
        }
    }

    public func compose(_ row: OutboxStore.Claimed, attachments: [MIMEBuilder.Attachment], now: Int64) throws -> OutgoingMessage {
        let secret = row.secret ?? "{access_code}"
        var extra: [(name: String, value: String)] = []
        if let auto = Self.autoSubmitted(kind: row.kind) {
            extra.append((name: "Auto-Submitted", value: auto))
            extra.append((name: "X-Auto-Response-Suppress", value: "All"))
        }
        let thread = row.inReplyTo.map { raw in
            raw.contains("<") ? MessageIDList.parse(raw) : raw.split(separator: " ").map(String.init)
        } ?? []
        let builder = MIMEBuilder(
            from: settings.from, to: [MailAddress(name: row.toName, address: row.to)], replyTo: [settings.replyTo],
            subject: Self.fill(row.subject, secret), date: now, messageID: row.mailMessageID,
            inReplyTo: Array(thread.suffix(1)), references: thread, extraHeaders: extra,
            text: Self.fill(row.bodyText, secret), html: row.bodyHTML.map { Self.fill($0, HTML.escape(secret)) },
            attachments: attachments)
        return OutgoingMessage(outboxID: row.id, envelopeFrom: settings.from.address, recipients: [row.to],
                               messageID: row.mailMessageID, bytes: try builder.build())
    }

    /// `text` with every `{access_code}` replaced by `value`.
    static func fill(_ text: String, _ value: String) -> String {
        let placeholder = "{access_code}"
        guard text.contains(placeholder) else { return text }
        var out = ""
        var rest = Substring(text)
        while let range = rest.firstRange(of: placeholder) {
            out += rest[..<range.lowerBound]
            out += value
            rest = rest[range.upperBound...]
        }
        return out + rest
    }
}
