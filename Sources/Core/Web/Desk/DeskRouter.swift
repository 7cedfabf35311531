/// Dispatches `/desk/…` and `/admin/…` once the operator is known. Reads are
/// GET/HEAD; every POST checks the CSRF token before anything else.
struct DeskRouter {
    let env: Environment

    func handle(_ route: Route, _ ctx: inout Context, operator op: OperatorStore.Operator) throws -> Response {
        ctx.useOperatorLanguage(op.language, catalogs: env.catalogs)
        var d = DeskContext(ctx: ctx, op: op, actor: try env.desk.actor(op))
        let options = try env.deskOptions(ctx.l)
        d.names["status"] = Dictionary(options.statuses.map { ($0.code, $0.name) }) { a, _ in a }
        d.names["priority"] = Dictionary(options.priorities.map { ($0.code, $0.name) }) { a, _ in a }
        defer { ctx = d.ctx }
        let isRead = ctx.request.method == "GET" || ctx.request.method == "HEAD"
        if ctx.request.isPOST {
            guard let form = try? ctx.request.form(), ctx.verifiedCSRF(form.fields) != nil else {
                return ErrorPage.render(ctx, status: 422, messageKey: "error.csrf")
            }
            return try post(route, &d, form.fields, form.files)
        }
        guard isRead else { return ErrorPage.render(ctx, status: 405, messageKey: "error.method") }
        switch route {
        case .desk(.home): return try DashboardPage(env: env).render(d)
        case .desk(.queue): return try QueuePage(env: env).render(d)
        case .desk(.newTicket): return try DeskNewTicket(env: env).form(d, input: NewTicketInput(), errors: [:], status: 200)
        case .desk(.snippets): return SnippetPanel.fragment(env: env, d)
        case .desk(.preferences): return try PreferencesPage(env: env).form(d)
        case .desk(.search): return try SearchPage(env: env).render(d)
        case .desk(.stats): return try StatsPage(env: env).render(d, scope: .own)
        case .desk(.ticket(let n)): return try DeskTicketPage(env: env).render(d, n)
        case .desk(.preview(let n)): return try DeskTicketPage(env: env).preview(d, n)
        case .desk(.file(let n, let id)): return try DeskTicketPage(env: env).file(d, n, id)
        case .desk(.original(let n, let id)): return try DeskTicketPage(env: env).original(d, n, id)
        case .admin(let a): return try AdminRouter(env: env).get(a, d)
        default: return ErrorPage.render(ctx, status: 405, messageKey: "error.method")
        }
    }

    private func post(_ route: Route, _ d: inout DeskContext, _ fields: FormFields, _ files: [UploadedFile]) throws -> Response {
        switch route {
        case .desk(.action(let n)): return try DeskTicketActions(env: env).action(&d, n, fields)
        case .desk(.contact(let n)): return try DeskTicketActions(env: env).contact(&d, n, fields)
        case .desk(.reply(let n)): return try DeskTicketActions(env: env).reply(&d, n, fields, files)
        case .desk(.newTicket): return try DeskNewTicket(env: env).submit(&d, fields, files)
        case .desk(.preferences): return try PreferencesPage(env: env).save(d, fields)
        case .admin(let a): return try AdminRouter(env: env).post(a, &d, fields)
        default: return ErrorPage.render(d.ctx, status: 405, messageKey: "error.method")
        }
    }
}
