import ArgumentParser
import Core

/// API keys from a shell: `create NAME --scopes a,b` prints the key once (only its hash
/// is stored), `list` shows every key with its state, `revoke ID` stops one. Creation
/// and revocation are written to the audit log with the actor `cli`.
struct ApiKeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "apikey", abstract: "Create, list or revoke API keys.",
                                                    subcommands: [Create.self, List.self, Revoke.self])

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an API key and print it (shown only this once).")
        @Argument(help: "A name saying who uses the key.") var name: String
        @Option(help: "Comma-separated scopes: \(ApiScope.allCases.map(\.rawValue).joined(separator: ", ")).") var scopes: String

        func run() throws {
            let clean = name.singleLine()
            guard !clean.isEmpty, clean.count <= 100 else { throw CLIError("the name must be 1 to 100 characters") }
            guard let parsed = ApiScope.parseStrict(scopes), !parsed.isEmpty else {
                throw CLIError("unknown or missing scope in '\(scopes)'; use \(ApiScope.allCases.map(\.rawValue).joined(separator: ","))")
            }
            let cli = try CLIContext.make()
            let db = try cli.database()
            let secret: String = try db.write {
                let made = try ApiKeyStore(db: db).create(name: clean, scopes: parsed, now: cli.now)
                try AuditStore(db: db).record(at: cli.now, operatorID: nil, actor: "cli", action: "api_key_create",
                                              after: clean + " (" + ApiScope.serialize(parsed) + ")", ip: "")
                print("api key \(made.key.id) '\(clean)' created with scopes \(ApiScope.serialize(parsed))")
                return made.secret
            }
            print("key: \(secret)")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List API keys (id, state, scopes, last use, name).")

        func run() throws {
            let db = try CLIContext.make().database()
            for key in try ApiKeyStore(db: db).list() {
                let state = key.revokedAt == nil ? "active" : "revoked"
                let used = key.lastUsedAt.map(TimeFormat.iso) ?? "never"
                print("\(key.id)\t\(state)\t\(ApiScope.serialize(key.scopes).replacingSpaces())\t\(used)\t\(key.name)")
            }
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke an API key by its id.")
        @Argument var id: Int64

        func run() throws {
            let cli = try CLIContext.make()
            let db = try cli.database()
            let store = ApiKeyStore(db: db)
            guard let key = try store.find(id: id) else { throw CLIError("no API key with id \(id)") }
            let done: Bool = try db.write {
                guard try store.revoke(id: id, now: cli.now) else { return false }
                try AuditStore(db: db).record(at: cli.now, operatorID: nil, actor: "cli", action: "api_key_revoke", after: key.name, ip: "")
                return true
            }
            guard done else { throw CLIError("API key \(id) is already revoked") }
            print("api key \(id) '\(key.name)' revoked")
        }
    }
}

extension String {
    fileprivate func replacingSpaces() -> String { String(decoding: utf8.map { $0 == 32 ? 44 : $0 }, as: UTF8.self) }
}
