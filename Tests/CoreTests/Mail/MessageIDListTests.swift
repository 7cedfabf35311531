import Testing
@testable import Core

@Suite("Message IDs")
struct MessageIDListTests {
    @Test func parsesLists() {
        #expect(MessageIDList.parse("<a@x> <b@y>\t<c@z>") == ["a@x", "b@y", "c@z"])
        #expect(MessageIDList.parse("<a@x> (comment <not@id>) <b@y>") == ["a@x", "b@y"])
        #expect(MessageIDList.parse("John's message of Monday <a@x>") == ["a@x"])
        #expect(MessageIDList.parse("<folded\r\n @x>") == ["folded@x"])
        #expect(MessageIDList.parse("<> <a@x") == ["a@x"])
        #expect(MessageIDList.parse("bare@x, other@y nothing") == ["bare@x", "other@y"])
        #expect(MessageIDList.parse("") == [])
        #expect(MessageIDList.first("  <only@x>  ") == "only@x")
    }

    /// Found by FuzzMIME: without any "<", a stray ">" stayed in the id, although ids never
    /// carry angle brackets.
    @Test func strayClosingBracketIsNotPartOfAnId() {
        #expect(MessageIDList.parse(";m1.42@example.es>") == [";m1.42@example.es"])
        #expect(MessageIDList.parse("a@x>b@y>") == ["a@x", "b@y"])
        let mail = MIMEParser.parse(Array("Message-ID: ;m1.42@example.es>\r\nReferences: a@x> >\r\n\r\nbody\r\n".utf8))
        #expect(mail.messageID == ";m1.42@example.es")
        #expect(mail.references == ["a@x"])
    }

    /// Found by FuzzMIME: a comment left open hides every bracket after it, and the bare-id
    /// fallback then kept the "<".
    @Test func unclosedCommentDoesNotLeaveBracketsInIds() {
        #expect(MessageIDList.parse("( <t-6@taquilla.example> <t-7@taquilla.example>") == ["t-6@taquilla.example", "t-7@taquilla.example"])
        let mail = MIMEParser.parse(Array("References:( <a@x> <b@y>\r\nIn-Reply-To: (<c@z>\r\n\r\nbody\r\n".utf8))
        #expect(mail.references == ["a@x", "b@y"])
        #expect(mail.inReplyTo == ["c@z"])
    }
}
