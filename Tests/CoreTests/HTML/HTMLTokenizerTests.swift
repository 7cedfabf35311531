import Testing
@testable import Core

@Suite("HTMLTokenizer")
struct HTMLTokenizerTests {
    private func tokens(_ html: String) -> [HTMLToken] { Array(HTMLTokenizer(html)) }
    private func attributes(_ html: String) -> [HTMLAttribute] {
        guard case .startTag(_, let attributes, _)? = tokens(html).first else { return [] }
        return attributes
    }
    private func text(_ html: String) -> String {
        tokens(html).compactMap { if case .text(let t) = $0 { t } else { nil } }.joined()
    }

    @Test func startAndEndTagsAreLowerCased() {
        #expect(tokens("<DiV CLASS=x>y</DIV>") == [
            .startTag(name: "div", attributes: [HTMLAttribute(name: "class", value: "x")], selfClosing: false),
            .text("y"),
            .endTag(name: "div"),
        ])
    }

    @Test func attributeQuotingStyles() {
        #expect(attributes("<a b=\"1 2\" c='3 \"4\"' d=5 e f = 6 g=>") == [
            HTMLAttribute(name: "b", value: "1 2"),
            HTMLAttribute(name: "c", value: "3 \"4\""),
            HTMLAttribute(name: "d", value: "5"),
            HTMLAttribute(name: "e", value: ""),
            HTMLAttribute(name: "f", value: "6"),
            HTMLAttribute(name: "g", value: ""),
        ])
    }

    @Test func duplicateAttributesFirstWins() {
        #expect(attributes("<a href=1 HREF=2 href=3>") == [HTMLAttribute(name: "href", value: "1")])
    }

    @Test func attributeValuesAreDecoded() {
        #expect(attributes("<a title=\"&lt;&amp;&quot;&#39;&eacute;\">") == [HTMLAttribute(name: "title", value: "<&\"'é")])
    }

    @Test func legacyEntitiesInAttributesFollowedByEqualsStayLiteral() {
        #expect(attributes("<a href=\"?a&copy=1&amp=2&lt\">") == [HTMLAttribute(name: "href", value: "?a&copy=1&amp=2<")])
    }

    @Test func slashesBetweenAttributes() {
        #expect(tokens("<img/src=x/onerror=y>") == [
            .startTag(name: "img", attributes: [HTMLAttribute(name: "src", value: "x/onerror=y")], selfClosing: false),
        ])
        #expect(tokens("<br/>") == [.startTag(name: "br", attributes: [], selfClosing: true)])
    }

    @Test func requiredNamedEntities() {
        let cases: [(String, String)] = [
            ("&amp;", "&"), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&apos;", "'"),
            ("&nbsp;", "\u{A0}"), ("&copy;", "©"), ("&reg;", "®"), ("&hellip;", "…"), ("&mdash;", "—"),
            ("&ndash;", "–"), ("&laquo;", "«"), ("&raquo;", "»"), ("&euro;", "€"), ("&aacute;", "á"),
            ("&eacute;", "é"), ("&iacute;", "í"), ("&oacute;", "ó"), ("&uacute;", "ú"), ("&ntilde;", "ñ"),
            ("&Ntilde;", "Ñ"), ("&uuml;", "ü"), ("&ccedil;", "ç"), ("&iexcl;", "¡"), ("&iquest;", "¿"),
            ("&ordm;", "º"), ("&ordf;", "ª"), ("&Agrave;", "À"), ("&szlig;", "ß"), ("&yuml;", "ÿ"),
            ("&THORN;", "Þ"), ("&times;", "×"), ("&divide;", "÷"),
        ]
        for (input, expected) in cases {
            #expect(text(input) == expected, "\(input)")
        }
    }

    @Test func numericReferences() {
        #expect(text("&#233;&#xE9;&#XE9;&#x1F600;&#65") == "ééé😀A")
        #expect(text("&#150;&#146;") == "–’") // Windows-1252 range, as browsers read it
    }

    @Test func invalidNumericReferencesBecomeReplacementCharacter() {
        for input in ["&#0;", "&#xD800;", "&#xDFFF;", "&#x110000;", "&#99999999999999999999;", "&#1;", "&#x81;"] {
            #expect(text(input) == "\u{FFFD}", "\(input)")
        }
    }

    @Test func unknownAndIncompleteReferencesStayLiteral() {
        #expect(text("&bogus; &#; &#x; & &;") == "&bogus; &#; &#x; & &;")
        #expect(text("&copy2024 &notit;") == "©2024 ¬it;")
    }

    @Test func commentsDoctypeCDATAAndProcessingInstructionsAreDropped() {
        #expect(tokens("a<!-- <b> -->b<!DOCTYPE html>c<![CDATA[<i>]]>d<?pi x?>e<!---->f<!-->g") == [
            .text("a"), .text("b"), .text("c"), .text("d"), .text("e"), .text("f"), .text("g"),
        ])
    }

    @Test func lessThanNotFollowedByTagStartIsText() {
        #expect(tokens("1 < 2 <3 <") == [.text("1 < 2 <3 <")])
        #expect(tokens("a</>b") == [.text("a"), .text("b")])
        #expect(tokens("a</ b>c") == [.text("a"), .text("c")])
    }

    @Test func unterminatedTagAtEndIsDropped() {
        #expect(tokens("a<b c=\"d") == [.text("a")])
        #expect(tokens("a<b c") == [.text("a")])
        #expect(tokens("a</b") == [.text("a")])
    }

    @Test func rawTextElements() {
        #expect(tokens("<script>if (a<b) x='</p>'</script>") == [
            .startTag(name: "script", attributes: [], selfClosing: false),
            .text("if (a<b) x='</p>'"),
            .endTag(name: "script"),
        ])
        #expect(tokens("<style>a &amp; b</STYLE >") == [
            .startTag(name: "style", attributes: [], selfClosing: false),
            .text("a &amp; b"),
            .endTag(name: "style"),
        ])
        #expect(tokens("<title>a &amp; <b></title>") == [
            .startTag(name: "title", attributes: [], selfClosing: false),
            .text("a & <b>"),
            .endTag(name: "title"),
        ])
        #expect(tokens("<textarea></textarea><b>") == [
            .startTag(name: "textarea", attributes: [], selfClosing: false),
            .endTag(name: "textarea"),
            .startTag(name: "b", attributes: [], selfClosing: false),
        ])
        #expect(tokens("<script>never closed <b>") == [
            .startTag(name: "script", attributes: [], selfClosing: false),
            .text("never closed <b>"),
        ])
    }

    @Test func allRawTextElementsRunToTheirEndTag() {
        for name in ["script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript"] {
            #expect(tokens("<\(name)><i>x</\(name)>") == [
                .startTag(name: name, attributes: [], selfClosing: false),
                .text("<i>x"),
                .endTag(name: name),
            ], "\(name)")
        }
        #expect(tokens("<plaintext><i>x</plaintext>") == [
            .startTag(name: "plaintext", attributes: [], selfClosing: false),
            .text("<i>x</plaintext>"),
        ])
    }

    @Test func nulBytesAreRemovedAndLineEndsNormalised() {
        #expect(tokens("a\u{0}b\r\nc\rd") == [.text("ab\nc\nd")])
        #expect(tokens("<scr\u{0}ipt>").first == .startTag(name: "script", attributes: [], selfClosing: false))
    }

    @Test func invalidUTF8BecomesReplacementCharacter() {
        let bytes: [UInt8] = [0x61, 0xFF, 0x62, 0x3C, 0x62, 0x20, 0x74, 0x3D, 0xC3, 0x3E, 0xE2, 0x82]
        #expect(Array(HTMLTokenizer(bytes: bytes)) == [
            .text("a\u{FFFD}b"),
            .startTag(name: "b", attributes: [HTMLAttribute(name: "t", value: "\u{FFFD}")], selfClosing: false),
            .text("\u{FFFD}"),
        ])
    }

    @Test func crLfIsOneLineBreakNotSplitAsCharacters() {
        // "\r\n" is a single Swift Character; the tokenizer must still see two bytes and one break.
        #expect(tokens("<b>\r\n</b>") == [
            .startTag(name: "b", attributes: [], selfClosing: false), .text("\n"), .endTag(name: "b"),
        ])
    }

    @Test func hostileFragmentsTerminate() {
        // Each must finish (the test would hang otherwise) and produce bounded output.
        for input in ["<", "<<<<<<", "<a", "<!", "<!-", "<!--", "<?", "</", "</>", "<a b='", "&", "&#", "&#x",
                      "<![CDATA[", "<script>", "<a =b>", "<a/////>", "<a \"'<=>", String(repeating: "<a ", count: 1000)] {
            let result = tokens(input)
            #expect(result.count <= input.utf8.count + 1)
        }
    }
}
