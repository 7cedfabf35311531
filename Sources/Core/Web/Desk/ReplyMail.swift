/// The mail that carries an operator's answer: the reply template (admin's or catalog's)
/// with `{message}` replaced by the answer — as text in the text part, and as the
/// sanitized HTML in the HTML part, where the rest of the template is escaped text.
enum ReplyMail {
    static let marker = "\u{1D}TAQUILLA-MESSAGE\u{1D}"

    static func make(template: MailTemplateStore.Text, ticket t: DeskStore.Ticket, to: EmailAddress, text: String, html: String,
                     link: String, org: String) -> OutboxStore.Mail {
        var params = ["name": t.contact.name, "number": t.number.value, "subject": t.subject, "link": link, "org": org]
        let subject = Localizer.fill(template.subject, params).singleLine()
        params["message"] = marker
        let filled = Localizer.fill(template.body, params)
        let bodyText = filled.replacingEvery(marker, with: text)
        let around = HTMLText.escapeAsHTML(plain: filled).value
        let bodyHTML = around.contains(marker) ? around.replacingEvery(marker, with: html) : html + around
        return OutboxStore.Mail(kind: "reply", ticketID: t.id, to: to, toName: t.contact.name, subject: subject,
                                bodyText: bodyText, bodyHTML: bodyHTML)
    }
}
