import ArgumentParser
import Core

/// Creates the database or brings it up to date. Safe to run again: each migration runs
/// once, in its own transaction; an upgrade never loses data.
struct MigrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "migrate", abstract: "Create or upgrade the database.")

    func run() throws {
        let cli = try CLIContext.make()
        try FileSystem.makeDirectories(cli.paths.data)
        try FileSystem.makeDirectories(cli.paths.attachments)
        let db = try cli.database()
        let applied = try Migrator(db: db).migrate(now: cli.now)
        try SettingsStore(db: db).ensureSecret()
        if applied.isEmpty {
            print("database \(cli.paths.database) is up to date (\(Migrations.latest))")
        } else {
            for name in applied { print("applied \(name)") }
        }
    }
}
