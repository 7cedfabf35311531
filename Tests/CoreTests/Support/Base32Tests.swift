@testable import Core
import Testing

@Suite struct Crockford32Tests {
    /// RFC 4648 base32 vectors re-spelled in Crockford's alphabet.
    @Test(arguments: [
        ("", ""), ("f", "CR"), ("fo", "CSQG"), ("foo", "CSQPY"),
        ("foob", "CSQPYRG"), ("fooba", "CSQPYRK1"), ("foobar", "CSQPYRK1E8"),
    ])
    func knownVectors(plain: String, encoded: String) {
        #expect(Crockford32.encode(utf8(plain)) == encoded)
        #expect(Crockford32.decode(encoded) == utf8(plain))
    }

    @Test func allSymbolsInOrder() {
        // 20 bytes = 160 bits = 32 symbols, the values 0...31 in sequence.
        let bytes = Hex.decode("00443214c74254b635cf84653a56d7c675be77df")!
        #expect(Crockford32.encode(bytes) == "0123456789ABCDEFGHJKMNPQRSTVWXYZ")
    }

    @Test func randomRoundTrip() {
        for count in 0..<50 {
            let bytes = SecureRandom.bytes(count)
            #expect(Crockford32.decode(Crockford32.encode(bytes)) == bytes)
        }
    }

    @Test func lenientDecoding() {
        let foobar = utf8("foobar")
        #expect(Crockford32.decode("csqpyrk1e8") == foobar)
        #expect(Crockford32.decode("CSQP-YRK1 E8") == foobar)
        #expect(Crockford32.decode("CSQPYRKIE8") == foobar)
        #expect(Crockford32.decode("CSQPYRKlE8") == foobar)
        #expect(Crockford32.decode("0R") == Crockford32.decode("oR"))
        #expect(Crockford32.decode("O0") == [0x00])
    }

    @Test(arguments: ["CSQPU", "CU", "C", "CSQ", "CSQPYR", "CS_Q", "CS\tQG", "CSQG="])
    func rejectsBadInput(text: String) {
        #expect(Crockford32.decode(text) == nil)
    }
}
