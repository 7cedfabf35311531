import Testing
@testable import Core

@Suite("Content-Transfer-Encoding")
struct TransferEncodingTests {
    @Test(arguments: [
        ("base64", TransferEncoding.base64), ("BASE64", .base64), ("quoted-printable", .quotedPrintable),
        ("Quoted Printable", .quotedPrintable), ("quoted_printable", .quotedPrintable), ("7bit", .sevenBit),
        ("7-bit", .sevenBit), ("8bits", .eightBit), ("8-bit", .eightBit), ("binary", .binary), ("plain", .sevenBit),
        ("", .sevenBit), (" base64 ; x", .base64), ("x-uuencode", .eightBit), ("gibberish", .eightBit),
    ])
    func recognisesSpellings(_ value: String, _ expected: TransferEncoding) {
        #expect(TransferEncoding.from(header: value).encoding == expected)
    }

    @Test func unknownEncodingIsADefect() {
        #expect(TransferEncoding.from(header: "gibberish").defect != nil)
        #expect(TransferEncoding.from(header: "8bits").defect == nil)
        #expect(TransferEncoding.from(header: nil).encoding == .sevenBit)
    }

    @Test func base64IgnoresGarbageAndMissingPadding() {
        #expect(LenientBase64.decode(Array("aG9s\r\nYQ".utf8)) == Array("hola".utf8))
        #expect(LenientBase64.decode(Array("aG9s YQ== !!garbage*".utf8)) == Array("hola".utf8) + LenientBase64.decode(Array("garbage".utf8)))
        #expect(LenientBase64.decode(Array("aG9sYQ==aG9sYQ==".utf8)) == Array("holahola".utf8))
        #expect(LenientBase64.decode(Array("=====".utf8)) == [])
        #expect(LenientBase64.decode(Array("Y".utf8)) == [])
    }

    @Test func quotedPrintableDecoding() {
        let encoded = "Reclamaci=C3=B3n n=c2=ba 5 =\r\ncontin=\nuado  \r\n=3D=ZZ=4 =  \r\nfin"
        let decoded = QuotedPrintable.decode(Array(encoded.utf8))
        #expect(String(decoding: decoded, as: UTF8.self) == "Reclamación nº 5 continuado\r\n==ZZ=4 fin")
    }

    @Test func quotedPrintableKeepsLineBreakStyle() {
        #expect(QuotedPrintable.decode(Array("a\nb\r\nc".utf8)) == Array("a\nb\r\nc".utf8))
    }

    @Test func quotedPrintableEncodingRoundTripsAndLimitsLines() {
        let text = "Línea con acentos: ñandú — “comillas” € " + String(repeating: "x", count: 200)
            + "\nFrom the start\n.dot line\ntrailing space \n= sign\ttab"
        let encoded = QuotedPrintable.encode(Array(text.utf8))
        let lines = String(decoding: encoded, as: UTF8.self).components(separatedByCRLF: ())
        #expect(lines.allSatisfy { $0.utf8.count <= 76 })
        #expect(encoded.allSatisfy { $0 < 0x80 })
        #expect(!lines.contains { $0.hasPrefix("From ") || $0.hasPrefix(".") })
        #expect(QuotedPrintable.decode(encoded) == Array(text.replacingLF().utf8))
    }

    @Test func quotedPrintableSoftBreakAtEnd() {
        let encoded = QuotedPrintable.encode(Array("sin salto".utf8), softBreakAtEnd: true)
        #expect(String(decoding: encoded, as: UTF8.self) == "sin salto=\r\n")
        #expect(QuotedPrintable.decode(encoded) == Array("sin salto".utf8))
    }

    @Test func bodyDecodingThroughParser() {
        let mail = MIMEParser.parse(TestSupport.message([
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: Quoted Printable",
            "",
            "ma=C3=B1ana=",
            " mismo",
        ]))
        #expect(mail.text == "mañana mismo\n")
    }
}

extension String {
    func components(separatedByCRLF: ()) -> [String] {
        var parts: [String] = []
        var current: [UInt8] = []
        let bytes = Array(utf8)
        var index = 0
        while index < bytes.count {
            if bytes[index] == 0x0D && index + 1 < bytes.count && bytes[index + 1] == 0x0A {
                parts.append(String(decoding: current, as: UTF8.self))
                current = []
                index += 2
            } else {
                current.append(bytes[index])
                index += 1
            }
        }
        parts.append(String(decoding: current, as: UTF8.self))
        return parts
    }

    func replacingLF() -> String {
        String(decoding: MailBytes.crlfNewlines(Array(utf8)), as: UTF8.self)
    }
}
