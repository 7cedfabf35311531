/// The desk's POST handlers for one ticket: rule-checked changes (take, drop, assign,
/// properties, delete, restore, purge), contact edits, and replies or notes. A refused
/// action re-shows the ticket with the rule's reason and status 403; success redirects
/// back (post/redirect/get) with a `done` notice.
struct DeskTicketActions {
    let env: Environment

    private func page(_ d: DeskContext, _ n: TicketNumber) -> DeskTicketPage { DeskTicketPage(env: env) }

    private func refused(_ d: DeskContext, _ n: TicketNumber, _ decision: TicketRules.Decision, draft: ReplyDraft = ReplyDraft()) throws -> Response {
        guard case .denied(let key) = decision else { return .redirect(Route.desk(.ticket(n)).path) }
        if key == "rule.not_found" || key == "rule.not_visible" { return ErrorPage.render(d.ctx, status: 404, messageKey: "error.not_found") }
        return try DeskTicketPage(env: env).render(d, n, notice: d.l.t(key), noticeIsError: true, draft: draft, status: 403)
    }

    private func done(_ n: TicketNumber, _ what: String, anchor: String = "") -> Response {
        .redirect(Route.desk(.ticket(n)).path + "?done=" + what + anchor)
    }

    func action(_ d: inout DeskContext, _ n: TicketNumber, _ f: FormFields) throws -> Response {
        let desk = env.desk, doer = d.doer
        let what = f["do"] ?? ""
        switch what {
        case "claim", "drop", "delete", "restore":
            let change: DeskStore.Change = what == "claim" ? .claim : what == "drop" ? .drop : what == "delete" ? .delete : .restore
            let decision = try desk.apply(change, to: n, by: doer)
            return decision == .allowed ? done(n, what) : try refused(d, n, decision)
        case "assign":
            guard let target = f["operator"].flatMap({ Int64($0) }) else { return try refused(d, n, .denied("rule.bad_value")) }
            let decision = try desk.apply(.assign(target), to: n, by: doer)
            return decision == .allowed ? done(n, what) : try refused(d, n, decision)
        case "purge":
            let decision = try desk.purge(n, by: doer)
            return decision == .allowed ? .redirect(Route.desk(.queue).path + "?done=purge") : try refused(d, n, decision)
        case "update":
            guard let t = try desk.ticket(number: n) else { return ErrorPage.render(d.ctx, status: 404, messageKey: "error.not_found") }
            // Only fields present in the form change; an empty value clears the field.
            let optional = { (name: String) -> Int64? in f[name].flatMap { Int64($0) } }
            var changes: [DeskStore.Change] = []
            if f["priority"] != nil, optional("priority") != t.priorityID { changes.append(.priority(optional("priority"))) }
            if f["group"] != nil, optional("group") != t.groupID { changes.append(.group(optional("group"))) }
            if f["project"] != nil, optional("project") != t.projectID { changes.append(.project(optional("project"))) }
            if let s = optional("status"), s != t.statusID { changes.append(.status(s)) }
            for change in changes {
                let decision = try desk.apply(change, to: n, by: doer)
                if decision != .allowed { return try refused(d, n, decision) }
            }
            return done(n, "update")
        default:
            return try refused(d, n, .denied("rule.bad_value"))
        }
    }

    func contact(_ d: inout DeskContext, _ n: TicketNumber, _ f: FormFields) throws -> Response {
        let c = DeskStore.Contact(name: (f["name"] ?? "").singleLine(), email: (f["email"] ?? "").singleLine(),
                                  phone: (f["phone"] ?? "").singleLine(), address: (f["address"] ?? "").singleLine(),
                                  city: (f["city"] ?? "").singleLine(), country: (f["country"] ?? "").singleLine())
        guard !c.name.isEmpty, c.name.length <= 100, let email = EmailAddress(c.email),
              [c.phone, c.address, c.city, c.country].allSatisfy({ $0.length <= 100 }) else {
            return try DeskTicketPage(env: env).render(d, n, notice: d.l.t("desk.contact_invalid"), noticeIsError: true, status: 422)
        }
        var clean = c
        clean.email = email.value
        let decision = try env.desk.apply(.contact(clean), to: n, by: d.doer)
        return decision == .allowed ? done(n, "contact") : try refused(d, n, decision)
    }

