/// What a guest does with a ticket number and access code: exchange them for a session
/// (lookup form or the mail link), read the conversation, reply, download files.
/// A wrong number and a wrong code get the same answer; failed lookups count against a
/// per-IP limit, and once it is reached even a right code waits for the window to pass.
struct GuestPages {
    let env: Environment
    static let lookupWindow: Int64 = 900

    private func lookupBucket(_ ctx: Context) -> String { "lookup:" + ctx.request.remoteAddr }

    private func limitedResponse(_ ctx: Context, number: String) -> Response {
        var r = LookupPage.render(ctx, number: number, errorKey: "error.lookup_limited", status: 429)
        r.setHeader("Retry-After", String(Self.lookupWindow - ctx.now % Self.lookupWindow))
        return r
    }

    enum Lookup { case limited, failed, found(TicketRecord) }

    /// Checks number and code under the per-IP limit: the check, the comparison and the
    /// counting of a failure happen in one transaction (no parallel burst gets extra guesses).
    private func authenticate(_ ctx: Context, number typedNumber: String, code typedCode: String) throws -> Lookup {
        let result: TicketRecord?? = try env.rateLimits.guarded(bucket: lookupBucket(ctx), limit: ctx.settings.lookupRateLimit,
                                                                window: Self.lookupWindow, now: ctx.now) {
            let ticket = try TicketNumber(typedNumber).flatMap { try env.tickets.find(number: $0) }
            let code = AccessCode(typed: typedCode)
            // Compare even when the ticket is unknown, so both failures cost the same.
            let stored = ticket?.accessHash ?? [UInt8](repeating: 0, count: 32)
            let ok = code?.matches(hash: stored) ?? false
            return ok ? (ticket, false) : (nil, true)
        }
        switch result {
        case .none: return .limited
        case .some(.none): return .failed
        case .some(.some(let ticket)): return .found(ticket)
        }
    }

    static func startSession(_ ctx: inout Context, number: TicketNumber, accessHash: [UInt8]) {
        let expires = ctx.now + GuestSession.lifetime
        let value = GuestSession(key: ctx.settings.secretKey).value(number: number, accessHash: accessHash, expires: expires)
        ctx.setCookies.append(SetCookie(name: GuestSession.cookieName, value: value, path: Route.ticket(number).path,
                                        maxAge: Int(GuestSession.lifetime), httpOnly: true, sameSite: .lax, secure: ctx.request.isHTTPS)!)
    }

    func lookup(_ ctx: inout Context) throws -> Response {
        guard let fields = try? ctx.request.form().fields else {
            return LookupPage.render(ctx, number: "", errorKey: "error.bad_form", status: 400)
        }
        let typedNumber = (fields["number"] ?? "").singleLine()
        guard ctx.verifiedCSRF(fields) != nil else {
            return LookupPage.render(ctx, number: typedNumber, errorKey: "error.csrf", status: 422)
        }
        switch try authenticate(ctx, number: typedNumber, code: fields["code"] ?? "") {
        case .limited: return limitedResponse(ctx, number: typedNumber)
        case .failed: return LookupPage.render(ctx, number: typedNumber, errorKey: "error.lookup_failed", status: 403)
        case .found(let ticket):
            Self.startSession(&ctx, number: ticket.number, accessHash: ticket.accessHash)
            return .redirect(Route.ticket(ticket.number).path)
        }
    }

    /// The ticket page; with `?code=` (the mail link) it first trades the code for a
    /// session and redirects to the same URL without the code.
    func view(_ number: TicketNumber, _ ctx: inout Context) throws -> Response {
        if let code = ctx.request.query["code"] {
            let ticket: TicketRecord
            switch try authenticate(ctx, number: number.value, code: code) {
            case .limited: return limitedResponse(ctx, number: number.value)
            case .failed: return LookupPage.render(ctx, number: number.value, errorKey: "error.lookup_failed", status: 403)
            case .found(let found): ticket = found
            }
            Self.startSession(&ctx, number: ticket.number, accessHash: ticket.accessHash)
            var r = Response.redirect(Route.ticket(ticket.number).path)
            r.setHeader("Referrer-Policy", "no-referrer")
            return r
        }
        guard let ticket = try sessionTicket(number, ctx) else {
            return LookupPage.render(ctx, number: number.value, errorKey: "error.session_needed", status: 403)
        }
        return try TicketPage.render(ctx, env: env, ticket: ticket, replyText: "", errorKey: nil, status: 200)
    }

