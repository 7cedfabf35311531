/// Where things live. `root` holds `lang/` and `htdocs/`; `data` holds the database,
/// attachments, the server-auth user file and the log — it is never web-served.
public struct Paths: Sendable {
    public let root: String
    public let data: String

    public init(root: String, data: String) {
        self.root = root
        self.data = data
    }

    public var lang: String { root + "/lang" }
    public var htdocs: String { root + "/htdocs" }
    public var database: String { data + "/taquilla.sqlite" }
    public var attachments: String { data + "/attachments" }
    public var userFile: String { data + "/users.htpasswd" }
    public var logFile: String { data + "/taquilla.log" }
}
