import Glibc
@testable import Core

/// The repository root, found from this file's path (Tests/CoreTests/Web/TestSite.swift).
let repositoryRoot: String = {
    var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(4)
    return parts.joined(separator: "/")
}()

/// A clock the test moves by hand.
final class ManualClock: @unchecked Sendable {
    var now: Int64 = 1_790_000_000
}

/// A complete site over a fresh temporary data directory and the repository's real
/// catalogs, answering requests in-process through the same `App.handle` the FastCGI
/// and CGI faces call. Each test gets its own; `deinit` removes the directory.
final class TestSite {
    let directory: String
    let env: Environment
    let app: App
    let clock = ManualClock()

    /// With `ownLanguages`, the site gets a private copy of lang/ (for tests that write it).
    init(settings: [String: String] = ["form_min_seconds": "0"], ownLanguages: Bool = false) throws {
        var template = Array("/tmp/taquilla-test.XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw TestSupportError(message: "mkdtemp failed") }
        directory = String(cString: made)
        var root = repositoryRoot
        if ownLanguages {
            root = directory + "/root"
            _ = run("/bin/mkdir", ["-p", root])
            _ = run("/bin/cp", ["-r", repositoryRoot + "/lang", root + "/lang"])
        }
        let paths = Paths(root: root, data: directory)
        let db = try Database(path: paths.database)
        try Migrator(db: db).migrate(now: clock.now)
        let store = SettingsStore(db: db)
        try store.ensureSecret()
        for (k, v) in settings { try store.set(k, v) }
        let clock = self.clock
        env = Environment(db: db, catalogs: try Catalogs.load(directory: paths.lang), paths: paths,
                          log: Log(path: paths.logFile, toStderr: false), clock: { clock.now })
        app = App(env: env)
    }

    deinit { _ = run("/bin/rm", ["-rf", directory]) }

    func request(_ method: String, _ uri: String, body: [UInt8] = [], contentType: String = "",
                 headers: [String: String] = [:], remoteUser: String? = nil, remoteAddr: String = "192.0.2.10") -> Response {
        var cgi: [String: String] = [
            "REQUEST_METHOD": method, "REQUEST_URI": uri, "REMOTE_ADDR": remoteAddr, "HTTP_HOST": "help.example.org",
            "QUERY_STRING": uri.contains("?") ? String(uri.split(separator: "?", maxSplits: 1)[1]) : "",
            "CONTENT_TYPE": contentType, "CONTENT_LENGTH": String(body.count),
        ]
        for (k, v) in headers { cgi["HTTP_" + k.uppercased().replacingDashes()] = v }
        if let remoteUser { cgi["REMOTE_USER"] = remoteUser }
        return app.handle(Request(cgi: cgi, body: body, id: "test"))
    }

    func count(_ table: String) throws -> Int64 {
        // Table names come from test code only.
        try env.db.scalar("SELECT count(*) FROM " + table).int ?? -1
    }
}

extension String {
    fileprivate func replacingDashes() -> String { String(decoding: utf8.map { $0 == 45 ? 95 : $0 }, as: UTF8.self) }
}

extension Response {
    var text: String { String(decoding: body, as: UTF8.self) }
    var cookies: [String: String] {
        var out: [String: String] = [:]
        for (name, value) in headers where name == "Set-Cookie" {
            let pair = value.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
            if pair.count == 2 { out[String(pair[0])] = String(pair[1]) }
        }
        return out
    }
}

/// A browser-like client: keeps cookies, reads the CSRF token out of forms, posts
/// multipart bodies.
final class Browser {
    let site: TestSite
    var cookies: [String: String] = [:]
    var language = "en"
    var remoteAddr = "192.0.2.10"
    /// The name the web server authenticated (operators); nil for guests.
    var remoteUser: String?

    init(_ site: TestSite, user: String? = nil) {
        self.site = site
        remoteUser = user
    }

    @discardableResult
    func get(_ uri: String) -> Response {
        let r = site.request("GET", uri, headers: headerFields(), remoteUser: remoteUser, remoteAddr: remoteAddr)
        cookies.merge(r.cookies) { _, new in new }
        return r
    }

    @discardableResult
    func post(_ uri: String, fields: [(String, String)], files: [(name: String, filename: String, bytes: [UInt8])] = []) -> Response {
        var parts = fields.map { MultipartFixtures.Part("Content-Disposition: form-data; name=\"\($0.0)\"", text: $0.1) }
        for f in files {
            parts.append(MultipartFixtures.Part("Content-Disposition: form-data; name=\"\(f.name)\"; filename=\"\(f.filename)\"",
                                                "Content-Type: application/octet-stream", body: f.bytes))
        }
        let body = MultipartFixtures.body(parts)
        let r = site.request("POST", uri, body: body, contentType: "multipart/form-data; boundary=\(MultipartFixtures.boundary)",
                             headers: headerFields(), remoteUser: remoteUser, remoteAddr: remoteAddr)
        cookies.merge(r.cookies) { _, new in new }
        return r
    }

    private func headerFields() -> [String: String] {
        var h = ["Accept-Language": language]
        if !cookies.isEmpty { h["Cookie"] = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
        return h
    }

    /// The CSRF token of the first form in `page`.
    static func csrf(in page: Response) -> String {
        Browser.attribute(after: "name=\"csrf\" value=\"", in: page.text) ?? ""
    }

    /// The text between `marker` and the next `"` or `<`.
    static func attribute(after marker: String, in text: String) -> String? {
        guard let start = text.range(of: marker)?.upperBound else { return nil }
        return String(text[start...].prefix { $0 != "\"" && $0 != "<" })
    }
}

extension String {
    /// Minimal substring search (no Foundation in tests either).
    func range(of needle: String) -> Range<String.Index>? {
        guard !needle.isEmpty else { return nil }
        var i = startIndex
        while i < endIndex {
            if self[i...].hasPrefix(needle) { return i..<index(i, offsetBy: needle.count) }
            i = index(after: i)
        }
        return nil
    }

    func contains(_ needle: String) -> Bool { range(of: needle) != nil }
}
