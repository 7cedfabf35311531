/// An operator opens a ticket on behalf of a customer (phone call, walk-in). Same
/// validation and the same confirmation mail with the access code as the public form,
/// no spam guards; the operator picks the customer's language and may take the ticket.
struct DeskNewTicket {
    let env: Environment

    func form(_ d: DeskContext, input: NewTicketInput, errors: NewTicketInput.Errors, status: Int,
              language: String? = nil, take: Bool = true) throws -> Response {
        let l = d.l
        let groups = try env.desk.groups(), projects = try env.desk.projects()
        func err(_ f: NewTicketInput.Field) -> String? { errors[f].map { l.t($0) } }
        return d.page(l.t("desk.new_ticket"), status: status) { h in
            h.el("h1", text: l.t("desk.new_ticket"))
            FormParts.formError(&h, d.ctx, errors.isEmpty ? nil : "error.fix_fields")
            h.el("form", .id("desk-new-ticket"), Attr("method", "post"), Attr("action", Route.desk(.newTicket).path),
                 Attr("enctype", "multipart/form-data"), .cls("stacked")) { h in
                FormParts.csrf(&h, d.ctx)
                for (field, type, max) in [(NewTicketInput.Field.name, "text", 100), (.email, "email", 254), (.phone, "tel", 30),
                                           (.city, "text", 100), (.country, "text", 100), (.subject, "text", 200)] {
                    FormParts.textInput(&h, d.ctx, name: field.rawValue, label: l.t("form." + field.rawValue), value: input.value(field),
                                        required: field.isMandatory, error: err(field), type: type, maxLength: max)
                }
                for (name, options, selected) in [("group", groups, input.groupID), ("project", projects, input.projectID)] where !options.isEmpty {
                    h.el("div", .cls("field")) { h in
                        h.el("label", .forID("f-" + name), text: l.t("form." + name))
                        h.el("select", .id("f-" + name), .name(name)) { h in
                            h.el("option", .value(""), text: "—")
                            for o in options { h.el("option", .value(String(o.id)), .flag("selected", if: o.id == selected), text: o.name) }
                        }
                    }
                }
                h.el("div", .cls("field")) { h in
                    h.el("label", .forID("f-language"), text: l.t("desk.customer_language"))
                    h.el("select", .id("f-language"), .name("language")) { h in
                        for (code, name) in d.ctx.languages {
                            h.el("option", .value(code), .flag("selected", if: code == (language ?? d.ctx.settings.defaultLanguage)), text: name)
                        }
                    }
                }
                FormParts.field(&h, d.ctx, name: "message", label: l.t("form.message"), required: true, error: err(.message)) { h, id, _ in
                    h.el("textarea", .id(id), .name("message"), Attr("rows", "8"), text: input.message)
                }
                FormParts.fileInput(&h, d.ctx, error: err(.files))
                h.el("label", .cls("check")) { h in
                    h.void("input", .type("checkbox"), .name("take"), .value("1"), .flag("checked", if: take))
                    h.text(" " + l.t("desk.take_it"))
                }
                h.el("p", .cls("actions")) { h in h.el("button", .type("submit"), .cls("button"), text: l.t("desk.create")) }
            }
        }
    }

    func submit(_ d: inout DeskContext, _ f: FormFields, _ uploads: [UploadedFile]) throws -> Response {
        var input = NewTicketInput()
        input.name = f["name"] ?? ""; input.email = f["email"] ?? ""; input.phone = f["phone"] ?? ""
        input.city = f["city"] ?? ""; input.country = f["country"] ?? ""; input.subject = f["subject"] ?? ""
        input.message = f["message"] ?? ""
        input.groupID = f["group"].flatMap { Int64($0) }
        input.projectID = f["project"].flatMap { Int64($0) }
        input.clean()
        let language = f["language"].flatMap { env.catalogs.files[$0] == nil ? nil : $0 } ?? d.ctx.settings.defaultLanguage
        let take = f["take"] == "1"
        var errors = input.validate()
        if let g = input.groupID, try !env.desk.groups().contains(where: { $0.id == g }) { errors[.group] = "error.choice" }
        if let p = input.projectID, try !env.desk.projects().contains(where: { $0.id == p }) { errors[.project] = "error.choice" }
        var files: [IncomingFile] = []
        switch Uploads.accept(uploads, policy: d.ctx.settings.attachmentPolicy) {
        case .success(let accepted): files = accepted
        case .failure(let problem): errors[.files] = problem.key
        }
        guard errors.isEmpty, let email = EmailAddress(input.email) else {
            return try form(d, input: input, errors: errors, status: 422, language: language, take: take)
        }
        let new = TicketStore.NewTicket(input: input, email: email, files: files, clientIP: d.ctx.request.remoteAddr,
                                        language: language, source: "desk")
        let subject = input.subject
        let notices = try OperatorNotices.newTicket(env: env, ctx: d.ctx, input: input, except: d.op.id)
        let opened = try env.tickets.open(new, now: d.ctx.now,
                                          confirmation: try ConfirmationMail.builder(env: env, ctx: d.ctx, input: input, email: email,
                                                                                     language: language),
                                          notices: notices)
        try env.db.write {
            try env.audit.record(at: d.ctx.now, operatorID: d.op.id, actor: d.op.username, action: "create", ticketID: opened.id,
                                 ticketNumber: opened.number.value, after: subject, ip: d.ctx.request.remoteAddr)
        }
        if take { _ = try env.desk.apply(.claim, to: opened.number, by: d.doer) }
        return .redirect(Route.desk(.ticket(opened.number)).path + "?done=create")
    }
}
