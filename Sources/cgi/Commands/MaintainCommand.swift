import ArgumentParser
import Core

/// `taquilla maintain`: the hourly housekeeping cron runs (installed by install.sh). Today
/// it merges the full-text indexes back to at most one segment per level (see
/// `SearchIndexMaintenance`) and prints, per index, the segments before and after. Safe
/// while the desk is in use: each merge step is its own short write transaction.
struct MaintainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "maintain",
                                                    abstract: "Merge the full-text search indexes (hourly from cron).")

    func run() throws {
        let db = try CLIContext.make().database()
        for r in try SearchIndexMaintenance(db: db).run() {
            print("\(r.index): \(r.before.segments) segments before, \(r.after.segments) after (\(r.steps) merge steps)")
        }
    }
}
