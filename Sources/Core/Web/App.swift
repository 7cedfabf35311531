/// The request dispatcher: picks the route, enforces who may enter the area, runs the
/// handler, and turns failures into pages — a busy database into 503, a full disk into
/// a clear 503, anything else into 500 with the request id also written to the log.
/// Every response leaves with the security headers.
public final class App {
    public let env: Environment

    public init(env: Environment) { self.env = env }

    public func handle(_ request: Request) -> Response {
        var response: Response
        let now = env.clock()
        let settings: Settings
        do {
            settings = try env.currentSettings()
        } catch {
            env.log.error("cannot read settings: \(error)", requestID: request.id)
            settings = Settings()
        }
        env.reloadCatalogsIfChanged(settings: settings)
        var ctx = Context(request: request, settings: settings, catalogs: env.catalogs, now: now)
        if Route.area(ofFirstSegment: request.segments.first) == .api {
            // JSON only, no cookies, errors as JSON (see ApiRouter).
            response = ApiRouter(env: env).handle(ctx)
            SecurityHeaders.apply(to: &response)
            return response
        }
        do {
            response = try dispatch(&ctx)
        } catch let error as DatabaseError where error.isBusy {
            env.log.error("database busy: \(error)", requestID: request.id)
            response = ErrorPage.render(ctx, status: 503, messageKey: "error.busy")
            response.setHeader("Retry-After", "2")
        } catch let error as DatabaseError where error.isFull {
            env.log.error("storage full: \(error)", requestID: request.id)
            response = ErrorPage.render(ctx, status: 503, messageKey: "error.storage")
        } catch let error as FileSystem.Error where error.isDiskFull {
            env.log.error("storage full: \(error)", requestID: request.id)
            response = ErrorPage.render(ctx, status: 503, messageKey: "error.storage")
        } catch let error as AtomicFile.Failure where error.isDiskFull {
            env.log.error("storage full: \(error)", requestID: request.id)
            response = ErrorPage.render(ctx, status: 503, messageKey: "error.storage")
        } catch let error as DatabaseError where error.isConstraint {
            // A value the checks let through but the schema refuses: the request is bad,
            // the server is fine. Logged, since it means a check is missing.
            env.log.error("constraint: \(error)", requestID: request.id)
            response = ErrorPage.render(ctx, status: 422, messageKey: "error.bad_form")
        } catch {
            env.log.error("\(request.method) \(request.rawPath): \(error)", requestID: request.id)
            response = ErrorPage.render(ctx, status: 500, messageKey: "error.internal")
        }
        response = ctx.finish(response)
        SecurityHeaders.apply(to: &response)
        return response
    }

    private func dispatch(_ ctx: inout Context) throws -> Response {
        let request = ctx.request
        // Who may enter is decided by the first path segment, before the route is parsed,
        // so a refused visitor cannot tell which pages exist behind /desk/ or /admin/.
        let area = Route.area(ofFirstSegment: request.segments.first)
        var op: OperatorStore.Operator?
        if area == .desk || area == .admin {
            guard let user = request.remoteUser else {
                return ErrorPage.render(ctx, status: 403, messageKey: "error.no_server_auth")
            }
            guard let found = try env.operators.find(username: user), found.active else {
                return ErrorPage.render(ctx, status: 403, messageKey: "error.unknown_operator", params: ["user": user])
            }
            if area == .admin && found.role != .admin {
                return ErrorPage.render(ctx, status: 403, messageKey: "error.admin_only")
            }
            op = found
        }
        guard let route = Route.parse(request.segments) else {
            return ErrorPage.render(ctx, status: 404, messageKey: "error.not_found")
        }
        switch route.area {
        case .desk, .admin:
            return try DeskRouter(env: env).handle(route, &ctx, operator: op!)
        case .api:
            return ApiRouter(env: env).handle(ctx)
        case .publicSite:
            return try PublicPages(env: env).handle(route, &ctx)
        }
    }
}
