import Glibc
import ArgumentParser
import Core

/// Verifies an installation: data directory present and writable, database readable
/// and fully migrated, integrity check clean, catalogs parse, user file present. Prints
/// one line per check and exits non-zero if any failed.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "check", abstract: "Verify data/ permissions, schema version and configuration.")

    func run() throws {
        let cli = try CLIContext.make()
        var failures = 0
        func report(_ ok: Bool, _ text: String) {
            print((ok ? "ok    " : "FAIL  ") + text)
            if !ok { failures += 1 }
        }
        let data = cli.paths.data
        report(FileSystem.isDirectory(data), "data directory \(data) exists")
        report(access(data, W_OK) == 0, "data directory is writable by uid \(geteuid())")
        report(FileSystem.isDirectory(cli.paths.attachments) && access(cli.paths.attachments, W_OK) == 0, "attachments directory is writable")
        do {
            let db = try cli.database()
            let pending = try Migrator(db: db).pending()
            report(pending.isEmpty, pending.isEmpty ? "schema is at \(Migrations.latest)" : "pending migrations: \(pending.map(\.name).joined(separator: ", ")) (run: taquilla migrate)")
            let integrity = try db.scalar("PRAGMA quick_check").string ?? ""
            report(integrity == "ok", "database integrity: \(integrity)")
            report(try db.scalar("PRAGMA journal_mode").string == "wal", "journal mode is WAL")
            let settings = try SettingsStore(db: db).load()
            report(settings.secret.count == 32, "site secret is set")
            report(try OperatorStore(db: db).count() > 0, "at least one operator exists")
        } catch {
            report(false, "database: \(error)")
        }
        do {
            let catalogs = try Catalogs.load(directory: cli.paths.lang)
            report(catalogs.files["es"] != nil && catalogs.files["en"] != nil, "catalogs: \(catalogs.languages.joined(separator: ", "))")
        } catch {
            report(false, "catalogs: \(error)")
        }
        report(FileSystem.exists(cli.paths.userFile), "server-auth user file \(cli.paths.userFile) exists")
        if failures > 0 { throw ExitCode(1) }
    }
}
