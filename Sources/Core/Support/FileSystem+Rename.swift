import Glibc

extension FileSystem {
    /// Renames `from` over `to` (atomically replacing it) and fsyncs the folder of `to`,
    /// so the new name survives a crash. Both must be on the same file system; a failed
    /// rename leaves both files as they were.
    public static func renameDurably(_ from: String, to: String) throws {
        guard rename(from, to) == 0 else { throw Error(path: from, code: errno, operation: "rename") }
        let folder = to.lastIndex(of: "/").map { String(to[..<$0]) } ?? "."
        let fd = open(folder.isEmpty ? "/" : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw Error(path: folder, code: errno, operation: "open") }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw Error(path: folder, code: errno, operation: "fsync") }
    }
}
