/// The two check buttons of the mail page, run with the SAVED settings (save first):
/// "send test mail" sends one mail at once through the configured transport (`TestMail`,
/// as `taquilla mail test` does) and reports the server's answer; "test mailbox" logs in
/// to the POP3/IMAP mailbox, counts the waiting messages and reports the server's answer
/// (`MailboxClient.probe`, as `taquilla mail fetch --check` does). Both are audit-logged.
///
/// Edge cases: a configuration error, a refused login or an unreachable server is shown
/// as the result, never as an error page; the request waits for the server (libcurl's
/// time limits: 20 s to connect); the server's words are shown as text (escaped).
struct MailAdminChecks {
    let env: Environment

    /// The address field and the two buttons, each in its own small form.
    static func forms(_ h: inout HTML, _ d: DeskContext, env: Environment) {
        let l = d.l
        let ownAddress = (try? env.operators.email(id: d.op.id)) ?? ""
        h.el("h2", text: l.t("admin.mail.checks"))
        h.el("form", Attr("method", "post"), Attr("action", MailAdmin.path), .cls("stacked"), .id("test-mail-form")) { h in
            FormParts.csrf(&h, d.ctx)
            FormParts.textInput(&h, d.ctx, name: "test_to", label: l.t("admin.mail.test_to"), value: ownAddress, required: true,
                                error: nil, type: "email", maxLength: 254)
            AdminParts.submit(&h, l.t("admin.mail.test_mail"), id: "test-mail", value: "test_mail")
        }
        h.el("form", Attr("method", "post"), Attr("action", MailAdmin.path), .cls("stacked"), .id("test-mailbox-form")) { h in
            FormParts.csrf(&h, d.ctx)
            AdminParts.submit(&h, l.t("admin.mail.test_mailbox"), id: "test-mailbox", value: "test_mailbox")
        }
    }

    func sendTestMail(_ d: DeskContext, to: String) throws -> MailAdmin.CheckResult {
        let l = d.l
        guard let address = EmailAddress(to.trimmingASCIIWhitespace()) else { return .init(ok: false, message: l.t("error.email")) }
        let settings = d.ctx.settings
        let mail: OutgoingMailSettings
        do {
            mail = try OutgoingMailSettings.load(settings, dataDirectory: env.paths.data)
        } catch {
            return .init(ok: false, message: l.t("admin.mail.invalid", ["detail": error.description]))
        }
        let transport = MailTransports.make(mail)
        let result = TestMail.send(to: address, settings: mail, key: settings.secret, transport: transport, now: d.ctx.now)
        let check: MailAdmin.CheckResult
        switch result {
        case .sent(let answer): check = .init(ok: true, message: l.t("admin.mail.test_sent", ["to": address.value, "answer": answer]))
        case .retry(let text, _): check = .init(ok: false, message: l.t("admin.mail.test_later", ["answer": text]))
        case .failed(let text): check = .init(ok: false, message: l.t("admin.mail.test_refused", ["answer": text]))
        }
        try record(d, "mail_test", address.value + ": " + check.message)
        return check
    }

    func probeMailbox(_ d: DeskContext) throws -> MailAdmin.CheckResult {
        let l = d.l
        let check: MailAdmin.CheckResult
        do {
            guard let settings = try MailboxSettings.load(d.ctx.settings) else {
                return .init(ok: false, message: l.t("admin.mail.no_mailbox"))
            }
            let client = MailboxClients.make(settings)
            do {
                let probe = try client.probe()
                check = .init(ok: true, message: l.t("admin.mail.mailbox_ok", ["server": client.summary, "count": String(probe.count),
                                                                                 "answer": probe.answer]))
            } catch {
                check = .init(ok: false, message: l.t("admin.mail.mailbox_failed", ["answer": error.description]))
            }
        } catch {
            return .init(ok: false, message: l.t("admin.mail.invalid", ["detail": error.description]))
        }
        try record(d, "mailbox_test", check.message)
        return check
    }

    private func record(_ d: DeskContext, _ action: String, _ result: String) throws {
        try env.db.write {
            try env.audit.record(at: d.ctx.now, operatorID: d.op.id, actor: d.op.username, action: action, before: nil,
                                 after: String(result.prefix(500)), ip: d.ctx.request.remoteAddr)
        }
    }
}
