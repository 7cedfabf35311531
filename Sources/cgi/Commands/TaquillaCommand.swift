import ArgumentParser
import Core

/// The admin command line: what install scripts, cron and an administrator at a shell
/// use. Every command works on the data directory resolved by `Launch.paths()`.
struct TaquillaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "taquilla",
        abstract: "Taquilla help desk: FastCGI/CGI responder and admin command line.",
        discussion: "Run under a web server it answers requests; from a shell it manages the installation. "
            + "Paths: TAQUILLA_ROOT (app folder) and TAQUILLA_DATA (data folder, default ROOT/data).",
        subcommands: [MigrateCommand.self, CheckCommand.self, UserCommand.self, SettingCommand.self, MailCommand.self,
                      BackupCommand.self, RestoreCommand.self, ApiKeyCommand.self, StatsCommand.self, MaintainCommand.self, VersionCommand.self]
    )
}

struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "version", abstract: "Print versions of Taquilla and its libraries.")

    func run() throws {
        print("taquilla \(Version.current)")
        print("sqlite \(Database.libraryVersion)")
        print("curl \(CurlInfo.version)")
    }
}

enum Version {
    static let current = "0.1.0"
}
