import Testing
@testable import Core

/// Reading and checking the mail settings.
@Suite struct OutgoingMailSettingsTests {
    func load(_ values: [String: String]) throws(MailConfigurationError) -> OutgoingMailSettings {
        try OutgoingMailSettings.load(Settings(values: values), dataDirectory: "/srv/data")
    }

    @Test func nothingConfiguredWritesFilesForDevelopment() throws {
        let s = try load([:])
        #expect(s.transport == .directory(path: "/srv/data/outbox-eml"))
        #expect(s.from.address == "taquilla@taquilla.invalid" && s.from.name == "Taquilla")
        #expect(s.domain == "taquilla.invalid")
    }

    @Test func smtpHostAloneMeansSMTPWithDefaults() throws {
        let s = try load(["smtp_host": "mail.example.org", "smtp_from": "Help@Example.ORG", "organisation_name": "Ejemplo"])
        guard case .smtp(let smtp) = s.transport else { Issue.record("not smtp"); return }
        #expect(smtp.port == 25 && smtp.security == .none && smtp.verifyTLS && smtp.user.isEmpty)
        #expect(s.from == MailAddress(name: "Ejemplo", address: "Help@example.org"))
        #expect(s.replyTo.address == "Help@example.org")
        #expect(s.domain == "example.org")
    }

    @Test func portsFollowSecurityAndSupportAddressIsReplyTo() throws {
        let base = ["mail_transport": "smtp", "smtp_host": "mx", "support_address": "soporte@example.org"]
        func smtp(_ extra: [String: String]) throws -> OutgoingMailSettings.SMTP {
            guard case .smtp(let s) = try load(base.merging(extra) { $1 }).transport else { throw MailConfigurationError("no") }
            return s
        }
        #expect(try smtp(["smtp_security": "starttls"]).port == 587)
        #expect(try smtp(["smtp_security": "TLS"]).port == 465)
        #expect(try smtp(["smtp_security": "tls", "smtp_port": "2465"]).port == 2465)
        #expect(try smtp(["smtp_tls_verify": "0"]).verifyTLS == false)
        let s = try load(base)
        #expect(s.from.address == "soporte@example.org" && s.replyTo.address == "soporte@example.org")
        let both = try load(base.merging(["smtp_from": "noreply@example.org"]) { $1 })
        #expect(both.from.address == "noreply@example.org" && both.replyTo.address == "soporte@example.org")
    }

    @Test func badValuesAreConfigurationErrors() {
        let ok = ["mail_transport": "smtp", "smtp_host": "mx", "smtp_from": "a@example.org"]
        let cases: [([String: String], String)] = [
            (["mail_transport": "pigeon"], "mail_transport"),
            (["mail_transport": "smtp", "smtp_from": "a@example.org"], "smtp_host"),
            (["smtp_host": "mx"], "smtp_from"),
            (ok.merging(["smtp_port": "0"]) { $1 }, "smtp_port"),
            (ok.merging(["smtp_port": "smtp"]) { $1 }, "smtp_port"),
            (ok.merging(["smtp_security": "ssl"]) { $1 }, "smtp_security"),
            (ok.merging(["smtp_tls_verify": "no"]) { $1 }, "smtp_tls_verify"),
            (ok.merging(["smtp_host": "mx/evil"]) { $1 }, "smtp_host"),
            (ok.merging(["smtp_from": "not an address"]) { $1 }, "smtp_from"),
            (ok.merging(["support_address": "nope"]) { $1 }, "support_address"),
            (["mail_transport": "sendmail", "smtp_from": "a@example.org", "sendmail_command": "sendmail -t"], "absolute"),
            (["mail_transport": "sendmail", "smtp_from": "a@example.org", "sendmail_command": "/nonexistent/sendmail -t"], "not executable"),
        ]
        for (values, word) in cases {
            do {
                _ = try load(values)
                Issue.record("accepted \(values)")
            } catch {
                #expect(error.description.contains(word), "\(values): \(error.description)")
            }
        }
    }

    @Test func sendmailCommandIsSplitAtSpaces() throws {
        let s = try load(["mail_transport": "sendmail", "smtp_from": "a@example.org", "sendmail_command": "/bin/cat  -u"])
        #expect(s.transport == .sendmail(arguments: ["/bin/cat", "-u"]))
    }
}
