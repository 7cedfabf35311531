/// Mails to staff, queued in the same transaction as the change they report: a new
/// ticket in a department whose "notify members" setting is on goes to each active member
/// with an address; a customer's new message goes to the operator holding the ticket.
/// Each mail is in the recipient's own language; nobody is mailed about their own action.
enum OperatorNotices {
    struct Recipient {
        let id: Int64, email: EmailAddress, name: String, language: String
    }

    /// The department notices for a new ticket, as the builder `TicketStore.open` takes.
    static func newTicket(env: Environment, ctx: Context, input: NewTicketInput,
                          except operatorID: Int64?) throws -> (TicketNumber, Int64) -> [OutboxStore.Mail] {
        try newTicket(env: env, settings: ctx.settings, baseURL: ctx.baseURL, input: input, except: operatorID)
    }

    /// The same without a request (mail intake): links start at `baseURL`.
    static func newTicket(env: Environment, settings: Settings, baseURL: String, input: NewTicketInput,
                          except operatorID: Int64?) throws -> (TicketNumber, Int64) -> [OutboxStore.Mail] {
        let members = try groupMembers(env: env, groupID: input.groupID).filter { $0.id != operatorID }
        return { number, ticketID in
            mails(env: env, settings: settings, baseURL: baseURL, key: "notify_group", to: members, number: number, ticketID: ticketID,
                  customerName: input.name, subject: input.subject, message: input.message)
        }
    }

    static func groupMembers(env: Environment, groupID: Int64?) throws -> [Recipient] {
        guard let groupID else { return [] }
        return try env.db.query("""
            SELECT o.id, o.email, o.display_name, o.language FROM operators o
            JOIN group_members m ON m.operator_id = o.id JOIN groups g ON g.id = m.group_id
            WHERE g.id = ? AND g.notify_new = 1 AND o.active = 1 AND o.email <> ''
            """, groupID).compactMap(recipient)
    }

    static func holder(env: Environment, ticketID: Int64) throws -> Recipient? {
        try env.db.queryOne("""
            SELECT o.id, o.email, o.display_name, o.language FROM tickets t JOIN operators o ON o.id = t.operator_id
            WHERE t.id = ? AND o.active = 1 AND o.email <> ''
            """, ticketID).flatMap(recipient)
    }

    static func recipient(_ r: Row) -> Recipient? {
        EmailAddress(r.string("email")).map { Recipient(id: r.int("id"), email: $0, name: r.string("display_name"), language: r.string("language")) }
    }

    /// Builds the mails for `key` (notify_group or notify_operator), one per recipient.
    static func mails(env: Environment, ctx: Context, key: String, to recipients: [Recipient], number: TicketNumber, ticketID: Int64,
                      customerName: String, subject: String, message: String) -> [OutboxStore.Mail] {
        mails(env: env, settings: ctx.settings, baseURL: ctx.baseURL, key: key, to: recipients, number: number, ticketID: ticketID,
              customerName: customerName, subject: subject, message: message)
    }

    static func mails(env: Environment, settings: Settings, baseURL: String, key: String, to recipients: [Recipient], number: TicketNumber,
                      ticketID: Int64, customerName: String, subject: String, message: String) -> [OutboxStore.Mail] {
        let templates = MailTemplateStore(db: env.db, catalogs: env.catalogs)
        let link = baseURL + Route.desk(.ticket(number)).path
        return recipients.compactMap { r in
            guard let rendered = try? templates.render(key, language: r.language, [
                "name": customerName, "number": number.value, "subject": subject, "org": settings.organisationName,
                "message": String(message.prefix(2000)), "link": link,
            ]) else { return nil }
            return OutboxStore.Mail(kind: key, ticketID: ticketID, to: r.email, toName: r.name, subject: rendered.subject, bodyText: rendered.body)
        }
    }
}
