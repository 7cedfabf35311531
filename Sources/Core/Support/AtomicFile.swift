import Glibc

/// Replaces a file's contents atomically, so readers such as nginx see either
/// the old file or the new one, never a partial write.
///
/// The data goes to `path.tmp` (created with `mode` regardless of the umask,
/// never following a symlink), is fsynced, then renamed over `path`, and the
/// directory is fsynced so the rename survives a crash. Edge cases: a stale
/// `path.tmpPID` is overwritten (the pid keeps two workers storing the same file apart); on failure the temporary file is removed and
/// `path` is left untouched (unless only the final directory sync failed).
/// The new file is owned by the calling user and group.
public enum AtomicFile {
    /// A failed system call, with the path it was applied to.
    public struct Failure: Error, Equatable, CustomStringConvertible {
        public let operation: String
        public let path: String
        public let errno: Int32

        public var description: String {
            "\(operation) \(path) failed: \(String(cString: strerror(errno))) (errno \(errno))"
        }
    }

    /// Atomically replaces the file at `path` with `bytes`. With `durable: false` the two
    /// fsyncs are skipped: still atomic and safe against a crash of the process, not
    /// against power loss (the durability of the database's `synchronous = NORMAL`).
    public static func write(_ bytes: [UInt8], toPath path: String, mode: mode_t = 0o640, durable: Bool = true) throws(Failure) {
        let temporaryPath = path + ".tmp\(getpid())"
        let descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, mode)
        guard descriptor >= 0 else { throw failure("open", temporaryPath) }
        do throws(Failure) {
            try check(fchmod(descriptor, mode), "fchmod", temporaryPath)
            try writeAll(bytes, to: descriptor, path: temporaryPath)
            if durable { try check(fsync(descriptor), "fsync", temporaryPath) }
        } catch {
            close(descriptor)
            unlink(temporaryPath)
            throw error
        }
        do throws(Failure) {
            try check(close(descriptor), "close", temporaryPath)
            try check(rename(temporaryPath, path), "rename", temporaryPath)
        } catch {
            unlink(temporaryPath)
            throw error
        }
        if durable { try syncDirectory(containing: path) }
    }

    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32, path: String) throws(Failure) {
        let errorNumber: Int32? = bytes.withUnsafeBytes { buffer in
            var written = 0
            while written < buffer.count {
                let result = Glibc.write(descriptor, buffer.baseAddress! + written, buffer.count - written)
                if result >= 0 {
                    written += result
                } else if errno != EINTR {
                    return errno
                }
            }
            return nil
        }
        if let errorNumber { throw Failure(operation: "write", path: path, errno: errorNumber) }
    }

    private static func syncDirectory(containing path: String) throws(Failure) {
        let directory = path.lastIndex(of: "/").map { String(path[...$0]) } ?? "."
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure("open", directory) }
        defer { close(descriptor) }
        try check(fsync(descriptor), "fsync", directory)
    }

    private static func check(_ result: Int32, _ operation: String, _ path: String) throws(Failure) {
        if result != 0 { throw failure(operation, path) }
    }

    /// Captures `errno` for the call that just failed.
    private static func failure(_ operation: String, _ path: String) -> Failure {
        Failure(operation: operation, path: path, errno: errno)
    }
}
