import Testing
@testable import Core

/// One test per attack vector. `sanitizeChecked` re-parses every output and verifies it against
/// the allowlist and for idempotence; each test then asserts what must (not) be left.
@Suite("HTMLSanitizer – hostile input")
struct HTMLSanitizerHostileInputTests {
    private let rel = "rel=\"noopener noreferrer nofollow\" target=\"_blank\""

    /// Nothing executable in `output`, by plain string search on the lower-cased output.
    private func expectInert(_ output: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let lowered = output.lowercased()
        #expect(!lowered.contains("<script"), sourceLocation: sourceLocation)
        #expect(!lowered.contains("href=\"javascript"), sourceLocation: sourceLocation)
        #expect(!lowered.contains("src=\"javascript"), sourceLocation: sourceLocation)
        #expect(!lowered.contains("=\"data:"), sourceLocation: sourceLocation)
        #expect(!lowered.contains("=\"vbscript"), sourceLocation: sourceLocation)
        #expect(!lowered.contains(" on"), "attribute starting with 'on' in \(output)", sourceLocation: sourceLocation)
    }

    // MARK: Script elements

    @Test func scriptLowercase() {
        let out = sanitizeChecked("<script>alert(1)</script>ok")
        #expect(out == "ok")
    }

    @Test func scriptUppercase() {
        #expect(sanitizeChecked("<SCRIPT>alert(1)</SCRIPT>ok") == "ok")
    }

    @Test func scriptMixedCase() {
        #expect(sanitizeChecked("<ScRiPt type=\"text/javascript\">alert(1)</sCrIpT>ok") == "ok")
    }

    @Test func scriptSplitAroundNestedScript() {
        let out = sanitizeChecked("<scr<script>ipt>alert(1)</script>")
        expectInert(out)
        #expect(out == "ipt&gt;alert(1)" || out.isEmpty)
    }

    @Test func scriptSplitByNulByte() {
        let out = sanitizeChecked("<scr\u{0}ipt>alert(1)</scr\u{0}ipt>ok")
        #expect(out == "ok")
    }

    @Test func scriptWithSource() {
        #expect(sanitizeChecked("<script src=\"https://evil.example/x.js\"></script>ok") == "ok")
    }

    @Test func scriptUnclosedSwallowsRest() {
        #expect(sanitizeChecked("before<script>alert(1)<p>after") == "before")
    }

    @Test func scriptEndTagWithSpaceAndAttributes() {
        #expect(sanitizeChecked("<script>a</script foo=\"bar\" >ok") == "ok")
    }

    @Test func scriptInsideAllowedElement() {
        #expect(sanitizeChecked("<p>x<script>alert(1)</script>z</p>") == "<p>xz</p>")
    }

    @Test func scriptContainingFakeEndTagInString() {
        let out = sanitizeChecked("<script>var s = '</scr' + 'ipt>'; alert(1)</script>ok")
        expectInert(out)
    }

    @Test func scriptInsideCommentInsideScript() {
        let out = sanitizeChecked("<script><!--<script></script>alert(1)</script>")
        expectInert(out)
    }

    // MARK: Event handlers

    @Test func imgOnerrorUnquoted() {
        #expect(sanitizeChecked("<img src=x onerror=alert(1)>") == "<img>")
    }

    @Test func imgOnerrorQuoted() {
        #expect(sanitizeChecked("<img src=\"/a.png\" onerror=\"alert(1)\">") == "<img src=\"/a.png\">")
    }

    @Test func imgOnerrorSingleQuoted() {
        #expect(sanitizeChecked("<img src='/a.png' onerror='alert(1)'>") == "<img src=\"/a.png\">")
    }

    @Test func imgWithSlashesInsteadOfSpaces() {
        let out = sanitizeChecked("<img/src=x/onerror=alert(1)>")
        expectInert(out)
        #expect(out == "<img>")
    }

    @Test func imgSlashBetweenQuotedAttributes() {
        #expect(sanitizeChecked("<img src=\"/a.png\"/onerror=\"alert(1)\">") == "<img src=\"/a.png\">")
    }

    @Test func bodyOnload() {
        #expect(sanitizeChecked("<body onload=alert(1)>hi</body>") == "hi")
    }

