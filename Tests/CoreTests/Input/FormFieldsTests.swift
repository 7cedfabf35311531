import Testing

@testable import Core

@Suite struct FormFieldsTests {
    @Test func keepsRepeatedNamesInOrder() {
        let fields = FormFields.parseURLEncoded("a=1&b=2&a=3".utf8)
        #expect(fields["a"] == "1")
        #expect(fields.all("a") == ["1", "3"])
        #expect(fields.names == ["a", "b"])
    }

    @Test func handlesEmptyValuesAndEmptyPairs() {
        let fields = FormFields.parseURLEncoded("&&a=&b&&c=x=y&=orphan&".utf8)
        #expect(fields.names == ["a", "b", "c"])
        #expect(fields["a"] == "")
        #expect(fields["b"] == "")
        #expect(fields["c"] == "x=y")
    }

    @Test func decodesPlusAndEscapesInNamesAndValues() {
        let fields = FormFields.parseURLEncoded("full+name=J%C3%B6rg+M%C3%BCller&q%5B%5D=a%26b".utf8)
        #expect(fields["full name"] == "Jörg Müller")
        #expect(fields["q[]"] == "a&b")
    }

    @Test func missingFieldIsNil() {
        let fields = FormFields.parseURLEncoded("".utf8)
        #expect(fields["a"] == nil)
        #expect(fields.all("a").isEmpty)
        #expect(fields.names.isEmpty)
    }

    @Test func ignoresFieldsBeyondLimit() {
        let query = (0..<1_500).map { "f\($0)=\($0)" }.joined(separator: "&")
        let fields = FormFields.parseURLEncoded(Array(query.utf8))
        #expect(fields.names.count == FormFields.maxParsedFields)
        #expect(fields["f999"] == "999")
        #expect(fields["f1000"] == nil)
    }

    @Test func appendKeepsInsertionOrder() {
        var fields = FormFields()
        fields.append("2", for: "x")
        fields.append("1", for: "y")
        fields.append("3", for: "x")
        #expect(fields.names == ["x", "y"])
        #expect(fields.all("x") == ["2", "3"])
    }
}
