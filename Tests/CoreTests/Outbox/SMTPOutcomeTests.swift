import Testing
@testable import Core

/// How libcurl's result and the SMTP reply code become a row's fate.
@Suite struct SMTPOutcomeTests {
    @Test func classification() {
        func c(_ f: SMTPOutcome.Failure, _ code: Int, _ answer: String = "") -> DeliveryResult {
            SMTPOutcome.classify(f, responseCode: code, answer: answer, curlMessage: "curl says")
        }
        #expect(c(.none, 250, "250 ok") == .sent(answer: "250 ok"))
        #expect(c(.connection, 550, "550 no such user") == .failed("550 no such user"))
        #expect(c(.other, 552, "") == .failed("curl says"))
        #expect(c(.connection, 451, "451 try later") == .retry("451 try later", transportDown: false))
        #expect(c(.connection, 421, "421 closing") == .retry("421 closing", transportDown: true))
        #expect(c(.login, 0) == .retry("check smtp_security, smtp_user and smtp_password: curl says", transportDown: true))
        #expect(c(.connection, 535, "535 bad") == .retry("check smtp_security, smtp_user and smtp_password: 535 bad", transportDown: true))
        #expect(c(.connection, 0) == .retry("curl says", transportDown: true))
        #expect(c(.tls, 250, "250 hello") == .retry("curl says", transportDown: true))
        #expect(c(.timeout, 354, "354 go on") == .retry("curl says", transportDown: true))
        #expect(c(.other, 0) == .retry("curl says", transportDown: false))
    }

    @Test func answerIsTheLastReplyWithTheCode() {
        let lines = ["220 mx ESMTP", "250-mx", "250-SIZE 100", "250 HELP", "550-5.1.1 no such user", "550 5.1.1 see docs", "221 bye"]
        #expect(SMTPOutcome.answer(lines: lines, code: 550) == "550 5.1.1 no such user 5.1.1 see docs")
        #expect(SMTPOutcome.answer(lines: lines, code: 250) == "250 mx SIZE 100 HELP")
        #expect(SMTPOutcome.answer(lines: lines, code: 999) == "221 bye")
        #expect(SMTPOutcome.answer(lines: ["garbage", "x"], code: 250) == "")
        #expect(SMTPOutcome.answer(lines: [], code: 0) == "")
    }

    @Test func storedTextsAreOneBoundedLine() {
        #expect(DeliveryResult.clean("a\r\nb\tc  ") == "a  b c")
        let long = String(repeating: "ñ", count: 800)
        let cut = DeliveryResult.clean(long)
        #expect(cut.utf8.count <= 1000 && cut.allSatisfy { $0 == "ñ" })
    }
}