    func reply(_ d: inout DeskContext, _ n: TicketNumber, _ f: FormFields, _ uploads: [UploadedFile]) throws -> Response {
        let mode = f["mode"] ?? "reply"
        var draft = ReplyDraft(body: f["body"] ?? "", format: f["format"] == "html" ? "html" : "text",
                               statusAfter: f["status_after"].flatMap { Int64($0) }, seen: f["seen"].flatMap { Int64($0) })
        if mode == "snippets" {
            draft.snippetQuery = (f["snippet_q"] ?? "").singleLine()
            return try DeskTicketPage(env: env).render(d, n, draft: draft)
        }
        if let snippet = f["snippet_body"] {
            let sep = draft.body.isEmpty ? "" : "\n\n"
            let clean = HTMLSanitizer.sanitize(snippet).value
            draft.body += draft.format == "html" ? sep + clean : sep + HTMLText.plainText(fromHTML: clean)
            return try DeskTicketPage(env: env).render(d, n, draft: draft)
        }
        if mode == "insert" {
            if let id = f["template"].flatMap({ Int64($0) }), let tpl = try ReplyTemplateStore(db: env.db).find(id),
               let t = try env.desk.ticket(number: n) {
                let filled = ReplyTemplateStore.fill(tpl.bodyHTML, ticket: t, operatorName: d.op.displayName, org: d.ctx.settings.organisationName)
                let sep = draft.body.isEmpty ? "" : "\n\n"
                draft.body += draft.format == "html" ? sep + HTMLSanitizer.sanitize(filled).value : sep + HTMLText.plainText(fromHTML: filled)
            }
            return try DeskTicketPage(env: env).render(d, n, draft: draft)
        }
        let files: [IncomingFile]
        switch Uploads.accept(uploads, policy: d.ctx.settings.attachmentPolicy) {
        case .success(let accepted): files = accepted
        case .failure(let problem):
            return try DeskTicketPage(env: env).render(d, n, notice: d.l.t(problem.key, problem.params), noticeIsError: true, draft: draft, status: 422)
        }
        let bodyHTML = draft.format == "html" ? HTMLSanitizer.sanitize(draft.body).value : HTMLText.escapeAsHTML(plain: draft.body.multiLine()).value
        if HTMLText.plainText(fromHTML: bodyHTML).isEmpty && files.isEmpty {
            return try DeskTicketPage(env: env).render(d, n, notice: d.l.t("error.reply_empty"), noticeIsError: true, draft: draft, status: 422)
        }
        let isNote = mode == "note"
        let (placed, withImages) = InlineImages.place(files, in: bodyHTML)
        var html = withImages
        if !isNote, let signature = try env.operators.signature(id: d.op.id), !signature.isEmpty {
            html += "<p>-- </p>" + HTMLSanitizer.sanitize(signature).value
        }
        let reply = DeskStore.Reply(html: html, text: HTMLText.plainText(fromHTML: html), files: placed, isNote: isNote,
                                    statusAfter: draft.statusAfter, seenCustomerMessageID: draft.seen ?? 0, force: f["force"] == "1")
        let base = d.ctx.baseURL, org = d.ctx.settings.organisationName
        let templates = MailTemplateStore(db: env.db, catalogs: env.catalogs)
        let outcome = try env.desk.reply(reply, to: n, by: d.doer) { t, _ in
            guard let to = EmailAddress(t.customerEmail),
                  let template = try? templates.text("reply", language: t.language) else { return nil }
            return ReplyMail.make(template: template, ticket: t, to: to, text: reply.text, html: html,
                                  link: base + Route.ticket(t.number).path, org: org)
        }
        switch outcome {
        case .stored(let id):
            return done(n, isNote ? "note" : "reply", anchor: "#m\(id)")
        case .denied(let key):
            return try refused(d, n, .denied(key), draft: draft)
        case .customerWroteMeanwhile(let latest):
            draft.warnNewMessage = true
            draft.seen = latest
            return try DeskTicketPage(env: env).render(d, n, draft: draft, status: 409)
        }
    }
}
