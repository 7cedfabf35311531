/// The web server's user file (`data/users.htpasswd`): the passwords nginx and Apache
/// check before the app sees `REMOTE_USER`. Used by the CLI and the admin pages alike.
/// Hashes are bcrypt `$2y$` (both servers accept it); passwords are 8–72 bytes.
public struct ServerUsers {
    public let path: String

    public init(path: String) { self.path = path }

    public enum Problem: Error, CustomStringConvertible {
        case tooShort, tooLong
        /// A catalog key for the admin pages.
        public var key: String { self == .tooShort ? "admin.error.password_short" : "admin.error.password_long" }
        public var description: String { self == .tooShort ? "passwords need at least 8 characters" : "passwords are at most 72 bytes, without NUL" }
    }

    public static func problem(_ password: String) -> Problem? {
        if password.utf8.count < 8 { return .tooShort }
        if password.utf8.count > 72 || password.utf8.contains(0) { return .tooLong }
        return nil
    }

    /// 16 characters of Crockford base32 (80 bits): easy to type, hard to guess.
    public static func randomPassword() -> String { String(Crockford32.encode(SecureRandom.bytes(10)).prefix(16)) }

    func load() throws -> HtpasswdFile {
        HtpasswdFile(parsing: FileSystem.exists(path) ? try FileSystem.readText(path) : "")
    }

    public func setPassword(user: String, password: String) throws {
        if let problem = Self.problem(password) { throw problem }
        var file = try load()
        try file.setPassword(user: user, hash: try PasswordHash.make(password))
        try file.write(toPath: path)
    }

    /// Removes the user's line; false when there was none.
    @discardableResult
    public func remove(user: String) throws -> Bool {
        var file = try load()
        guard file.remove(user: user) else { return false }
        try file.write(toPath: path)
        return true
    }
}
