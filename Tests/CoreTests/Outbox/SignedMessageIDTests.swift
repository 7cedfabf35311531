import Testing
@testable import Core

/// Our Message-IDs carry the outbox id and an HMAC under the site secret.
@Suite struct SignedMessageIDTests {
    let key = Array(repeating: UInt8(7), count: 32)
    let random: [UInt8] = [1, 2, 3, 4, 5, 0xAB]

    @Test func formatAndRoundTrip() throws {
        let id = SignedMessageID.make(outboxID: 42, domain: "example.org", key: key, random: random)
        let parts = id.split(separator: ".")
        #expect(id.hasPrefix("taquilla.42.0102030405ab."))
        #expect(id.hasSuffix("@example.org"))
        #expect(parts[3].prefix { $0 != "@" }.count == 16)
        #expect(SignedMessageID.verify(id, key: key) == 42)
        #expect(SignedMessageID.verify("<" + id + ">", key: key) == 42)
        #expect(SignedMessageID.verify(" <" + id.uppercased().replacingTaquilla() + "> ", key: key) == 42)
    }

    @Test func theDomainIsNotSigned() {
        let id = SignedMessageID.make(outboxID: 9, domain: "old.example", key: key, random: random)
        let moved = id.prefix { $0 != "@" } + "@new.example"
        #expect(SignedMessageID.verify(String(moved), key: key) == 9)
    }

    @Test func anyChangeOrAnotherKeyIsRefused() {
        let id = SignedMessageID.make(outboxID: 42, domain: "example.org", key: key, random: random)
        #expect(SignedMessageID.verify(id, key: Array(repeating: 8, count: 32)) == nil)
        #expect(SignedMessageID.verify(id, key: []) == nil)
        #expect(SignedMessageID.verify(id.replacingFirst("taquilla.42.", with: "taquilla.43."), key: key) == nil)
        #expect(SignedMessageID.verify(id.replacingFirst("taquilla.42.", with: "taquilla.042."), key: key) == nil)
        #expect(SignedMessageID.verify(id.replacingFirst("0102030405ab", with: "0102030405ac"), key: key) == nil)
        var tampered = Array(id.utf8)
        let at = tampered.firstIndex(of: UInt8(ascii: "@"))!
        tampered[at - 1] = tampered[at - 1] == UInt8(ascii: "0") ? UInt8(ascii: "1") : UInt8(ascii: "0")
        #expect(SignedMessageID.verify(String(decoding: tampered, as: UTF8.self), key: key) == nil)
    }

    @Test func malformedIdsAreRefused() {
        for text in ["", "<>", "taquilla.1.aa.bb@x", "foo@bar", "taquilla.1.0102030405ab.0011223344556677",
                     "taquilla.-1.0102030405ab.0011223344556677@x", "taquilla.1.0102030405ab.00112233445566@x",
                     "other.1.0102030405ab.0011223344556677@x", "taquilla.1.0102030405ab.0011223344556677.9@x"] {
            #expect(SignedMessageID.verify(text, key: key) == nil, "\(text)")
        }
    }

    @Test func randomPartsDiffer() {
        let a = SignedMessageID.make(outboxID: 1, domain: "example.org", key: key)
        let b = SignedMessageID.make(outboxID: 1, domain: "example.org", key: key)
        #expect(a != b)
        #expect(SignedMessageID.verify(a, key: key) == 1 && SignedMessageID.verify(b, key: key) == 1)
    }
}

extension String {
    /// Upper-casing turns the fixed prefix to TAQUILLA; put it back (only the hex may change case).
    fileprivate func replacingTaquilla() -> String { replacingFirst("TAQUILLA.", with: "taquilla.") }

    fileprivate func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = firstRange(of: target) else { return self }
        return String(self[..<range.lowerBound]) + replacement + String(self[range.upperBound...])
    }
}
