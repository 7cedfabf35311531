import Glibc

extension FileSystem {
    /// The absolute path with symlinks, `.` and `..` resolved; nil when it does not exist.
    /// Used to tell whether two spellings name the same folder (e.g. a backup folder
    /// that is the data folder itself).
    public static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// True when `inner` is `outer` or lies inside it (both resolved; false if either
    /// does not exist).
    public static func isSameOrInside(_ inner: String, _ outer: String) -> Bool {
        guard let a = realPath(inner), let b = realPath(outer) else { return false }
        return a == b || a.hasPrefix(b.hasSuffix("/") ? b : b + "/")
    }
}
