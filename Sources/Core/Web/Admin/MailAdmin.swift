/// The mail settings page (/admin/mail): outgoing mail (transport, SMTP server, security,
/// login, sender and support addresses) and the incoming mailbox (POP3/IMAP) in one form,
/// the "send test mail" and "test mailbox" buttons (`MailAdminChecks`), and the outbox
/// mail that has not gone out, with a retry button (`OutboxAdminList`).
///
/// Edge cases: passwords are write-only — the field is always empty, an empty field keeps
/// the stored password, the "clear" box removes it; the audit log records that a password
/// changed, never its value. Each field is checked on its own, then the whole
/// configuration is checked as `mail send` and `mail fetch` will read it
/// (`OutgoingMailSettings.load`, `MailboxSettings.load`), so a combination they would
/// refuse is never saved.
struct MailAdmin {
    let env: Environment

    enum Kind: Equatable { case choice([String]), host, port, text, email, secret, flag, number(ClosedRange<Int>) }

    static let outgoing: [(key: String, kind: Kind)] = [
        ("mail_transport", .choice(["", "smtp", "sendmail", "directory"])), ("smtp_host", .host), ("smtp_port", .port),
        ("smtp_security", .choice(["none", "starttls", "tls"])), ("smtp_user", .text), ("smtp_password", .secret),
        ("smtp_tls_verify", .flag), ("smtp_from", .email), ("support_address", .email), ("sendmail_command", .text),
    ]
    static let incoming: [(key: String, kind: Kind)] = [
        ("mailbox_protocol", .choice(["none", "pop3", "imap"])), ("mailbox_host", .host), ("mailbox_port", .port),
        ("mailbox_security", .choice(["none", "starttls", "tls"])), ("mailbox_user", .text), ("mailbox_password", .secret),
        ("mailbox_tls_verify", .flag), ("mailbox_folder", .text), ("mailbox_fetch_limit", .number(1...10_000)),
    ]
    static var fields: [(key: String, kind: Kind)] { outgoing + incoming }
    static var path: String { Route.admin(.section("mail")).path }

    /// What a check button found, shown above the form.
    struct CheckResult {
        var ok: Bool
        var message: String
    }

    func render(_ d: DeskContext, values: [String: String]? = nil, errors: [String: String] = [:], formError: String? = nil,
                check: CheckResult? = nil, status: Int = 200) throws -> Response {
        let l = d.l, current = values ?? d.ctx.settings.values
        let problems = try OutboxStore(db: env.db).problems()
        return d.page(l.t("admin.mail"), status: status) { h in
            h.el("h1", text: l.t("admin.mail"))
            AdminParts.notice(&h, d)
            if let check {
                h.el("p", .cls(check.ok ? "notice success" : "form-error"), .id("check-result"), Attr("role", "status"), text: check.message)
            }
            AdminParts.error(&h, formError ?? (errors.isEmpty ? nil : l.t("error.fix_fields")))
            h.el("form", Attr("method", "post"), Attr("action", Self.path), .cls("stacked"), .id("mail-form")) { h in
                FormParts.csrf(&h, d.ctx)
                for (legend, group) in [("admin.mail.outgoing", Self.outgoing), ("admin.mail.incoming", Self.incoming)] {
                    h.el("fieldset") { h in
                        h.el("legend", text: l.t(legend))
                        for (key, kind) in group { field(&h, d, key: key, kind: kind, value: current[key] ?? "", error: errors[key]) }
                    }
                }
                AdminParts.submit(&h, l.t("desk.save"), id: "save-mail")
            }
            MailAdminChecks.forms(&h, d, env: env)
            OutboxAdminList.render(&h, d, problems)
        }
    }

