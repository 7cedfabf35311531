import Testing
@testable import Core

/// What of a mail is stored and shown: text and sanitized HTML, inline images, files,
/// dropped files, charsets, stripped quotes with the original still available.
@Suite struct InboundBodyTests {
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 7, count: 40)
    static let pdf: [UInt8] = Array("%PDF-1.4\n1 0 obj\n<<>>\nendobj\n".utf8)

    @Test func inlineImagesFilesAndSanitizedHTMLReachTheDeskAndGuestPages() throws {
        let s = try InboundSite()
        try s.env.operators.upsert(username: "alice", displayName: "Alice", email: "", role: .operator_, language: "en", now: 1)
        let raw = InboundSite.multipart(messageID: "html@example.com", text: "Mire la foto",
                                        html: "<p>Mire <b>la foto</b><img src=\"cid:foto@x\" alt=\"foto\"><script>alert(1)</script></p>",
                                        files: [("image001", "image/png", Self.png, "foto@x"),
                                                ("factura.pdf", "application/pdf", Self.pdf, nil),
                                                ("virus.exe", "application/octet-stream", [77, 90, 1, 2], nil)])
        guard case .created(let ticketID, let number) = try s.pipe(raw) else { Issue.record("not created"); return }
        let files = try s.db.query("SELECT id, filename, content_id, sha256 FROM attachments WHERE ticket_id = ? ORDER BY id", ticketID)
        #expect(files.map { $0.string("filename") } == ["image001", "factura.pdf"], "inline image kept without extension, .exe dropped")
        #expect(files.first?.optionalString("content_id") == "foto@x")
        let pdfSHA = files[1].string("sha256")
        #expect(try AttachmentFiles(directory: s.env.paths.attachments).read(sha256: pdfSHA) == Self.pdf)
        let message = try #require(try s.db.queryOne("SELECT body_text, body_html FROM messages WHERE ticket_id = ?", ticketID))
        #expect(message.string("body_text").contains("virus.exe"), "the dropped file is named on the message")
        let html = message.string("body_html")
        #expect(!html.contains("<script") && html.contains("<b>la foto</b>"))

        let desk = Browser(s.site, user: "alice").get("/desk/ticket/\(number)")
        #expect(desk.status == 200)
        let imageID = files[0].int("id")
        #expect(desk.text.contains("src=\"/desk/ticket/\(number)/file/\(imageID)\""), "cid: rewritten to the attachment URL")
        #expect(!desk.text.contains("alert(1)"))

        let guest = Browser(s.site)
        let code = try #require(try s.accessCode(ticketID: ticketID))
        _ = guest.get("/ticket/\(number)?code=\(code)")
        let page = guest.get("/ticket/\(number)")
        #expect(page.status == 200 && page.text.contains("<b>la foto</b>"), "the guest sees the sanitized HTML")
        #expect(page.text.contains("src=\"/ticket/\(number)/file/\(imageID)\""), "with the inline image at the guest URL")
        #expect(!page.text.contains("alert(1)"))
        #expect(guest.get("/ticket/\(number)/file/\(files[1].int("id"))").body == Self.pdf, "the guest downloads the file")
        #expect(guest.get("/ticket/\(number)/file/\(imageID)").status == 200, "and the inline image")
    }

    @Test func quotedHistoryIsStrippedAndTheFullOriginalStaysDownloadable() throws {
        let s = try InboundSite()
        try s.env.operators.upsert(username: "alice", displayName: "Alice", email: "", role: .operator_, language: "en", now: 1)
        guard case .created(let ticketID, let number) = try s.pipe(InboundSite.mail()) else { Issue.record("no ticket"); return }
        let reply = InboundSite.mail(subject: "Re: [#\(number)] Impresora rota", messageID: "reply@example.com",
                                     body: "Ya funciona, gracias.\n\nEl lun, 23 nov 2026, Soporte escribió:\n> ¿Ha probado a reiniciarla?\n> Saludos\n")
        #expect(try s.pipe(reply) == .appended(ticketID: ticketID, number: number))
        let messageID = try #require(try s.db.scalar("SELECT id FROM messages WHERE mail_message_id = 'reply@example.com'").int)
        #expect(try s.db.scalar("SELECT body_text FROM messages WHERE id = ?", messageID).string == "Ya funciona, gracias.")

        let alice = Browser(s.site, user: "alice")
        let page = alice.get("/desk/ticket/\(number)")
        let link = "/desk/ticket/\(number)/original/\(messageID)"
        #expect(page.text.contains(link))
        let original = alice.get(link)
        #expect(original.status == 200)
        #expect(original.body == reply, "the whole message, quote included")
        #expect(original.header("Content-Disposition")?.hasPrefix("attachment") == true)
        #expect(Browser(s.site).get(link).status == 403, "not for guests")
        #expect(alice.get("/desk/ticket/\(number)/original/999").status == 404)
    }

    @Test func windows1252AndLatin1AreDecoded() throws {
        let s = try InboundSite()
        var raw = Array("""
            From: =?ISO-8859-1?Q?Jos=E9_Mu=F1oz?= <jose@example.es>\r
            To: soporte@help.example.org\r
            Subject: =?windows-1252?Q?Cami=F3n_averiado_=80_presupuesto?=\r
            Message-ID: <cp1252@example.es>\r
            MIME-Version: 1.0\r
            Content-Type: text/plain; charset=windows-1252\r
            Content-Transfer-Encoding: 8bit\r
            \r

            """.utf8)
        raw += [0x45, 0x6C, 0x20, 0x63, 0x61, 0x6D, 0x69, 0xF3, 0x6E, 0x20, 0x63, 0x75, 0x65, 0x73, 0x74, 0x61, 0x20, 0x35, 0x30, 0x30, 0x20, 0x80, 0x0D, 0x0A]
        guard case .created(let ticketID, _) = try s.pipe(raw) else { Issue.record("not created"); return }
        let t = try #require(try s.db.queryOne("SELECT subject, contact_name FROM tickets WHERE id = ?", ticketID))
        #expect(t.string("subject") == "Camión averiado € presupuesto")
        #expect(t.string("contact_name") == "José Muñoz")
        #expect(try s.db.scalar("SELECT body_text FROM messages WHERE ticket_id = ?", ticketID).string == "El camión cuesta 500 €")
    }
}
