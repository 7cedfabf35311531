/// Why a user name or hash cannot be stored in an htpasswd file.
public enum HtpasswdError: Error, Equatable, CustomStringConvertible {
    case emptyUsername
    case usernameTooLong(byteCount: Int)
    case forbiddenCharacterInUsername(String)
    case invalidHash

    public var description: String {
        switch self {
        case .emptyUsername:
            "The user name is empty."
        case .usernameTooLong(let byteCount):
            "The user name is \(byteCount) bytes long; at most \(HtpasswdFile.maxUsernameBytes) are allowed."
        case .forbiddenCharacterInUsername(let name):
            "The user name contains a \(name), which htpasswd files cannot store."
        case .invalidHash:
            "The password hash is empty or contains ':', CR, LF or NUL."
        }
    }
}

/// An htpasswd file (`name:hash` per line) as read by nginx `auth_basic` and
/// Apache, edited without disturbing lines this type does not manage.
///
/// Comments, blank lines and anything not of the form `valid-user:hash` are
/// kept verbatim, as is a trailing `:comment` field after the hash. Edge
/// cases: CRLF line endings are read but written back as LF, and the printed
/// text always ends with a newline. If a user appears more than once, the
/// first entry wins (as in nginx); `setPassword` updates it and drops the
/// duplicates, `remove` drops them all.
public struct HtpasswdFile: Equatable, Sendable {
    public static let maxUsernameBytes = 64

    private enum Line: Equatable, Sendable {
        /// `trailer` is everything from a second `:` on, or empty.
        case entry(user: String, hash: String, trailer: String)
        case other(String)
    }

    private var lines: [Line]

    /// An empty file.
    public init() {
        lines = []
    }

    /// Parses the contents of an htpasswd file.
    public init(parsing text: String) {
        // "\r\n" is a single Character in Swift, so both endings are listed.
        var rawLines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
        if rawLines.last?.isEmpty == true {
            rawLines.removeLast()
        }
        lines = rawLines.map { Self.parseEntry($0) ?? .other(String($0)) }
    }

    /// The file contents, one line per entry, each ending in LF.
    public var text: String {
        lines.map { line in
            switch line {
            case .entry(let user, let hash, let trailer): "\(user):\(hash)\(trailer)\n"
            case .other(let text): "\(text)\n"
            }
        }.joined()
    }

    /// User names in file order, without duplicates.
    public var users: [String] {
        var seen = Set<String>()
        return lines.compactMap { line in
            guard case .entry(let user, _, _) = line, seen.insert(user).inserted else { return nil }
            return user
        }
    }

    /// The hash stored for `user`, or nil if there is none.
    public func hash(for user: String) -> String? {
        for case .entry(user, let hash, _) in lines {
            return hash
        }
        return nil
    }

    /// Stores `hash` for `user`, replacing an existing entry in place or
    /// appending a new one.
    public mutating func setPassword(user: String, hash: String) throws(HtpasswdError) {
        try Self.validate(username: user)
        guard !hash.isEmpty, !hash.utf8.contains(where: { ":\r\n\0".utf8.contains($0) }) else {
            throw .invalidHash
        }
        guard let first = lines.firstIndex(where: { Self.user(of: $0) == user }) else {
            lines.append(.entry(user: user, hash: hash, trailer: ""))
            return
        }
        if case .entry(_, _, let trailer) = lines[first] {
            lines[first] = .entry(user: user, hash: hash, trailer: trailer)
        }
        let rest = lines[(first + 1)...].filter { Self.user(of: $0) != user }
        lines.replaceSubrange((first + 1)..., with: rest)
    }

    /// Removes every entry for `user`; returns whether there was one.
    @discardableResult
    public mutating func remove(user: String) -> Bool {
        let before = lines.count
        lines.removeAll { Self.user(of: $0) == user }
        return lines.count != before
    }

    /// Atomically replaces the file at `path` (mode 0640, see `AtomicFile`).
    public func write(toPath path: String) throws(AtomicFile.Failure) {
        try AtomicFile.write(Array(text.utf8), toPath: path, mode: 0o640)
    }

    /// Throws unless `username` is non-empty, at most 64 bytes, and free of
    /// ':', CR, LF and NUL.
    public static func validate(username: String) throws(HtpasswdError) {
        if username.isEmpty { throw .emptyUsername }
        let forbidden: [(UInt8, String)] = [
            (UInt8(ascii: ":"), "colon"), (0x0d, "carriage return"), (0x0a, "line feed"), (0, "NUL character"),
        ]
        for (byte, name) in forbidden where username.utf8.contains(byte) {
            throw .forbiddenCharacterInUsername(name)
        }
        let byteCount = username.utf8.count
        if byteCount > maxUsernameBytes { throw .usernameTooLong(byteCount: byteCount) }
    }

    private static func parseEntry(_ line: Substring) -> Line? {
        guard !line.hasPrefix("#"), let colon = line.firstIndex(of: ":") else { return nil }
        let user = String(line[..<colon])
        guard (try? validate(username: user)) != nil else { return nil }
        let afterColon = line[line.index(after: colon)...]
        let hashEnd = afterColon.firstIndex(of: ":") ?? afterColon.endIndex
        return .entry(user: user, hash: String(afterColon[..<hashEnd]), trailer: String(afterColon[hashEnd...]))
    }

    private static func user(of line: Line) -> String? {
        if case .entry(let user, _, _) = line { user } else { nil }
    }
}
