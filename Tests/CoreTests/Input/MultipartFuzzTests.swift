import Testing

@testable import Core


@Suite struct MultipartFuzzTests {
    private static let tokens = [
        "\r\n", "\n", "--", "\r\n--\(MultipartFixtures.boundary)", "\"", ";", "=", ":", "name=", "filename*=",
    ]

    private func mutate(_ body: [UInt8], using rng: inout SplitMix64) -> [UInt8] {
        var bytes = body
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            let position = Int.random(in: 0...bytes.count, using: &rng)
            switch Int.random(in: 0..<5, using: &rng) {
            case 0 where position < bytes.count:
                bytes[position] = UInt8.random(in: 0...255, using: &rng)
            case 1:
                let end = min(bytes.count, position + Int.random(in: 1...40, using: &rng))
                bytes.removeSubrange(position..<end)
            case 2:
                let token = Self.tokens.randomElement(using: &rng)!
                bytes.insert(contentsOf: token.utf8, at: position)
            case 3:
                let end = min(bytes.count, position + Int.random(in: 1...80, using: &rng))
                bytes.insert(contentsOf: bytes[position..<end], at: Int.random(in: 0...bytes.count, using: &rng))
            default:
                bytes.removeSubrange(position...)
            }
        }
        return bytes
    }

    @Test func randomMutationsNeverCrash() {
        var rng = SplitMix64(state: 0xC0FF_EE00_1234_5678)
        let original = MultipartFixtures.body(MultipartFixtures.mixedParts, preamble: "pre\r\n", epilogue: "post")
        let limits = MultipartLimits(maxParts: 5, maxHeaderBytes: 256)
        var successes = 0
        var failures = 0
        for _ in 0..<2_000 {
            let body = mutate(original, using: &rng)
            do {
                let parts = try MultipartParser.parse(body: body, boundary: MultipartFixtures.boundary, limits: limits)
                #expect(parts.count <= limits.maxParts)
                #expect(parts.allSatisfy { body.indices.contains($0.body.startIndex) || $0.body.isEmpty })
                _ = MultipartForm(parts: parts)
                successes += 1
            } catch {
                #expect(!error.description.isEmpty)
                failures += 1
            }
        }
        #expect(successes + failures == 2_000)
        #expect(successes > 0)
        #expect(failures > 0)
    }
}
