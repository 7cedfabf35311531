import Glibc
import Core

/// What every command needs: the paths, privileges matching the data directory's owner,
/// and an open database. When run as root on a data directory owned by the web user,
/// the command switches to that user first, so it never leaves root-owned files (a
/// root-owned `-wal` file would lock the web server out of the database).
struct CLIContext {
    let paths: Paths

    static func make() throws -> CLIContext {
        let paths = Launch.paths()
        try dropPrivilegesToDataOwner(paths.data)
        return CLIContext(paths: paths)
    }

    func database() throws -> Database {
        guard FileSystem.isDirectory(paths.data) else { throw CLIError("data directory \(paths.data) does not exist") }
        return try Database(path: paths.database, writersQueue: true)
    }

    static func dropPrivilegesToDataOwner(_ data: String) throws {
        guard geteuid() == 0 else { return }
        var st = stat()
        guard stat(data, &st) == 0, st.st_uid != 0 else { return }
        guard setgid(st.st_gid) == 0, setuid(st.st_uid) == 0 else {
            throw CLIError("cannot switch to the owner (uid \(st.st_uid)) of \(data)")
        }
    }

    var now: Int64 { TimeFormat.now() }
}

/// A failure reported to the user as one line on stderr, with exit status 1.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}
