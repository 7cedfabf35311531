import Testing

@testable import Core

@Suite struct PercentDecodingTests {
    @Test func decodesEscapesInEitherCase() {
        #expect(PercentCoding.decode("%41%62%2f%2F".utf8) == "Ab//")
    }

    @Test func keepsInvalidAndTruncatedEscapesLiterally() {
        #expect(PercentCoding.decode("%zz".utf8) == "%zz")
        #expect(PercentCoding.decode("%4".utf8) == "%4")
        #expect(PercentCoding.decode("abc%".utf8) == "abc%")
        #expect(PercentCoding.decode("%%41".utf8) == "%A")
        #expect(PercentCoding.decode("%4g%41".utf8) == "%4gA")
    }

    @Test func plusIsSpaceOnlyWhenAsked() {
        #expect(PercentCoding.decode("a+b".utf8) == "a+b")
        #expect(PercentCoding.decode("a+b".utf8, plusAsSpace: true) == "a b")
        #expect(PercentCoding.decode("a%2Bb".utf8, plusAsSpace: true) == "a+b")
    }

    @Test func decodesMultibyteUTF8() {
        #expect(PercentCoding.decode("%E2%82%AC%20%c3%a9".utf8) == "€ é")
        #expect(PercentCoding.decode("caf%C3%A9".utf8) == "café")
    }

    @Test func replacesInvalidUTF8WithReplacementCharacter() {
        #expect(PercentCoding.decode("%FF".utf8) == "\u{FFFD}")
        #expect(PercentCoding.decode("a%C3(".utf8) == "a\u{FFFD}(")
        #expect(PercentCoding.decode("%E2%82".utf8) == "\u{FFFD}")
    }

    @Test func decodeBytesKeepsRawBytes() {
        #expect(PercentCoding.decodeBytes("%00%FF+".utf8, plusAsSpace: true) == [0x00, 0xFF, 0x20])
    }

    @Test func encodesEverythingButUnreserved() {
        #expect(PercentCoding.encode("AZaz09-._~") == "AZaz09-._~")
        #expect(PercentCoding.encode("a b/ü?&=+%") == "a%20b%2F%C3%BC%3F%26%3D%2B%25")
    }

    @Test func encodeThenDecodeRoundTrips() {
        let original = "Grüße & 100% sure? \r\n 🎉"
        #expect(PercentCoding.decode(PercentCoding.encode(original).utf8) == original)
    }
}
