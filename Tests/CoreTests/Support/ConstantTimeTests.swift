@testable import Core
import Testing

@Suite struct ConstantTimeTests {
    @Test func equalArraysAreEqual() {
        let bytes = SecureRandom.bytes(32)
        #expect(constantTimeEquals(bytes, bytes))
        #expect(constantTimeEquals([], []))
    }

    @Test(arguments: [0, 15, 31])
    func singleByteDifferenceIsDetected(position: Int) {
        let a = [UInt8](repeating: 0x42, count: 32)
        var b = a
        b[position] ^= 0x01
        #expect(!constantTimeEquals(a, b))
    }

    @Test func lengthMismatchIsUnequal() {
        #expect(!constantTimeEquals([1, 2, 3], [1, 2]))
        #expect(!constantTimeEquals([], [0]))
    }
}
