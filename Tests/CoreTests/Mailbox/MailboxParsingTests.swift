import Testing
@testable import Core

/// The POP3 and IMAP answers the clients read.
@Suite struct MailboxParsingTests {
    @Test func uidlLinesGiveNumberAndUID() {
        let items = POP3Client.parseUIDL(Array("1 000000016b04f349\r\n2 abc-DEF\r\nnonsense\r\n0 zero\r\n3\r\n".utf8))
        #expect(items == [MailboxItem(uid: "000000016b04f349", reference: "1"), MailboxItem(uid: "abc-DEF", reference: "2")])
    }

    @Test func searchLinesGiveUIDs() {
        #expect(IMAPClient.parseSearch(Array("* SEARCH 4 9 12\r\n".utf8)) == ["4", "9", "12"])
        #expect(IMAPClient.parseSearch(Array("* SEARCH\r\n".utf8)) == [])
        #expect(IMAPClient.parseSearch(Array("* OK x\r\n* SEARCH 1\r\n* SEARCH 2 x\r\n".utf8)) == ["1", "2"])
    }

    @Test func uidValidityIsReadFromTheSelectAnswer() {
        let lines = ["* FLAGS (\\Answered)", "* OK [UIDVALIDITY 1763950537] UIDs valid", "* OK [UIDNEXT 4] Predicted"]
        #expect(IMAPClient.uidValidity(lines) == "1763950537")
        #expect(IMAPClient.uidValidity(["* OK [UIDNEXT 4]"]) == nil)
    }

    @Test func folderNamesArePercentEncoded() {
        #expect(IMAPClient.percentEncoded("INBOX") == "INBOX")
        #expect(IMAPClient.percentEncoded("Soporte técnico/Entrada") == "Soporte%20t%C3%A9cnico%2FEntrada")
    }
}
