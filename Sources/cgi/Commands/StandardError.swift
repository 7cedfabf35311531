import Glibc

/// Prints one line on stderr (warnings that must not mix with a command's report on
/// stdout, e.g. under cron). A failed write is ignored.
func printError(_ line: String) {
    let bytes = Array((line + "\n").utf8)
    _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
}
