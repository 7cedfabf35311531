import Glibc

/// The few file operations the app needs, on Glibc directly (no Foundation).
/// Errors carry the path and `strerror` text so a page or CLI can say what went wrong.
public enum FileSystem {
    public struct Error: Swift.Error, CustomStringConvertible {
        public let path: String
        public let code: Int32
        public let operation: String
        public var description: String { "\(operation) \(path): \(String(cString: strerror(code)))" }
        public var isDiskFull: Bool { code == ENOSPC || code == EDQUOT }
    }

    public static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    public static func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    public static func list(_ directory: String) throws -> [String] {
        guard let dir = opendir(directory) else { throw Error(path: directory, code: errno, operation: "opendir") }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    public static func read(_ path: String) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw Error(path: path, code: errno, operation: "open") }
        defer { close(fd) }
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw Error(path: path, code: errno, operation: "read")
            }
            if n == 0 { break }
            out.append(contentsOf: buffer[0..<n])
        }
        return out
    }

    /// Everything on standard input (for `mail parse -` and, later, `mail pipe`).
    public static func readStandardInput() throws -> [UInt8] {
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(0, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw Error(path: "stdin", code: errno, operation: "read")
            }
            if n == 0 { return out }
            out.append(contentsOf: buffer[0..<n])
        }
    }

    public static func readText(_ path: String) throws -> String {
        String(decoding: try read(path), as: UTF8.self)
    }

    /// Creates a directory and its parents; an existing directory is fine.
    public static func makeDirectories(_ path: String, mode: mode_t = 0o750) throws {
        if isDirectory(path) { return }
        var current = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            current += "/" + part
            if mkdir(current, mode) != 0 && errno != EEXIST {
                throw Error(path: current, code: errno, operation: "mkdir")
            }
        }
    }

    public static func remove(_ path: String) { unlink(path) }

    public static func size(_ path: String) -> Int? {
        var st = stat()
        return stat(path, &st) == 0 ? Int(st.st_size) : nil
    }
}
