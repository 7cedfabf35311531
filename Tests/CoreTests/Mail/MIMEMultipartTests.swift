import Testing
@testable import Core

@Suite("Multipart walking")
struct MIMEMultipartTests {
    @Test func alternativePrefersLastOfEachKind() {
        let mail = MIMEParser.parse(TestSupport.message([
            "Content-Type: multipart/alternative; boundary=\"b1\"",
            "",
            "preamble is ignored",
            "--b1",
            "Content-Type: text/plain; charset=utf-8",
            "",
            "first plain",
            "--b1",
            "Content-Type: text/plain; charset=utf-8",
            "",
            "second plain",
            "--b1",
            "Content-Type: text/html; charset=utf-8",
            "",
            "<p>html</p>",
            "--b1",
            "Content-Type: text/calendar; method=REQUEST",
            "",
            "BEGIN:VCALENDAR",
            "--b1--",
            "epilogue is ignored",
        ]))
        #expect(mail.text == "second plain")
        #expect(mail.html == "<p>html</p>")
        #expect(mail.attachments.map(\.filename) == ["attachment.ics"])
        #expect(mail.attachments.first?.contentType == "text/calendar")
    }

    @Test func boundaryPrefixOfAnotherBoundaryDoesNotMatch() {
        let mail = MIMEParser.parse(TestSupport.message([
            "Content-Type: multipart/mixed; boundary=abc",
            "",
            "--abc",
            "Content-Type: multipart/alternative; boundary=abc-1",
            "",
            "--abc-1",
            "Content-Type: text/plain",
            "",
            "inner text",
            "--abc-1--",
            "--abc",
            "Content-Type: application/pdf; name=a.pdf",
            "Content-Transfer-Encoding: base64",
            "",
            "JVBERg==",
            "--abc--",
        ]))
        #expect(mail.text == "inner text")
        #expect(mail.attachments.map(\.filename) == ["a.pdf"])
        #expect(mail.attachments.first?.bytes == Array("%PDF".utf8))
    }

    @Test func missingClosingBoundaryTakesTheRest() {
        let mail = MIMEParser.parse(TestSupport.message([
            "Content-Type: multipart/mixed; boundary=XYZ",
            "",
            "--XYZ",
            "Content-Type: text/plain",
            "",
            "hola",
            "--XYZ",
            "Content-Type: text/plain; name=notes.txt",
            "",
            "to the end",
        ]))
        #expect(mail.text == "hola")
        #expect(mail.attachments.first?.bytes == Array("to the end\r\n".utf8))
        #expect(mail.defects.contains { $0.contains("closing boundary") })
    }

    @Test func missingStartBoundaryReadsWholeBodyAsText() {
        let mail = MIMEParser.parse(TestSupport.message([
            "Content-Type: multipart/alternative; boundary=\"never-used\"",
            "",
            "--other",
            "plain words",
        ]))
        #expect(mail.text == "--other\nplain words\n")
        #expect(mail.defects.contains { $0.contains("start boundary") })
    }

    @Test func missingBoundaryParameter() {
        let mail = MIMEParser.parse(TestSupport.message(["Content-Type: multipart/mixed", "", "just text"]))
        #expect(mail.text == "just text\n")
        #expect(!mail.defects.isEmpty)
    }

    @Test func boundaryWithTransportPaddingAndLF() {
        let raw = Array("Content-Type: multipart/mixed; boundary=\"q b\"\n\n--q b  \nContent-Type: text/plain\n\nx\n--q b-- \n".utf8)
        #expect(MIMEParser.parse(raw).text == "x")
    }

    @Test func relatedKeepsCidPartsInline() {
        let mail = MIMEParser.parse(TestSupport.message([
            "Content-Type: multipart/related; boundary=r; type=\"text/html\"",
            "",
            "--r",
            "Content-Type: text/html; charset=utf-8",
            "",
            "<img src=\"cid:logo@x\">",
            "--r",
            "Content-Type: image/png",
            "Content-ID: <logo@x>",
            "Content-Transfer-Encoding: base64",
            "",
            "iVBORw==",
            "--r--",
        ]))
        #expect(mail.html == "<img src=\"cid:logo@x\">")
        #expect(mail.attachments.count == 1)
        #expect(mail.attachments.first?.contentID == "logo@x")
        #expect(mail.attachments.first?.isInline == true)
        #expect(mail.attachments.first?.filename == "attachment.png")
        #expect(mail.text == "")
    }

    @Test func mixedAppendsLaterInlineTextParts() {
        let mail = MIMEParser.parse(TestSupport.message([
            "Content-Type: multipart/mixed; boundary=m",
            "",
            "--m",
            "Content-Type: text/plain",
            "",
            "first",
            "--m",
            "Content-Type: image/jpeg; name=\"photo.jpg\"",
            "Content-Disposition: inline; filename=\"photo.jpg\"",
            "",
            "JPEG",
            "--m",
            "Content-Type: text/plain",
            "",
            "second",
            "--m",
            "Content-Type: text/plain",
            "Content-Disposition: attachment",
            "",
            "attached text",
            "--m--",
        ]))
        #expect(mail.text == "first\nsecond")
        #expect(mail.attachments.map(\.filename) == ["photo.jpg", "attachment.txt"])
        #expect(mail.attachments.first?.isInline == true)
    }

    @Test func htmlOnlyGivesTextFromHTML() {
        let mail = MIMEParser.parse(TestSupport.message([
            "Content-Type: text/html; charset=utf-8",
            "",
            "<html><head><style>p{}</style></head><body><p>Hola&nbsp;<b>Ana</b></p><p>Adi&oacute;s</p></body></html>",
        ]))
        #expect(mail.html != nil)
        #expect(mail.text == "Hola Ana\n\nAdiós")
    }

    @Test func depthIsCapped() {
        var lines = ["Content-Type: multipart/mixed; boundary=b0", ""]
        for level in 1...80 {
            lines += ["--b\(level - 1)", "Content-Type: multipart/mixed; boundary=b\(level)", ""]
        }
        lines += ["--b80", "Content-Type: text/plain", "", "deep"]
        let start = TestSupport.now()
        let mail = MIMEParser.parse(TestSupport.message(lines))
        #expect(TestSupport.now() - start < 5)
        #expect(mail.defects.contains { $0.contains("deeper") })
        #expect(mail.text != "deep")
        #expect(mail.attachments.count == 1)
    }

    @Test func digestPartsDefaultToMessages() {
        let mail = MIMEParser.parse(TestSupport.message([
            "Content-Type: multipart/digest; boundary=d",
            "",
            "--d",
            "",
            "Subject: inner one",
            "",
            "body",
            "--d--",
        ]))
        #expect(mail.attachments.map(\.filename) == ["inner one.eml"])
        #expect(mail.attachments.first?.contentType == "message/rfc822")
    }

    @Test func manySmallPartsStayFast() {
        var lines = ["Content-Type: multipart/mixed; boundary=z", ""]
        for index in 0..<20_000 { lines += ["--z", "", "line \(index)"] }
        lines.append("--z--")
        let start = TestSupport.now()
        let mail = MIMEParser.parse(TestSupport.message(lines))
        #expect(TestSupport.now() - start < 20)
        #expect(mail.text.hasPrefix("line 0\nline 1\n"))
    }
}
