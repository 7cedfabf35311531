@testable import Core
import Testing

@Suite struct PasswordHashTests {
    @Test func makeThenVerify() throws {
        let hash = try PasswordHash.make("correct horse battery staple")
        #expect(hash.hasPrefix("$2y$08$"))
        #expect(hash.utf8.count == 60)
        #expect(PasswordHash.verify("correct horse battery staple", hash: hash))
        #expect(!PasswordHash.verify("correct horse battery stapler", hash: hash))
        #expect(!PasswordHash.verify("", hash: hash))
    }

    @Test func saltsDiffer() throws {
        #expect(try PasswordHash.make("same") != PasswordHash.make("same"))
    }

    @Test func longestAllowedPasswordWorks() throws {
        let password = String(repeating: "é", count: 36) // 72 UTF-8 bytes
        let hash = try PasswordHash.make(password)
        #expect(PasswordHash.verify(password, hash: hash))
    }

    @Test func rejectsOverlongPassword() {
        let password = String(repeating: "a", count: 73)
        #expect(throws: PasswordHash.Failure.tooLong(byteCount: 73)) {
            try PasswordHash.make(password)
        }
        #expect(!PasswordHash.verify(password, hash: "$2y$04$abcdefghijklmnopqrstuu"))
    }

    @Test func rejectsNUL() {
        #expect(throws: PasswordHash.Failure.containsNUL) {
            try PasswordHash.make("abc\0def")
        }
    }

    @Test func passwordWithNULDoesNotMatchItsPrefix() throws {
        let hash = try PasswordHash.make("abc")
        #expect(!PasswordHash.verify("abc\0def", hash: hash))
    }

    @Test(arguments: ["*", "*0", "*1", "", "!", "$2y$12$tooshort", "plaintext"])
    func failureTokensAndGarbageNeverVerify(hash: String) {
        #expect(!PasswordHash.verify("", hash: hash))
        #expect(!PasswordHash.verify("plaintext", hash: hash))
    }

    @Test func errorsExplainThemselves() {
        #expect(PasswordHash.Failure.tooLong(byteCount: 80).description.contains("72"))
        #expect(PasswordHash.Failure.containsNUL.description.contains("NUL"))
    }
}
