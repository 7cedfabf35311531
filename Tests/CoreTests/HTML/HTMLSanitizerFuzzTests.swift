import Testing
@testable import Core

/// Fixed-seed mutation fuzzing: 5,000 inputs built by splicing and mutating known attack vectors;
/// every output must pass the re-parse-and-verify check and be stable under re-sanitizing.
@Suite("HTMLSanitizer – fuzz")
struct HTMLSanitizerFuzzTests {

    static let vectors: [String] = [
        "<script>alert(1)</script>", "<scr<script>ipt>alert(1)</script>", "<img src=x onerror=alert(1)>",
        "<img/src=x/onerror=alert(1)>", "<body onload=alert(1)>", "<a href=\"javascript:alert(1)\">x</a>",
        "<a href=\"jav&#x09;ascript:alert(1)\">x</a>", "<a href=\" JaVaScRiPt:alert(1)\">x</a>",
        "<a href=\"data:text/html;base64,PHNjcmlwdD4=\">x</a>", "<a href=\"vbscript:x\">x</a>",
        "<svg onload=alert(1)>", "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        "<iframe srcdoc=\"&lt;script&gt;\"></iframe>", "<object data=x></object><embed src=x>",
        "<div style=\"width:expression(alert(1))\">", "<style>*{}</style>", "<meta http-equiv=refresh content=0>",
        "<base href=//evil>", "<form><button formaction=javascript:alert(1)>", "<a href=\"//evil.com\">",
        "<!--<img src=x onerror=1>-->", "<![CDATA[<script>]]>", "<a href=\"x", "\"><script>alert(1)</script>",
        "<img alt='a\"b' title=\"c'd\">", "<a title=\"<script>\">", "<textarea></textarea><script>",
        "<b><i>x</b>y</i>", "<p>a<p>b<li>c<td>d", "<table><tr><td>x</table>", "&lt;&#x3c;&eacute;&#0;",
        "<ul><li>a<ol start=3><li>b</ul>", "<font color=red><center>c</center></font>",
        "<a href=\"https://ok.example/?a=1&copy=2\">ok</a>", "<img src=\"cid:x@y\" width=10 height=20>",
        "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">", "<xmp><b></xmp>", "<head><title>t",
    ]

    static let fragments: [String] = [
        "<", ">", "\"", "'", "=", "/", "&", "&#", "&#x", ";", "\u{0}", "\t", "\n", "\r", " ", "`",
        "javascript:", "<script>", "</script>", "</", "<!--", "-->", "on", "error", "<a href=", "<img src=",
        "jav&#x09;ascript:", "\u{FFFD}", "é", "<svg>", "</textarea>", "<p>", "</b>", "<li>", "<table>",
        "<![CDATA[", "]]>", "&amp;", "&quot;", "data:", "//", "\\", "<style>", "</style>", "<plaintext>",
    ]

    static func mutate(_ rng: inout SplitMix64) -> [UInt8] {
        var bytes: [UInt8] = []
        for _ in 0...rng.below(3) { bytes += Array(vectors[rng.below(vectors.count)].utf8) }
        for _ in 0...rng.below(6) {
            switch rng.below(7) {
            case 0: // insert a fragment
                let at = rng.below(bytes.count + 1)
                bytes.insert(contentsOf: Array(fragments[rng.below(fragments.count)].utf8), at: at)
            case 1: // delete a range
                guard !bytes.isEmpty else { continue }
                let a = rng.below(bytes.count)
                bytes.removeSubrange(a..<min(bytes.count, a + 1 + rng.below(8)))
            case 2: // duplicate a range
                guard !bytes.isEmpty else { continue }
                let a = rng.below(bytes.count)
                let slice = bytes[a..<min(bytes.count, a + 1 + rng.below(16))]
                bytes.insert(contentsOf: Array(slice), at: rng.below(bytes.count + 1))
            case 3: // flip case of a range
                guard !bytes.isEmpty else { continue }
                let a = rng.below(bytes.count)
                for i in a..<min(bytes.count, a + 12) where (bytes[i] | 0x20) >= 97 && (bytes[i] | 0x20) <= 122 {
                    bytes[i] ^= 0x20
                }
            case 4: // random byte, including invalid UTF-8
                bytes.insert(UInt8(truncatingIfNeeded: rng.next()), at: rng.below(bytes.count + 1))
            case 5: // truncate
                if !bytes.isEmpty { bytes.removeLast(rng.below(min(bytes.count, 10)) + 1) }
            default: // nest the whole thing
                bytes = Array("<div><b>".utf8) + bytes + Array("</i></div>".utf8)
            }
        }
        return bytes
    }

    @Test func fiveThousandMutatedVectors() {
        var rng = SplitMix64(state: 0x7A9_0111A)
        var failures: [String] = []
        for _ in 0..<5_000 {
            let input = String(decoding: Self.mutate(&rng), as: UTF8.self)
            let output = HTMLSanitizer.sanitize(input).value
            let problems = SanitizedOutputVerifier.problems(in: output)
            if !problems.isEmpty { failures.append("\(problems) for \(input.debugDescription) → \(output)") }
            if HTMLSanitizer.sanitize(output).value != output { failures.append("unstable for \(input.debugDescription)") }
            if failures.count >= 5 { break }
        }
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test func fuzzedBytesThroughTokenizerTerminate() {
        var rng = SplitMix64(state: 42)
        for _ in 0..<1_000 {
            let bytes = Self.mutate(&rng)
            let count = Array(HTMLTokenizer(bytes: bytes)).count
            #expect(count <= bytes.count + 1)
        }
    }
}
