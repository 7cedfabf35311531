/// GET /api/v1/tickets/{number}: the ticket with its public conversation (customer
/// messages and operators' replies with attachment metadata; never internal notes or
/// events). A deleted or unknown number is 404 `ticket_not_found`, the same for both.
struct ApiTicketRead {
    let env: Environment

    func handle(_ ctx: Context, number: TicketNumber) throws -> Response {
        guard let ticket = try env.tickets.find(number: number) else { throw ApiError(status: 404, code: "ticket_not_found") }
        let messages = try env.tickets.publicMessages(ticketID: ticket.id)
        return ApiResponse.json(ApiTicketJSON.ticket(ticket, messages: messages, ctx: ctx))
    }
}

/// POST /api/v1/tickets/{number}/messages: a customer's follow-up, with the guest reply's
/// rules: text and/or files under the attachment policy, the same length limit, the
/// holder is notified, and a ticket waiting on the customer or closed goes back to
/// "waiting for operator". Runs inside the router's write transaction.
struct ApiTicketMessage {
    let env: Environment

    func handle(_ ctx: Context, number: TicketNumber) throws -> Response {
        let policy = ctx.settings.attachmentPolicy
        let members = try ApiInput.object(ctx.request, maxBytes: ApiInput.maxBodyBytes(policy))
        guard let ticket = try env.tickets.find(number: number) else { throw ApiError(status: 404, code: "ticket_not_found") }
        let text = try ApiInput.string(members, "message").multiLine()
        if text.length > NewTicketInput.Field.message.maxLength {
            throw ApiError(status: 422, code: "too_long", field: "message", messageKey: "error.too_long")
        }
        let files = try ApiInput.attachments(members, policy: policy)
        if text.isEmpty && files.isEmpty { throw ApiError(status: 422, code: "message_empty", field: "message", messageKey: "error.reply_empty") }
        let holder = try OperatorNotices.holder(env: env, ticketID: ticket.id).map { [$0] } ?? []
        let notices = OperatorNotices.mails(env: env, ctx: ctx, key: "notify_operator", to: holder, number: ticket.number, ticketID: ticket.id,
                                            customerName: ticket.contactName, subject: ticket.subject, message: text)
        let id = try env.tickets.addCustomerMessage(ticket: ticket, body: text, files: files, source: "api", now: ctx.now, notices: notices)
        let status = try env.tickets.find(number: number)?.statusCode ?? ticket.statusCode
        var r = ApiResponse.json(.object([
            ("id", .int(id)), ("number", .string(ticket.number.value)), ("status", .string(status)),
            ("created_at", .string(TimeFormat.iso(ctx.now))), ("api_url", .string(ApiTicketJSON.apiPath(ticket.number))),
        ]), status: 201)
        r.setHeader("Location", ApiTicketJSON.apiPath(ticket.number))
        return r
    }
}
