@testable import Core
import Testing

@Suite struct HexTests {
    @Test func knownVector() {
        #expect(Hex.encode([0x00, 0x01, 0x7f, 0xab, 0xff]) == "00017fabff")
        #expect(Hex.decode("00017FabfF") == [0x00, 0x01, 0x7f, 0xab, 0xff])
        #expect(Hex.encode([]) == "")
        #expect(Hex.decode("") == [])
    }

    @Test func randomRoundTrip() {
        for count in 0..<40 {
            let bytes = SecureRandom.bytes(count)
            #expect(Hex.decode(Hex.encode(bytes)) == bytes)
        }
    }

    @Test(arguments: ["abc", "0g", "zz", " 00", "00 ", "0x00", "é0"])
    func rejectsBadInput(text: String) {
        #expect(Hex.decode(text) == nil)
    }
}
