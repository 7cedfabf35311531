/// How tickets look in API responses. Times are ISO 8601 UTC strings; `url` is the
/// customer's page (absolute, from the configured base URL), `api_url` this API's path.
/// Internal notes and events never appear: messages come from `publicMessages`.
enum ApiTicketJSON {
    static func apiPath(_ number: TicketNumber) -> String { "/api/v1/tickets/" + number.value }

    static func created(number: TicketNumber, code: AccessCode, ctx: Context) -> JSONValue {
        .object([
            ("number", .string(number.value)),
            ("access_code", .string(code.display)),
            ("status", .string("open")),
            ("url", .string(ctx.baseURL + Route.ticket(number).path)),
            ("api_url", .string(apiPath(number))),
            ("created_at", .string(TimeFormat.iso(ctx.now))),
        ])
    }

    static func ticket(_ t: TicketRecord, messages: [MessageRecord], ctx: Context) -> JSONValue {
        .object([
            ("number", .string(t.number.value)),
            ("subject", .string(t.subject)),
            ("status", .string(t.statusCode)),
            ("status_open", .bool(t.statusIsOpen)),
            ("customer_name", .string(t.contactName)),
            ("customer_email", .string(t.customerEmail)),
            ("language", .string(t.language)),
            ("created_at", .string(TimeFormat.iso(t.createdAt))),
            ("updated_at", .string(TimeFormat.iso(t.updatedAt))),
            ("url", .string(ctx.baseURL + Route.ticket(t.number).path)),
            ("messages", .array(messages.map(message))),
        ])
    }

    static func message(_ m: MessageRecord) -> JSONValue {
        .object([
            ("id", .int(m.id)),
            ("kind", .string(m.kind.rawValue)),
            ("author", .string(m.authorName)),
            ("body", .string(m.bodyText)),
            ("created_at", .string(TimeFormat.iso(m.createdAt))),
            ("attachments", .array(m.attachments.map { a in
                .object([("id", .int(a.id)), ("filename", .string(a.filename)), ("content_type", .string(a.contentType)),
                         ("size", .int(a.size)), ("sha256", .string(a.sha256))])
            })),
        ])
    }

    static func row(_ r: DeskStore.QueueRow) -> JSONValue {
        .object([
            ("number", .string(r.number.value)),
            ("subject", .string(r.subject)),
            ("status", .string(r.statusCode)),
            ("status_open", .bool(r.statusIsOpen)),
            ("priority", .optional(r.priorityCode)),
            ("group", .optional(r.groupName)),
            ("operator", .optional(r.holderName)),
            ("customer_name", .string(r.customerName)),
            ("awaiting_operator", .bool(r.awaitingOperator)),
            ("created_at", .string(TimeFormat.iso(r.createdAt))),
            ("updated_at", .string(TimeFormat.iso(r.updatedAt))),
            ("api_url", .string(apiPath(r.number))),
        ])
    }
}
