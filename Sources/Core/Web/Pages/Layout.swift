/// The page shell shared by every HTML page: head (viewport, stylesheet, deferred
/// script), a header with the organisation's name and the language switcher, the main
/// content, a footer. The switcher links keep the current path and set `?lang=`.
enum Layout {
    static func page(_ ctx: Context, title: String, desk op: OperatorStore.Operator? = nil, content: (inout HTML) -> Void) -> HTML {
        var h = HTML()
        h.doctype()
        h.el("html", Attr("lang", ctx.l.language)) { h in
            h.el("head") { h in
                h.void("meta", Attr("charset", "utf-8"))
                h.void("meta", .name("viewport"), Attr("content", "width=device-width, initial-scale=1"))
                h.void("meta", .name("robots"), Attr("content", "noindex"))
                h.el("title", text: title + " · " + ctx.settings.organisationName)
                h.void("link", Attr("rel", "stylesheet"), .href("/static/taquilla.css"))
                h.void("link", Attr("rel", "icon"), Attr("type", "image/svg+xml"), .href("/static/favicon.svg"))
                h.el("script", Attr("src", "/static/taquilla.js"), .flag("defer"), text: "")
            }
            h.el("body") { h in
                h.el("header", .cls("site")) { h in
                    h.el("a", .cls("brand"), .href(op == nil ? "/" : Route.desk(.home).path), text: ctx.settings.organisationName)
                    if let op { deskNavigation(&h, ctx, op) }
                    h.el("nav", .cls("lang-switch"), Attr("aria-label", ctx.l.t("nav.language"))) { h in
                        for (code, name) in ctx.languages {
                            h.el("a", .href("?lang=" + code), Attr("hreflang", code), Attr("lang", code),
                                 code == ctx.l.language ? Attr("aria-current", "true") : nil, text: name)
                        }
                    }
                }
                h.el("main", .id("main"), content: content)
                h.el("footer", .cls("site")) { h in
                    h.el("p", text: ctx.l.t("footer.powered"))
                }
            }
        }
        return h
    }

    /// The operator's menu: dashboard, queue, new ticket, administration for admins.
    static func deskNavigation(_ h: inout HTML, _ ctx: Context, _ op: OperatorStore.Operator) {
        h.el("nav", .cls("desk-nav"), Attr("aria-label", ctx.l.t("desk.menu"))) { h in
            h.el("a", .href(Route.desk(.home).path), text: ctx.l.t("desk.dashboard"))
            h.el("a", .href(Route.desk(.queue).path), text: ctx.l.t("desk.tickets"))
            h.el("a", .href(Route.desk(.search).path), text: ctx.l.t("desk.search"))
            h.el("a", .href(Route.desk(.newTicket).path), text: ctx.l.t("desk.new_ticket"))
            h.el("a", .href(Route.desk(.stats).path), .id("nav-stats"), text: ctx.l.t("desk.stats"))
            if op.role == .admin { h.el("a", .href(Route.admin(.home).path), text: ctx.l.t("admin.title")) }
            h.el("a", .cls("who"), .id("operator-name"), .href(Route.desk(.preferences).path), Attr("title", ctx.l.t("desk.preferences")),
                 text: op.displayName)
        }
    }
}
