import ArgumentParser
import Core

/// Operators and admins: the record in the database (role, name, language) and the
/// password in the server-auth user file (bcrypt `$2y$`, accepted by nginx and Apache).
struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "user", abstract: "Add, change or remove operators.",
                                                    subcommands: [Add.self, Passwd.self, Remove.self, List.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add an operator (or update one) and set a password.")
        @Argument(help: "Login name used with the web server's authentication.") var username: String
        @Option(help: "operator or admin") var role: String = "operator"
        @Option(help: "Password; a random one is generated and printed when omitted.") var password: String?
        @Option(help: "Display name.") var name: String?
        @Option(help: "E-mail address for notifications.") var email: String = ""
        @Option(help: "Language of the desk for this operator.") var language: String = "es"

        func run() throws {
            guard let role = OperatorStore.Role(rawValue: role) else { throw CLIError("role must be 'operator' or 'admin'") }
            guard LanguageCode.isValid(language) else { throw CLIError("invalid language code '\(language)'") }
            if !email.isEmpty && EmailAddress(email) == nil { throw CLIError("invalid e-mail address '\(email)'") }
            try HtpasswdFile.validate(username: username)
            let cli = try CLIContext.make()
            let db = try cli.database()
            let secret = password ?? ServerUsers.randomPassword()
            try ServerUsers(path: cli.paths.userFile).setPassword(user: username, password: secret)
            try OperatorStore(db: db).upsert(username: username, displayName: name ?? username, email: email,
                                             role: role, language: language, now: cli.now)
            print("\(role.rawValue) '\(username)' saved")
            if password == nil { print("password: \(secret)") }
        }
    }

    struct Passwd: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set or reset an operator's password.")
        @Argument var username: String
        @Option(help: "New password; a random one is generated and printed when omitted.") var password: String?

        func run() throws {
            let cli = try CLIContext.make()
            guard try OperatorStore(db: try cli.database()).find(username: username) != nil else {
                throw CLIError("no operator named '\(username)'")
            }
            let secret = password ?? ServerUsers.randomPassword()
            try ServerUsers(path: cli.paths.userFile).setPassword(user: username, password: secret)
            print("password for '\(username)' changed")
            if password == nil { print("password: \(secret)") }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove an operator and their password.")
        @Argument var username: String

        func run() throws {
            let cli = try CLIContext.make()
            let removed = try OperatorStore(db: try cli.database()).remove(username: username)
            let hadPassword = try ServerUsers(path: cli.paths.userFile).remove(user: username)
            guard removed || hadPassword else { throw CLIError("no operator named '\(username)'") }
            print("'\(username)' removed")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List operators.")

        func run() throws {
            let db = try CLIContext.make().database()
            for row in try db.query("SELECT username, role, display_name, active FROM operators ORDER BY username") {
                print("\(row.string("username"))\t\(row.string("role"))\t\(row.bool("active") ? "active" : "disabled")\t\(row.string("display_name"))")
            }
        }
    }
}
