/// `/admin/quarantine`: inbound mail that could not be imported (no sender, too large, a
/// processing error), kept with its raw file. Admins can download the raw message (as a
/// text/plain attachment, never rendered), process it again (after raising a limit, say),
/// or discard it (the row stays as 'ignored' so a re-fetch never imports it).
/// Re-process and discard are POSTs (CSRF-checked by the desk router) and audit-logged.
struct QuarantineAdmin {
    let env: Environment

    func list(_ d: DeskContext) throws -> Response {
        let l = d.l, rows = try InboundMailStore(db: env.db).quarantined()
        return d.page(l.t("admin.quarantine")) { h in
            h.el("h1", text: l.t("admin.quarantine"))
            AdminParts.notice(&h, d)
            h.el("p", .cls("hint"), text: l.t("quarantine.hint"))
            if rows.isEmpty { h.el("p", .id("quarantine-empty"), text: l.t("quarantine.empty")); return }
            h.el("table", .cls("queue"), .id("quarantine")) { h in
                h.el("thead") { h in
                    h.el("tr") { h in
                        for key in ["admin.when", "admin.from", "form.subject", "quarantine.reason", "admin.action"] { h.el("th", text: l.t(key)) }
                    }
                }
                h.el("tbody") { h in
                    for r in rows { row(&h, d, r) }
                }
            }
        }
    }

    private func row(_ h: inout HTML, _ d: DeskContext, _ r: InboundMailStore.Record) {
        let l = d.l, path = Route.admin(.item("quarantine", r.id)).path
        h.el("tr", .id("q\(r.id)")) { h in
            h.el("td") { h in h.el("time", Attr("datetime", TimeFormat.iso(r.receivedAt)), text: TimeFormat.display(r.receivedAt)) }
            h.el("td", text: r.from)
            h.el("td", text: r.subject)
            h.el("td", .cls("reason"), text: Self.reason(r.error, l))
            h.el("td") { h in
                h.el("a", .href(path), .cls("button"), text: l.t("quarantine.download") + " (" + ByteSize.display(r.size) + ")")
                h.el("form", Attr("method", "post"), Attr("action", path), .cls("inline")) { h in
                    FormParts.csrf(&h, d.ctx)
                    AdminParts.submit(&h, l.t("quarantine.reprocess"), id: "reprocess-\(r.id)", value: "reprocess")
                    AdminParts.submit(&h, l.t("quarantine.discard"), id: "discard-\(r.id)", value: "discard", danger: true)
                }
            }
        }
    }

    /// `code` or `code: detail`, with the code translated when the catalog knows it.
    static func reason(_ stored: String, _ l: Localizer) -> String {
        let code = String(stored.prefix { $0 != ":" })
        guard l.has("quarantine.reason." + code) else { return stored }
        let detail = stored.dropFirst(code.count)
        return l.t("quarantine.reason." + code) + detail
    }

    func download(_ d: DeskContext, id: Int64) throws -> Response {
        guard let r = try InboundMailStore(db: env.db).find(id: id), let bytes = try? env.rawMailFiles.read(sha256: r.sha256) else {
            return ErrorPage.render(d.ctx, status: 404, messageKey: "error.not_found")
        }
        return Download.response(bytes: bytes, filename: "quarantine-\(id).eml.txt", contentType: "text/plain")
    }

    func post(_ d: DeskContext, id: Int64, _ f: FormFields) throws -> Response {
        let list = Route.admin(.section("quarantine")).path
        guard let r = try InboundMailStore(db: env.db).find(id: id), r.status == "quarantined" else {
            return ErrorPage.render(d.ctx, status: 404, messageKey: "error.not_found")
        }
        let done: String
        switch f["do"] {
        case "discard":
            _ = try InboundMailStore(db: env.db).discard(id: id)
            done = "quarantine_discarded"
        case "reprocess":
            let outcome = try InboundMailProcessor(env: env).reprocess(inboundID: id)
            if case .quarantined = outcome { done = "quarantine_still" } else { done = "quarantine_reprocessed" }
        default:
            return ErrorPage.render(d.ctx, status: 400, messageKey: "error.bad_form")
        }
        try env.audit.record(at: d.ctx.now, operatorID: d.op.id, actor: d.op.username, action: done,
                             before: r.from + " — " + r.subject, after: String(id), ip: d.ctx.request.remoteAddr)
        return .redirect(list + "?done=" + done)
    }
}
