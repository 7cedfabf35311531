import Testing
@testable import Core

@Suite("HTMLText")
struct HTMLTextTests {
    private let rel = "rel=\"noopener noreferrer nofollow\" target=\"_blank\""

    // MARK: plainText(fromHTML:)

    @Test func paragraphsAreSeparatedByOneBlankLine() {
        #expect(HTMLText.plainText(fromHTML: "<p>One</p><p>Two</p>") == "One\n\nTwo")
        #expect(HTMLText.plainText(fromHTML: "<div>a</div><div>b</div>") == "a\nb")
        #expect(HTMLText.plainText(fromHTML: "<h1>Title</h1>Body") == "Title\n\nBody")
    }

    @Test func lineBreaks() {
        #expect(HTMLText.plainText(fromHTML: "a<br>b<br/>c") == "a\nb\nc")
        #expect(HTMLText.plainText(fromHTML: "a<br><br>b") == "a\n\nb")
    }

    @Test func blankLineRunsCollapse() {
        #expect(HTMLText.plainText(fromHTML: "a<br><br><br><br><p></p><p>b</p>") == "a\n\nb")
    }

    @Test func unorderedAndOrderedLists() {
        #expect(HTMLText.plainText(fromHTML: "<ul><li>a</li><li>b</li></ul>") == "- a\n- b")
        #expect(HTMLText.plainText(fromHTML: "<ol><li>a<li>b</ol>") == "1. a\n2. b")
        #expect(HTMLText.plainText(fromHTML: "<ol start=\"4\"><li>d</li></ol>") == "4. d")
        #expect(HTMLText.plainText(fromHTML: "<p>Intro</p><ul><li>a<ul><li>b</li></ul></li></ul><p>End</p>")
            == "Intro\n\n- a\n  - b\n\nEnd")
    }

    @Test func links() {
        #expect(HTMLText.plainText(fromHTML: "See <a href=\"https://example.com/x\">the docs</a>.")
            == "See the docs <https://example.com/x>.")
        #expect(HTMLText.plainText(fromHTML: "<a href=\"https://example.com/\">https://example.com/</a>") == "https://example.com/")
        #expect(HTMLText.plainText(fromHTML: "<a href=\"mailto:a@b.example\">a@b.example</a>") == "a@b.example")
        #expect(HTMLText.plainText(fromHTML: "<a href=\"javascript:alert(1)\">click</a>") == "click")
        #expect(HTMLText.plainText(fromHTML: "<a href=\"#top\">Top</a>") == "Top")
    }

    @Test func images() {
        #expect(HTMLText.plainText(fromHTML: "Logo: <img src=\"/l.png\" alt=\"ACME\"> ok<img src=\"/x.png\">") == "Logo: [ACME] ok")
    }

    @Test func entitiesAreDecoded() {
        #expect(HTMLText.plainText(fromHTML: "caf&eacute; &amp; &lt;tag&gt; &copy;") == "café & <tag> ©")
        #expect(HTMLText.plainText(fromHTML: "a&nbsp;&nbsp;b") == "a  b")
    }

    @Test func scriptStyleAndHeadAreDropped() {
        let html = "<html><head><title>T</title><style>p{color:red}</style></head><body><script>alert(1)</script><p>Hello</p></body></html>"
        #expect(HTMLText.plainText(fromHTML: html) == "Hello")
    }

    @Test func whitespaceCollapsesLikeABrowser() {
        #expect(HTMLText.plainText(fromHTML: "  <p>  a \n\t b   <b> c </b>  d </p>  ") == "a b c d")
        #expect(HTMLText.plainText(fromHTML: "<pre>  keep\n   this</pre>") == "keep\n   this")
    }

    @Test func tablesAndSectionsBreakLines() {
        #expect(HTMLText.plainText(fromHTML: "<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>") == "a b\nc")
        #expect(HTMLText.plainText(fromHTML: "<section>one</section><article>two</article>") == "one\ntwo")
    }

    @Test func deepInputDoesNotOverflow() {
        let html = String(repeating: "<div>", count: 100_000) + "deep" + String(repeating: "</div>", count: 100_000)
        #expect(HTMLText.plainText(fromHTML: html) == "deep")
    }

    @Test func hugeLeadingWhitespaceIsTrimmedInLinearTime() {
        let html = String(repeating: "&nbsp;", count: 200_000) + "x"
        let clock = ContinuousClock()
        var text = ""
        let elapsed = clock.measure { text = HTMLText.plainText(fromHTML: html) }
        #expect(text == "x")
        #expect(elapsed < .seconds(10), "took \(elapsed)")
    }

    // MARK: escapeAsHTML(plain:)

    @Test func paragraphsAndLineBreaks() {
        #expect(HTMLText.escapeAsHTML(plain: "Hello\nWorld\n\nBye").value == "<p>Hello<br>\nWorld</p>\n<p>Bye</p>")
        #expect(HTMLText.escapeAsHTML(plain: "a\r\nb\r\n\r\n\r\n  \nc\n").value == "<p>a<br>\nb</p>\n<p>c</p>")
        #expect(HTMLText.escapeAsHTML(plain: "").value == "")
    }

    @Test func everythingIsEscaped() {
        #expect(HTMLText.escapeAsHTML(plain: "<script>alert(1)</script> & \"q\"").value
            == "<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; \"q\"</p>")
        #expect(HTMLText.escapeAsHTML(plain: "&amp; stays literal").value == "<p>&amp;amp; stays literal</p>")
    }

    @Test func bareURLsAreLinked() {
        #expect(HTMLText.escapeAsHTML(plain: "See https://example.com/a?b=1&c=2.").value
            == "<p>See <a href=\"https://example.com/a?b=1&amp;c=2\" \(rel)>https://example.com/a?b=1&amp;c=2</a>.</p>")
        #expect(HTMLText.escapeAsHTML(plain: "(http://x.example/wiki/Foo_(bar))").value
            == "<p>(<a href=\"http://x.example/wiki/Foo_(bar)\" \(rel)>http://x.example/wiki/Foo_(bar)</a>)</p>")
        #expect(HTMLText.escapeAsHTML(plain: "HTTPS://X.EXAMPLE").value
            == "<p><a href=\"HTTPS://X.EXAMPLE\" \(rel)>HTTPS://X.EXAMPLE</a></p>")
    }

    @Test func manyTrailingBracketsStayLinear() {
        let plain = "https://x.example/a" + String(repeating: ")", count: 200_000)
        let clock = ContinuousClock()
        var html = ""
        let elapsed = clock.measure { html = HTMLText.escapeAsHTML(plain: plain).value }
        #expect(html.hasPrefix("<p><a href=\"https://x.example/a\" \(rel)>https://x.example/a</a>))"))
        #expect(elapsed < .seconds(10), "took \(elapsed)")
    }

    @Test func nonHTTPAndEmbeddedSchemesAreNotLinked() {
        #expect(HTMLText.escapeAsHTML(plain: "javascript:alert(1) ftp://x nothttps://x http:// https://").value
            == "<p>javascript:alert(1) ftp://x nothttps://x http:// https://</p>")
        #expect(HTMLText.escapeAsHTML(plain: "https://x.example/\"><script>").value
            == "<p><a href=\"https://x.example/\" \(rel)>https://x.example/</a>\"&gt;&lt;script&gt;</p>")
    }

    @Test func outputIsWhatTheSanitizerWouldProduce() {
        for plain in ["a & b < c\n\nhttps://x.example/?q=1&r=2 end", "line1\nline2\n\n\nline3", "<b>not bold</b>", "x\u{0}y\rz"] {
            let html = HTMLText.escapeAsHTML(plain: plain).value
            #expect(sanitizeChecked(html) == html, "\(plain.debugDescription)")
        }
    }

    @Test func roundTripThroughPlainText() {
        let plain = "Hello & welcome\n\nVisit https://example.com/help now"
        #expect(HTMLText.plainText(fromHTML: HTMLText.escapeAsHTML(plain: plain).value) == "Hello & welcome\n\nVisit https://example.com/help now")
    }
}