    @Test func divOnmouseover() {
        #expect(sanitizeChecked("<div onmouseover=\"alert(1)\">x</div>") == "<div>x</div>")
    }

    @Test func uppercaseOnclick() {
        #expect(sanitizeChecked("<a href=\"/x\" ONCLICK='alert(1)'>x</a>") == "<a href=\"/x\" \(rel)>x</a>")
    }

    @Test func handlerAfterNewlineAndSpacesAroundEquals() {
        #expect(sanitizeChecked("<b\nonclick\n=\n\"alert(1)\">x</b>") == "<b>x</b>")
    }

    @Test func handlerOnUnknownElement() {
        #expect(sanitizeChecked("<x onclick=alert(1)>y</x>") == "y")
    }

    @Test func handlersOnMediaElements() {
        let out = sanitizeChecked("<video><source onerror=\"alert(1)\"></video><audio src=x onerror=alert(1)>a</audio>")
        expectInert(out)
        #expect(out == "a")
    }

    @Test func detailsOntoggleAndMarqueeOnstart() {
        let out = sanitizeChecked("<details open ontoggle=alert(1)>d</details><marquee onstart=alert(1)>m</marquee>")
        #expect(out == "dm")
    }

    @Test func inputAutofocusOnfocus() {
        #expect(sanitizeChecked("<input onfocus=alert(1) autofocus>ok") == "ok")
    }

    // MARK: javascript: URLs

    @Test func javascriptHref() {
        #expect(sanitizeChecked("<a href=\"javascript:alert(1)\">x</a>") == "<a \(rel)>x</a>")
    }

    @Test func javascriptHrefDecimalEntities() {
        let out = sanitizeChecked("<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)\">x</a>")
        #expect(out == "<a \(rel)>x</a>")
    }

    @Test func javascriptHrefHexEntitiesWithoutSemicolons() {
        let out = sanitizeChecked("<a href=\"&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A;alert(1)\">x</a>")
        #expect(out == "<a \(rel)>x</a>")
    }

    @Test func javascriptHrefZeroPaddedEntities() {
        let out = sanitizeChecked("<a href=\"&#0000106&#0000097vascript:alert(1)\">x</a>")
        #expect(out == "<a \(rel)>x</a>")
    }

    @Test func javascriptHrefEncodedTab() {
        #expect(sanitizeChecked("<a href=\"jav&#x09;ascript:alert(1)\">x</a>") == "<a \(rel)>x</a>")
    }

    @Test func javascriptHrefRawTab() {
        #expect(sanitizeChecked("<a href=\"jav\tascript:alert(1)\">x</a>") == "<a \(rel)>x</a>")
    }

    @Test func javascriptHrefEncodedNewline() {
        #expect(sanitizeChecked("<a href=\"jav&#x0A;ascript:alert(1)\">x</a>") == "<a \(rel)>x</a>")
    }

    @Test func javascriptHrefRawNewlineAndCR() {
        #expect(sanitizeChecked("<a href=\"java\r\nscript:alert(1)\">x</a>") == "<a \(rel)>x</a>")
    }

    @Test func javascriptHrefNamedTabAndColon() {
        #expect(sanitizeChecked("<a href=\"java&Tab;script&colon;alert(1)\">x</a>") == "<a \(rel)>x</a>")
    }

    @Test func javascriptHrefNulByte() {
        #expect(sanitizeChecked("<a href=\"java\u{0}script:alert(1)\">x</a>") == "<a \(rel)>x</a>")
    }

    @Test func javascriptHrefEncodedNul() {
        let out = sanitizeChecked("<a href=\"java&#0;script:alert(1)\">x</a>")
        #expect(out == "<a \(rel)>x</a>")
    }

    @Test func javascriptHrefMixedCaseLeadingSpace() {
        #expect(sanitizeChecked("<a href=\" JaVaScRiPt:alert(1)\">x</a>") == "<a \(rel)>x</a>")
    }

    @Test func javascriptHrefLeadingControlCharacters() {
        #expect(sanitizeChecked("<a href=\"\u{1}\u{7f}&#14;javascript:alert(1)\">x</a>") == "<a \(rel)>x</a>")
    }

    @Test func javascriptHrefUnquoted() {
        #expect(sanitizeChecked("<a href=javascript:alert(1)>x</a>") == "<a \(rel)>x</a>")
    }

