import Testing
@testable import Core

/// Hostile and mangled input: nothing may trap, hang or take super-linear time.
@Suite("Robustness")
struct RobustnessTests {
    /// Seconds allowed for one adversarial input (tests run unoptimised).
    static let bound = 15.0

    private func timed(_ label: String, _ input: [UInt8]) {
        let start = TestSupport.now()
        let mail = BoundedParse.run(input, seconds: Int(Self.bound))
        let elapsed = TestSupport.now() - start
        #expect(mail != nil, "\(label) did not finish")
        #expect(elapsed < Self.bound, "\(label) took \(elapsed) s")
        print("robustness: \(label): \(Int(elapsed * 1000)) ms")
        if let mail {
            _ = MailJSON.render(mail)
            _ = ReplyStripper.strip(mail.text)
        }
    }

    @Test(.timeLimit(.minutes(5)))
    func adversarialInputs() {
        let megabyte = 1 << 20
        timed("huge header line", Array(("Subject: " + String(repeating: "a=?", count: megabyte / 3) + "\r\n\r\nx").utf8))
        timed("many header fields", Array((String(repeating: "X-A: b\r\n", count: 150_000) + "\r\nbody").utf8))
        timed("address list of commas and brackets",
              Array(("To: " + String(repeating: "<,\"(", count: 200_000) + "\r\n\r\n").utf8))
        timed("many parameters",
              Array(("Content-Type: text/plain" + String(repeating: "; filename*9*=%41", count: 50_000) + "\r\n\r\nx").utf8))
        timed("encoded word soup", Array(("Subject: " + String(repeating: "=?utf-8?q?=?= ", count: 80_000) + "\r\n\r\n").utf8))
        timed("quoted-printable of equals",
              Array(("Content-Transfer-Encoding: quoted-printable\r\n\r\n" + String(repeating: "=", count: megabyte)).utf8))
        timed("html of brackets", Array(("Content-Type: text/html\r\n\r\n" + String(repeating: "<a& <", count: 200_000)).utf8))
        timed("boundary-like lines", Array(("Content-Type: multipart/mixed; boundary=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n"
            + String(repeating: "--aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab\r\n", count: 60_000)).utf8))
        timed("empty parts", Array(("Content-Type: multipart/mixed; boundary=b\r\n\r\n" + String(repeating: "--b\r\n", count: 100_000)).utf8))
        var nested = "Content-Type: multipart/mixed; boundary=b0\r\n\r\n"
        for level in 1...60 { nested += "--b\(level - 1)\r\nContent-Type: multipart/mixed; boundary=b\(level)\r\n\r\n" }
        nested += String(repeating: "--b60\r\n\r\nx\r\n", count: 20_000)
        timed("deep nesting with many parts", Array(nested.utf8))
        timed("binary noise", (0..<megabyte).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 7) })
        timed("only line breaks", Array(repeating: 0x0A, count: megabyte))
        timed("only CRs", Array(repeating: 0x0D, count: megabyte))
    }

    @Test(.timeLimit(.minutes(5)))
    func mutatedMessagesNeverTrap() throws {
        var samples: [[UInt8]] = []
        let builder = MIMEBuilder(
            from: MailAddress(name: "José", address: "jose@example.es"), to: [MailAddress(address: "a@b.es")],
            subject: "Reclamación ñandú", date: 0, text: "Hola\n> cita\n", html: "<p>Hola &amp; adiós</p>",
            attachments: [.init(filename: "f.pdf", contentType: "application/pdf", bytes: Array(repeating: 65, count: 500)),
                          .init(filename: "i.png", contentType: "image/png", bytes: [1, 2, 3], contentID: "c")])
        samples.append(try builder.build())
        if let directory = CorpusTests.corpusDirectory() {
            for name in ["php-mime-mail-parser/m0008", "mikel-mail/attachment_emails/attachment_with_encoded_name.eml",
                         "mimekit/messages/bounce.txt", "php-mime-mail-parser/m0023", "nodemailer-mailparser/nodemailer.eml"] {
                if let bytes = TestSupport.readFile(directory + "/" + name) { samples.append(bytes) }
            }
        }
        var generator = SeededGenerator(state: 42)
        let tokens: [[UInt8]] = ["\r\n", "\n", "--", "=?utf-8?b?", "?=", "\"", "<", ">", ";", "*0*=", "%", "=", "\r\n\r\n",
                                 "Content-Type: multipart/mixed; boundary=", "(", ")", "\u{0}", "\u{FF}"].map { Array($0.utf8) }
        for round in 0..<300 {
            var bytes = samples[round % samples.count]
            for _ in 0..<Int.random(in: 1...8, using: &generator) where !bytes.isEmpty {
                let position = Int.random(in: 0..<bytes.count, using: &generator)
                switch Int.random(in: 0..<5, using: &generator) {
                case 0: bytes[position] = UInt8.random(in: 0...255, using: &generator)
                case 1: bytes.removeSubrange(position..<min(bytes.count, position + Int.random(in: 1...200, using: &generator)))
                case 2: bytes.insert(contentsOf: tokens.randomElement(using: &generator)!, at: position)
                case 3:
                    let end = min(bytes.count, position + Int.random(in: 1...300, using: &generator))
                    bytes.insert(contentsOf: Array(bytes[position..<end]), at: position)
                default: bytes.removeSubrange(position...)
                }
            }
            let mail = try #require(BoundedParse.run(bytes, seconds: 10), "round \(round) timed out")
            for attachment in mail.attachments { #expect(!attachment.filename.isEmpty) }
            _ = MailJSON.render(mail)
            _ = ReplyStripper.strip(mail.text)
            _ = AutoMessage.classify(headers: mail.headers.map { ($0.name, $0.value) }, from: mail.from,
                                     contentType: mail.header("Content-Type") ?? "")
        }
    }

    @Test func linearScaling() {
        // Doubling a hostile input must not quadruple the time.
        func cost(_ copies: Int) -> Double {
            let input = Array(("To: " + String(repeating: "\"a\" <b@c>, (x) =?utf-8?q?y?= <d@e>,", count: copies)
                + "\r\nSubject: " + String(repeating: "=?utf-8?b?w7E=?= x ", count: copies)
                + "\r\nContent-Type: text/html\r\n\r\n" + String(repeating: "<p>a &amp; b</p><br>", count: copies)).utf8)
            let start = TestSupport.now()
            _ = MIMEParser.parse(input)
            return TestSupport.now() - start
        }
        _ = cost(1000) // warm up
        let small = cost(20_000)
        let large = cost(80_000)
        #expect(large < small * 10 + 0.5, "4× input took \(large / small)× time")
    }
}