    func reply(_ number: TicketNumber, _ ctx: inout Context) throws -> Response {
        guard let ticket = try sessionTicket(number, ctx) else {
            return LookupPage.render(ctx, number: number.value, errorKey: "error.session_needed", status: 403)
        }
        guard let parsed = try? ctx.request.form() else {
            return try TicketPage.render(ctx, env: env, ticket: ticket, replyText: "", errorKey: "error.bad_form", status: 400)
        }
        let text = (parsed.fields["message"] ?? "").multiLine()
        guard ctx.verifiedCSRF(parsed.fields) != nil else {
            return try TicketPage.render(ctx, env: env, ticket: ticket, replyText: text, errorKey: "error.csrf", status: 422)
        }
        let files: [IncomingFile]
        switch Uploads.accept(parsed.files, policy: ctx.settings.attachmentPolicy) {
        case .success(let accepted): files = accepted
        case .failure(let problem):
            return try TicketPage.render(ctx, env: env, ticket: ticket, replyText: text, errorKey: problem.key,
                                         errorParams: problem.params, status: 422)
        }
        if text.isEmpty && files.isEmpty {
            return try TicketPage.render(ctx, env: env, ticket: ticket, replyText: text, errorKey: "error.reply_empty", status: 422)
        }
        if text.length > NewTicketInput.Field.message.maxLength {
            return try TicketPage.render(ctx, env: env, ticket: ticket, replyText: text, errorKey: "error.too_long", status: 422)
        }
        let holder = try OperatorNotices.holder(env: env, ticketID: ticket.id).map { [$0] } ?? []
        let notices = OperatorNotices.mails(env: env, ctx: ctx, key: "notify_operator", to: holder, number: ticket.number, ticketID: ticket.id,
                                            customerName: ticket.contactName, subject: ticket.subject, message: text)
        guard let id = try env.rateLimits.guarded(bucket: "reply:" + ctx.request.remoteAddr, limit: ctx.settings.replyRateLimit,
                                                  window: NewTicketPages.rateWindow, now: ctx.now, {
            (try env.tickets.addCustomerMessage(ticket: ticket, body: text, files: files, source: "web", now: ctx.now, notices: notices), true)
        }) else {
            var r = try TicketPage.render(ctx, env: env, ticket: ticket, replyText: text, errorKey: "error.rate_limited", status: 429)
            r.setHeader("Retry-After", String(NewTicketPages.rateWindow - ctx.now % NewTicketPages.rateWindow))
            return r
        }
        return .redirect(Route.ticket(number).path + "#m\(id)")
    }

    func file(_ number: TicketNumber, _ id: Int64, _ ctx: Context) throws -> Response {
        guard let ticket = try sessionTicket(number, ctx),
              let attachment = try env.tickets.publicAttachment(ticketID: ticket.id, id: id) else {
            return ErrorPage.render(ctx, status: 403, messageKey: "error.session_needed")
        }
        let bytes = try AttachmentFiles(directory: env.paths.attachments).read(sha256: attachment.sha256)
        return Download.response(bytes: bytes, filename: attachment.filename, contentType: attachment.contentType)
    }

    private func sessionTicket(_ number: TicketNumber, _ ctx: Context) throws -> TicketRecord? {
        guard let cookie = ctx.request.cookies[GuestSession.cookieName], let ticket = try env.tickets.find(number: number) else { return nil }
        let valid = GuestSession(key: ctx.settings.secretKey).isValid(cookie, number: number, accessHash: ticket.accessHash, now: ctx.now)
        return valid ? ticket : nil
    }
}

/// A file download that can never run as active content: always `attachment`, a type
/// from a short safe list (anything else is octet-stream), nosniff, and a sandboxing CSP.
enum Download {
    static let safeTypes: Set<String> = ["image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf", "text/plain",
                                         "text/csv", "application/zip"]

    static func response(bytes: [UInt8], filename: String, contentType: String) -> Response {
        let type = safeTypes.contains(contentType) ? contentType : "application/octet-stream"
        var r = Response(status: 200, contentType: type, body: bytes)
        r.setHeader("Content-Disposition", contentDisposition(filename))
        r.setHeader("Content-Security-Policy", "sandbox; default-src 'none'")
        r.setHeader("Cache-Control", "private, no-store")
        return r
    }

    /// `attachment; filename="ascii-fallback"; filename*=UTF-8''percent-encoded` (RFC 6266).
    static func contentDisposition(_ name: String) -> String {
        let ascii = String(decoding: name.utf8.map { ($0 < 32 || $0 > 126 || $0 == 34 || $0 == 92 || $0 == 59) ? 95 : $0 }, as: UTF8.self)
        return "attachment; filename=\"\(ascii)\"; filename*=UTF-8''\(PercentCoding.encode(name))"
    }
}
