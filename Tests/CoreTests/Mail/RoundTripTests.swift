import Testing
@testable import Core

@Suite("Build → parse round trips")
struct RoundTripTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var label: String
        var fromName: String
        var subject: String
        var text: String
        var html: String?
        var attachmentName: String
        var testDescription: String { label }
    }

    static let cases: [Case] = [
        Case(label: "ASCII", fromName: "Help Desk", subject: "Ticket #42: printer on fire",
             text: "Hello,\n\nThe printer is on fire.\n\nThanks", html: "<p>Hello, the printer is <b>on fire</b>.</p>",
             attachmentName: "photo.jpg"),
        Case(label: "Spanish", fromName: "José Ibáñez", subject: "Re: Reclamación nº 5 — pedido ñandú",
             text: "Buenos días:\n\n“Reclamación” del pedido ñandú, importe 25 €.\nSaludos,\nJosé\n",
             html: "<p>Buenos días: “Reclamación” — 25 €</p>", attachmentName: "Reclamación nº5.pdf"),
        Case(label: "emoji", fromName: "Ana 🦄", subject: "🎉🎉 Fiesta 🎉 " + String(repeating: "😀", count: 40),
             text: String(repeating: "😀🎉👍🏽 ", count: 100), html: nil, attachmentName: "fiesta 🎉.png"),
        Case(label: "long lines", fromName: "Long Name " + String(repeating: "x", count: 90),
             subject: String(repeating: "supercalifragilistic", count: 10) + " tail",
             text: String(repeating: "a", count: 5000) + "\n" + String(repeating: "palabra ", count: 600) + "\n.\nFrom me\n= end",
             html: "<div>" + String(repeating: "<span>x</span>", count: 500) + "</div>",
             attachmentName: String(repeating: "n", count: 150) + ".txt"),
    ]

    @Test(arguments: cases)
    func roundTrip(_ testCase: Case) throws {
        let attachmentBytes = (0..<3000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let builder = MIMEBuilder(
            from: MailAddress(name: testCase.fromName, address: "from@example.es"),
            to: [MailAddress(name: "Cliente", address: "cliente@example.com"), MailAddress(address: "otro@example.com")],
            cc: [MailAddress(name: "Supervisión", address: "cc@example.es")],
            replyTo: [MailAddress(address: "reply@example.es")],
            subject: testCase.subject, date: 1_738_574_100, messageID: "round.trip.1@example.es",
            inReplyTo: ["parent@example.com"], references: ["root@example.com", "parent@example.com"],
            text: testCase.text, html: testCase.html,
            attachments: [
                .init(filename: testCase.attachmentName, contentType: "application/octet-stream", bytes: attachmentBytes),
                .init(filename: "logo.png", contentType: "image/png", bytes: [0x89, 0x50, 0x4E, 0x47], contentID: "logo@x"),
            ])
        let bytes = try builder.build()
        MIMEBuilderTests.assertWellFormed(bytes)
        let mail = MIMEParser.parse(bytes)
        #expect(mail.from == builder.from)
        #expect(mail.to == builder.to)
        #expect(mail.cc == builder.cc)
        #expect(mail.replyTo == builder.replyTo)
        #expect(mail.subject == testCase.subject)
        #expect(mail.date == 1_738_574_100)
        #expect(mail.messageID == "round.trip.1@example.es")
        #expect(mail.inReplyTo == ["parent@example.com"])
        #expect(mail.references == ["root@example.com", "parent@example.com"])
        #expect(mail.text == testCase.text)
        #expect(mail.html == testCase.html)
        #expect(mail.defects.isEmpty, "\(mail.defects)")
        let expectedNames = testCase.html == nil ? [testCase.attachmentName, "logo.png"] : ["logo.png", testCase.attachmentName]
        #expect(Set(mail.attachments.map(\.filename)) == Set(expectedNames))
        let file = try #require(mail.attachments.first { $0.filename == testCase.attachmentName })
        #expect(file.contentType == "application/octet-stream")
        #expect(file.bytes == attachmentBytes)
        let logo = try #require(mail.attachments.first { $0.filename == "logo.png" })
        #expect(logo.bytes == [0x89, 0x50, 0x4E, 0x47])
        #expect(logo.contentType == "image/png")
        #expect(logo.contentID == "logo@x")
        #expect(logo.isInline)
    }

    @Test func textWithoutTrailingNewlineAndEmptyBody() throws {
        for text in ["no newline at end", "", "ends with newline\n", "\n\n"] {
            let bytes = try MIMEBuilder(from: MailAddress(address: "a@x.es"), date: 0, text: text).build()
            #expect(MIMEParser.parse(bytes).text == text)
        }
    }
}
