import Testing
@testable import Core

@Suite struct HTMLBuilderTests {
    func render(_ body: (inout HTML) -> Void) -> String {
        var h = HTML()
        body(&h)
        return String(decoding: h.bytes, as: UTF8.self)
    }

    @Test func textIsEscaped() {
        #expect(render { $0.el("p", text: "<b>&\"'") } == "<p>&lt;b&gt;&amp;\"'</p>")
    }

    @Test func attributeValuesAreEscaped() {
        let out = render { $0.void("input", .value("\" onfocus=alert(1) x='"), .flag("required")) }
        #expect(out == "<input value=\"&quot; onfocus=alert(1) x=&#39;\" required>")
    }

    @Test func nilAttributesAreSkippedAndNestingWorks() {
        let out = render { h in
            h.el("ul", .cls("a"), nil, .flag("hidden", if: false)) { h in
                h.el("li", text: "1")
                h.el("li", text: "2")
            }
        }
        #expect(out == "<ul class=\"a\"><li>1</li><li>2</li></ul>")
    }

    @Test func aCopyIsWrittenApartFromItsOriginal() {
        var a = HTML(capacity: 1)
        a.el("p", text: "uno")
        var b = a
        b.el("p", text: "dos")
        a.el("b", text: "tres")
        #expect(String(decoding: a.bytes, as: UTF8.self) == "<p>uno</p><b>tres</b>")
        #expect(String(decoding: b.bytes, as: UTF8.self) == "<p>uno</p><p>dos</p>")
    }

    @Test func growsPastItsCapacityAndEscapesLongTextsWhole() {
        let long = String(repeating: "a<b>&\"ñ", count: 3_000)   // 30,000 bytes, past the 4,096-byte escape pieces
        var h = HTML(capacity: 8)
        for _ in 0..<3 { h.el("p", .cls("x\"y"), text: long) }
        let once = "<p class=\"x&quot;y\">" + String(repeating: "a&lt;b&gt;&amp;\"ñ", count: 3_000) + "</p>"
        #expect(String(decoding: h.bytes, as: UTF8.self) == String(repeating: once, count: 3))
    }

    @Test func onlySafeHTMLPassesUnescaped() {
        #expect(render { $0.safe(SafeHTML(literal: "<br>")) } == "<br>")
        #expect(render { $0.text("<br>") } == "&lt;br&gt;")
    }
}

/// Text escapes exactly `& < >`; attribute values also `" '` — byte for byte, whatever
/// surrounds them (runs without special characters are copied in one go).
@Suite struct HTMLTextEscapingTests {
    static let inputs = ["", "plain", "<", "a&b<c>d", "&&&", "ñandú <b> ✓ &amp;", String(repeating: "x<", count: 1000),
                         "\"", "'", "a&b<c>d\"e'f", "ñandú \"✓\" &amp;", String(repeating: "x'\"", count: 500)]

    static func expected(_ input: String, quotes: Bool) -> String {
        var expected = ""
        for c in input {
            switch c {
            case "&": expected += "&amp;"
            case "<": expected += "&lt;"
            case ">": expected += "&gt;"
            case "\"" where quotes: expected += "&quot;"
            case "'" where quotes: expected += "&#39;"
            default: expected.append(c)
            }
        }
        return expected
    }

    @Test(arguments: inputs)
    func escapesExactlyTheSpecialCharacters(_ input: String) {
        var h = HTML()
        h.text(input)
        #expect(String(decoding: h.bytes, as: UTF8.self) == Self.expected(input, quotes: false))
    }

    @Test(arguments: inputs)
    func attributeValuesEscapeQuotesToo(_ input: String) {
        var out: [UInt8] = []
        HTML.escapeAttribute(input, into: &out)
        #expect(String(decoding: out, as: UTF8.self) == Self.expected(input, quotes: true))
        #expect(HTML.escape(input) == Self.expected(input, quotes: true))
    }
}
