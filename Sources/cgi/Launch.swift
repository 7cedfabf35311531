import Glibc
import Core

/// Reads the process environment once at start-up (Core never does): where the app
/// root and the data directory are, and how many FastCGI workers to run.
///
/// The root is `TAQUILLA_ROOT`, else the nearest parent of the executable's real path
/// that holds both `lang/` and `htdocs/` (so `.build/release/taquilla` and a copied
/// binary inside the folder both work), else the working directory. The data directory
/// is `TAQUILLA_DATA`, else `ROOT/data`.
enum Launch {
    static func variable(_ name: String) -> String? {
        guard let v = getenv(name) else { return nil }
        let s = String(cString: v)
        return s.isEmpty ? nil : s
    }

    /// Whether API ticket openings go through a `TicketWriter` (only with several workers):
    /// on unless TAQUILLA_TICKET_WRITER is 0.
    static func ticketWriterWanted() -> Bool { variable("TAQUILLA_TICKET_WRITER") != "0" }

    static func paths() -> Paths {
        let root = variable("TAQUILLA_ROOT") ?? findRoot() ?? currentDirectory()
        return Paths(root: root, data: variable("TAQUILLA_DATA") ?? root + "/data")
    }

    static func workerCount() -> Int {
        guard let text = variable("TAQUILLA_WORKERS"), let n = Int(text) else { return 1 }
        return max(1, min(n, 64))
    }

    static func currentDirectory() -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX))
        return getcwd(&buffer, buffer.count) != nil ? buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) } : "."
    }

    static func findRoot() -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX))
        guard realpath("/proc/self/exe", &buffer) != nil else { return nil }
        var dir = buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        while let slash = dir.lastIndex(of: "/"), slash != dir.startIndex {
            dir = String(dir[..<slash])
            if FileSystem.isDirectory(dir + "/lang") && FileSystem.isDirectory(dir + "/htdocs") { return dir }
        }
        return nil
    }

    /// A short random id that ties a response to its log lines.
    static func requestID() -> String { Hex.encode(SecureRandom.bytes(6)) }
}
