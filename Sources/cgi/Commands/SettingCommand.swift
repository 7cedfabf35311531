import ArgumentParser
import Core

/// Reads and writes site settings (the same values the admin settings page edits).
struct SettingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "setting", abstract: "Read or change a site setting.",
                                                    subcommands: [Set.self, Get.self, List.self])

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set KEY to VALUE.")
        @Argument var key: String
        @Argument var value: String

        func run() throws {
            guard key != "secret_key" else { throw CLIError("the site secret cannot be set by hand") }
            if Settings.defaults[key] != nil, Int(Settings.defaults[key]!) != nil, Int(value) == nil {
                throw CLIError("\(key) takes a whole number")
            }
            try SettingsStore(db: try CLIContext.make().database()).set(key, value)
        }
    }

    struct Get: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the value of KEY.")
        @Argument var key: String

        func run() throws {
            let settings = try SettingsStore(db: try CLIContext.make().database()).load()
            guard key != "secret_key" else { throw CLIError("the site secret is not printed") }
            print(settings.string(key))
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print every setting.")

        func run() throws {
            let settings = try SettingsStore(db: try CLIContext.make().database()).load()
            for key in settings.values.keys.sorted() where key != "secret_key" {
                print("\(key) = \(key == "smtp_password" && !settings.values[key]!.isEmpty ? "(set; shown by 'get')" : settings.values[key]!)")
            }
        }
    }
}
