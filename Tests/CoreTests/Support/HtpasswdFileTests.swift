@testable import Core
import Testing

@Suite struct HtpasswdFileTests {
    static let sample = """
        # managed by help desk
        alice:$2y$12$aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa

        bob:$apr1$xyz$abc:Bob the builder
        not a user line
        carol:{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=

        """

    @Test func parsePrintRoundTrip() {
        let file = HtpasswdFile(parsing: Self.sample)
        #expect(file.text == Self.sample)
        #expect(file.users == ["alice", "bob", "carol"])
        #expect(file.hash(for: "bob") == "$apr1$xyz$abc")
        #expect(file.hash(for: "carol") == "{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=")
        #expect(file.hash(for: "dave") == nil)
        #expect(file.hash(for: "# managed by help desk") == nil)
    }

    @Test func missingFinalNewlineAndCRLFAreNormalized() {
        let file = HtpasswdFile(parsing: "a:h1\r\n# note\r\nb:h2")
        #expect(file.text == "a:h1\n# note\nb:h2\n")
        #expect(file.hash(for: "a") == "h1")
    }

    @Test func emptyFile() {
        #expect(HtpasswdFile(parsing: "").text == "")
        #expect(HtpasswdFile().users.isEmpty)
    }

    @Test func setPasswordUpdatesInPlaceAndAppends() throws {
        var file = HtpasswdFile(parsing: Self.sample)
        try file.setPassword(user: "bob", hash: "NEW")
        try file.setPassword(user: "dave", hash: "DAVE")
        #expect(file.text == """
            # managed by help desk
            alice:$2y$12$aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa

            bob:NEW:Bob the builder
            not a user line
            carol:{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=
            dave:DAVE

            """)
    }

    @Test func setPasswordDropsDuplicates() throws {
        var file = HtpasswdFile(parsing: "x:1\ny:2\nx:3\n")
        #expect(file.hash(for: "x") == "1")
        try file.setPassword(user: "x", hash: "4")
        #expect(file.text == "x:4\ny:2\n")
    }

    @Test func remove() {
        var file = HtpasswdFile(parsing: Self.sample + "bob:again\n")
        let removedFirst = file.remove(user: "bob")
        let removedAgain = file.remove(user: "bob")
        #expect(removedFirst)
        #expect(!removedAgain)
        #expect(file.hash(for: "bob") == nil)
        #expect(file.users == ["alice", "carol"])
        #expect(file.text.contains("not a user line"))
    }

    @Test(arguments: [
        ("", HtpasswdError.emptyUsername),
        ("a:b", .forbiddenCharacterInUsername("colon")),
        ("a\rb", .forbiddenCharacterInUsername("carriage return")),
        ("a\nb", .forbiddenCharacterInUsername("line feed")),
        ("a\0b", .forbiddenCharacterInUsername("NUL character")),
        (String(repeating: "u", count: 65), .usernameTooLong(byteCount: 65)),
        (String(repeating: "ü", count: 33), .usernameTooLong(byteCount: 66)),
    ])
    func badUsernamesAreRejected(user: String, error: HtpasswdError) {
        var file = HtpasswdFile()
        #expect(throws: error) {
            try file.setPassword(user: user, hash: "h")
        }
        #expect(file.text == "")
    }

    @Test func longestUsernameIsAccepted() throws {
        var file = HtpasswdFile()
        let user = String(repeating: "u", count: 64)
        try file.setPassword(user: user, hash: "h")
        #expect(HtpasswdFile(parsing: file.text).hash(for: user) == "h")
    }

    @Test(arguments: ["", "a:b", "a\nb", "a\rb", "a\0b"])
    func badHashesAreRejected(hash: String) {
        var file = HtpasswdFile()
        #expect(throws: HtpasswdError.invalidHash) {
            try file.setPassword(user: "alice", hash: hash)
        }
    }

    @Test func errorMessagesNameTheProblem() {
        #expect(HtpasswdError.forbiddenCharacterInUsername("colon").description.contains("colon"))
        #expect(HtpasswdError.usernameTooLong(byteCount: 70).description.contains("64"))
    }

    @Test func writesFileWithMode0640() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/htpasswd"
            var file = HtpasswdFile(parsing: Self.sample)
            try file.setPassword(user: "erin", hash: "E")
            try file.write(toPath: path)
            #expect(readFile(path) == Array(file.text.utf8))
            #expect(permissions(of: path) == 0o640)
        }
    }
}
