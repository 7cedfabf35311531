/// A test message sent at once, without the outbox (for `taquilla mail test` and,
/// later, the admin settings page): it goes through the same composer and transport
/// as queued mail, so it shows whether the settings work, and the transport's answer
/// is returned for display.
///
/// Its Message-ID is signed like any other with outbox id 0; it is marked
/// `Auto-Submitted: auto-generated`. Building cannot fail for a valid address, but if it
/// did the failure is returned as `.failed` like any other.
public enum TestMail {
    public static func send(to address: EmailAddress, settings: OutgoingMailSettings, key: [UInt8],
                            transport: any MailTransport, now: Int64) -> DeliveryResult {
        let organisation = settings.from.name.isEmpty ? "Taquilla" : settings.from.name
        let row = OutboxStore.Claimed(
            id: 0, kind: "test", ticketID: nil, messageID: nil, to: address.value, toName: "",
            subject: "Taquilla: test mail / correo de prueba",
            bodyText: """
                This is a test message from \(organisation) (Taquilla), sent by 'taquilla mail test' \
                through \(transport.summary) at \(TimeFormat.iso(now)).

                Este es un mensaje de prueba de \(organisation) (Taquilla), enviado con 'taquilla mail test' \
                a través de \(transport.summary) el \(TimeFormat.iso(now)).

                """,
            bodyHTML: nil, secret: nil, mailMessageID: SignedMessageID.make(outboxID: 0, domain: settings.domain, key: key),
            inReplyTo: nil, attempts: 0)
        do {
            return transport.deliver(try OutboxComposer(settings: settings).compose(row, attachments: [], now: now))
        } catch {
            return .failed("cannot build the message: \(error)")
        }
    }
}
