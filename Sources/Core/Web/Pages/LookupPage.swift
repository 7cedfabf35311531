/// The "check your ticket" form: ticket number and access code.
enum LookupPage {
    static func render(_ ctx: Context, number: String, errorKey: String?, status: Int) -> Response {
        let l = ctx.l
        let page = Layout.page(ctx, title: l.t("lookup.title")) { h in
            h.el("h1", text: l.t("lookup.title"))
            h.el("p", .cls("lead"), text: l.t("lookup.lead"))
            if let errorKey { h.el("p", .cls("error"), .id("lookup-error"), Attr("role", "alert"), text: l.t(errorKey)) }
            h.el("form", .id("lookup"), Attr("method", "post"), Attr("action", Route.lookup.path), .cls("stacked narrow")) { h in
                FormParts.csrf(&h, ctx)
                FormParts.textInput(&h, ctx, name: "number", label: l.t("form.ticket_number"), value: number, required: true,
                                    error: nil, autocomplete: "off", maxLength: 20)
                FormParts.textInput(&h, ctx, name: "code", label: l.t("form.access_code"), value: "", required: true,
                                    error: nil, autocomplete: "off", maxLength: 64)
                h.el("p", .cls("actions")) { h in h.el("button", .type("submit"), .cls("button"), text: l.t("lookup.submit")) }
            }
        }
        return .html(page, status: status)
    }
}
