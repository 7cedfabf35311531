/// Where a raw message came from. Stored in `inbound_mail.source`; together with the
/// mailbox's own id for the message (POP3 UIDL, IMAP UID) it makes a re-fetch a duplicate.
public enum InboundSource: String, Sendable, CaseIterable {
    case pop3, imap, pipe
}

/// What `InboundMailProcessor.process` did with one message. Every case means the
/// message is safe with us (committed), so the caller may delete it from the mailbox.
///
/// - `created` / `appended`: a customer message on a new or existing ticket.
/// - `duplicate`: this mailbox id or this Message-ID was seen before; nothing written.
/// - `ignored`: recorded in `inbound_mail` only (an unmatched bounce, our own mail
///   looping back); `reason` is a short code such as `bounce` or `own_mail`.
/// - `quarantined`: kept with its raw file for an admin to look at (`reason` is a code
///   such as `too_large` or `no_sender`, optionally followed by ": detail").
/// - `bounce`: a delivery failure tied to one of our mails, stored as an event on its ticket.
public enum InboundOutcome: Equatable, Sendable {
    case created(ticketID: Int64, number: String)
    case appended(ticketID: Int64, number: String)
    case duplicate
    case ignored(reason: String)
    case quarantined(inboundID: Int64, reason: String)
    case bounce(ticketID: Int64)
}
