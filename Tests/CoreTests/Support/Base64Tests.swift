@testable import Core
import Testing

@Suite struct Base64Tests {
    /// RFC 4648 section 10.
    @Test(arguments: [
        ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"),
        ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy"),
    ])
    func rfc4648Vectors(plain: String, encoded: String) {
        #expect(Base64.encode(utf8(plain)) == encoded)
        #expect(Base64.decode(encoded) == utf8(plain))
        #expect(Base64.decode(encoded.filter { $0 != "=" }) == utf8(plain))
    }

    @Test func urlSafeAlphabetWithoutPadding() {
        let bytes: [UInt8] = [0xfb, 0xff, 0xbf, 0xfe]
        #expect(Base64.encode(bytes) == "+/+//g==")
        #expect(Base64.encodeURLSafe(bytes) == "-_-__g")
        #expect(Base64.decode("-_-__g") == bytes)
        #expect(Base64.decode("-_+//g==") == bytes)
    }

    @Test func randomRoundTrip() {
        for count in 0..<70 {
            let bytes = SecureRandom.bytes(count)
            #expect(Base64.decode(Base64.encode(bytes)) == bytes)
            #expect(Base64.decode(Base64.encodeURLSafe(bytes)) == bytes)
            #expect(Base64.decode(Base64.encodeLines(bytes, lineLength: 8)) == bytes)
        }
    }

    @Test func ignoresWhitespace() {
        #expect(Base64.decode(" Zm9v\r\nYmFy\t\n") == utf8("foobar"))
        #expect(Base64.decode("Zg =\n=") == utf8("f"))
    }

    @Test func mimeLinesAreCRLFSeparated() {
        let encoded = Base64.encodeLines([UInt8](repeating: 0, count: 120))
        let lines = encoded.split(separator: "\r\n", omittingEmptySubsequences: false)
        #expect(lines.map(\.count) == [76, 76, 8])
        #expect(!encoded.hasSuffix("\r\n"))
        #expect(!encoded.contains("\n\n"))
        #expect(Base64.encodeLines(utf8("foobar"), lineLength: 4) == "Zm9v\r\nYmFy")
        #expect(Base64.encodeLines([]) == "")
    }

    @Test(arguments: ["Zm9v!", "Zg=a", "Z", "Zm9vY", "Zg=", "Zg===", "=", "Zm9v=", "Zm 9v\u{00A0}", "Zm9v.YmFy"])
    func rejectsBadInput(text: String) {
        #expect(Base64.decode(text) == nil)
    }
}
