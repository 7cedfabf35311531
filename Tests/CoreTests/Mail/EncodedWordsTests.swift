import Testing
@testable import Core

@Suite("RFC 2047 encoded words")
struct EncodedWordsTests {
    @Test func spanishISO88591QSubject() {
        let raw = "=?ISO-8859-1?Q?Re:_Reclamaci=F3n_n=BA_5_=97_pedido_=F1and=FA?="
        // 0x97 is an em dash in Windows-1252, which is how ISO-8859-1 labels are read.
        #expect(EncodedWords.decode(raw) == "Re: Reclamación nº 5 — pedido ñandú")
    }

    @Test func utf8BSplitMidCharacterAcrossTwoWords() {
        let bytes = Array("Acción ñandú".utf8)
        // Split inside the two-byte "ó" (0xC3 0xB3).
        let cut = Array("Acci".utf8).count + 1
        let first = Base64.encode(Array(bytes[..<cut]))
        let second = Base64.encode(Array(bytes[cut...]))
        let raw = "=?UTF-8?B?\(first)?=\r\n =?utf-8?b?\(second)?="
        #expect(EncodedWords.decode(raw.unfolded()) == "Acción ñandú")
    }

    @Test func whitespaceBetweenWordsIsDroppedButKeptAroundText() {
        #expect(EncodedWords.decode("=?utf-8?q?a?= =?utf-8?q?b?=") == "ab")
        #expect(EncodedWords.decode("x =?utf-8?q?a?= y") == "x a y")
        #expect(EncodedWords.decode("=?utf-8?q?a_?=   =?iso-8859-1?q?b?=  end") == "a b  end")
    }

    @Test func differentCharsetsDecodeSeparately() {
        let raw = "=?ISO-8859-1?B?SWYgeW91IGNhbiByZWFkIHRoaXMgeW8=?= =?ISO-8859-2?B?dSB1bmRlcnN0YW5kIHRoZSBleGFtcGxlLg==?="
        #expect(EncodedWords.decode(raw) == "If you can read this you understand the example.")
    }

    @Test func malformedWordsStayAsTheyAre() {
        for raw in ["=?utf-8?q?not closed", "=?utf-8?x?abc?=", "=?utf-8?q?has space?=", "=??q?abc?=", "a =? b ?= c"] {
            #expect(EncodedWords.decode(raw) == raw)
        }
    }

    @Test func qDecodingKeepsInvalidEscapes() {
        #expect(EncodedWords.decode("=?utf-8?q?100=ZZ_=3D?=") == "100=ZZ =")
    }

    @Test func unknownCharsetFallsBackWithDefect() {
        var defects: [String] = []
        let text = EncodedWords.decode("=?x-klingon?q?caf=C3=A9?=", defects: &defects)
        #expect(text == "café")
        #expect(defects.count == 1)
    }

    @Test func otherCharsetsViaIconv() {
        #expect(EncodedWords.decode("=?windows-1251?Q?=CF=F0=E8=E2=E5=F2?=") == "Привет")
        #expect(EncodedWords.decode("=?koi8-r?B?8NLJ18XU?=") == "Привет")
        #expect(EncodedWords.decode("=?iso-2022-jp?B?GyRCJF4kXyRgJGEkYhsoQg==?=") == "まみむめも")
        #expect(EncodedWords.decode("=?utf-8*es?q?ma=C3=B1ana?=") == "mañana")
    }

    @Test func pathologicalInputIsLinear() {
        let raw = String(repeating: "=?=?", count: 100_000) + String(repeating: "=?utf-8?q?", count: 50_000)
        let start = TestSupport.now()
        _ = EncodedWords.decode(raw)
        #expect(TestSupport.now() - start < 5)
    }

    @Test func encodingStaysWithinLimitsAndNeverSplitsUTF8() throws {
        let text = String(repeating: "ñandú 😀 reclamación ", count: 8)
        let words = EncodedWords.encode(text, firstLimit: 60, limit: 75)
        #expect(words.count > 1)
        #expect(words[0].utf8.count <= 60)
        for word in words {
            #expect(word.utf8.count <= 75)
            // Each word decodes on its own to valid UTF-8 (no split sequence).
            let scanner = EncodedWords.Scanner(Array(word.utf8))
            let parsed = try #require(scanner.word(at: 0))
            let payload = Array(word.utf8)[parsed.textStart..<parsed.textEnd]
            let bytes = parsed.isBase64 ? LenientBase64.decode(payload) : EncodedWords.decodeQ(payload)
            #expect(String(validating: bytes, as: UTF8.self) != nil)
        }
        #expect(EncodedWords.decode(words.joined(separator: "\r\n ").unfolded()) == text)
    }

    @Test func prefersQForMostlyASCIIAndBOtherwise() {
        #expect(EncodedWords.encode("Reclamación")[0].hasPrefix("=?UTF-8?Q?"))
        #expect(EncodedWords.encode("日本語のメール")[0].hasPrefix("=?UTF-8?B?"))
        #expect(EncodedWords.encode("").isEmpty)
    }
}

extension String {
    /// Unfolds CRLF + blank the way the header parser does (drops the CRLF).
    func unfolded() -> String {
        String(decoding: Array(utf8).split(separator: 0x0D, omittingEmptySubsequences: false)
            .map { Array($0.drop { $0 == 0x0A }) }.joined(), as: UTF8.self)
    }
}
