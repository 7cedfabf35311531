@testable import Core
import Glibc
import Testing

@Suite struct AtomicFileTests {
    @Test func replacesContentsAndRemovesTemporaryFile() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/data"
            try AtomicFile.write(utf8("first version, longer"), toPath: path)
            try AtomicFile.write(utf8("second"), toPath: path, mode: 0o600)
            #expect(readFile(path) == utf8("second"))
            #expect(permissions(of: path) == 0o600)
            #expect(readFile(path + ".tmp") == nil)
        }
    }

    @Test func modeIgnoresUmask() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/data"
            let previous = umask(0o077)
            defer { umask(previous) }
            try AtomicFile.write([], toPath: path)
            #expect(permissions(of: path) == 0o640)
        }
    }

    @Test func failureLeavesNothingBehind() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/missing/data"
            #expect(throws: AtomicFile.Failure(operation: "open", path: path + ".tmp\(getpid())", errno: ENOENT)) {
                try AtomicFile.write(utf8("x"), toPath: path)
            }
        }
    }

    @Test func renameFailureRemovesTemporaryFile() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/occupied"
            #expect(mkdir(path, 0o700) == 0)
            defer { rmdir(path) }
            #expect(throws: AtomicFile.Failure.self) {
                try AtomicFile.write(utf8("x"), toPath: path)
            }
            #expect(readFile(path + ".tmp") == nil)
        }
    }
}
