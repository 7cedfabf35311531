import Testing
@testable import Core

@Suite("Header parsing")
struct HeaderParserTests {
    private func parse(_ text: String, isMessage: Bool = true) -> (HeaderParser.Result, [String], [UInt8]) {
        let bytes = Array(text.utf8)
        var defects: [String] = []
        let result = HeaderParser.parse(bytes, range: 0..<bytes.count, isMessage: isMessage, defects: &defects)
        return (result, defects, bytes)
    }

    @Test func unfoldsAndKeepsOrderWithCRLF() {
        let (result, defects, bytes) = parse("Subject: first\r\n  second\r\nX-A: 1\r\n\r\nbody")
        #expect(result.fields == [HeaderField(name: "Subject", value: "first  second"), HeaderField(name: "X-A", value: "1")])
        #expect(String(decoding: bytes[result.bodyStart...], as: UTF8.self) == "body")
        #expect(defects.isEmpty)
    }

    @Test func bareLFAndTabFolding() {
        let (result, _, bytes) = parse("To: a@x,\n\tb@y\nSubject :  hi \n\nbody\n")
        #expect(result.fields == [HeaderField(name: "To", value: "a@x,\tb@y"), HeaderField(name: "Subject", value: "hi")])
        #expect(String(decoding: bytes[result.bodyStart...], as: UTF8.self) == "body\n")
    }

    @Test func skipsMboxFromLineOnlyForMessages() {
        let (message, _, _) = parse("From someone@example.com  Sun Jun 16 17:50:14 2013\nSubject: x\n\n")
        #expect(message.fields.map(\.name) == ["Subject"])
        let (part, _, _) = parse("From someone@example.com  Sun Jun 16\nSubject: x\n\n", isMessage: false)
        #expect(part.fields.first?.name != "Subject")
    }

    @Test func eightBitValuesDecodeAsUTF8ElseWindows1252() {
        let utf8 = Array("Subject: Reclamación\r\n\r\n".utf8)
        var defects: [String] = []
        let first = HeaderParser.parse(utf8, range: 0..<utf8.count, isMessage: true, defects: &defects)
        #expect(first.fields.first?.value == "Reclamación")
        let latin: [UInt8] = Array("Subject: Reclamaci".utf8) + [0xF3, 0x6E, 0x20, 0x80] + Array("\r\n\r\n".utf8)
        let second = HeaderParser.parse(latin, range: 0..<latin.count, isMessage: true, defects: &defects)
        #expect(second.fields.first?.value == "Reclamación €")
    }

    @Test func leadingContinuationLineIsDroppedWithDefect() {
        let (result, defects, _) = parse("        \nSubject: Hello\n\nbody")
        #expect(result.fields == [HeaderField(name: "Subject", value: "Hello")])
        #expect(!defects.isEmpty)
    }

    @Test func brokenFoldingBeforeMoreFieldsIsAContinuation() {
        let (result, defects, _) = parse("Received: from a\nby b with SMTP\nSubject: kept\n\nbody")
        #expect(result.fields.map(\.name) == ["Received", "Subject"])
        #expect(result.fields.first?.value == "from a by b with SMTP")
        #expect(defects.contains { $0.contains("continuation") })
    }

    @Test func nonFieldLineWithoutLaterFieldStartsTheBody() {
        let (result, defects, bytes) = parse("Subject: x\nthis is body text\n\nmore")
        #expect(result.fields.map(\.name) == ["Subject"])
        #expect(String(decoding: bytes[result.bodyStart...], as: UTF8.self) == "this is body text\n\nmore")
        #expect(defects.contains { $0.contains("blank line") })
    }

    @Test func noBlankLineMeansEmptyBody() {
        let (result, _, bytes) = parse("Subject: only headers")
        #expect(result.fields.count == 1)
        #expect(result.bodyStart == bytes.count)
    }

    @Test func skipsByteOrderMark() {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("From: a@b\n\n".utf8)
        var defects: [String] = []
        let result = HeaderParser.parse(bytes, range: 0..<bytes.count, isMessage: true, defects: &defects)
        #expect(result.fields.first?.name == "From")
    }

    @Test func manyBrokenLinesStayLinear() {
        // 50,000 lines without a field name followed by a field: must be quick.
        let junk = String(repeating: "junk line without colon\n", count: 50_000)
        let start = TestSupport.now()
        let (result, _, _) = parse("A: 1\n" + junk + "B: 2\n\nbody")
        #expect(result.fields.map(\.name) == ["A", "B"])
        #expect(TestSupport.now() - start < 5)
    }

    @Test func parsedMailHeaderLookupIsCaseInsensitiveAndFirst() {
        let mail = MIMEParser.parse(TestSupport.message(["X-Thing: one", "x-thing: two", "Subject: s", "", "b"]))
        #expect(mail.header("X-THING") == "one")
        #expect(mail.headers.count == 3)
        #expect(mail.headers[1].value == "two")
        #expect(mail.header("missing") == nil)
    }
}
