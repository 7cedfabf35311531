import Testing
@testable import Core

@Suite("Message parsing")
struct MIMEParserTests {
    static let pdfBytes: [UInt8] = Array("%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n".utf8)
        + (0...255).map { UInt8($0) }

    @Test func spanishMessage() {
        let raw: [UInt8] = TestSupport.message([
            "From: =?ISO-8859-1?Q?Jos=E9_Ib=E1=F1ez?= <jose@example.es>",
            "To: soporte@example.es",
            "Subject: =?ISO-8859-1?Q?Re:_Reclamaci=F3n_n=BA_5_=97_pedido_=F1and=FA?=",
            "Date: Mon, 3 Feb 2025 10:15:00 +0100",
            "Message-ID: <abc.123@example.es>",
            "In-Reply-To: <prev@example.es>",
            "References: <root@example.es>\r\n <prev@example.es>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=windows-1252",
            "Content-Transfer-Encoding: 8bit",
            "",
        ]) + [0x93] + Array("Gracias".utf8) + [0x94] + Array(", son 25".utf8) + [0x80, 0x0D, 0x0A]
        let mail = MIMEParser.parse(raw)
        #expect(mail.from == MailAddress(name: "José Ibáñez", address: "jose@example.es"))
        #expect(mail.subject == "Re: Reclamación nº 5 — pedido ñandú")
        #expect(mail.text == "“Gracias”, son 25€\n")
        #expect(mail.date == 1_738_574_100)
        #expect(mail.messageID == "abc.123@example.es")
        #expect(mail.inReplyTo == ["prev@example.es"])
        #expect(mail.references == ["root@example.es", "prev@example.es"])
        #expect(mail.html == nil)
        #expect(mail.attachments.isEmpty)
    }

    @Test func utf8SubjectSplitAcrossEncodedWords() {
        let subject = Array("¿Dónde está mi pedido? 📦".utf8)
        let cut = 4 // inside "ó"
        let raw = TestSupport.message([
            "Subject: =?UTF-8?B?\(Base64.encode(Array(subject[..<cut])))?=",
            "\t=?UTF-8?B?\(Base64.encode(Array(subject[cut...])))?=",
            "",
            "x",
        ])
        #expect(MIMEParser.parse(raw).subject == "¿Dónde está mi pedido? 📦")
    }

    @Test func base64PDFAttachmentDigest() throws {
        var encoded = Base64.encodeLines(Self.pdfBytes, lineLength: 76)
        while encoded.hasSuffix("=") { encoded.removeLast() } // drop the padding
        let raw = TestSupport.message([
            "Content-Type: multipart/mixed; boundary=\"==pdf==\"",
            "",
            "--==pdf==",
            "Content-Type: text/plain; charset=us-ascii",
            "",
            "Adjunto la factura.",
            "--==pdf==",
            "Content-Type: application/PDF; name=\"ignored.pdf\"",
            "Content-Disposition: attachment; filename=\"C:\\\\Users\\\\ana\\\\factura 5.pdf\"",
            "Content-Transfer-Encoding: base64",
            "",
            encoded,
            "!!**??## ~~",
            "--==pdf==--",
        ])
        let mail = MIMEParser.parse(raw)
        #expect(mail.text == "Adjunto la factura.")
        let pdf = try #require(mail.attachments.first)
        #expect(pdf.filename == "factura 5.pdf")
        #expect(pdf.contentType == "application/pdf")
        #expect(pdf.size == 398)
        #expect(pdf.sha256 == "6176fe638bafe0e277e19312697f2c011f018a41a5e70942593e1921c40670b2")
        #expect(pdf.isInline == false)
        #expect(pdf.contentID == nil)
    }

    @Test func rfc2231ContinuedFilename() {
        let mail = MIMEParser.parse(TestSupport.message([
            "Content-Type: multipart/mixed; boundary=b",
            "",
            "--b",
            "Content-Type: application/octet-stream",
            "Content-Disposition: attachment; filename=\"fallback.bin\";",
            " filename*0*=utf-8''Reclamaci%C3%B3n%20n%C2%BA%205%20%E2%80%94%20pedido%20;",
            " filename*1*=%C3%B1and%C3%BA.pdf",
            "",
            "data",
            "--b--",
        ]))
        #expect(mail.attachments.first?.filename == "Reclamación nº 5 — pedido ñandú.pdf")
    }

    @Test func nestedMessageRFC822() {
        let inner = [
            "From: cliente@example.com",
            "Subject: =?utf-8?Q?Factura_de_enero?=",
            "Content-Type: multipart/mixed; boundary=inner",
            "",
            "--inner",
            "Content-Type: text/plain",
            "",
            "inner body",
            "--inner",
            "Content-Type: image/png; name=inner.png",
            "",
            "PNG",
            "--inner--",
        ].joined(separator: "\r\n")
        let raw = TestSupport.message([
            "Subject: Fwd: Factura",
            "Content-Type: multipart/mixed; boundary=outer",
            "",
            "--outer",
            "Content-Type: text/plain",
            "",
            "see attached",
            "--outer",
            "Content-Type: message/rfc822",
            "",
            inner,
            "--outer",
            "Content-Type: message/rfc822",
            "",
            "X-No-Subject: 1",
            "",
            "nothing",
            "--outer--",
        ])
        let mail = MIMEParser.parse(raw)
        #expect(mail.text == "see attached")
        #expect(mail.attachments.map(\.filename) == ["Factura de enero.eml", "message.eml"])
        #expect(mail.attachments.map(\.contentType) == ["message/rfc822", "message/rfc822"])
        #expect(mail.attachments.first?.bytes == Array(inner.utf8))
        // The embedded message can be parsed on its own.
        let embedded = MIMEParser.parse(mail.attachments[0].bytes)
        #expect(embedded.subject == "Factura de enero")
        #expect(embedded.attachments.map(\.filename) == ["inner.png"])
    }

