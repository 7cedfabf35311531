import Testing

@testable import Core

@Suite struct HeaderValueTests {
    @Test func parsesValueAndParameters() {
        let header = HeaderValue.parse(#"Multipart/Form-Data; boundary="x y"; Charset=UTF-8"#.utf8)
        #expect(header.value == "multipart/form-data")
        #expect(header.parameters == ["boundary": "x y", "charset": "UTF-8"])
    }

    @Test func quotedValuesMayContainSemicolonsAndEscapes() {
        let header = HeaderValue.parse(#"form-data; name="a\"b;c\\d"; filename="C:\x\y.txt""#.utf8)
        #expect(header.value == "form-data")
        #expect(header.parameters["name"] == #"a"b;c\d"#)
        #expect(header.parameters["filename"] == #"C:\x\y.txt"#)
    }

    @Test func skipsMalformedParametersAndKeepsFirstDuplicate() {
        let header = HeaderValue.parse("text/plain ; ; novalue; =x; k = v ; K=w;".utf8)
        #expect(header.value == "text/plain")
        #expect(header.parameters == ["k": "v"])
    }

    @Test func unterminatedQuoteRunsToEnd() {
        #expect(HeaderValue.parse(#"a; k="abc; d"#.utf8).parameters == ["k": "abc; d"])
    }

    @Test func valueWithoutParameters() {
        let header = HeaderValue.parse("  Text/HTML  ".utf8)
        #expect(header.value == "text/html")
        #expect(header.parameters.isEmpty)
    }
}
