import Testing
@testable import Core

/// `SearchSnippet` on its own: folding, prefix and phrase matching, the window, markers.
/// Snippets are shown with [ ] for the markers to keep the expectations readable.
@Suite struct SearchSnippetTests {
    func snippet(_ body: String, _ query: String) -> String {
        let q = SearchQuery(query)!
        return String(SearchSnippet.snippet(of: body, for: q).map { $0 == "\u{E000}" ? "[" : $0 == "\u{E001}" ? "]" : $0 })
    }

    /// "w0 w1 w2 …": `count` distinct filler words, with some positions replaced.
    func words(_ count: Int, _ replaced: [Int: String] = [:]) -> String {
        (0..<count).map { replaced[$0] ?? "w\($0)" }.joined(separator: " ")
    }

    @Test func accentsAndCaseFoldBothWays() {
        #expect(snippet("El CAMIÓN llegó tarde", "camion") == "El [CAMIÓN] llegó tarde")
        #expect(snippet("el camion llego", "CAMIÓN LLEGÓ") == "el [camion] [llego]")
        #expect(snippet("Vive un ÑANDÚ aquí", "nandu") == "Vive un [ÑANDÚ] aquí")
        #expect(snippet("Über alles", "uber") == "[Über] alles")
        #expect(snippet("uber alles", "Über") == "[uber] alles")
        #expect(snippet("Việt Nam", "viet") == "[Việt] Nam", "Latin Extended Additional loses its marks too")
        #expect(snippet("cafe\u{301} solo", "cafe") == "[cafe\u{301}] solo", "a combining accent belongs to its word")
    }

    @Test func prefixWordsAndWholeWordPhrases() {
        #expect(snippet("El camión llegó", "cami") == "El [camión] llegó")
        #expect(snippet("El camión llegó", "\"cami\"") == "El camión llegó", "a quoted word matches whole words only")
        #expect(snippet("La impresora no imprime nada", "\"no imprime\"") == "La impresora [no imprime] nada")
        #expect(snippet("Dice imprime no y luego nada", "\"no imprime\"") == "Dice imprime no y luego nada", "order matters")
        #expect(snippet("no imprime no", "\"no imprime\" no") == "[no imprime] [no]", "overlaps merge, neighbours do not")
        #expect(snippet("Mi factura y la facturación", "fact") == "Mi [factura] y la [facturación]")
    }

    @Test func termsWithPunctuationMatchTheirTokensInARow() {
        #expect(snippet("Escriba a c@example.com hoy", "c@example") == "Escriba a [c@example].com hoy")
        #expect(snippet("Escriba a c example hoy", "c@example") == "Escriba a [c example] hoy", "the @ separates, as in the index")
        #expect(snippet("c@other.example", "c@example") == "c@other.example")
        #expect(snippet("El wi-fi falla, el wifi no", "wi-fi") == "El [wi-fi] falla, el wifi no")
        #expect(snippet("snake_case l'avion", "l'avion snake") == "[snake]_case [l'avion]")
    }

    @Test func theWindowHoldsTheMostDistinctTerms() {
        let apart = snippet(words(60, [2: "alfa", 50: "omega"]), "alfa omega")
        #expect(apart.contains("[alfa]") && !apart.contains("omega"), "one term each: the earliest window wins")
        let together = snippet(words(60, [2: "alfa", 44: "alfa", 50: "omega"]), "alfa omega")
        #expect(together.contains("[alfa]") && together.contains("[omega]"))
        #expect(together.hasPrefix("…") && together.hasSuffix("…"))
        #expect(!together.contains("w3 "), "the window is around the pair, not the first alfa")
        let tokens = together.split(separator: " ").filter { $0 != "…" }
        #expect(tokens.count == SearchSnippet.windowTokens)
    }

    @Test func longTextsAreCutWithEllipsesOnTheCutSides() {
        #expect(snippet(words(40, [1: "alfa"]), "alfa") == "w0 [alfa] " + words(16).split(separator: " ")[2...].joined(separator: " ") + "…")
        let middle = snippet(words(40, [20: "alfa"]), "alfa")
        #expect(middle.hasPrefix("…w") && middle.hasSuffix("…") && middle.contains("[alfa]"))
        let end = snippet(words(40, [39: "alfa"]) + ".", "alfa")
        #expect(end.hasPrefix("…") && end.hasSuffix("[alfa]."), "the text after the last word is kept")
        #expect(snippet("Corto. Texto.", "texto") == "Corto. [Texto].")
    }