    @Test func javascriptSrc() {
        #expect(sanitizeChecked("<img src=\"javascript:alert(1)\">") == "<img>")
    }

    @Test func javascriptSrcWithEncodedCarriageReturn() {
        #expect(sanitizeChecked("<IMG SRC=\"jav&#x0D;ascript:alert('XSS');\">") == "<img>")
    }

    @Test func javascriptSrcUppercaseGraveAccent() {
        #expect(sanitizeChecked("<IMG SRC=`javascript:alert(\"XSS\")`>") == "<img>")
    }

    @Test func duplicateHrefFirstWins() {
        #expect(sanitizeChecked("<a href=\"javascript:alert(1)\" href=\"https://ok.example/\">x</a>") == "<a \(rel)>x</a>")
        #expect(sanitizeChecked("<a href=\"https://ok.example/\" href=\"javascript:alert(1)\">x</a>")
            == "<a href=\"https://ok.example/\" \(rel)>x</a>")
    }

    // MARK: Other schemes

    @Test func dataTextHTMLHref() {
        let out = sanitizeChecked("<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>")
        #expect(out == "<a \(rel)>x</a>")
    }

    @Test func dataImageSrc() {
        #expect(sanitizeChecked("<img src=\"data:image/svg+xml,<svg onload=alert(1)>\">") == "<img>")
    }

    @Test func vbscriptHref() {
        #expect(sanitizeChecked("<a href=\"vbscript:msgbox(1)\">x</a>") == "<a \(rel)>x</a>")
    }

    @Test func fileHref() {
        #expect(sanitizeChecked("<a href=\"file:///etc/passwd\">x</a>") == "<a \(rel)>x</a>")
    }

    @Test func protocolRelativeHref() {
        #expect(sanitizeChecked("<a href=\"//evil.com\">x</a>") == "<a \(rel)>x</a>")
    }

    @Test func protocolRelativeHrefDisguised() {
        for href in ["/\\evil.com", "\\\\evil.com", " //evil.com", "/&#x09;/evil.com", "/\n/evil.com"] {
            #expect(sanitizeChecked("<a href=\"\(href)\">x</a>") == "<a \(rel)>x</a>", "\(href)")
        }
    }

    @Test func protocolRelativeImageSource() {
        #expect(sanitizeChecked("<img src=\"//evil.com/track.gif\">") == "<img>")
    }

    // MARK: Dangerous elements

    @Test func svgOnload() {
        #expect(sanitizeChecked("<svg onload=alert(1)><circle r=1 /></svg>ok") == "ok")
    }

    @Test func svgSelfClosingWithSlashAttribute() {
        let out = sanitizeChecked("<svg/onload=alert(1)>x</svg>ok")
        #expect(out == "ok")
    }

    @Test func svgScriptAndStyleBreakout() {
        let out = sanitizeChecked("<svg><style><img src=x onerror=alert(1)></style></svg><p>ok</p>")
        expectInert(out)
        #expect(out == "<p>ok</p>")
    }

    @Test func mathMutationVector() {
        let out = sanitizeChecked("<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>ok")
        expectInert(out)
        #expect(out == "ok")
    }

    @Test func iframeSrcdoc() {
        #expect(sanitizeChecked("<iframe srcdoc=\"&lt;script&gt;alert(1)&lt;/script&gt;\"></iframe>ok") == "ok")
    }

    @Test func iframeJavascriptSource() {
        #expect(sanitizeChecked("<IFRAME SRC=\"javascript:alert(1);\"><p>fallback</p></IFRAME>ok") == "ok")
    }

    @Test func objectAndEmbed() {
        let out = sanitizeChecked("<object data=\"javascript:alert(1)\"><param name=x value=y>fallback</object><embed src=\"javascript:alert(1)\">ok")
        #expect(out == "ok")
    }

    @Test func appletAndFrameset() {
        #expect(sanitizeChecked("<applet code=x>a</applet><frameset onload=alert(1)><frame src=x></frameset>ok") == "ok")
    }

    @Test func styleAttributeExpression() {
        #expect(sanitizeChecked("<div style=\"width: expression(alert(1))\">x</div>") == "<div>x</div>")
    }

    @Test func styleAttributeJavascriptURL() {
        #expect(sanitizeChecked("<p style=\"background:url(javascript:alert(1))\">x</p>") == "<p>x</p>")
    }

    @Test func classAndIdDropped() {
        #expect(sanitizeChecked("<span class=\"x\" id=\"y\" data-x=\"1\">t</span>") == "<span>t</span>")
    }

    @Test func styleElement() {
        #expect(sanitizeChecked("<style>body{background:url(javascript:alert(1))}</style>ok") == "ok")
    }

    @Test func metaRefresh() {
        #expect(sanitizeChecked("<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">ok") == "ok")
    }

    @Test func baseHref() {
        #expect(sanitizeChecked("<base href=\"javascript:alert(1)//\">ok") == "ok")
    }

    @Test func linkStylesheet() {
        #expect(sanitizeChecked("<link rel=stylesheet href=\"javascript:alert(1)\">ok") == "ok")
    }

    @Test func formWithButtonFormaction() {
        let out = sanitizeChecked("<form action=\"javascript:alert(1)\"><button formaction=\"javascript:alert(1)\">x</button></form>ok")
        #expect(out == "ok")
    }

    @Test func buttonFormactionWithoutForm() {
        #expect(sanitizeChecked("<button formaction=javascript:alert(1)>x</button>ok") == "ok")
    }

    @Test func unclosedFormEndsWithItsContainer() {
        #expect(sanitizeChecked("<div><form><input name=a>secret</div>after") == "<div></div>after")
    }

    @Test func templateContent() {
        #expect(sanitizeChecked("<template><img src=x onerror=alert(1)></template>ok") == "ok")
    }

    @Test func noscriptAttributeBreakout() {
        let out = sanitizeChecked("<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">")
        expectInert(out)
    }

    @Test func isindexAndImageElements() {
        let out = sanitizeChecked("<isindex action=javascript:alert(1) type=image><image src=x onerror=alert(1)>ok")
        #expect(out == "ok")
    }

    // MARK: Comments, CDATA, declarations

    @Test func commentHidingImage() {
        #expect(sanitizeChecked("<!--<img src=x onerror=1>-->ok") == "ok")
    }

    @Test func conditionalComment() {
        #expect(sanitizeChecked("<!--[if IE]><script>alert(1)</script><![endif]-->ok") == "ok")
    }

    @Test func commentClosedWithBang() {
        let out = sanitizeChecked("<!-- x --!><img src=x onerror=alert(1)>")
        #expect(out == "<img>")
    }

    @Test func unterminatedComment() {
        #expect(sanitizeChecked("ok<!--<script>alert(1)</script>") == "ok")
    }

    @Test func cdataSection() {
        #expect(sanitizeChecked("<![CDATA[<script>alert(1)</script>]]>ok") == "ok")
    }

    @Test func processingInstructionAndDoctype() {
        #expect(sanitizeChecked("<!DOCTYPE html><?xml version=\"1.0\"?><?php echo 1 ?>ok") == "ok")
    }

    // MARK: Attribute syntax abuse

    @Test func unclosedAttributeValue() {
        #expect(sanitizeChecked("<a href=\"javascript:alert(1)>click</a> tail") == "")
    }

    @Test func attributeValueBreakingOut() {
        let out = sanitizeChecked("<a title=\"\"><script>alert(1)</script>\">x</a>")
        expectInert(out)
        #expect(out == "<a title=\"\" \(rel)>\"&gt;x</a>")
    }

    @Test func encodedQuoteInsideAttribute() {
        let out = sanitizeChecked("<img alt=\"x&quot;><script>alert(1)</script>\" src=\"/a.png\">")
        #expect(out == "<img alt=\"x&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\" src=\"/a.png\">")
    }

    @Test func nestedQuotes() {
        let out = sanitizeChecked("<img alt='a\"b' title=\"c'd\" src=\"/x.png\">")
        #expect(out == "<img alt=\"a&quot;b\" title=\"c&#39;d\" src=\"/x.png\">")
    }

    @Test func lessThanInsideAttributeValue() {
        let out = sanitizeChecked("<a title=\"<script>alert(1)</script>\" href=\"/x\">y</a>")
        #expect(out == "<a title=\"&lt;script&gt;alert(1)&lt;/script&gt;\" href=\"/x\" \(rel)>y</a>")
    }

    @Test func unterminatedTagsAtEnd() {
        #expect(sanitizeChecked("ok<img src=x onerror=alert(1)") == "ok")
        #expect(sanitizeChecked("ok<a href=\"/x\"") == "ok")
        #expect(sanitizeChecked("ok<") == "ok&lt;")
        #expect(sanitizeChecked("ok</") == "ok&lt;/")
        #expect(sanitizeChecked("ok</b") == "ok")
    }

    @Test func danglingMarkupImage() {
        #expect(sanitizeChecked("ok<img src='https://evil.example/?secret=") == "ok")
    }

    @Test func lessThanNotStartingTag() {
        #expect(sanitizeChecked("a < b <3 <=> <.x>") == "a &lt; b &lt;3 &lt;=&gt; &lt;.x&gt;")
    }

    // MARK: Raw-text elements

    @Test func textareaClosingThenScript() {
        #expect(sanitizeChecked("<textarea></textarea><script>alert(1)</script>ok") == "ok")
    }

    @Test func textareaContainingEndTagAndScript() {
        #expect(sanitizeChecked("<textarea>x</textarea><script>alert(1)</script></textarea>ok") == "ok")
    }

    @Test func titleContainingScript() {
        #expect(sanitizeChecked("<title><script>alert(1)</script></title>ok") == "ok")
    }

    @Test func xmpContentBecomesEscapedText() {
        #expect(sanitizeChecked("<xmp><script>alert(1)</script></xmp>") == "&lt;script&gt;alert(1)&lt;/script&gt;")
    }

    @Test func plaintextRunsToEnd() {
        #expect(sanitizeChecked("<plaintext><b>x</b></plaintext>") == "&lt;b&gt;x&lt;/b&gt;&lt;/plaintext&gt;")
    }

    // MARK: Size, nesting, encoding

    @Test func deeplyNested10000Levels() {
        let input = String(repeating: "<div>", count: 10_000) + "x" + String(repeating: "</div>", count: 10_000)
        let out = sanitizeChecked(input)
        #expect(out == String(repeating: "<div>", count: 64) + "x" + String(repeating: "</div>", count: 64))
    }

    @Test func deeplyNestedMixedUnclosed() {
        let input = String(repeating: "<b><i><span><blockquote>", count: 2_500) + "x"
        let out = sanitizeChecked(input)
        #expect(out.contains("x"))
    }

    @Test func veryLongInput() {
        let chunk = "<p>Hello <b>world</b> &amp; <a href=\"https://example.com/\" onclick=x>link</a><script>bad()</script></p>"
        let input = String(repeating: chunk, count: 10_000)
        let out = sanitizeChecked(input)
        #expect(!out.contains("bad()"))
        #expect(out.utf8.count > 1_000_000)
    }

    @Test func veryLongAttributeAndText() {
        let input = "<a title=\"" + String(repeating: "x", count: 1_000_000) + "\">" + String(repeating: "y", count: 1_000_000)
        let out = sanitizeChecked(input)
        #expect(out.utf8.count > 2_000_000)
    }

    @Test func invalidUTF8() {
        let bytes: [UInt8] = Array("<b>".utf8) + [0xFF, 0xFE, 0xC0, 0x80, 0xE2, 0x82] + Array("</b><img src=x onerror=alert(1)>".utf8)
        let out = sanitizeChecked(String(decoding: bytes, as: UTF8.self))
        #expect(out.hasPrefix("<b>\u{FFFD}"))
        #expect(out.hasSuffix("</b><img>"))
    }

    @Test func nulBytes() {
        #expect(sanitizeChecked("a\u{0}b<img src=\"/a.png\"\u{0} o\u{0}nerror=alert(1)>") == "ab<img src=\"/a.png\">")
    }

    @Test func uppercaseTagNames() {
        #expect(sanitizeChecked("<P><B>x</B><A HREF=\"/y\">z</A></P>") == "<p><b>x</b><a href=\"/y\" \(rel)>z</a></p>")
    }

    @Test func entityBombsAndBadNumericReferences() {
        let out = sanitizeChecked("&#99999999999999999;&#xD800;&#0;&#x110000;&#1;")
        #expect(out == String(repeating: "\u{FFFD}", count: 5))
    }
}
