/// The operator's ticket page: header with holder and status, the action bar (take,
/// drop, assign, delete…) showing only what the rules allow, properties, contact data,
/// the timeline (customer messages, replies, internal notes, system events), and the
/// reply editor. Also the small preview fragment the queue shows and file downloads.
struct DeskTicketPage {
    let env: Environment

    struct Loaded {
        let ticket: DeskStore.Ticket
        let facts: TicketRules.Facts
    }

    func load(_ d: DeskContext, _ n: TicketNumber) throws -> Loaded? {
        guard let t = try env.desk.ticket(number: n), let facts = try env.desk.facts(ticketID: t.id),
              TicketRules.check(.view, by: d.actor, on: facts) == .allowed else { return nil }
        return Loaded(ticket: t, facts: facts)
    }

    func notFound(_ d: DeskContext) -> Response { ErrorPage.render(d.ctx, status: 404, messageKey: "error.not_found") }

    func render(_ d: DeskContext, _ n: TicketNumber, notice: String? = nil, noticeIsError: Bool = false,
                draft: ReplyDraft = ReplyDraft(), status: Int = 200) throws -> Response {
        guard let loaded = try load(d, n) else { return notFound(d) }
        let t = loaded.ticket, l = d.l
        var notice = notice
        if notice == nil, let done = d.ctx.request.query["done"], l.has("desk.done." + done) { notice = l.t("desk.done." + done) }
        let timeline = try env.desk.timeline(ticketID: t.id)
        let statuses = try env.desk.statuses(localizer: l)
        return d.page(t.subject, status: status) { h in
            h.el("div", .cls("ticket-head")) { h in
                h.el("h1", .id("ticket-subject"), text: t.subject)
                h.el("p", .cls("ticket-line")) { h in
                    h.el("span", .cls("ticket-number"), .id("ticket-number"), text: "#" + t.number.value)
                    h.text(" ")
                    h.el("span", .id("ticket-status"), .cls(t.statusIsOpen ? "status status-open" : "status status-closed"),
                         text: d.label("status", t.statusCode))
                    h.text(" ")
                    h.el("span", .id("ticket-holder"), text: t.holderName.map { l.t("desk.held_by", ["name": $0]) } ?? l.t("desk.unassigned"))
                    if t.deletedAt != nil { h.el("strong", .cls("error"), .id("ticket-deleted"), text: " " + l.t("desk.deleted")) }
                }
            }
            if let notice {
                h.el("p", .cls(noticeIsError ? "form-error" : "notice success"), .id(noticeIsError ? "error-form" : "notice"),
                     Attr("role", noticeIsError ? "alert" : "status"), text: notice)
            }
            actionBar(&h, d, loaded)
            h.el("div", .cls("ticket-layout")) { h in
                h.el("div", .cls("ticket-main")) { h in
                    h.el("section", .cls("conversation"), .id("timeline")) { h in
                        for item in timeline { DeskTimeline.item(&h, d, t, item) }
                    }
                    if t.deletedAt == nil {
                        DeskReplyForm.render(&h, d, env: env, ticket: t, statuses: statuses, draft: draft)
                    }
                }
                h.el("aside", .cls("ticket-side")) { h in
                    DeskTicketSide.properties(&h, d, env: env, ticket: t, statuses: statuses)
                    DeskTicketSide.contact(&h, d, ticket: t)
                }
            }
        }
    }

    private func actionBar(_ h: inout HTML, _ d: DeskContext, _ loaded: Loaded) {
        let t = loaded.ticket, l = d.l
        func allowed(_ a: TicketRules.Action) -> Bool { TicketRules.check(a, by: d.actor, on: loaded.facts) == .allowed }
        let operators = (try? env.desk.operators()) ?? []
        h.el("div", .cls("action-bar"), .id("actions")) { h in
            func button(_ action: String, _ label: String, danger: Bool = false) {
                h.el("form", Attr("method", "post"), Attr("action", Route.desk(.action(t.number)).path), .cls("inline")) { h in
                    FormParts.csrf(&h, d.ctx)
                    h.void("input", .type("hidden"), .name("do"), .value(action))
                    h.el("button", .type("submit"), .cls(danger ? "button danger" : "button secondary"), .id("do-" + action), text: label)
                }
            }
            if allowed(.claim) { button("claim", l.t("desk.claim")) }
            if allowed(.drop) { button("drop", l.t("desk.drop")) }
            let targets = operators.filter { allowed(.assign(to: $0.id)) }
            if !targets.isEmpty && (t.holderID == d.op.id || d.actor.isAdmin) {
                h.el("form", Attr("method", "post"), Attr("action", Route.desk(.action(t.number)).path), .cls("inline"), .id("assign-form")) { h in
                    FormParts.csrf(&h, d.ctx)
                    h.void("input", .type("hidden"), .name("do"), .value("assign"))
                    h.el("label", .forID("assign-to"), .cls("visually-hidden"), text: l.t("desk.assign_to"))
                    h.el("select", .id("assign-to"), .name("operator")) { h in
                        for o in targets { h.el("option", .value(String(o.id)), text: o.name) }
                    }
                    h.el("button", .type("submit"), .cls("button secondary"), .id("do-assign"), text: l.t("desk.assign"))
                }
            }
            if allowed(.delete) { button("delete", l.t("desk.delete"), danger: true) }
            if allowed(.restore) { button("restore", l.t("desk.restore")) }
            if allowed(.purge) { button("purge", l.t("desk.purge"), danger: true) }
        }
    }

    /// The last three messages, for the queue's preview panel.
    func preview(_ d: DeskContext, _ n: TicketNumber) throws -> Response {
        guard let loaded = try load(d, n) else { return notFound(d) }
        let messages = try env.desk.timeline(ticketID: loaded.ticket.id).compactMap { item -> DeskStore.DeskMessage? in
            if case .message(let m) = item, m.kind != .event { return m }
            return nil
        }.suffix(3)
        var h = HTML()
        h.el("div", .cls("preview-body"), Attr("data-number", n.value)) { h in
            h.el("h2") { h in h.el("a", .href(Route.desk(.ticket(n)).path), text: "#" + n.value + " " + loaded.ticket.subject) }
            for m in messages {
                h.el("article", .cls("message message-" + m.kind.rawValue)) { h in
                    h.el("header") { h in
                        h.el("strong", text: m.authorName)
                        h.el("time", text: TimeFormat.display(m.createdAt))
                    }
                    h.el("div", .cls("message-body"), text: String(m.bodyText.prefix(600)))
                }
            }
        }
        var r = Response(status: 200, body: h.bytes)
        r.setHeader("Cache-Control", "no-store")
        return r
    }

    func file(_ d: DeskContext, _ n: TicketNumber, _ id: Int64) throws -> Response {
        guard let loaded = try load(d, n),
              let a = try env.tickets.attachments(ticketID: loaded.ticket.id).first(where: { $0.id == id }) else { return notFound(d) }
        let bytes = try AttachmentFiles(directory: env.paths.attachments).read(sha256: a.sha256)
        return Download.response(bytes: bytes, filename: a.filename, contentType: a.contentType)
    }
}

/// What the operator was writing, kept when the page is shown again.
struct ReplyDraft {
    var body = ""
    var format = "text"
    var statusAfter: Int64?
    var seen: Int64?
    var warnNewMessage = false
    /// Set when the snippet search was submitted without the script.
    var snippetQuery: String?
}
