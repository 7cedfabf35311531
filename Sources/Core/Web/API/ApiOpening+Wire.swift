/// How an opening and its outcome travel between a worker and the ticket writer: one JSON
/// object each (`TicketWriterLink` frames them). The writer and its workers are forked from
/// one binary, so the format needs no negotiation; `v` guards against a writer left
/// running by an older binary, whose answers a worker then does not trust.
///
/// Edge cases: ids are JSON numbers (exact below 2^53, far above any row id); a decoding
/// failure is `nil`, never a half-filled value.
extension ApiOpening {
    static let wireVersion: Int64 = 1

    public var wire: [UInt8] {
        let t = ticket, i = ticket.input
        return JSONValue.object([
            ("v", .int(Self.wireVersion)), ("key", .int(apiKeyID)), ("limit", .int(Int64(rateLimit))), ("now", .int(now)),
            ("idempotency", .optional(idempotencyKey)), ("hash", .string(requestHash)), ("number", .string(number.value)),
            ("code", .string(Hex.encode(code.bytes))), ("body", .string(body)),
            ("name", .string(i.name)), ("email", .string(t.email.value)), ("phone", .string(i.phone)), ("city", .string(i.city)),
            ("country", .string(i.country)), ("subject", .string(i.subject)), ("message", .string(i.message)),
            ("group", .optional(i.groupID)), ("project", .optional(i.projectID)),
            ("ip", .string(t.clientIP)), ("language", .string(t.language)), ("source", .string(t.source)),
            ("mails", .array(mails.map(Self.mailWire))),
        ]).bytes
    }

    public init?(wire: [UInt8]) {
        guard case .object(let o)? = try? JSON.parse(wire), Self.int(o["v"]) == Self.wireVersion,
              let key = Self.int(o["key"]), let limit = Self.int(o["limit"]), let now = Self.int(o["now"]),
              let hash = o["hash"]?.string, let number = o["number"]?.string.flatMap(TicketNumber.init),
              let code = o["code"]?.string.flatMap(Hex.decode), code.count == 16, let body = o["body"]?.string,
              let email = o["email"]?.string.flatMap(EmailAddress.init), let mails = o["mails"]?.array?.map(Self.mail(wire:)),
              !mails.contains(where: { $0 == nil }) else { return nil }
        var input = NewTicketInput()
        input.name = o["name"]?.string ?? ""
        input.email = email.value
        input.phone = o["phone"]?.string ?? ""
        input.city = o["city"]?.string ?? ""
        input.country = o["country"]?.string ?? ""
        input.subject = o["subject"]?.string ?? ""
        input.message = o["message"]?.string ?? ""
        input.groupID = Self.int(o["group"])
        input.projectID = Self.int(o["project"])
        self.init(apiKeyID: key, rateLimit: Int(limit), now: now, idempotencyKey: o["idempotency"]?.string, requestHash: hash,
                  number: number, code: AccessCode(bytes: code),
                  ticket: TicketStore.NewTicket(input: input, email: email, files: [], clientIP: o["ip"]?.string ?? "",
                                                language: o["language"]?.string ?? "", source: o["source"]?.string ?? "api"),
                  mails: mails.compactMap { $0 }, body: body)
    }

    private static func mailWire(_ m: OutboxStore.Mail) -> JSONValue {
        .object([("kind", .string(m.kind)), ("to", .string(m.to.value)), ("toName", .string(m.toName)),
                 ("subject", .string(m.subject)), ("text", .string(m.bodyText)), ("html", .optional(m.bodyHTML)),
                 ("inReplyTo", .optional(m.inReplyTo))])
    }

    private static func mail(wire: JSON) -> OutboxStore.Mail? {
        guard let kind = wire["kind"]?.string, let to = wire["to"]?.string.flatMap(EmailAddress.init),
              let toName = wire["toName"]?.string, let subject = wire["subject"]?.string, let text = wire["text"]?.string
        else { return nil }
        return OutboxStore.Mail(kind: kind, ticketID: 0, to: to, toName: toName, subject: subject, bodyText: text,
                                bodyHTML: wire["html"]?.string, inReplyTo: wire["inReplyTo"]?.string)
    }

    static func int(_ value: JSON?) -> Int64? {
        guard case .number(let d)? = value, d == d.rounded(), abs(d) < 9_007_199_254_740_992 else { return nil }
        return Int64(d)
    }
}

extension ApiOpening.Outcome {
    public var wire: [UInt8] {
        let fields: [(String, JSONValue)]
        switch self {
        case .opened(let id): fields = [("opened", .int(id))]
        case .replayed(let status, let body): fields = [("replayed", .int(Int64(status))), ("body", .string(body))]
        case .keyReused: fields = [("keyReused", .bool(true))]
        case .rateLimited: fields = [("rateLimited", .bool(true))]
        case .numberTaken: fields = [("numberTaken", .bool(true))]
        case .failed(let f): fields = [("failed", .string(f.rawValue))]
        }
        return JSONValue.object([("v", .int(ApiOpening.wireVersion))] + fields).bytes
    }

    public init?(wire: [UInt8]) {
        guard case .object(let o)? = try? JSON.parse(wire), ApiOpening.int(o["v"]) == ApiOpening.wireVersion else { return nil }
        if let id = ApiOpening.int(o["opened"]) { self = .opened(ticketID: id) }
        else if let status = ApiOpening.int(o["replayed"]), let body = o["body"]?.string { self = .replayed(status: Int(status), body: body) }
        else if o["keyReused"] != nil { self = .keyReused }
        else if o["rateLimited"] != nil { self = .rateLimited }
        else if o["numberTaken"] != nil { self = .numberTaken }
        else if let f = o["failed"]?.string.flatMap(ApiOpening.Failure.init(rawValue:)) { self = .failed(f) }
        else { return nil }
    }
}
