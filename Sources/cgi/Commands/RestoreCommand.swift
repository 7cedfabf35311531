import ArgumentParser
import Core

/// `taquilla restore SRC`: puts a backup made by `taquilla backup` back into the data
/// folder. Refuses while FastCGI workers seem to be using that folder (stop them first,
/// e.g. `./install.sh stop`), unless `--force`; verifies the backup completely before
/// writing anything; prints what it restored. Exits 1 with one line on stderr otherwise.
struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore", abstract: "Put a backup back into the data folder (stop the workers first).")

    @Argument(help: "A backup folder made by 'taquilla backup'.") var source: String
    @Flag(help: "Restore even though workers seem to be running (restart them afterwards).") var force = false

    func run() throws {
        // Looked for before dropping privileges, so root sees every user's processes.
        let running = RunningWorkers.find(paths: Launch.paths())
        if !running.isEmpty {
            let list = running.map { "pid \($0.pid) \($0.reason)" }.joined(separator: ", ")
            if !force { throw CLIError("workers seem to be running (\(list)); stop them first, or use --force") }
            printError("warning: restoring while workers seem to be running (\(list)); restart them afterwards")
        }
        let cli = try CLIContext.make()
        let report: BackupRestorer.Report
        do {
            report = try BackupRestorer(paths: cli.paths, source: source).run(now: cli.now)
        } catch let error as BackupError {
            throw CLIError(error.description)
        }
        let m = report.manifest, f = report.facts
        print("restored into \(cli.paths.data) the backup made at \(TimeFormat.iso(m.createdAt)) (\(m.generator))")
        print("  database: schema \(f.schema), \(f.tickets) tickets, \(f.messages) messages, integrity ok")
        if !report.migrated.isEmpty { print("  upgraded with: \(report.migrated.joined(separator: ", "))") }
        print("  attachments: \(report.attachments.total) files; \(report.attachments.copied) copied, "
              + "\(report.attachments.alreadyPresent) already there")
        print("  user file: \(report.userFile ? "restored" : "not in the backup; left as it was")")
    }
}
