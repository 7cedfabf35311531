/// The new-ticket form and its submission. Checks run in this order: body parses, CSRF
/// token valid for this browser, honeypot empty, not faster than `form_min_seconds`,
/// per-IP rate limit, then the fields. Any failure re-shows the form with every value
/// kept; success shows the number and the access code once and opens a guest session.
struct NewTicketPages {
    let env: Environment
    static let rateWindow: Int64 = 3600

    func form(_ ctx: Context) throws -> Response {
        try render(ctx, input: NewTicketInput(), errors: [:], formError: nil, status: 200)
    }

    func submit(_ ctx: inout Context) throws -> Response {
        let parsed: (fields: FormFields, files: [UploadedFile])
        do {
            parsed = try ctx.request.form()
        } catch {
            return try render(ctx, input: NewTicketInput(), errors: [:], formError: "error.bad_form", status: 400)
        }
        let f = parsed.fields
        var input = NewTicketInput()
        input.name = f["name"] ?? ""
        input.email = f["email"] ?? ""
        input.phone = f["phone"] ?? ""
        input.city = f["city"] ?? ""
        input.country = f["country"] ?? ""
        input.subject = f["subject"] ?? ""
        input.message = f["message"] ?? ""
        input.groupID = f["group"].flatMap { Int64($0) }
        input.projectID = f["project"].flatMap { Int64($0) }
        input.clean()

        guard let issuedAt = ctx.verifiedCSRF(f) else {
            return try render(ctx, input: input, errors: [:], formError: "error.csrf", status: 422)
        }
        if !(f["website"] ?? "").isEmpty {
            return try render(ctx, input: input, errors: [:], formError: "error.spam", status: 422)
        }
        if ctx.now - issuedAt < Int64(ctx.settings.formMinSeconds) {
            return try render(ctx, input: input, errors: [:], formError: "error.too_fast", status: 422)
        }
        let bucket = "ticket:" + ctx.request.remoteAddr
        if try env.rateLimits.isLimited(bucket: bucket, limit: ctx.settings.ticketRateLimit, window: Self.rateWindow, now: ctx.now) {
            var r = try render(ctx, input: input, errors: [:], formError: "error.rate_limited", status: 429)
            r.setHeader("Retry-After", String(Self.rateWindow - ctx.now % Self.rateWindow))
            return r
        }

        var errors = input.validate()
        let groups = try env.reference.publicGroups(), projects = try env.reference.publicProjects()
        if let g = input.groupID, !groups.contains(where: { $0.id == g }) { errors[.group] = "error.choice" }
        if let p = input.projectID, !projects.contains(where: { $0.id == p }) { errors[.project] = "error.choice" }
        var files: [IncomingFile] = []
        var fileProblem: Uploads.Problem?
        switch Uploads.accept(parsed.files, policy: ctx.settings.attachmentPolicy) {
        case .success(let accepted): files = accepted
        case .failure(let problem): fileProblem = problem; errors[.files] = problem.key
        }
        guard errors.isEmpty, let email = EmailAddress(input.email) else {
            return try render(ctx, input: input, errors: errors, formError: "error.fix_fields", status: 422,
                              fileParams: fileProblem?.params ?? [:])
        }

        let new = TicketStore.NewTicket(input: input, email: email, files: files, clientIP: ctx.request.remoteAddr,
                                        language: ctx.l.language, source: "web")
        let notices = try OperatorNotices.newTicket(env: env, ctx: ctx, input: input, except: nil)
        let confirmationMail = try ConfirmationMail.builder(env: env, ctx: ctx, input: input, email: email, language: ctx.l.language)
        // The ticket and the rate-limit count it uses are one transaction: an error page
        // must mean nothing was saved, or the retry it asks for opens the ticket twice.
        // The limit is checked again inside the transaction: the early check above saves
        // work, this one makes a parallel burst unable to pass it together.
        guard let opened = try env.rateLimits.guarded(bucket: bucket, limit: ctx.settings.ticketRateLimit, window: Self.rateWindow,
                                                      now: ctx.now, {
            (try env.tickets.open(new, now: ctx.now, confirmation: confirmationMail, notices: notices), true)
        }) else {
            var r = try render(ctx, input: input, errors: [:], formError: "error.rate_limited", status: 429)
            r.setHeader("Retry-After", String(Self.rateWindow - ctx.now % Self.rateWindow))
            return r
        }
        GuestPages.startSession(&ctx, number: opened.number, accessHash: opened.accessHash)
        return confirmation(ctx, opened: opened, email: email)
    }

