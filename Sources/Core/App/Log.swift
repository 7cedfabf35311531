import Glibc

/// Appends one line per event to `data/taquilla.log` and to stderr. Under spawn-fcgi
/// stderr goes to /dev/null, hence the file. Each line: UTC time, pid, request id, level,
/// message with newlines flattened. A log that cannot be opened never fails a request.
public final class Log {
    let path: String
    private var fd: Int32 = -1
    private let toStderr: Bool

    public init(path: String, toStderr: Bool = true) {
        self.path = path
        self.toStderr = toStderr
    }

    deinit { if fd >= 0 { close(fd) } }

    public func error(_ message: String, requestID: String = "-") { write("ERROR", message, requestID) }
    public func info(_ message: String, requestID: String = "-") { write("INFO", message, requestID) }

    private func write(_ level: String, _ message: String, _ requestID: String) {
        let line = "\(TimeFormat.iso(TimeFormat.now())) pid=\(getpid()) req=\(requestID) \(level) \(message.singleLine())\n"
        if fd < 0 { fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o640) }
        let bytes = Array(line.utf8)
        if fd >= 0 { _ = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) } }
        if toStderr { _ = bytes.withUnsafeBytes { Glibc.write(2, $0.baseAddress, $0.count) } }
    }
}
