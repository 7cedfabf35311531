#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What every fuzz target shares: turning libFuzzer's buffer into bytes, failing loudly on a
/// broken invariant, and replaying input files when the target is built without libFuzzer.
///
/// A target is one executable with a `@_cdecl("LLVMFuzzerTestOneInput")` function. Built by
/// `Tests/Fuzz/run.sh` (`--sanitize=fuzzer`, `-DTAQUILLA_FUZZ`) libFuzzer supplies `main`; in
/// a normal build the target's `@main` calls `Fuzz.replay`, so `swift build` compiles every
/// harness and `.build/debug/FuzzJSON crash-file` reproduces a crash without sanitizers.
public enum Fuzz {
    /// The input as an array (libFuzzer may pass a null pointer for the empty input).
    public static func bytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
        guard let data, size > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: size))
    }

    /// Traps with `message` unless `condition` holds. A trap is a crash to libFuzzer, which
    /// then saves the input as `crash-…`.
    public static func require(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
                               file: StaticString = #fileID, line: UInt = #line) {
        if !condition() { fail(message(), file: file, line: line) }
    }

    public static func fail(_ message: String, file: StaticString = #fileID, line: UInt = #line) -> Never {
        printError("invariant broken at \(file):\(line): \(message)")
        fatalError("invariant broken: \(message)", file: file, line: line)
    }

    /// A short, printable rendering of `text` for failure messages.
    public static func show(_ text: String, limit: Int = 200) -> String {
        var out = ""
        for scalar in text.unicodeScalars.prefix(limit) {
            out += scalar.isASCII && scalar.value >= 0x20 && scalar.value < 0x7F
                ? String(scalar) : "\\u{\(String(scalar.value, radix: 16))}"
        }
        return "\"" + out + (text.unicodeScalars.count > limit ? "…" : "") + "\""
    }

    /// `replay` over the command-line arguments, then exits with its status.
    public static func replayArguments(_ body: ([UInt8]) -> Void) -> Never {
        exit(replay(arguments: Array(CommandLine.arguments.dropFirst()), body))
    }

    /// Runs `body` on every file named in `arguments` (directories are read one level deep).
    /// Returns the process exit status: 0 when every file was read, 1 otherwise.
    public static func replay(arguments: [String], _ body: ([UInt8]) -> Void) -> Int32 {
        guard !arguments.isEmpty else {
            printError("usage: \(CommandLine.arguments.first ?? "fuzz-target") FILE|DIR...\n"
                + "  runs the harness once per file (build with Tests/Fuzz/run.sh to fuzz)")
            return 2
        }
        var count = 0
        var status: Int32 = 0
        for path in arguments {
            for file in files(at: path) {
                guard let bytes = readFile(file) else {
                    printError("cannot read \(file)")
                    status = 1
                    continue
                }
                body(bytes)
                count += 1
            }
        }
        printError("\(count) input(s) passed")
        return status
    }

    static func printError(_ line: String) {
        let bytes = Array((line + "\n").utf8)
        _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    }

    private static func files(at path: String) -> [String] {
        guard let directory = opendir(path) else { return [path] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            // d_type 4 is DT_DIR: one level deep only.
            if name != "." && name != ".." && entry.pointee.d_type != 4 { names.append(path + "/" + name) }
        }
        return names.sorted()
    }

    private static func readFile(_ path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var contents: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = read(descriptor, &chunk, chunk.count)
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { return nil }
            if count == 0 { return contents }
            contents.append(contentsOf: chunk[0..<count])
        }
    }
}
