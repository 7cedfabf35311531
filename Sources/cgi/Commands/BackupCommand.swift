import ArgumentParser
import Core

/// `taquilla backup DEST`: a consistent copy of the live installation (database through
/// SQLite's online backup API, attachments incrementally, the user file) with a
/// manifest, safe to run from cron while the workers serve traffic. Prints a summary
/// (nothing with `--quiet`); exits 1 with one line on stderr when the backup could not
/// be made or is incomplete, and also when some attachment file was found damaged.
struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup", abstract: "Copy the database, attachments and user file into a backup folder.",
        discussion: "DEST must exist and be writable by the owner of the data folder (the command runs as that user). "
            + "Running it again into the same folder copies only new attachment files.")

    @Argument(help: "The backup folder.") var destination: String
    @Flag(help: "Print nothing when the backup succeeds (for cron).") var quiet = false
    @Option(help: "Database pages copied per step; the copy pauses between steps.") var stepPages: Int32 = 256
    @Option(help: "Pause between steps, in milliseconds.") var stepPauseMs: UInt32 = 5

    func run() throws {
        let cli = try CLIContext.make()
        let report: BackupMaker.Report
        do {
            var maker = BackupMaker(paths: cli.paths, destination: destination)
            maker.copier = OnlineBackup(pagesPerStep: stepPages, pauseMicroseconds: min(stepPauseMs, 10_000) * 1000)
            report = try maker.make(now: cli.now, generator: "taquilla \(Version.current)")
        } catch let error as BackupError {
            throw CLIError(error.description)
        }
        let m = report.manifest
        if !quiet {
            print("backup written to \(destination) at \(TimeFormat.iso(m.createdAt))")
            print("  database: schema \(m.schema), \(m.tickets) tickets, \(m.messages) messages, integrity ok (\(report.pages) pages)")
            print("  attachments: \(m.attachmentFiles) files referenced; \(report.attachments.copied) copied, "
                  + "\(report.attachments.alreadyPresent) already there")
            print("  user file: \(m.userFile ? "copied" : "none in the data folder")")
        }
        if !report.attachments.damaged.isEmpty {
            for path in report.attachments.damaged { printError("damaged attachment (content does not match its name): \(path)") }
            throw ExitCode(1)
        }
    }
}
