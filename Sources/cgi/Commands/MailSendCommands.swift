import Glibc
import ArgumentParser
import Core

extension MailCommand {
    /// `taquilla mail send [--once]`: delivers what is due in the outbox and exits (run it
    /// from cron every minute). Silent when all went well; one line on stderr per mail
    /// put back for a retry or given up; `--verbose` adds sent mail and a summary. Exit
    /// status 0 even when mails wait for a retry; 1 with one line when the mail settings
    /// are wrong or the database cannot be used. A run that finds another one still
    /// going exits 0 at once.
    struct Send: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Deliver the mail that is due in the outbox (for cron, every minute).",
            discussion: "Transport and addresses come from the settings mail_transport, smtp_*, sendmail_command, "
                + "smtp_from and support_address (see the README). Temporary failures are retried after 1, 5, 15, "
                + "60 and 240 minutes, then every 6 hours, for two days.")

        @Flag(help: "One pass over the mail queued before the run started (otherwise mail queued meanwhile is sent too).")
        var once = false
        @Flag(help: "Also print each sent mail and a summary.") var verbose = false
        @Option(help: .hidden) var now: Int64?

        func run() throws {
            let setup = try MailSetup.make()
            let fixed = now
            let lock = setup.cli.paths.data + "/mail-send.lock"  // data/run belongs to root (nginx); data/ to the web user
            let verbose = self.verbose
            let report = try setup.sender().run(lockPath: lock, once: once, clock: { fixed ?? TimeFormat.now() }) { event in
                let who = event.to.isEmpty ? "#\(event.outboxID)" : "#\(event.outboxID) to \(event.to)"
                switch event.result {
                case .sent(let answer): if verbose { print("sent \(who): \(answer)") }
                case .failed(let text): printError("failed \(who): \(text)")
                case .retry(let text, _):
                    if let next = event.nextAttemptAt {
                        printError("retry \(who) at \(TimeFormat.iso(next)): \(text)")
                    } else {
                        printError("failed \(who) (gave up): \(text)")
                    }
                }
            }
            guard let report else {
                if verbose { print("another 'taquilla mail send' is running; nothing done") }
                return
            }
            if verbose {
                print("sent \(report.sent), retry later \(report.retried), failed \(report.failed)"
                      + (report.recovered > 0 ? ", taken back from a stopped run \(report.recovered)" : "")
                      + (report.transportDown ? " (stopped: \(setup.transport.summary) is not usable)" : ""))
            }
        }
    }

    /// `taquilla mail test ADDRESS`: sends a test mail at once with the current settings
    /// and prints the server's answer; exit status 1 when it was not accepted.
    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Send a test mail now and print the server's answer.")
        @Argument(help: "Where to send it.") var address: String

        func run() throws {
            guard let to = EmailAddress(address) else { throw CLIError("'\(address)' is not a valid e-mail address") }
            let setup = try MailSetup.make()
            print("sending a test mail to \(to.value) through \(setup.transport.summary)")
            let result = TestMail.send(to: to, settings: setup.mail, key: setup.key, transport: setup.transport,
                                       now: TimeFormat.now())
            switch result {
            case .sent(let answer): print("accepted: \(answer)")
            case .retry(let text, _):
                printError("not sent (temporary failure): \(text)")
                throw ExitCode(1)
            case .failed(let text):
                printError("refused: \(text)")
                throw ExitCode(1)
            }
        }
    }
}

/// What both mail commands need: the database, the checked mail settings, the site
/// secret and the transport. Configuration problems become one-line CLI errors.
private struct MailSetup {
    let cli: CLIContext
    let db: Database
    let mail: OutgoingMailSettings
    let key: [UInt8]
    let transport: any MailTransport

    static func make() throws -> MailSetup {
        let cli = try CLIContext.make()
        let db = try cli.database()
        let settings = try SettingsStore(db: db).load()
        guard settings.secret.count == 32 else { throw CLIError("the site secret is missing: run 'taquilla migrate' first") }
        let mail: OutgoingMailSettings
        do {
            mail = try OutgoingMailSettings.load(settings, dataDirectory: cli.paths.data)
        } catch {
            throw CLIError("mail settings: \(error.description)")
        }
        // A server or program that closes its end early must not kill the command.
        signal(SIGPIPE, SIG_IGN)
        return MailSetup(cli: cli, db: db, mail: mail, key: settings.secret, transport: MailTransports.make(mail))
    }

    func sender() -> OutboxSender {
        OutboxSender(db: db, attachments: AttachmentFiles(directory: cli.paths.attachments), settings: mail, key: key,
                     transport: transport)
    }
}
