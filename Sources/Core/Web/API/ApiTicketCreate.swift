import CSQLite

/// POST /api/v1/tickets: opens a ticket exactly as the web form does (same validation,
/// same confirmation mail and department notices, source `api`). The body is read and
/// validated first (`prepare`, no lock held); then the rate-limit count, the ticket, its
/// mail and the idempotency record commit together (`open`, an `ApiOpening`, written by
/// the ticket writer or by this worker). A refused body still counts against the rate
/// limit (the router counts it).
/// With `Idempotency-Key`, a retry with the same body replays the first answer (header
/// `Idempotent-Replayed: true`); the same key with a different body is 422
/// `idempotency_key_reused`. Concurrent retries are serialized by the write lock, so only
/// one ticket is ever opened per key.
struct ApiTicketCreate {
    let env: Environment

    static let maxIdempotencyKeyLength = 200

    /// A request read, validated and turned into what the write needs, before anything is
    /// written: the writer (or this worker's transaction) does the writes alone.
    struct Prepared {
        let idempotency: String?
        let requestHash: String
        let new: TicketStore.NewTicket
        let notices: (TicketNumber, Int64) -> [OutboxStore.Mail]
        let confirmation: (TicketNumber, Int64) -> OutboxStore.Mail
    }

    /// Parses and validates the body (no writes). Group and project are checked against
    /// the public lists as they are now; one made private in between still opens the ticket.
    func prepare(_ ctx: Context) throws -> Prepared {
        let policy = ctx.settings.attachmentPolicy
        let members = try ApiInput.object(ctx.request, maxBytes: ApiInput.maxBodyBytes(policy))
        let idempotency = try idempotencyKey(ctx.request)
        let requestHash = Hex.encode(SHA256.hash(ctx.request.body))

        var input = NewTicketInput()
        input.name = try ApiInput.string(members, "name")
        input.email = try ApiInput.string(members, "email")
        input.phone = try ApiInput.string(members, "phone")
        input.city = try ApiInput.string(members, "city")
        input.country = try ApiInput.string(members, "country")
        input.subject = try ApiInput.string(members, "subject")
        input.message = try ApiInput.string(members, "message")
        input.groupID = try ApiInput.id(members, "group")
        input.projectID = try ApiInput.id(members, "project")
        input.clean()
        let language = try self.language(members, ctx)

        var errors = input.validate()
        if let g = input.groupID, !(try env.reference.publicGroups().contains { $0.id == g }) { errors[.group] = "error.choice" }
        if let p = input.projectID, !(try env.reference.publicProjects().contains { $0.id == p }) { errors[.project] = "error.choice" }
        guard errors.isEmpty, let email = EmailAddress(input.email) else { throw Self.validationError(errors) }
        let files = try ApiInput.attachments(members, policy: policy)

        let new = TicketStore.NewTicket(input: input, email: email, files: files, clientIP: ctx.request.remoteAddr,
                                        language: language, source: "api")
        return Prepared(idempotency: idempotency, requestHash: requestHash, new: new,
                        notices: try OperatorNotices.newTicket(env: env, ctx: ctx, input: input, except: nil),
                        confirmation: try ConfirmationMail.builder(env: env, ctx: ctx, input: input, email: email, language: language))
    }

    /// Writes the prepared request as an `ApiOpening`: through the ticket writer when this
    /// worker has one (batched with other workers' openings), else in its own transaction.
    /// A taken number is drawn again (8 tries, as `TicketStore.open` does).
    func open(_ p: Prepared, _ ctx: Context, key: ApiKeyStore.Key) throws -> Response {
        for _ in 0..<8 {
            let number = TicketNumber.random(), code = AccessCode.random()
            let opening = ApiOpening(
                apiKeyID: key.id, rateLimit: ctx.settings.apiRateLimit, now: ctx.now, idempotencyKey: p.idempotency,
                requestHash: p.requestHash, number: number, code: code, ticket: p.new,
                mails: [p.confirmation(number, 0)] + p.notices(number, 0),
                body: String(decoding: ApiTicketJSON.created(number: number, code: code, ctx: ctx).bytes, as: UTF8.self))
            let outcome = try write(opening)
            if outcome != .numberTaken { return try response(outcome, opening, ctx) }
        }
        throw DatabaseError(code: SQLITE_CONSTRAINT, message: "no free ticket number in 8 draws", sql: "")
    }

