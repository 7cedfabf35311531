/// Answers everything under /api/: JSON in, JSON out, never HTML. Order of checks:
/// the path and method (404/405), the bearer key (401 with `WWW-Authenticate`), its
/// scope (403), the per-key rate limit (429 with `Retry-After`), then the endpoint.
/// /api is not behind the web server's REMOTE_USER authentication: the key is the
/// credential. A write endpoint runs in ONE transaction with the rate-limit count, so a
/// refused or failed request leaves nothing behind. Failures become JSON errors: a busy
/// database 503 `busy`, a full disk 503 `storage_full`, anything else 500 `internal`
/// with the request id (also logged).
struct ApiRouter {
    let env: Environment

    static let rateWindow: Int64 = 60

    func handle(_ ctx: Context) -> Response {
        do {
            return try route(ctx)
        } catch let error as ApiError {
            return error.response(ctx)
        } catch let error as DatabaseError where error.isBusy {
            env.log.error("database busy: \(error)", requestID: ctx.request.id)
            return ApiError(status: 503, code: "busy", headers: [("Retry-After", "2")]).response(ctx)
        } catch let error as DatabaseError where error.isFull {
            env.log.error("storage full: \(error)", requestID: ctx.request.id)
            return ApiError(status: 503, code: "storage_full").response(ctx)
        } catch let error as FileSystem.Error where error.isDiskFull {
            env.log.error("storage full: \(error)", requestID: ctx.request.id)
            return ApiError(status: 503, code: "storage_full").response(ctx)
        } catch {
            env.log.error("\(ctx.request.method) \(ctx.request.rawPath): \(error)", requestID: ctx.request.id)
            return ApiError(status: 500, code: "internal", params: ["id": ctx.request.id]).response(ctx)
        }
    }

    private func route(_ ctx: Context) throws -> Response {
        let segments = ctx.request.segments
        guard segments.count >= 3, segments[1] == "v1" else { throw ApiError.notFound() }
        let endpoint = try ApiEndpoint.match(method: ctx.request.method, Array(segments.dropFirst(2)))
        guard let scope = endpoint.scope else { return try OpenAPIDocument.response(paths: env.paths) }
        guard let secret = ApiInput.bearer(ctx.request), let key = try ApiKeyStore(db: env.db).authenticate(secret) else {
            throw ApiError(status: 401, code: "unauthorized")
        }
        guard key.scopes.contains(scope) else { throw ApiError(status: 403, code: "forbidden", params: ["scope": scope.rawValue]) }
        let run: () throws -> Response
        switch endpoint {
        case .createTicket:
            // The body is parsed and validated before any write; a valid one is written as an
            // `ApiOpening` (with its count), a refused one is answered after the count below.
            let create = ApiTicketCreate(env: env)
            do {
                let prepared = try create.prepare(ctx)
                return try create.open(prepared, ctx, key: key)
            } catch let refusal as ApiError {
                run = { throw refusal }
            }
        case .listTickets: run = { try ApiTicketList(env: env).handle(ctx) }
        case .ticket(let n): run = { try ApiTicketRead(env: env).handle(ctx, number: n) }
        case .addMessage(let n): run = { try ApiTicketMessage(env: env).handle(ctx, number: n) }
        case .mail: run = { try ApiMailLog(env: env).handle(ctx) }
        case .stats: run = { try ApiStats(env: env).handle(ctx) }
        case .openAPI: run = { try OpenAPIDocument.response(paths: env.paths) }
        }
        if endpoint.writes {
            return try env.db.write { try limited(ctx, key: key, run) }
        }
        return try limited(ctx, key: key, run)
    }

    /// 429 with the seconds left in the key's window.
    static func rateLimited(_ ctx: Context) -> Response {
        let retry = String(rateWindow - ctx.now % rateWindow)
        return ApiError(status: 429, code: "rate_limited", params: ["seconds": retry], headers: [("Retry-After", retry)]).response(ctx)
    }

    /// Counts the request against the key's window, then runs the endpoint. Refusals the
    /// endpoint throws are turned into responses here, so the count still commits.
    private func limited(_ ctx: Context, key: ApiKeyStore.Key, _ run: () throws -> Response) throws -> Response {
        let count = try env.db.write {
            try ApiKeyStore(db: env.db).touch(id: key.id, now: ctx.now)
            return try env.rateLimits.hit(bucket: "api:\(key.id)", window: Self.rateWindow, now: ctx.now)
        }
        if count > ctx.settings.apiRateLimit { return Self.rateLimited(ctx) }
        do {
            return try run()
        } catch let error as ApiError {
            return error.response(ctx)
        }
    }
}
