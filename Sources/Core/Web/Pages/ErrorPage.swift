/// A localized error page with the status's explanation and a way back home.
enum ErrorPage {
    static func render(_ ctx: Context, status: Int, messageKey: String, params: [String: String] = [:]) -> Response {
        let title = ctx.l.t("error.title.\(status)")
        let page = Layout.page(ctx, title: title) { h in
            h.el("h1", text: title)
            h.el("p", .cls("error"), .id("error-message"), text: ctx.l.t(messageKey, params))
            if status >= 500 {
                h.el("p", .cls("muted"), text: ctx.l.t("error.request_id", ["id": ctx.request.id]))
            }
            h.el("p") { h in h.el("a", .href("/"), text: ctx.l.t("nav.home")) }
        }
        return .html(page, status: status)
    }
}