    @Test func withoutAMatchTheTextStartsPlain() {
        let text = words(30)
        #expect(snippet(text, "zzz") == words(16) + "…")
        #expect(snippet("Hola, mundo", "zzz") == "Hola, mundo")
        #expect(snippet(String(repeating: "-", count: 500), "zzz") == String(repeating: "-", count: SearchSnippet.plainBytes) + "…")
        #expect(snippet("", "zzz") == "")
    }

    @Test func markersInTheTextAreDropped() {
        let raw = SearchSnippet.snippet(of: "a\u{E000}b \u{E001}factura\u{E000} \u{E001}", for: SearchQuery("factura")!)
        #expect(raw == "ab \u{E000}factura\u{E001} ")
        #expect(SearchSnippet.snippet(of: "\u{E000}\u{E001}x", for: SearchQuery("zzz")!) == "x")
    }

    @Test func otherScriptsFoldCaseAndDoNotBreak() {
        #expect(snippet("ΚΑΛΗΜΕΡΑ σας", "καλημερα") == "[ΚΑΛΗΜΕΡΑ] σας")
        #expect(snippet("καλημερα σας", "ΚΑΛΗΜΕΡΑ") == "[καλημερα] σας")
        #expect(snippet("τέλος", "τελος") == "τέλος", "the index keeps Greek accents")
        #expect(snippet("ΟΔΟΣ", "οδος") == "[ΟΔΟΣ]", "final sigma folds to sigma")
        #expect(snippet("日本語のテスト です", "日本") == "[日本語のテスト] です", "a run of ideographs is one token")
        #expect(snippet("Привет МИР 🎉 ok", "мир") == "Привет [МИР] 🎉 ok")
        #expect(snippet("𝔘𝔫𝔦𝔠𝔬𝔡𝔢 👩‍👩‍👧 \u{1F914}", "zzz").hasPrefix("𝔘𝔫𝔦𝔠𝔬𝔡𝔢"))
    }

    @Test func theTokenizerFoldsLikeTheIndex() {
        func tokens(_ s: String) -> [String] { SearchTokenizer.foldedTokens(of: s).map { String(decoding: $0, as: UTF8.self) } }
        #expect(tokens("Camión ÑANDÚ Über İstanbul ǅemal") == ["camion", "nandu", "uber", "istanbul", "ǆemal"])
        #expect(tokens("a@b.c-d_e'f\u{00A0}g×h") == ["a", "b", "c", "d", "e", "f", "g", "h"])
        #expect(tokens("\u{301}\u{301}ab\u{301} \u{305}x") == ["ab", "x"], "leading dropped marks are skipped, others separate")
        #expect(tokens("µ \u{212B} ς") == ["μ", "a", "σ"], "micro, Angstrom sign, final sigma")
        #expect(tokens("ß æ Ł") == ["ß", "æ", "ł"])
    }
}

/// The page's highlighting: one pass over the bytes, the same HTML as splitting on the markers.
@Suite struct SearchHighlightTests {
    func html(_ snippet: String) -> String {
        var h = HTML()
        SearchPage.highlighted(&h, snippet)
        return String(decoding: h.bytes, as: UTF8.self)
    }

    /// What the page wrote before: split on the markers, alternate plain and marked pieces.
    func bySplitting(_ snippet: String) -> String {
        var h = HTML()
        h.el("p", .cls("snippet-text")) { h in
            var marked = false
            for piece in snippet.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\u{E000}" || $0 == "\u{E001}" }) {
                if marked { h.el("mark", text: String(piece)) } else { h.text(String(piece)) }
                marked.toggle()
            }
        }
        return String(decoding: h.bytes, as: UTF8.self)
    }

    @Test func marksAndEscapes() {
        #expect(html("a <b> \u{E000}x&y\u{E001} z") == "<p class=\"snippet-text\">a &lt;b&gt; <mark>x&amp;y</mark> z</p>")
        #expect(html("\u{E000}á\u{E001}") == "<p class=\"snippet-text\"><mark>á</mark></p>")
    }

    @Test func sameOutputAsSplittingOnTheMarkers() {
        for s in ["", "plain", "\u{E000}", "\u{E001}x", "…a \u{E000}b c\u{E001} d \u{E000}e\u{E001}…", "\u{E000}\u{E001}\u{E000}",
                  "\u{E000}ñ\u{E001}\u{E000}😀\u{E001}", "x\u{EFFF}\u{E002}y", "\u{E001}\u{E001}é\u{E000}"] {
            #expect(html(s) == bySplitting(s), "\(s.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }
}
