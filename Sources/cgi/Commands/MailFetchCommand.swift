import Glibc
import ArgumentParser
import Core

extension MailCommand {
    /// `taquilla mail fetch`: collects new mail from the configured POP3 or IMAP mailbox
    /// and imports it (run it from cron every 5 minutes). Each message is deleted from
    /// the mailbox only after its import committed; one already recorded in
    /// `inbound_mail` (a run that died between import and delete) is only deleted.
    ///
    /// Output: silent when all went well; one line on stderr per message that could not be
    /// imported (it stays in the mailbox for the next run); `--verbose` adds each import
    /// and a summary. Exit status 0 also when single messages wait for the next run; 1 with
    /// one line when the settings are wrong, the database cannot be used or the server
    /// cannot be reached or refuses the login. No mailbox configured, or another fetch
    /// still running: exit 0 at once (a line with `--verbose`).
    struct Fetch: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import new mail from the POP3/IMAP mailbox (for cron, every 5 minutes).",
            discussion: "The mailbox comes from the settings mailbox_protocol (pop3 | imap), mailbox_host, mailbox_port, "
                + "mailbox_security (none | starttls | tls), mailbox_user, mailbox_password, mailbox_tls_verify, "
                + "mailbox_folder and mailbox_fetch_limit (see the README).")

        @Flag(help: "Also print each imported message and a summary.") var verbose = false
        @Flag(help: "Only log in and count the messages; import nothing.") var check = false
        /// Test hook: wait this many milliseconds after each import (to kill a run midway).
        @Option(help: .hidden) var pauseAfter: Int = 0

        func run() throws {
            let cli = try CLIContext.make()
            guard FileSystem.isDirectory(cli.paths.data) else { throw CLIError("data directory \(cli.paths.data) does not exist") }
            let env = try Environment.open(paths: cli.paths, logToStderr: false)
            // A message leaves the mailbox right after its import commits: that commit must
            // survive a power loss too, not only a crash (NORMAL syncs at checkpoints only).
            try env.db.execute("PRAGMA synchronous = FULL")
            let settings = try env.settingsStore.load()
            let mailbox: MailboxSettings
            do {
                guard let configured = try MailboxSettings.load(settings) else {
                    if verbose || check { print("no mailbox configured (setting mailbox_protocol); nothing fetched") }
                    return
                }
                mailbox = configured
            } catch {
                throw CLIError("mailbox settings: \(error.description)")
            }
            signal(SIGPIPE, SIG_IGN)
            let client = MailboxClients.make(mailbox)
            if check {
                do {
                    let probe = try client.probe()
                    print("\(client.summary): logged in, \(probe.count) message(s) waiting (server: \(probe.answer))")
                } catch {
                    throw CLIError(error.description)
                }
                return
            }
            guard let lock = try RunLock.acquire(path: cli.paths.data + "/mail-fetch.lock") else {
                if verbose { print("another 'taquilla mail fetch' is running; nothing done") }
                return
            }
            defer { withExtendedLifetime(lock) {} }
            let processor = InboundMailProcessor(env: env)
            let source: InboundSource = mailbox.mailProtocol == .pop3 ? .pop3 : .imap
            let fetcher = MailboxFetcher(db: env.db, client: client, source: mailbox.mailProtocol.rawValue, limit: mailbox.fetchLimit)
            let verbose = self.verbose, pause = pauseAfter
            let report: MailboxFetcher.Report
            do {
                report = try fetcher.run(process: { raw, uid in
                    let outcome = try processor.process(raw: raw, source: source, mailboxUID: uid)
                    if pause > 0 { usleep(useconds_t(min(pause, 60_000)) * 1000) }
                    return MailImportReport.line(outcome)
                }, onEvent: { event in
                    switch event {
                    case .imported(let uid, let outcome): if verbose { print("imported \(uid): \(outcome)") }
                    case .alreadyImported(let uid): if verbose { print("deleted \(uid) (imported by an earlier run)") }
                    case .failed(let uid, let error):
                        env.log.error("mail fetch: \(uid) not imported (kept for the next run): \(error)")
                        printError("not imported \(uid) (kept for the next run): \(error)")
                    }
                })
            } catch let error as MailboxError {
                env.log.error("mail fetch: \(error.description)")
                throw CLIError(error.description)
            }
            if verbose {
                print("imported \(report.imported), already imported \(report.alreadyImported), failed \(report.failed)"
                      + (report.waiting > 0 ? ", left for the next run \(report.waiting)" : ""))
            }
        }
    }
}
