import Testing
@testable import Core

/// Reading and checking the mailbox settings.
@Suite struct MailboxSettingsTests {
    let base = ["mailbox_protocol": "imap", "mailbox_host": "mail.example.org", "mailbox_user": "soporte@example.org",
                "mailbox_password": "pw"]

    func load(_ extra: [String: String]) throws(MailConfigurationError) -> MailboxSettings? {
        try MailboxSettings.load(Settings(values: base.merging(extra) { $1 }))
    }

    @Test func noProtocolMeansNoMailbox() throws {
        #expect(try MailboxSettings.load(Settings(values: [:])) == nil)
        #expect(try load(["mailbox_protocol": "none"]) == nil)
    }

    @Test(arguments: [("imap", "", 143, "imap://mail.example.org:143"), ("imap", "tls", 993, "imaps://mail.example.org:993"),
                      ("pop3", "starttls", 110, "pop3://mail.example.org:110"), ("POP3", "TLS", 995, "pop3s://mail.example.org:995")])
    func portsAndURLsFollowProtocolAndSecurity(kind: String, security: String, port: Int, url: String) throws {
        let s = try #require(try load(["mailbox_protocol": kind, "mailbox_security": security]))
        #expect(s.port == port)
        #expect(s.baseURL == url)
        #expect(s.verifyTLS && s.folder == "INBOX" && s.fetchLimit == 50 && s.password == "pw")
    }

    @Test func explicitValuesWin() throws {
        let s = try #require(try load(["mailbox_port": "2993", "mailbox_tls_verify": "0", "mailbox_folder": "Soporte",
                                       "mailbox_fetch_limit": "7", "mailbox_host": "::1"]))
        #expect(s.port == 2993 && !s.verifyTLS && s.folder == "Soporte" && s.fetchLimit == 7)
        #expect(s.baseURL == "imap://[::1]:2993")
    }

    @Test(arguments: [(["mailbox_protocol": "smtp"], "mailbox_protocol"), (["mailbox_host": ""], "mailbox_host"),
                      (["mailbox_host": "a@b"], "mailbox_host"), (["mailbox_port": "0"], "mailbox_port"),
                      (["mailbox_port": "x"], "mailbox_port"), (["mailbox_security": "ssl"], "mailbox_security"),
                      (["mailbox_tls_verify": "no"], "mailbox_tls_verify"), (["mailbox_user": ""], "mailbox_user"),
                      (["mailbox_folder": "a\"b"], "mailbox_folder"), (["mailbox_fetch_limit": "0"], "mailbox_fetch_limit")])
    func badValuesNameTheSetting(extra: [String: String], key: String) {
        do {
            _ = try load(extra)
            Issue.record("accepted \(extra)")
        } catch {
            #expect(error.description.contains(key))
        }
    }
}
