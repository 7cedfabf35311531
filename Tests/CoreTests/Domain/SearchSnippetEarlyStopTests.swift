import Testing
@testable import Core

/// `SearchSnippet` stops tokenizing once its window is settled; these texts check that the
/// early stop changes nothing: every snippet equals the one made after tokenizing the whole
/// text (same window, marks and ellipses), for matches near the start, a second match that
/// moves the window's centre, phrases crossing the window's edge, accents and terms found
/// only far apart.
@Suite struct SearchSnippetEarlyStopTests {
    static let vocabulary = ["factura", "facturación", "FACTURA", "envío", "camión", "el", "de", "la", "no", "imprime",
                             "cierre", "mes", "¿Podría", "revisarlo?", "señor", "a@b.com", "wi-fi", "—", "…", "1234", "ÑANDÚ",
                             "cafe\u{301}", "Über", "x"]
    static let queries = ["factura", "fact", "FACTURA envío", "\"no imprime\"", "camion \"cierre de mes\"", "envio la",
                          "nandu", "x", "\"la factura\" mes", "señor factura camión", "zzz", "uber cafe"]

    func text(_ words: Int, using rng: inout SplitMix64) -> String {
        // Mostly filler, so that matches fall at every distance from each other and the ends.
        var out: [String] = []
        for _ in 0..<words {
            let filler = "w" + String(Int.random(in: 0..<50, using: &rng))
            out.append(Int.random(in: 0..<4, using: &rng) == 0 ? Self.vocabulary.randomElement(using: &rng)! : filler)
        }
        return out.joined(separator: Bool.random(using: &rng) ? " " : ", ")
    }

    @Test func earlyStopGivesTheSnippetOfTheWholeText() {
        var rng = SplitMix64(state: 0x5_41C_E7)
        var compared = 0, marked = 0
        for query in Self.queries {
            let q = SearchQuery(query)!
            let early = SearchSnippet(q), whole = SearchSnippet(q, scansWholeText: true)
            for _ in 0..<300 {
                let body = text(Int.random(in: 0..<160, using: &rng), using: &rng)
                let a = early.snippet(of: body), b = whole.snippet(of: body)
                #expect(a == b, "query \(query), text \(body)")
                compared += 1
                if a.contains(SearchSnippet.markStart) { marked += 1 }
            }
        }
        #expect(compared == Self.queries.count * 300)
        #expect(marked > compared / 3, "most texts hold a match, so the early stop is exercised")
    }

    /// Long texts whose words are glued by non-ASCII separators too (a dash, an inverted
    /// question mark, a no-break space, a combining mark that separates), with matches far
    /// from the start: the early stop still agrees with the whole text.
    @Test func longTextsGluedByAnySeparatorGiveTheSnippetOfTheWholeText() {
        var rng = SplitMix64(state: 0x7E57_A87)
        let glue = [" ", ", ", "—", " ¿", "\u{A0}", "\u{20DD}", " \u{301}", "…", ". "]
        var compared = 0, marked = 0
        for query in Self.queries + ["w7", "cafe", "señ"] {
            let q = SearchQuery(query)!
            let early = SearchSnippet(q), whole = SearchSnippet(q, scansWholeText: true)
            for _ in 0..<150 {
                var body = ""
                for k in 0..<Int.random(in: 0..<400, using: &rng) {
                    if k > 0 { body += glue.randomElement(using: &rng)! }
                    body += Int.random(in: 0..<12, using: &rng) == 0 ? Self.vocabulary.randomElement(using: &rng)!
                        : "w" + String(Int.random(in: 0..<50, using: &rng))
                }
                let a = early.snippet(of: body), b = whole.snippet(of: body)
                #expect(a == b, "query \(query), text \(body)")
                compared += 1
                if a.contains(SearchSnippet.markStart) { marked += 1 }
            }
        }
        #expect(marked > compared / 3)
    }

    @Test func aSecondMatchInsideTheWindowStillCentresIt() {
        // The first match alone would centre the window on token 60 (w53…w68); with the one
        // 12 tokens later the span is 13 tokens and the window is w59…w74. Both ways agree.
        var words: [String] = (0..<200).map { "w" + String($0) }
        words[60] = "factura"
        words[72] = "factura"
        let body = words.joined(separator: " ")
        let q = SearchQuery("factura")!
        let snippet = SearchSnippet(q).snippet(of: body)
        #expect(snippet == SearchSnippet(q, scansWholeText: true).snippet(of: body))
        #expect(snippet.hasPrefix("…w59 " + SearchSnippet.markStart + "factura"))
        #expect(snippet.hasSuffix("w74…"))
    }
}
