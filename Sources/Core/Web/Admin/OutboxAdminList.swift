/// The outbox mail that has not gone out, on the mail page: failed mail first (with the
/// server's last answer and a retry button), then mail waiting for a retry. Retrying
/// puts a failed mail back in the queue for the next `mail send` and is audit-logged.
///
/// Edge cases: at most 100 rows are listed; a confirmation whose access code was already
/// erased cannot be retried (the page says so); an id that is not a failed row (sent
/// meanwhile, or made up) gives the "not possible" notice, not an error page.
struct OutboxAdminList {
    let env: Environment

    static func render(_ h: inout HTML, _ d: DeskContext, _ rows: [OutboxStore.Problem]) {
        let l = d.l
        h.el("h2", .id("outbox"), text: l.t("admin.outbox"))
        guard !rows.isEmpty else {
            h.el("p", .id("outbox-empty"), text: l.t("admin.outbox.empty"))
            return
        }
        h.el("table", .cls("list"), .id("outbox-table")) { h in
            h.el("thead") { h in
                h.el("tr") { h in
                    for key in ["admin.outbox.to", "admin.outbox.subject", "admin.outbox.status", "admin.outbox.answer", "admin.outbox.action"] {
                        h.el("th", text: l.t(key))
                    }
                }
            }
            h.el("tbody") { h in
                for row in rows {
                    h.el("tr", .id("outbox-\(row.id)")) { h in
                        h.el("td", text: row.to)
                        h.el("td", text: row.subject)
                        h.el("td", text: row.status == "failed" ? l.t("admin.outbox.failed", ["attempts": String(row.attempts)])
                                                                : l.t("admin.outbox.queued", ["when": TimeFormat.iso(row.nextAttemptAt)]))
                        h.el("td", .cls("server-answer"), text: row.lastError)
                        h.el("td") { h in
                            if row.status == "failed" {
                                h.el("form", Attr("method", "post"), Attr("action", MailAdmin.path)) { h in
                                    FormParts.csrf(&h, d.ctx)
                                    AdminParts.hidden(&h, "id", String(row.id))
                                    AdminParts.submit(&h, l.t("admin.outbox.retry"), id: "retry-\(row.id)", value: "retry")
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    func retry(_ d: DeskContext, id: Int64?) throws -> Response {
        guard let id else { return .redirect(MailAdmin.path + "?done=retry_impossible#outbox") }
        let result = try OutboxStore(db: env.db).retry(id: id, now: d.ctx.now)
        switch result {
        case .queued:
            try env.db.write {
                try env.audit.record(at: d.ctx.now, operatorID: d.op.id, actor: d.op.username, action: "outbox_retry",
                                     before: "outbox #\(id) failed", after: "outbox #\(id) queued", ip: d.ctx.request.remoteAddr)
            }
            return .redirect(MailAdmin.path + "?done=retry_queued#outbox")
        case .noSecret: return .redirect(MailAdmin.path + "?done=retry_no_code#outbox")
        case .notFailed: return .redirect(MailAdmin.path + "?done=retry_impossible#outbox")
        }
    }
}
