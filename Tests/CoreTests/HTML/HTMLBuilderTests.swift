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

    @Test func onlySafeHTMLPassesUnescaped() {
        #expect(render { $0.safe(SafeHTML(literal: "<br>")) } == "<br>")
        #expect(render { $0.text("<br>") } == "&lt;br&gt;")
    }
}

@Suite struct HTMLTextEscapingTests {
    @Test(arguments: ["", "plain", "<", "a&b<c>d", "&&&", "ñandú <b> ✓ &amp;", String(repeating: "x<", count: 1000)])
    func escapesExactlyTheSpecialCharacters(_ input: String) {
        var h = HTML()
        h.text(input)
        var expected = ""
        for c in input {
            switch c {
            case "&": expected += "&amp;"
            case "<": expected += "&lt;"
            case ">": expected += "&gt;"
            default: expected.append(c)
            }
        }
        #expect(String(decoding: h.bytes, as: UTF8.self) == expected)
    }
}