    @Test func multipartReportBounce() {
        let raw = TestSupport.message([
            "From: MAILER-DAEMON@mx.example.com (Mail Delivery System)",
            "To: soporte@example.es",
            "Subject: Undelivered Mail Returned to Sender",
            "Return-Path: <>",
            "Content-Type: multipart/report; report-type=delivery-status;",
            "\tboundary=\"RPT\"",
            "",
            "--RPT",
            "Content-Type: text/plain; charset=us-ascii",
            "",
            "I'm sorry to have to inform you that your message could not be delivered.",
            "--RPT",
            "Content-Type: message/delivery-status",
            "",
            "Reporting-MTA: dns; mx.example.com",
            "",
            "Final-Recipient: rfc822; nobody@example.org",
            "Action: failed",
            "Status: 5.1.1",
            "--RPT",
            "Content-Type: message/rfc822",
            "",
            "From: soporte@example.es",
            "To: nobody@example.org",
            "Subject: Ticket #42",
            "",
            "Hola",
            "--RPT--",
        ])
        let mail = MIMEParser.parse(raw)
        #expect(mail.text.hasPrefix("I'm sorry"))
        #expect(mail.attachments.map(\.contentType) == ["message/delivery-status", "message/rfc822"])
        #expect(mail.attachments.map(\.filename) == ["attachment.txt", "Ticket #42.eml"])
        #expect(String(decoding: mail.attachments[0].bytes, as: UTF8.self).contains("Status: 5.1.1"))
        let kind = AutoMessage.classify(headers: mail.headers.map { ($0.name, $0.value) }, from: mail.from,
                                        contentType: mail.header("Content-Type") ?? "")
        #expect(kind == .bounce)
    }

    @Test func attachmentRules() {
        let mail = MIMEParser.parse(TestSupport.message([
            "Content-Type: multipart/mixed; boundary=a",
            "",
            "--a",
            "Content-Type: text/plain",
            "",
            "body",
            "--a",
            "Content-Type: text/html; name=\"page.html\"",
            "",
            "<p>named html is an attachment</p>",
            "--a",
            "Content-Type: application/json",
            "",
            "{}",
            "--a",
            "Content-Type: text/plain; name=\"../../etc/\u{7}passwd\"",
            "Content-Disposition: attachment",
            "",
            "root",
            "--a",
            "Content-Type: image/gif",
            "Content-ID: <a@b>",
            "Content-Disposition: attachment; filename=\"\"",
            "",
            "GIF",
            "--a--",
        ]))
        #expect(mail.text == "body")
        #expect(mail.html == nil)
        #expect(mail.attachments.map(\.filename) == ["page.html", "attachment.json", "passwd", "attachment.gif"])
        #expect(mail.attachments.last?.contentID == "a@b")
        #expect(mail.attachments.last?.isInline == false)
    }

    @Test func inlineTextWithFilenameIsAlsoTheTextWhenNothingElse() {
        let mail = MIMEParser.parse(TestSupport.message([
            "Content-Type: text/plain; charset=iso-8859-1; name=\"notas.txt\"",
            "Content-Disposition: inline; filename=\"notas.txt\"",
            "Content-Transfer-Encoding: quoted-printable",
            "",
            "Se=F1or",
        ]))
        #expect(mail.attachments.map(\.filename) == ["notas.txt"])
        #expect(mail.text == "Señor\n")
    }

    @Test func nonAttachmentTopLevelBinary() {
        let mail = MIMEParser.parse(TestSupport.message([
            "Content-Type: application/x-gzip; name=\"blah.gz\"",
            "Content-Transfer-Encoding: base64",
            "",
            "H4sI",
        ]))
        #expect(mail.text == "")
        #expect(mail.attachments.map(\.filename) == ["blah.gz"])
        #expect(mail.attachments.first?.bytes == [0x1F, 0x8B, 0x08])
    }

    @Test func emptyAndGarbageInputs() {
        for input: [UInt8] in [[], [0x0A], Array("\r\n\r\n".utf8), Array(repeating: 0xFF, count: 1000),
                               Array("Content-Type: multipart/mixed; boundary=\"\"\r\n\r\n--\r\n".utf8),
                               Array("Content-Type: multipart/mixed; boundary=x\n\n--x--\n".utf8),
                               Array("Subject: =?utf-8?b?".utf8)] {
            let mail = MIMEParser.parse(input)
            _ = MailJSON.render(mail)
        }
        #expect(MIMEParser.parse([]).text == "")
    }

    @Test func mboxFromLineAndLFOnly() {
        let raw = Array("From sender@example.com Mon Jan  1 00:00:00 2024\nFrom: a@b.es\nSubject: lf\n\nline1\nline2\n".utf8)
        let mail = MIMEParser.parse(raw)
        #expect(mail.from?.address == "a@b.es")
        #expect(mail.subject == "lf")
        #expect(mail.text == "line1\nline2\n")
    }

    @Test func textLineBreaksAreNormalised() {
        let mail = MIMEParser.parse(TestSupport.message(["Subject: x", "", "a", "b"]))
        #expect(mail.text == "a\nb\n")
    }
}
