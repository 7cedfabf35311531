/// The guest's view of a ticket: subject, number, status, the public conversation with
/// attachments, and the reply form.
enum TicketPage {
    static func render(_ ctx: Context, env: Environment, ticket: TicketRecord, replyText: String, errorKey: String?,
                       errorParams: [String: String] = [:], status: Int) throws -> Response {
        let l = ctx.l
        let messages = try env.tickets.publicMessages(ticketID: ticket.id)
        let statusName = try env.reference.statusName(id: ticket.statusID, localizer: l)
        let page = Layout.page(ctx, title: ticket.subject) { h in
            h.el("h1", .id("ticket-subject"), text: ticket.subject)
            h.el("dl", .cls("ticket-meta")) { h in
                h.el("dt", text: l.t("ticket.number"))
                h.el("dd", .cls("ticket-number"), text: ticket.number.value)
                h.el("dt", text: l.t("ticket.status"))
                h.el("dd") { h in
                    h.el("span", .id("ticket-status"), .cls(ticket.statusIsOpen ? "status status-open" : "status status-closed"), text: statusName)
                }
                h.el("dt", text: l.t("ticket.created"))
                h.el("dd") { h in h.el("time", Attr("datetime", TimeFormat.iso(ticket.createdAt)), text: TimeFormat.display(ticket.createdAt)) }
            }
            h.el("section", .cls("conversation"), Attr("aria-label", l.t("ticket.conversation"))) { h in
                for message in messages { messageView(&h, ctx, ticket: ticket, message: message) }
            }
            h.el("section", .cls("reply-box")) { h in
                h.el("h2", text: l.t("ticket.reply.title"))
                if let errorKey { h.el("p", .cls("form-error"), .id("error-form"), Attr("role", "alert"), text: l.t(errorKey, errorParams)) }
                h.el("form", .id("reply"), Attr("method", "post"), Attr("action", Route.ticketReply(ticket.number).path),
                     Attr("enctype", "multipart/form-data"), .cls("stacked")) { h in
                    FormParts.csrf(&h, ctx)
                    FormParts.field(&h, ctx, name: "message", label: l.t("form.message"), required: true, error: nil) { h, id, _ in
                        h.el("textarea", .id(id), .name("message"), Attr("rows", "6"), Attr("maxlength", "50000"), text: replyText)
                    }
                    FormParts.fileInput(&h, ctx, error: nil)
                    h.el("p", .cls("actions")) { h in h.el("button", .type("submit"), .cls("button"), text: l.t("ticket.reply.submit")) }
                }
            }
        }
        return .html(page, status: status)
    }

    private static func messageView(_ h: inout HTML, _ ctx: Context, ticket: TicketRecord, message: MessageRecord) {
        let isReply = message.kind == .reply
        h.el("article", .cls(isReply ? "message message-reply" : "message message-customer"), .id("m\(message.id)")) { h in
            h.el("header") { h in
                h.el("strong", .cls("author"), text: message.authorName)
                if isReply { h.el("span", .cls("badge"), text: ctx.l.t("ticket.support_team")) }
                h.el("time", Attr("datetime", TimeFormat.iso(message.createdAt)), text: TimeFormat.display(message.createdAt))
            }
            if let html = message.bodyHTML, !html.isEmpty {
                let policy = DeskTimeline.inlineImages(message.attachments) { Route.ticketFile(ticket.number, $0).path }
                h.el("div", .cls("message-html")) { h in h.safe(HTMLSanitizer.sanitize(html, policy: policy)) }
            } else {
                h.el("div", .cls("message-body"), text: message.bodyText)
            }
            if !message.attachments.isEmpty {
                h.el("ul", .cls("attachments")) { h in
                    for file in message.attachments {
                        h.el("li") { h in
                            h.el("a", .cls("attachment"), .href(Route.ticketFile(ticket.number, file.id).path), text: file.filename)
                            h.el("span", .cls("muted"), text: " (" + ByteSize.display(file.size) + ")")
                        }
                    }
                }
            }
        }
    }
}
