import Glibc

/// An exclusive, non-blocking `flock` on a file, so two `mail send` runs from cron never
/// overlap. The kernel drops the lock when the process ends, crash included, so a
/// stale lock file is harmless and is never deleted.
///
/// Edge cases: the lock file is created (mode 0640) with its folder when missing;
/// `acquire` returns nil when another process holds the lock and throws when the file
/// cannot be opened at all.
public final class RunLock {
    private let descriptor: Int32

    private init(descriptor: Int32) { self.descriptor = descriptor }

    deinit { close(descriptor) }

    public static func acquire(path: String) throws -> RunLock? {
        if let slash = path.lastIndex(of: "/") { try FileSystem.makeDirectories(String(path[..<slash])) }
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o640)
        guard fd >= 0 else { throw FileSystem.Error(path: path, code: errno, operation: "open") }
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            if errno == EINTR { continue }
            let code = errno
            close(fd)
            if code == EWOULDBLOCK { return nil }
            throw FileSystem.Error(path: path, code: code, operation: "flock")
        }
        return RunLock(descriptor: fd)
    }
}
