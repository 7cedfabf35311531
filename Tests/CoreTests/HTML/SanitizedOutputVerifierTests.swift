import Testing
@testable import Core

/// The re-parse-and-verify checker must itself reject bad markup, or every other test is empty.
@Suite("Output verifier self-test")
struct SanitizedOutputVerifierTests {
    @Test(arguments: [
        "<script>alert(1)</script>",
        "<img src=\"x\" onerror=\"alert(1)\">",
        "<a href=\"javascript:alert(1)\" rel=\"noopener noreferrer nofollow\" target=\"_blank\">x</a>",
        "<a href=\" JaVa&#x09;script:alert(1)\" rel=\"noopener noreferrer nofollow\" target=\"_blank\">x</a>",
        "<a href=\"//evil.com\" rel=\"noopener noreferrer nofollow\" target=\"_blank\">x</a>",
        "<a href=\"/x\">no rel</a>",
        "<img src=\"data:image/png;base64,AA\">",
        "<b><i>x</b></i>",
        "<div>unclosed",
        "</p>",
        "<br></br>",
        "<p style=\"x\">y</p>",
        "a < b",
        "a & b",
        "<!-- c -->",
        "<svg></svg>",
        "<img width=\"12345\">",
    ])
    func rejectsBadMarkup(_ html: String) {
        #expect(!SanitizedOutputVerifier.problems(in: html).isEmpty)
    }

    @Test func acceptsGoodMarkup() {
        let good = "<p dir=\"rtl\">a &amp; b<br><a href=\"https://x.example/\" rel=\"noopener noreferrer nofollow\" target=\"_blank\">l</a><img src=\"cid:x\" alt=\"&quot;\"></p>"
        #expect(SanitizedOutputVerifier.problems(in: good).isEmpty)
    }
}
