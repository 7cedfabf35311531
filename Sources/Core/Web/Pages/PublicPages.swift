/// Routes the public side: landing page, new-ticket form, guest lookup, ticket view,
/// reply and attachment download. GET and HEAD read, POST changes; anything else is 405.
struct PublicPages {
    let env: Environment

    func handle(_ route: Route, _ ctx: inout Context) throws -> Response {
        let method = ctx.request.method
        let isRead = method == "GET" || method == "HEAD"
        switch (route, isRead, ctx.request.isPOST) {
        case (.home, true, _): return HomePage.render(ctx)
        case (.newTicket, true, _): return try NewTicketPages(env: env).form(ctx)
        case (.newTicket, _, true): return try NewTicketPages(env: env).submit(&ctx)
        case (.lookup, true, _): return LookupPage.render(ctx, number: "", errorKey: nil, status: 200)
        case (.lookup, _, true): return try GuestPages(env: env).lookup(&ctx)
        case (.ticket(let n), true, _): return try GuestPages(env: env).view(n, &ctx)
        case (.ticketReply(let n), _, true): return try GuestPages(env: env).reply(n, &ctx)
        case (.ticketFile(let n, let id), true, _): return try GuestPages(env: env).file(n, id, ctx)
        default:
            var r = ErrorPage.render(ctx, status: 405, messageKey: "error.method")
            r.setHeader("Allow", "GET, HEAD, POST")
            return r
        }
    }
}

/// The landing page: open a ticket, or look one up.
enum HomePage {
    static func render(_ ctx: Context) -> Response {
        let page = Layout.page(ctx, title: ctx.l.t("home.title")) { h in
            h.el("h1", text: ctx.l.t("home.heading", ["org": ctx.settings.organisationName]))
            h.el("p", .cls("lead"), text: ctx.l.t("home.lead"))
            h.el("div", .cls("cards")) { h in
                h.el("section", .cls("card")) { h in
                    h.el("h2", text: ctx.l.t("home.new.title"))
                    h.el("p", text: ctx.l.t("home.new.text"))
                    h.el("a", .cls("button"), .href(Route.newTicket.path), .id("open-ticket"), text: ctx.l.t("home.new.button"))
                }
                h.el("section", .cls("card")) { h in
                    h.el("h2", text: ctx.l.t("home.lookup.title"))
                    h.el("p", text: ctx.l.t("home.lookup.text"))
                    h.el("a", .cls("button secondary"), .href(Route.lookup.path), .id("check-ticket"), text: ctx.l.t("home.lookup.button"))
                }
            }
        }
        return .html(page)
    }
}
