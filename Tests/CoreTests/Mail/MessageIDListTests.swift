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
}
