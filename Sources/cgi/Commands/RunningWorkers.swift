import Glibc
import Core

/// Finds processes that look like live Taquilla workers for one data folder, so
/// `restore` can refuse to swap the database under them. Looked at in /proc:
///
/// - any other process with the database (`taquilla.sqlite`, `-wal`, `-shm`) open;
/// - any other process running this same executable with a socket on fd 0 (a FastCGI
///   supervisor or a worker that has not opened the database yet) whose `TAQUILLA_DATA`
///   (or, unset, its `TAQUILLA_ROOT`/our root plus `/data`) is this data folder;
/// - the pid in `data/run/fcgi.pid` (written by install.sh) if that process is alive.
///
/// Edge cases: processes of other users are only visible to root (run it before
/// dropping privileges); a process whose environment cannot be read counts as running
/// (better a refusal with `--force` as the way out than a database swapped under it).
enum RunningWorkers {
    /// One process and why it counts as a worker, for the refusal message.
    struct Found: Equatable {
        let pid: Int32
        let reason: String
    }

    static func find(paths: Paths) -> [Found] {
        guard let data = FileSystem.realPath(paths.data) else { return [] }
        let own = getpid()
        let databaseFiles = Set(["", "-wal", "-shm"].map { data + "/taquilla.sqlite" + $0 })
        let executable = link("/proc/self/exe").map(stripDeleted)
        var found: [Found] = []
        let pids = ((try? FileSystem.list("/proc")) ?? []).compactMap { Int32($0) }.filter { $0 != own }
        for pid in pids {
            let base = "/proc/\(pid)"
            let fds = (try? FileSystem.list(base + "/fd")) ?? []
            if fds.contains(where: { link(base + "/fd/" + $0).map(databaseFiles.contains) == true }) {
                found.append(Found(pid: pid, reason: "has the database open"))
                continue
            }
            guard let executable, link(base + "/exe").map(stripDeleted) == executable,
                  link(base + "/fd/0")?.hasPrefix("socket:") == true else { continue }
            if servesData(pid: pid, data: data, root: paths.root) {
                found.append(Found(pid: pid, reason: "is a FastCGI process of this executable"))
            }
        }
        let pidFile = paths.data + "/run/fcgi.pid"
        if let text = try? FileSystem.readText(pidFile), let pid = Int32(text.singleLine()), pid != own,
           kill(pid, 0) == 0 || errno == EPERM, !found.contains(where: { $0.pid == pid }) {
            found.append(Found(pid: pid, reason: "is named in \(pidFile)"))
        }
        return found
    }

    /// Whether the FastCGI process `pid` uses `data`, judged from its start environment.
    private static func servesData(pid: Int32, data: String, root: String) -> Bool {
        guard let bytes = try? FileSystem.read("/proc/\(pid)/environ") else { return true }
        var env: [String: String] = [:]
        for entry in bytes.split(separator: 0) {
            let s = String(decoding: entry, as: UTF8.self)
            if let eq = s.firstIndex(of: "=") { env[String(s[..<eq])] = String(s[s.index(after: eq)...]) }
        }
        let theirs = env["TAQUILLA_DATA"].flatMap { $0.isEmpty ? nil : $0 }
            ?? ((env["TAQUILLA_ROOT"].flatMap { $0.isEmpty ? nil : $0 } ?? root) + "/data")
        let resolved = theirs.hasPrefix("/") ? theirs : (link("/proc/\(pid)/cwd") ?? "") + "/" + theirs
        return FileSystem.realPath(resolved) == data
    }

    private static func link(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = readlink(path, &buffer, buffer.count - 1)
        guard n > 0 else { return nil }
        return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private static func stripDeleted(_ path: String) -> String {
        path.hasSuffix(" (deleted)") ? String(path.dropLast(10)) : path
    }
}
