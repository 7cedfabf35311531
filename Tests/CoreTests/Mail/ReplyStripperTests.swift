import Testing
@testable import Core

@Suite("Reply stripping")
struct ReplyStripperTests {
    @Test func gmailEnglishAttribution() {
        let text = "Thanks, that fixed it.\n\nOn Mon, Jan 6, 2025 at 10:00 AM Soporte <soporte@example.es> wrote:\n> Try again\n> please\n"
        #expect(ReplyStripper.strip(text) == "Thanks, that fixed it.")
    }

    @Test func attributionWrappedOverTwoLines() {
        let text = "Yes.\n\nOn Mon, Jan 6, 2025 at 10:00 AM Soporte Técnico de Example <\nsoporte@example.es> wrote:\n\n> old"
        #expect(ReplyStripper.strip(text) == "Yes.")
    }

    @Test func spanishAttribution() {
        let text = "Muchas gracias, ya funciona.\r\n\r\nEl lun, 6 ene 2025 a las 10:00, Soporte (<soporte@example.es>) escribió:\r\n> Pruebe de nuevo"
        #expect(ReplyStripper.strip(text) == "Muchas gracias, ya funciona.")
    }

    @Test func appleMailAttribution() {
        let text = "Perfecto.\n\nOn 6 Jan 2025, at 10:00, Soporte <soporte@example.es> wrote:\n\n> Hola"
        #expect(ReplyStripper.strip(text) == "Perfecto.")
    }

    @Test func outlookSeparatorsAndHeaderBlocks() {
        #expect(ReplyStripper.strip("Ok.\n\n-----Original Message-----\nFrom: a\nSent: b\n\nold") == "Ok.")
        #expect(ReplyStripper.strip("Vale.\n\n-----Mensaje original-----\nDe: a\nEnviado: b\n\nviejo") == "Vale.")
        #expect(ReplyStripper.strip("Ok.\n\nFrom: Soporte <s@x.es>\nSent: Monday, January 6, 2025 10:00 AM\nTo: me\nSubject: x\n\nold")
                == "Ok.")
        #expect(ReplyStripper.strip("Vale.\n\nDe: Soporte <s@x.es>\nEnviado: lunes, 6 de enero de 2025 10:00\nPara: yo\n\nviejo")
                == "Vale.")
        #expect(ReplyStripper.strip("Listo.\n\n________________________________\nDe: Soporte\nviejo") == "Listo.")
    }

    @Test func trailingQuoteAndSignature() {
        let text = "Answer here.\n\n-- \nAna García\nSoporte\n"
        #expect(ReplyStripper.strip(text) == "Answer here.")
        let quoted = "> question one\nanswer one\n> question two\nanswer two\n\n> rest\n>\n> of the quote\n"
        #expect(ReplyStripper.strip(quoted) == "> question one\nanswer one\n> question two\nanswer two")
    }

    @Test func neverReturnsEmpty() {
        let onlyQuote = "> everything\n> is quoted\n"
        #expect(ReplyStripper.strip(onlyQuote) == onlyQuote)
        let onlyAttribution = "On Mon, Jan 6, 2025 Ana wrote:\n> hi"
        #expect(ReplyStripper.strip(onlyAttribution) == onlyAttribution)
        #expect(ReplyStripper.strip("") == "")
    }

    @Test func plainTextIsUnchangedExceptTrailingWhitespace() {
        #expect(ReplyStripper.strip("Hello\nFrom: the team\nDear all\n\n") == "Hello\nFrom: the team\nDear all")
        #expect(ReplyStripper.strip("On Monday I wrote the report.") == "On Monday I wrote the report.")
    }

    @Test func bottomPostedReplyKeepsTheAnswer() {
        let text = "On Wed, Nov 19, 2014 at 12:11 AM, Levi <levi@example.net> wrote:\n\n> Dear all,\n> proposal\n>\n+1 from me.\n\n--\nFerenc\n"
        #expect(ReplyStripper.strip(text) == "+1 from me.")
    }

    @Test func leadingBlankLinesAreTrimmed() {
        #expect(ReplyStripper.strip("\n\n\nHola\n\nEl lun, 6 ene 2025, Ana escribió:\n> x") == "Hola")
    }
}
