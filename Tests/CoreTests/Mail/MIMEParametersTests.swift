import Testing
@testable import Core

@Suite("MIME parameters (RFC 2045 / RFC 2231)")
struct MIMEParametersTests {
    private func parse(_ raw: String) -> MIMEHeaderValue {
        var defects: [String] = []
        return MIMEHeaderValue.parse(raw, defects: &defects)
    }

    @Test func basicValueAndParameters() {
        let value = parse("Text/Plain; Charset=\"UTF-8\"; format=flowed (comment)")
        #expect(value.value == "text/plain")
        #expect(value.mediaType == "text")
        #expect(value.subtype == "plain")
        #expect(value["charset"] == "UTF-8")
        #expect(value["format"] == "flowed (comment)")
    }

    @Test func quotedStringsWithEscapesAndSemicolons() {
        let value = parse(#"attachment; filename="a \"b\"; c.txt"; size=10"#)
        #expect(value.value == "attachment")
        #expect(value["filename"] == #"a "b"; c.txt"#)
        #expect(value["size"] == "10")
    }

    @Test func unquotedValueWithSpaces() {
        #expect(parse("attachment; filename=This is a test.txt")["filename"] == "This is a test.txt")
    }

    @Test func rfc2231ContinuationsSplitMidCharacter() {
        let raw = "attachment; filename*0*=UTF-8''Informe%20de%20reclamaci%C3; filename*1*=%B3n%20n%C2%BA5.pdf"
        #expect(parse(raw)["filename"] == "Informe de reclamación nº5.pdf")
    }

    @Test func rfc2231PlainContinuationsOutOfOrder() {
        let raw = #"attachment; filename*1="part-two.txt"; filename*0="part-one-""#
        #expect(parse(raw)["filename"] == "part-one-part-two.txt")
    }

    @Test func rfc2231WinsOverPlainParameter() {
        let raw = "attachment; filename=\"fallback.pdf\"; filename*=iso-8859-1'es'Reclamaci%F3n.pdf"
        #expect(parse(raw)["filename"] == "Reclamación.pdf")
    }

    @Test func rfc2231WithoutLanguageAndInvalidEscape() {
        #expect(parse("a; name*=utf-8''100%ZZ%25")["name"] == "100%ZZ%")
        #expect(parse("a; name*=utf-8'%C3%B1")["name"] == "ñ")
    }

    @Test func encodedWordsInFilenames() {
        let raw = #"inline; filename="=?iso-8859-1?Q?HasenundFr=F6sche=2Etxt?=""#
        #expect(parse(raw)["filename"] == "HasenundFrösche.txt")
    }

    @Test func brokenInputNeverTraps() {
        for raw in ["", ";", "; =x", "a; b", "a; b=\"unterminated", "a; *=x", "a; x*99999999999999999999*=1", "a;;;; b = c ;"] {
            _ = parse(raw)
        }
        #expect(parse("a;;;; b = c ;")["b"] == "c")
    }
}
