import Glibc

/// Runs a program with `posix_spawn` (no shell), feeds it bytes on standard input and
/// collects what it prints on standard output and standard error, with a time limit.
///
/// Edge cases: input and output are driven together with `poll`, so a program that
/// prints a lot before reading its input cannot deadlock us; output beyond
/// `outputLimit` bytes is read and dropped; a program that closes its input early just
/// ends the feeding (SIGPIPE must be ignored by the caller's process, as the mail
/// command and the FastCGI workers do; the program itself starts with SIGPIPE at its
/// default); past `timeLimit` seconds the program is killed (SIGKILL) and the result
/// says so. The child inherits the environment and no other descriptors of ours (pipes
/// are close-on-exec).
public enum ChildProcess {
    /// How the program ended.
    public enum Termination: Sendable, Equatable {
        case exited(Int32)
        case signalled(Int32)
        case timedOut
    }

    /// The program's end and its (possibly cut) output.
    public struct Result: Sendable {
        public var termination: Termination
        public var output: [UInt8]
    }

    /// Why the program could not be started.
    public struct SpawnError: Error, CustomStringConvertible {
        public let program: String
        public let code: Int32
        public var description: String { "cannot start \(program): \(String(cString: strerror(code)))" }
    }

    public static func run(_ arguments: [String], input: [UInt8], timeLimit: Int32 = 120,
                           outputLimit: Int = 8192) throws(SpawnError) -> Result {
        let program = arguments.first ?? ""
        var inPipe: [Int32] = [-1, -1], outPipe: [Int32] = [-1, -1]
        guard closeOnExecPipe(&inPipe) else { throw SpawnError(program: program, code: errno) }
        guard closeOnExecPipe(&outPipe) else {
            let code = errno
            close(inPipe[0]); close(inPipe[1])
            throw SpawnError(program: program, code: code)
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, inPipe[0], 0)
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 2)
        // The caller ignores SIGPIPE; the program gets the default back.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF))
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, program, &actions, &attributes, argv, environ)
        close(inPipe[0])
        close(outPipe[1])
        guard spawned == 0 else {
            close(inPipe[1]); close(outPipe[0])
            throw SpawnError(program: program, code: spawned)
        }
        _ = fcntl(inPipe[1], F_SETFL, fcntl(inPipe[1], F_GETFL) | O_NONBLOCK)

        var output: [UInt8] = []
        var written = 0
        var writer = inPipe[1], reader = outPipe[0]
        if input.isEmpty { close(writer); writer = -1 }
        let deadline = monotonicMilliseconds() + Int64(timeLimit) * 1000
        var timedOut = false
        var buffer = [UInt8](repeating: 0, count: 8192)
        while writer >= 0 || reader >= 0 {
            let left = deadline - monotonicMilliseconds()
            if left <= 0 { timedOut = true; break }
            var fds = [pollfd(fd: writer, events: Int16(POLLOUT), revents: 0), pollfd(fd: reader, events: Int16(POLLIN), revents: 0)]
            let ready = poll(&fds, 2, Int32(min(left, 1000)))
            if ready < 0 && errno != EINTR { break }
            if ready <= 0 { continue }
            if writer >= 0 && fds[0].revents != 0 {
                let n = input.withUnsafeBytes { write(writer, $0.baseAddress! + written, $0.count - written) }
                if n > 0 { written += n }
                // Done, or the program stopped reading (EPIPE): either way its input ends here.
                if written == input.count || (n < 0 && errno != EAGAIN && errno != EINTR) {
                    close(writer); writer = -1
                }
            }
            if reader >= 0 && fds[1].revents != 0 {
                let n = read(reader, &buffer, buffer.count)
                if n > 0 {
                    output.append(contentsOf: buffer[..<min(n, max(0, outputLimit - output.count))])
                } else if n == 0 || (errno != EAGAIN && errno != EINTR) {
                    close(reader); reader = -1
                }
            }
        }
        if writer >= 0 { close(writer) }
        if reader >= 0 { close(reader) }
        if timedOut { kill(pid, SIGKILL) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        if timedOut { return Result(termination: .timedOut, output: output) }
        // WIFEXITED / WEXITSTATUS / WTERMSIG, which Swift does not import.
        let termination: Termination = status & 0x7f == 0 ? .exited((status >> 8) & 0xff) : .signalled(status & 0x7f)
        return Result(termination: termination, output: output)
    }

    /// `pipe` with FD_CLOEXEC on both ends (Glibc's `pipe2` is not imported).
    private static func closeOnExecPipe(_ fds: inout [Int32]) -> Bool {
        guard pipe(&fds) == 0 else { return false }
        _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
        return true
    }

    private static func monotonicMilliseconds() -> Int64 { MonotonicClock.nanoseconds() / 1_000_000 }
}