    private func field(_ h: inout HTML, _ d: DeskContext, key: String, kind: Kind, value: String, error: String?) {
        let l = d.l, label = l.t("setting." + key), message = error.map { l.t($0) }
        switch kind {
        case .choice(let options):
            FormParts.field(&h, d.ctx, name: key, label: label, required: false, error: message) { h, id, _ in
                h.el("select", .id(id), .name(key)) { h in
                    for option in options {
                        h.el("option", .value(option), .flag("selected", if: option == value.lowercased()),
                             text: l.t("admin.mail.choice." + (option.isEmpty ? "auto" : option)))
                    }
                }
            }
        case .flag:
            h.el("div", .cls("field")) { h in
                AdminParts.checkbox(&h, name: key, label: label, checked: value != "0", id: "f-" + key)
            }
        case .secret:
            FormParts.field(&h, d.ctx, name: key, label: label, required: false, error: message) { h, id, _ in
                h.void("input", .id(id), .name(key), .type("password"), .value(""), Attr("autocomplete", "new-password"),
                       Attr("maxlength", "300"), Attr("placeholder", l.t(value.isEmpty ? "admin.mail.password_unset" : "admin.mail.password_set")))
            }
            if !value.isEmpty { AdminParts.checkbox(&h, name: "clear_" + key, label: l.t("admin.mail.password_clear"), checked: false, id: "clear-" + key) }
        default:
            FormParts.textInput(&h, d.ctx, name: key, label: label, value: value, required: false, error: message, maxLength: 300)
        }
    }

    /// The posted value of every field (passwords: the stored one unless replaced or cleared)
    /// and the per-field errors (catalog keys).
    static func read(_ f: FormFields, stored: Settings) -> (values: [String: String], errors: [String: String]) {
        var values: [String: String] = [:], errors: [String: String] = [:]
        for (key, kind) in fields {
            let v = (f[key] ?? "").singleLine().trimmingASCIIWhitespace()
            switch kind {
            case .choice(let options):
                values[key] = v.lowercased()
                if !options.contains(v.lowercased()) { errors[key] = "error.choice" }
            case .host:
                values[key] = v
                if !v.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != 0x2F && $0 != 0x40 && $0 != 0x3F && $0 != 0x23 }) {
                    errors[key] = "admin.mail.error.host"
                }
            case .port:
                values[key] = v
                if !v.isEmpty && !(Int(v).map { (1...65535).contains($0) } ?? false) { errors[key] = "admin.error.number" }
            case .number(let range):
                values[key] = v
                if !v.isEmpty && !(Int(v).map(range.contains) ?? false) { errors[key] = "admin.error.number" }
            case .email:
                values[key] = v
                if !v.isEmpty && EmailAddress(v) == nil { errors[key] = "error.email" }
            case .text:
                values[key] = v
                if v.utf8.count > 300 { errors[key] = "admin.mail.error.too_long" }
            case .flag:
                values[key] = f[key] == nil ? "0" : "1"
            case .secret:
                let typed = (f[key] ?? "").singleLine()
                values[key] = f["clear_" + key] != nil ? "" : (typed.isEmpty ? stored.string(key) : typed)
                if typed.utf8.count > 300 { errors[key] = "admin.mail.error.too_long" }
            }
        }
        return (values, errors)
    }

    func save(_ d: DeskContext, _ f: FormFields) throws -> Response {
        let before = d.ctx.settings
        let (values, errors) = Self.read(f, stored: before)
        guard errors.isEmpty else { return try render(d, values: values, errors: errors, status: 422) }
        var merged = before
        for (key, value) in values { merged.values[key] = value }
        do {
            _ = try OutgoingMailSettings.load(merged, dataDirectory: env.paths.data)
            _ = try MailboxSettings.load(merged)
        } catch {
            return try render(d, values: values, formError: d.l.t("admin.mail.invalid", ["detail": error.description]), status: 422)
        }
        try env.db.write {
            for (key, kind) in Self.fields where before.string(key) != values[key]! {
                try env.settingsStore.set(key, values[key]!)
                let shown = { (v: String) in kind == .secret ? (v.isEmpty ? "(none)" : "(set)") : v }
                try env.audit.record(at: d.ctx.now, operatorID: d.op.id, actor: d.op.username, action: "settings",
                                     before: key + "=" + shown(before.string(key)), after: key + "=" + shown(values[key]!),
                                     ip: d.ctx.request.remoteAddr)
            }
        }
        return .redirect(Self.path + "?done=saved")
    }

    /// POST /admin/mail: save, or one of the buttons (`do` = test_mail, test_mailbox, retry).
    func post(_ d: DeskContext, _ f: FormFields) throws -> Response {
        switch f["do"] ?? "save" {
        case "test_mail": return try render(d, check: MailAdminChecks(env: env).sendTestMail(d, to: f["test_to"] ?? ""))
        case "test_mailbox": return try render(d, check: MailAdminChecks(env: env).probeMailbox(d))
        case "retry": return try OutboxAdminList(env: env).retry(d, id: f["id"].flatMap { Int64($0) })
        default: return try save(d, f)
        }
    }
}