    private func write(_ opening: ApiOpening) throws -> ApiOpening.Outcome {
        if opening.ticket.files.isEmpty, let writer = env.ticketWriter {
            switch writer.submit(opening) {
            case .outcome(let outcome): return outcome
            case .timedOut: return .failed(.busy)
            case .lost:
                // The writer went away with it: it committed it, or nothing of it.
                if let id = try env.tickets.id(number: opening.number, accessHash: opening.code.hash) { return .opened(ticketID: id) }
            case .unreachable: break
            }
        }
        do {
            return try env.db.write { try opening.write(env) }
        } catch let error as DatabaseError where error.isNumberTaken {
            return .numberTaken
        }
    }

    private func response(_ outcome: ApiOpening.Outcome, _ opening: ApiOpening, _ ctx: Context) throws -> Response {
        var r: Response
        switch outcome {
        case .opened:
            r = Response(status: 201, contentType: ApiResponse.contentType, body: Array(opening.body.utf8))
            r.setHeader("Location", ApiTicketJSON.apiPath(opening.number))
        case .replayed(let status, let body):
            r = Response(status: status, contentType: ApiResponse.contentType, body: Array(body.utf8))
            r.setHeader("Idempotent-Replayed", "true")
        case .keyReused:
            throw ApiError(status: 422, code: "idempotency_key_reused", field: "Idempotency-Key")
        case .rateLimited:
            return ApiRouter.rateLimited(ctx)
        case .numberTaken, .failed(.internal):
            throw DatabaseError(code: SQLITE_ERROR, message: "ticket writer: the opening failed", sql: "")
        case .failed(.busy):
            throw DatabaseError(code: SQLITE_BUSY, message: "ticket writer: database busy", sql: "")
        case .failed(.full):
            throw DatabaseError(code: SQLITE_FULL, message: "ticket writer: storage full", sql: "")
        }
        r.setHeader("Cache-Control", "no-store")
        return r
    }

    /// 1–200 visible ASCII characters (RFC 9110 token-ish); absent is nil.
    private func idempotencyKey(_ request: Request) throws(ApiError) -> String? {
        guard let value = request.headers["idempotency-key"] else { return nil }
        guard !value.isEmpty, value.utf8.count <= Self.maxIdempotencyKeyLength, value.utf8.allSatisfy({ $0 > 32 && $0 < 127 }) else {
            throw ApiError(status: 400, code: "invalid_idempotency_key", field: "Idempotency-Key")
        }
        return value
    }

    /// The ticket's language: the `language` member when given (must be a site language),
    /// else the one negotiated from `Accept-Language`.
    private func language(_ members: [String: JSON], _ ctx: Context) throws(ApiError) -> String {
        let asked = try ApiInput.string(members, "language")
        if asked.isEmpty { return ctx.l.language }
        guard env.catalogs.files[asked] != nil else { throw ApiError(status: 422, code: "invalid_language", field: "language") }
        return asked
    }

    /// 422 naming the first failing field (in form order) and listing all of them.
    static func validationError(_ errors: NewTicketInput.Errors) -> ApiError {
        let failing = NewTicketInput.Field.allCases.filter { errors[$0] != nil }
        var e = ApiError(status: 422, code: "validation_failed", field: failing.first?.rawValue ?? "email")
        e.fields = failing.map { (name: $0.rawValue, key: errors[$0]!, params: [:]) }
        if e.fields.isEmpty { e.fields = [(name: "email", key: "error.email", params: [:])] }
        return e
    }
}
