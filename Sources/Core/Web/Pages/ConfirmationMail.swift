/// The confirmation mail for a new ticket (web form or desk), in the ticket's language,
/// from the admin's template or the catalog. The access code is not known to the body:
/// `{access_code}` stays in it and the sender fills it from the outbox's `secret` column.
enum ConfirmationMail {
    static func builder(env: Environment, ctx: Context, input: NewTicketInput, email: EmailAddress,
                        language: String) throws -> (TicketNumber, Int64) -> OutboxStore.Mail {
        try builder(env: env, settings: ctx.settings, baseURL: ctx.baseURL, input: input, email: email, language: language)
    }

    /// The same without a request (mail intake): links start at `baseURL`.
    static func builder(env: Environment, settings: Settings, baseURL base: String, input: NewTicketInput, email: EmailAddress,
                        language: String) throws -> (TicketNumber, Int64) -> OutboxStore.Mail {
        let template = try MailTemplateStore(db: env.db, catalogs: env.catalogs).text("confirmation", language: language)
        let org = settings.organisationName
        return { number, ticketID in
            let params = ["name": input.name, "number": number.value, "subject": input.subject, "org": org, "code": "{access_code}",
                          "link": base + Route.ticket(number).path + "?code={access_code}"]
            return OutboxStore.Mail(kind: "confirmation", ticketID: ticketID, to: email, toName: input.name,
                                    subject: Localizer.fill(template.subject, params).singleLine(),
                                    bodyText: Localizer.fill(template.body, params))
        }
    }
}
