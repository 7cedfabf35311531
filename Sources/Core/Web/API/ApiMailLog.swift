/// GET /api/v1/mail?direction=out|in: the outgoing mail log (default) or the incoming
/// one, newest first, paged like the ticket list. Never bodies nor pending access codes
/// (see `MailLogStore`).
struct ApiMailLog {
    let env: Environment

    func handle(_ ctx: Context) throws -> Response {
        let q = ctx.request.query
        let window = try ApiPaging.window(q)
        let store = MailLogStore(db: env.db)
        let items: [JSONValue], total: Int
        switch q["direction"] ?? "out" {
        case "out":
            let result = try store.outgoing(limit: window.size, offset: window.offset)
            total = result.total
            items = result.rows.map { m in
                .object([
                    ("id", .int(m.id)), ("kind", .string(m.kind)), ("ticket", .optional(m.ticketNumber)), ("to", .string(m.to)),
                    ("to_name", .string(m.toName)), ("subject", .string(m.subject)), ("status", .string(m.status)),
                    ("attempts", .int(m.attempts)), ("last_error", .optional(m.lastError)),
                    ("created_at", .string(TimeFormat.iso(m.createdAt))), ("sent_at", .optional(m.sentAt.map(TimeFormat.iso))),
                    ("next_attempt_at", .string(TimeFormat.iso(m.nextAttemptAt))),
                ])
            }
        case "in":
            let result = try store.incoming(limit: window.size, offset: window.offset)
            total = result.total
            items = result.rows.map { m in
                .object([
                    ("id", .int(m.id)), ("received_at", .string(TimeFormat.iso(m.receivedAt))), ("source", .string(m.source)),
                    ("message_id", .optional(m.messageID)), ("size", .int(m.size)), ("status", .string(m.status)),
                    ("error", .optional(m.error)), ("ticket", .optional(m.ticketNumber)),
                ])
            }
        default:
            throw ApiError.badParameter("direction")
        }
        let hasNext = window.page * window.size < total
        return ApiResponse.json(.object([
            ("mail", .array(items)), ("page", .int(Int64(window.page))), ("per_page", .int(Int64(window.size))),
            ("total", .int(Int64(total))), ("next", hasNext ? .string(ApiPaging.link(ctx.request, page: window.page + 1)) : .null),
        ]))
    }
}
