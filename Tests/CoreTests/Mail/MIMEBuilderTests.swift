import Testing
@testable import Core

/// A deterministic generator so boundaries and ids are reproducible in tests.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return state ^ (state >> 33)
    }
}

@Suite("Message building")
struct MIMEBuilderTests {
    static func lines(_ bytes: [UInt8]) -> [String] {
        String(decoding: bytes, as: UTF8.self).components(separatedByCRLF: ())
    }

    /// Header lines of the top-level header block.
    static func headerLines(_ bytes: [UInt8]) -> [String] {
        Array(lines(bytes).prefix { !$0.isEmpty })
    }

    static func assertWellFormed(_ bytes: [UInt8]) {
        // CRLF everywhere: no bare CR or LF.
        for (index, byte) in bytes.enumerated() {
            if byte == 0x0A { #expect(index > 0 && bytes[index - 1] == 0x0D, "bare LF at \(index)") }
            if byte == 0x0D { #expect(index + 1 < bytes.count && bytes[index + 1] == 0x0A, "bare CR at \(index)") }
        }
        for line in lines(bytes) { #expect(line.utf8.count <= 998) }
        for line in headerLines(bytes) { #expect(line.utf8.count <= 78, "long header line: \(line)") }
        #expect(bytes.allSatisfy { $0 < 0x80 }, "8-bit data in output")
    }

    @Test func textOnlyMessage() throws {
        let builder = MIMEBuilder(from: MailAddress(name: "Soporte", address: "soporte@example.es"),
                                  to: [MailAddress(address: "ana@example.es")], subject: "Hello",
                                  date: 1_371_397_812, messageID: "m1@example.es", text: "Hi Ana\nBye\n")
        var generator = SeededGenerator(state: 1)
        let bytes = try builder.build(using: &generator)
        Self.assertWellFormed(bytes)
        let headers = Self.headerLines(bytes)
        #expect(headers.contains("From: Soporte <soporte@example.es>"))
        #expect(headers.contains("To: ana@example.es"))
        #expect(headers.contains("Date: Sun, 16 Jun 2013 15:50:12 +0000"))
        #expect(headers.contains("Message-ID: <m1@example.es>"))
        #expect(headers.contains("MIME-Version: 1.0"))
        #expect(headers.contains("Content-Type: text/plain; charset=utf-8"))
        #expect(headers.contains("Content-Transfer-Encoding: quoted-printable"))
        #expect(!headers.contains { $0.hasPrefix("Cc:") })
    }

    @Test func structureWithHTMLInlineAndAttachments() throws {
        let builder = MIMEBuilder(
            from: MailAddress(address: "a@x.es"), subject: "s", date: 0, text: "t", html: "<img src=\"cid:logo\">",
            attachments: [
                .init(filename: "logo.png", contentType: "image/png", bytes: [1, 2, 3], contentID: "logo"),
                .init(filename: "doc.pdf", contentType: "application/pdf", bytes: Array(repeating: 7, count: 300)),
            ])
        let text = String(decoding: try builder.build(), as: UTF8.self)
        let mixed = try #require(text.firstRange(of: "multipart/mixed"))
        let alternative = try #require(text.firstRange(of: "multipart/alternative"))
        let related = try #require(text.firstRange(of: "multipart/related"))
        #expect(mixed.lowerBound < alternative.lowerBound && alternative.lowerBound < related.lowerBound)
        #expect(text.contains("Content-ID: <logo>"))
        #expect(text.contains("Content-Disposition: inline; filename=\"logo.png\""))
        #expect(text.contains("Content-Disposition: attachment; filename=\"doc.pdf\""))
        // base64 attachment lines are 76 characters.
        let lines = text.components(separatedByCRLF: ())
        let base64Lines = lines.filter { $0.hasPrefix("BwcH") }
        #expect(!base64Lines.isEmpty)
        #expect(base64Lines.dropLast().allSatisfy { $0.utf8.count == 76 })
    }

    @Test func inlineAttachmentsWithoutHTMLGoToMixed() throws {
        let builder = MIMEBuilder(from: MailAddress(address: "a@x.es"), date: 0, text: "t",
                                  attachments: [.init(filename: "i.png", contentType: "image/png", bytes: [1], contentID: "c")])
        let text = String(decoding: try builder.build(), as: UTF8.self)
        #expect(text.contains("multipart/mixed"))
        #expect(!text.contains("multipart/related"))
    }

    @Test func nonASCIIHeadersAreEncodedWords() throws {
        let builder = MIMEBuilder(
            from: MailAddress(name: "José Ibáñez", address: "jose@example.es"),
            to: [MailAddress(name: "Soporte, Técnico", address: "s@example.es"), MailAddress(name: "O'Brien (QA)", address: "q@x.ie")],
            subject: "Re: Reclamación nº 5 — pedido ñandú " + String(repeating: "😀", count: 30),
            date: 0, text: "x")
        let bytes = try builder.build()
        Self.assertWellFormed(bytes)
        let headers = Self.headerLines(bytes).joined(separator: "\n")
        #expect(headers.contains("=?UTF-8?"))
        #expect(Self.headerLines(bytes).joined().contains("\"O'Brien (QA)\" <q@x.ie>"))
        for word in headers.split(whereSeparator: { $0 == " " || $0 == "\n" }) where word.hasPrefix("=?") {
            #expect(word.utf8.count <= 75, "long encoded word \(word)")
        }
        let mail = MIMEParser.parse(bytes)
        #expect(mail.subject == builder.subject)
        #expect(mail.from == builder.from)
        #expect(mail.to == builder.to)
    }

    @Test func longASCIISubjectFolds() throws {
        let subject = (1...40).map { "word\($0)" }.joined(separator: " ")
        let bytes = try MIMEBuilder(from: MailAddress(address: "a@x.es"), subject: subject, date: 0, text: "x").build()
        Self.assertWellFormed(bytes)
        let subjectLines = Self.headerLines(bytes).drop { !$0.hasPrefix("Subject:") }.prefix { $0.hasPrefix("Subject:") || $0.hasPrefix(" ") }
        #expect(subjectLines.count > 1)
        #expect(MIMEParser.parse(bytes).subject == subject)
    }

    @Test func headerInjectionIsImpossible() throws {
        let builder = MIMEBuilder(
            from: MailAddress(name: "Evil\r\nBcc: victim@x.es", address: "evil@x.es\r\nX-Injected: 1"),
            to: [MailAddress(name: "A\nB", address: "a@x.es")],
            subject: "Hola\r\nBcc: victim@x.es\r\n\r\nbody injection",
            date: 0, messageID: "id@x\r\nX-Injected: 2", inReplyTo: ["r@x\nX-Injected: 3"],
            extraHeaders: [(name: "X-Ticket", value: "42\r\nX-Injected: 4"), (name: "X-Empty", value: "\n\n")],
            text: "body",
            attachments: [.init(filename: "a\r\nX-Injected: 5.txt", contentType: "text/plain\r\nX-Injected: 6", bytes: [1],
                                contentID: "c\r\nX-Injected: 7")])
        let bytes = try builder.build()
        Self.assertWellFormed(bytes)
        let mail = MIMEParser.parse(bytes)
        #expect(mail.header("Bcc") == nil)
        #expect(mail.header("X-Injected") == nil)
        let allLines = Self.lines(bytes)
        #expect(!allLines.contains { $0.hasPrefix("X-Injected") || $0.hasPrefix("Bcc") })
        #expect(mail.text == "body")
        #expect(mail.headers.map(\.name).filter { $0 == "Subject" }.count == 1)
    }

    @Test func invalidOrReservedExtraHeaderNamesThrow() {
        let base = MIMEBuilder(from: MailAddress(address: "a@x.es"), date: 0)
        for name in ["Bad Name", "X:Y", "", "Ñ-Header", "X-\r\nY"] {
            var builder = base
            builder.extraHeaders = [(name: name, value: "v")]
            #expect(throws: MIMEBuilder.BuildError.invalidHeaderName(name)) { try builder.build() }
        }
        for name in ["Content-Type", "from", "MIME-Version", "Content-Disposition"] {
            var builder = base
            builder.extraHeaders = [(name: name, value: "v")]
            #expect(throws: MIMEBuilder.BuildError.reservedHeaderName(name)) { try builder.build() }
        }
    }

    @Test func extraHeadersAreWritten() throws {
        let builder = MIMEBuilder(from: MailAddress(address: "a@x.es"), date: 0,
                                  extraHeaders: [(name: "Auto-Submitted", value: "auto-replied"),
                                                 (name: "X-Ticket", value: "Reclamación 5")])
        let mail = MIMEParser.parse(try builder.build())
        #expect(mail.header("Auto-Submitted") == "auto-replied")
        #expect(EncodedWords.decode(mail.header("X-Ticket") ?? "") == "Reclamación 5")
    }

    @Test func nonASCIIFilenameUsesRFC2231WithFallback() throws {
        let name = "Reclamación nº 5 — pedido ñandú con un nombre bastante largo para partirlo.pdf"
        let builder = MIMEBuilder(from: MailAddress(address: "a@x.es"), date: 0, text: "x",
                                  attachments: [.init(filename: name, contentType: "Application/PDF; x=y", bytes: [1, 2])])
        let bytes = try builder.build()
        Self.assertWellFormed(bytes)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("filename*0*=UTF-8''Reclamaci%C3%B3n"))
        #expect(text.contains("filename=\"Reclamacion n_ 5 _ pedido nandu"))
        let attachment = try #require(MIMEParser.parse(bytes).attachments.first)
        #expect(attachment.filename == name)
        #expect(attachment.contentType == "application/pdf")
    }

    @Test func boundariesAreRandomAndAbsentFromContent() throws {
        let builder = MIMEBuilder(from: MailAddress(address: "a@x.es"), date: 0, text: "x", html: "<p>y</p>")
        let first = String(decoding: try builder.build(), as: UTF8.self)
        let second = String(decoding: try builder.build(), as: UTF8.self)
        let boundary = { (text: String) -> Substring? in
            guard let range = text.firstRange(of: "boundary=\"") else { return nil }
            return text[range.upperBound...].prefix { $0 != "\"" }
        }
        #expect(boundary(first) != nil)
        #expect(boundary(first) != boundary(second))
        #expect(MIMEParser.parse(Array(first.utf8)).html == "<p>y</p>")
    }

    @Test func generatesMessageIDWithSenderDomain() throws {
        let mail = MIMEParser.parse(try MIMEBuilder(from: MailAddress(address: "a@soporte.example.es"), date: 0).build())
        #expect(mail.messageID?.hasSuffix("@soporte.example.es") == true)
        #expect((mail.messageID?.utf8.count ?? 0) > 30)
    }

    @Test func mostlyNonASCIIBodyUsesBase64() throws {
        let text = String(repeating: "日本語のテキスト", count: 20)
        let bytes = try MIMEBuilder(from: MailAddress(address: "a@x.es"), date: 0, text: text).build()
        #expect(String(decoding: bytes, as: UTF8.self).contains("Content-Transfer-Encoding: base64"))
        Self.assertWellFormed(bytes)
        #expect(MIMEParser.parse(bytes).text == text)
    }
}