    private func confirmation(_ ctx: Context, opened: TicketStore.Opened, email: EmailAddress) -> Response {
        let page = Layout.page(ctx, title: ctx.l.t("confirm.title")) { h in
            h.el("h1", text: ctx.l.t("confirm.title"))
            h.el("div", .cls("notice success"), Attr("role", "status")) { h in
                h.el("p") { h in
                    h.text(ctx.l.t("confirm.number") + " ")
                    h.el("span", .id("ticket-number"), .cls("ticket-number"), text: opened.number.value)
                }
                h.el("p") { h in
                    h.text(ctx.l.t("confirm.code") + " ")
                    h.el("code", .id("access-code"), .cls("access-code"), text: opened.code.display)
                }
            }
            h.el("p", text: ctx.l.t("confirm.keep", ["email": email.value]))
            h.el("p") { h in
                h.el("a", .cls("button"), .id("view-ticket"), .href(Route.ticket(opened.number).path), text: ctx.l.t("confirm.view"))
            }
        }
        return .html(page)
    }

    func render(_ ctx: Context, input: NewTicketInput, errors: NewTicketInput.Errors, formError: String?, status: Int,
                fileParams: [String: String] = [:]) throws -> Response {
        let groups = try env.reference.publicGroups(), projects = try env.reference.publicProjects()
        let l = ctx.l
        func err(_ field: NewTicketInput.Field) -> String? {
            errors[field].map { l.t($0, field == .files ? fileParams : [:]) }
        }
        let page = Layout.page(ctx, title: l.t("new.title")) { h in
            h.el("h1", text: l.t("new.title"))
            h.el("p", .cls("lead"), text: l.t("new.lead"))
            FormParts.formError(&h, ctx, formError)
            h.el("form", .id("new-ticket"), Attr("method", "post"), Attr("action", Route.newTicket.path),
                 Attr("enctype", "multipart/form-data"), .cls("stacked")) { h in
                FormParts.csrf(&h, ctx)
                FormParts.honeypot(&h, ctx)
                h.el("fieldset") { h in
                    h.el("legend", text: l.t("new.about_you"))
                    FormParts.textInput(&h, ctx, name: "name", label: l.t("form.name"), value: input.name, required: true,
                                        error: err(.name), autocomplete: "name")
                    FormParts.textInput(&h, ctx, name: "email", label: l.t("form.email"), value: input.email, required: true,
                                        error: err(.email), type: "email", autocomplete: "email", maxLength: 254)
                    FormParts.textInput(&h, ctx, name: "phone", label: l.t("form.phone"), value: input.phone, required: true,
                                        error: err(.phone), type: "tel", autocomplete: "tel", maxLength: 30)
                    FormParts.textInput(&h, ctx, name: "city", label: l.t("form.city"), value: input.city, required: true,
                                        error: err(.city), autocomplete: "address-level2")
                    FormParts.textInput(&h, ctx, name: "country", label: l.t("form.country"), value: input.country, required: false,
                                        error: err(.country), autocomplete: "country-name")
                }
                h.el("fieldset") { h in
                    h.el("legend", text: l.t("new.your_request"))
                    select(&h, ctx, name: "group", label: l.t("form.group"), choices: groups, selected: input.groupID, error: err(.group))
                    select(&h, ctx, name: "project", label: l.t("form.project"), choices: projects, selected: input.projectID, error: err(.project))
                    FormParts.textInput(&h, ctx, name: "subject", label: l.t("form.subject"), value: input.subject, required: true,
                                        error: err(.subject), maxLength: 200)
                    FormParts.field(&h, ctx, name: "message", label: l.t("form.message"), required: true, error: err(.message)) { h, id, describedBy in
                        h.el("textarea", .id(id), .name("message"), Attr("rows", "8"), Attr("maxlength", "50000"), .flag("required"),
                             describedBy.map { Attr("aria-describedby", $0) }, text: input.message)
                    }
                    FormParts.fileInput(&h, ctx, error: err(.files))
                }
                h.el("p", .cls("actions")) { h in
                    h.el("button", .type("submit"), .cls("button"), text: l.t("new.submit"))
                }
            }
        }
        return .html(page, status: status)
    }

    private func select(_ h: inout HTML, _ ctx: Context, name: String, label: String, choices: [ReferenceStore.Choice],
                        selected: Int64?, error: String?) {
        if choices.isEmpty { return }
        FormParts.field(&h, ctx, name: name, label: label, required: false, error: error) { h, id, describedBy in
            h.el("select", .id(id), .name(name), describedBy.map { Attr("aria-describedby", $0) }) { h in
                h.el("option", .value(""), text: ctx.l.t("form.choose"))
                for choice in choices {
                    h.el("option", .value(String(choice.id)), .flag("selected", if: choice.id == selected), text: choice.name)
                }
            }
        }
    }
}
