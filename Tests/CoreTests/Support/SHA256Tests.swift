@testable import Core
import Testing

@Suite struct SHA256Tests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
    ])
    func nistVectors(message: String, digest: String) {
        #expect(Hex.encode(SHA256.hash(utf8(message))) == digest)
    }

    @Test func oneMillionAsInChunks() {
        var hasher = SHA256.Hasher()
        let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 1000)
        for _ in 0..<1000 {
            hasher.update(chunk)
        }
        #expect(Hex.encode(hasher.finalize()) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func chunkBoundariesDoNotChangeDigest() {
        let message = SecureRandom.bytes(300)
        let expected = SHA256.hash(message)
        for chunkSize in [1, 7, 63, 64, 65, 129] {
            var hasher = SHA256.Hasher()
            for start in stride(from: 0, to: message.count, by: chunkSize) {
                hasher.update(message[start..<min(start + chunkSize, message.count)])
            }
            #expect(hasher.finalize() == expected, "chunk size \(chunkSize)")
        }
    }

    @Test func nonContiguousCollectionMatchesArray() {
        let message = utf8("abc")
        #expect(SHA256.hash(message.lazy.map { $0 }) == SHA256.hash(message))
        #expect(SHA256.hash(repeatElement(UInt8(ascii: "a"), count: 3)) == SHA256.hash(utf8("aaa")))
    }

    @Test func finalizeDoesNotConsumeHasher() {
        var hasher = SHA256.Hasher()
        hasher.update(utf8("ab"))
        #expect(hasher.finalize() == hasher.finalize())
        hasher.update(utf8("c"))
        #expect(hasher.finalize() == SHA256.hash(utf8("abc")))
    }
}
