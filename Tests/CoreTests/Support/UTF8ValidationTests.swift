import Testing
@testable import Core

/// `UTF8Validation` agrees with Swift's own decoder (which repairs exactly the ill-formed
/// sequences) on known cases and on random bytes, and the search snippet made from raw
/// bytes equals the one made from the repaired String when the bytes are ill-formed.
@Suite struct UTF8ValidationTests {
    func valid(_ bytes: [UInt8]) -> Bool { bytes.withUnsafeBufferPointer(UTF8Validation.isValid) }
    func swiftSaysValid(_ bytes: [UInt8]) -> Bool { Array(String(decoding: bytes, as: UTF8.self).utf8) == bytes }

    @Test func knownCases() {
        #expect(valid(Array("Camión, año, 1 € y 😀 — ok".utf8)))
        #expect(valid([]))
        for bad: [UInt8] in [[0xC0, 0x80], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82],
                             [0x80], [0xFF], [0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0xC3]] {
            #expect(!valid(bad), "\(bad)")
        }
    }

    @Test func randomBytesAgreeWithSwift() {
        let pieces: [[UInt8]] = [[0x61], [0x20], Array("ñ".utf8), Array("€".utf8), Array("😀".utf8), [0x80], [0xC3], [0xE2, 0x82],
                                 [0xED, 0xA0, 0x80], [0xF0, 0x9F], [0xC0, 0xAF], [0xF4, 0x90, 0x80, 0x80], [0xBF], Array("abcdefgh".utf8)]
        var seed: UInt64 = 7
        for _ in 0..<5_000 {
            var bytes: [UInt8] = []
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            for k in 0..<Int(seed >> 59) { bytes += pieces[Int((seed >> UInt64(k * 3 % 50)) % UInt64(pieces.count))] }
            #expect(valid(bytes) == swiftSaysValid(bytes), "\(bytes)")
        }
    }

    @Test func aSnippetOfIllFormedBytesIsTheSnippetOfTheRepairedText() throws {
        let query = try #require(SearchQuery("factura"))
        let snippet = SearchSnippet(query)
        let bytes: [UInt8] = Array("La factura ".utf8) + [0xE2, 0x82] + Array(" de marzo \u{E000}".utf8) + [0xF0]
        let raw = bytes.withUnsafeBufferPointer(snippet.snippet(utf8:))
        #expect(raw == snippet.snippet(of: String(decoding: bytes, as: UTF8.self)))
        #expect(raw.contains("\u{E000}factura\u{E001}"))
        let clean = Array("Otra factura pendiente".utf8)
        #expect(clean.withUnsafeBufferPointer(snippet.snippet(utf8:)) == snippet.snippet(of: "Otra factura pendiente"))
    }
}
