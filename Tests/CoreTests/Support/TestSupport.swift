import Glibc

/// UTF-8 bytes of a string literal.
func utf8(_ text: String) -> [UInt8] {
    Array(text.utf8)
}

/// Creates a fresh directory under /tmp, passes its path to `body`, then
/// deletes the directory and the files in it.
func withTemporaryDirectory(_ body: (String) throws -> Void) throws {
    var template = Array("/tmp/CoreTests.XXXXXX".utf8CString)
    guard let created = mkdtemp(&template) else {
        throw TestSupportError(message: "mkdtemp failed (errno \(errno))")
    }
    let directory = String(cString: created)
    defer { removeDirectory(directory) }
    try body(directory)
}

/// The contents of the file at `path`, or nil if it cannot be read.
func readFile(_ path: String) -> [UInt8]? {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    var contents: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 4096)
    while true {
        let count = read(descriptor, &chunk, chunk.count)
        if count < 0 && errno == EINTR { continue }
        guard count >= 0 else { return nil }
        if count == 0 { return contents }
        contents.append(contentsOf: chunk[..<count])
    }
}

/// The permission bits of the file at `path`, or nil if it does not exist.
func permissions(of path: String) -> mode_t? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    return info.st_mode & 0o7777
}

/// The absolute path of `name` found on `PATH`, or nil.
func executablePath(_ name: String) -> String? {
    guard let searchPath = getenv("PATH") else { return nil }
    return String(cString: searchPath)
        .split(separator: ":")
        .map { "\($0)/\(name)" }
        .first { access($0, X_OK) == 0 }
}

/// Runs `executable` with `arguments`, output discarded; returns its exit
/// status, or nil if it could not be started or did not exit normally.
func run(_ executable: String, _ arguments: [String]) -> Int32? {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_adddup2(&actions, 1, 2)

    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    let environment: [UnsafeMutablePointer<CChar>?] = [nil]
    var pid = pid_t()
    guard posix_spawn(&pid, executable, &actions, nil, argv, environment) == 0 else { return nil }

    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 {
        guard errno == EINTR else { return nil }
    }
    // WIFEXITED / WEXITSTATUS, which Swift does not import.
    return status & 0x7f == 0 ? (status >> 8) & 0xff : nil
}

struct TestSupportError: Error {
    let message: String
}

private func removeDirectory(_ directory: String) {
    guard let handle = opendir(directory) else { return }
    while let entry = readdir(handle) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        if name != "." && name != ".." {
            unlink("\(directory)/\(name)")
        }
    }
    closedir(handle)
    rmdir(directory)
}
