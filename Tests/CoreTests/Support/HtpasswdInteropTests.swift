@testable import Core
import Testing

/// Checks the files we write against Apache's own `htpasswd` tool.
@Suite(.enabled(if: executablePath("htpasswd") != nil, "htpasswd (apache2-utils) is not installed"))
struct HtpasswdInteropTests {
    let htpasswd = executablePath("htpasswd") ?? "htpasswd"

    @Test func apacheAcceptsOurFile() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/htpasswd"
            var file = HtpasswdFile(parsing: "# agents\n")
            try file.setPassword(user: "agent", hash: PasswordHash.make("s3cret pass"))
            try file.write(toPath: path)
            #expect(run(htpasswd, ["-vb", path, "agent", "s3cret pass"]) == 0)
            #expect(run(htpasswd, ["-vb", path, "agent", "wrong"]) != 0)
        }
    }

    @Test func weVerifyApacheBcryptHashes() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/htpasswd"
            #expect(run(htpasswd, ["-cbB", "-C", "5", path, "agent", "s3cret pass"]) == 0)
            let file = HtpasswdFile(parsing: String(decoding: readFile(path) ?? [], as: UTF8.self))
            let hash = try #require(file.hash(for: "agent"))
            #expect(hash.hasPrefix("$2y$05$"))
            #expect(PasswordHash.verify("s3cret pass", hash: hash))
            #expect(!PasswordHash.verify("wrong", hash: hash))
        }
    }
}
