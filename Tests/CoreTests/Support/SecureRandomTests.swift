@testable import Core
import Testing

@Suite struct SecureRandomTests {
    @Test(arguments: [0, 1, 16, 255, 256, 257, 5000])
    func returnsRequestedLength(count: Int) {
        #expect(SecureRandom.bytes(count).count == count)
    }

    @Test func consecutiveCallsDiffer() {
        #expect(SecureRandom.bytes(32) != SecureRandom.bytes(32))
    }

    @Test func uniformStaysInRangeAndCoversIt() {
        #expect(SecureRandom.uniform(1) == 0)
        var seen = Set<Int>()
        for _ in 0..<500 {
            let value = SecureRandom.uniform(6)
            #expect((0..<6).contains(value))
            seen.insert(value)
        }
        #expect(seen.count == 6)
    }

    @Test func uniformHandlesLargeBounds() {
        let value = SecureRandom.uniform(Int.max)
        #expect(value >= 0 && value < Int.max)
    }
}
