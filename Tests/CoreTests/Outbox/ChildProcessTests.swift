import Glibc
import Testing
@testable import Core

/// Running sendmail-like programs: input, output, exit status, time limit.
@Suite struct ChildProcessTests {
    @Test func feedsInputAndCollectsBoundedOutputWithoutDeadlock() throws {
        // 1 MB through cat: it writes while we write, which deadlocks a naive implementation.
        let input = [UInt8](repeating: UInt8(ascii: "x"), count: 1 << 20)
        let result = try ChildProcess.run(["/bin/cat"], input: input, outputLimit: 100)
        #expect(result.termination == .exited(0))
        #expect(result.output == Array(input.prefix(100)))
    }

    @Test func exitStatusAndStderrAreReported() throws {
        let result = try ChildProcess.run(["/bin/sh", "-c", "cat >/dev/null; echo nope >&2; exit 75"], input: Array("hi\n".utf8))
        #expect(result.termination == .exited(75))
        #expect(String(decoding: result.output, as: UTF8.self) == "nope\n")
    }

    @Test func aProgramThatStopsReadingEarlyDoesNotHurtUs() throws {
        signal(SIGPIPE, SIG_IGN)  // as the mail command does
        let result = try ChildProcess.run(["/bin/sh", "-c", "exit 3"], input: [UInt8](repeating: 1, count: 1 << 20))
        #expect(result.termination == .exited(3))
    }

    @Test func aSlowProgramIsKilledAtTheTimeLimit() throws {
        let result = try ChildProcess.run(["/bin/sleep", "30"], input: [], timeLimit: 1)
        #expect(result.termination == .timedOut)
    }

    @Test func aMissingProgramIsASpawnError() {
        #expect(throws: ChildProcess.SpawnError.self) { try ChildProcess.run(["/nonexistent/sendmail"], input: []) }
    }
}
