import Testing
@testable import Core

@Suite("Charsets")
struct CharsetsTests {
    @Test func windows1252SmartQuotesAndEuro() {
        let bytes: [UInt8] = [0x93, 0x48, 0x6F, 0x6C, 0x61, 0x94, 0x20, 0x80, 0x35, 0x20, 0x97, 0x20, 0xF1]
        #expect(Charsets.decode(bytes, charset: "windows-1252").text == "“Hola” €5 — ñ")
        #expect(Charsets.decode(bytes, charset: "cp1252").text == "“Hola” €5 — ñ")
    }

    @Test func latin1AndLatin9Tables() {
        #expect(Charsets.decode([0xE1, 0xA4, 0xBD], charset: "ISO-8859-1").text == "á¤½")
        #expect(Charsets.decode([0xE1, 0xA4, 0xBD], charset: "latin-9").text == "á€œ")
        #expect(Charsets.decode([0xE1], charset: "\"latin1\"").text == "á")
    }

    @Test func utf8AliasesAndBOM() {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("ñandú".utf8)
        #expect(Charsets.decode(bytes, charset: "UTF8").text == "ñandú")
        #expect(Charsets.decode(bytes, charset: "unicode-1-1-utf-8").text == "ñandú")
    }

    @Test func declaredUTF8WithStrayBytesKeepsValidSequences() {
        let bytes: [UInt8] = Array("año ".utf8) + [0xE9] + Array(" fin".utf8)
        let decoded = Charsets.decode(bytes, charset: "utf-8")
        #expect(decoded.text == "año é fin")
        #expect(decoded.defect != nil)
    }

    @Test func asciiWithEightBitBytes() {
        #expect(Charsets.decode(Array("ñ".utf8), charset: "us-ascii").text == "ñ")
        #expect(Charsets.decode([0xF1], charset: nil).text == "ñ")
    }

    @Test(arguments: [
        ("iso-8859-2", [UInt8]([0xB1, 0xE6]), "ąć"),
        ("windows-1251", [0xCF, 0xF0, 0xE8], "При"),
        ("koi8-r", [0xF0, 0xD2, 0xC9], "При"),
        ("big5", [0xA4, 0xA4, 0xA4, 0xE5], "中文"),
        ("gb2312", [0xD6, 0xD0, 0xCE, 0xC4], "中文"),
        ("shift_jis", [0x82, 0xA0, 0x82, 0xA2], "あい"),
        ("ks_c_5601-1987", [0xC7, 0xD1, 0xB1, 0xDB], "한글"),
        ("euc-jp", [0xA4, 0xA2], "あ"),
        ("iso-2022-jp", [0x1B, 0x24, 0x42, 0x24, 0x22, 0x1B, 0x28, 0x42], "あ"),
        ("ISO-8859-8-I", [0xF9, 0xEC], "של"),
        ("x-mac-cyrillic", [0x8F, 0xF0], "Пр"),
    ])
    func iconvCharsets(_ label: String, _ bytes: [UInt8], _ expected: String) {
        let decoded = Charsets.decode(bytes, charset: label)
        #expect(decoded.text == expected, "\(label)")
        #expect(decoded.defect == nil, "\(label)")
    }

    @Test func iso2022JPWithNECExtensions() {
        // "№" (NEC row 13) is rejected by glibc's ISO-2022-JP but read via EUC-JP-MS.
        let bytes: [UInt8] = [0x1B, 0x24, 0x42, 0x2D, 0x62, 0x1B, 0x28, 0x42, 0x31]
        #expect(Charsets.decode(bytes, charset: "ISO-2022-JP").text == "№1")
    }

    @Test func unknownOrFailingCharsetFallsBack() {
        let unknown = Charsets.decode(Array("ñ".utf8), charset: "x-unknown-thing")
        #expect(unknown.text == "ñ")
        #expect(unknown.defect != nil)
        let windows = Charsets.decode([0xF1, 0x80], charset: "klingon")
        #expect(windows.text == "ñ€")
        // Bytes that are invalid Shift_JIS: text is kept through the fallback.
        let failing = Charsets.decode([0x82, 0xFF, 0x41], charset: "shift_jis")
        #expect(failing.text.hasSuffix("A"))
        #expect(failing.defect != nil)
        // Labels that could smuggle iconv options are refused.
        #expect(Charsets.decoder(for: "UTF-8//IGNORE") == nil)
    }

    @Test func windows1252BodyThroughParser() {
        let raw: [UInt8] = TestSupport.message([
            "Content-Type: text/plain; charset=\"Windows-1252\"",
            "Content-Transfer-Encoding: 8bit",
            "",
        ]) + [0x93, 0x50, 0x65, 0x64, 0x69, 0x64, 0x6F, 0x94, 0x20, 0x31, 0x30, 0x80, 0x0D, 0x0A]
        let mail = MIMEParser.parse(raw)
        #expect(mail.text == "“Pedido” 10€\n")
        #expect(mail.defects.isEmpty)
    }
}
