import Testing

@testable import Core

@Suite struct AcceptLanguageTests {
    private func tags(_ header: String) -> [String] {
        AcceptLanguage.parse(header.utf8).map(\.tag)
    }

    @Test func sortsByQualityDescending() {
        let parsed = AcceptLanguage.parse("en;q=0.7, da, EN-GB;q=0.8".utf8)
        #expect(parsed.map(\.tag) == ["da", "en-gb", "en"])
        #expect(parsed.map(\.q) == [1.0, 0.8, 0.7])
    }

    @Test func keepsHeaderOrderForEqualQuality() {
        #expect(tags("fr;q=0.5, de;q=0.5, it, nl;q=0.500, pt") == ["it", "pt", "fr", "de", "nl"])
    }

    @Test func dropsMalformedItemsAndZeroQuality() {
        let header = "en;q=abc, 12345, fr;q=2, de;q=0, es-MX;Q=0.9, ;q=0.3, "
            + "toolongtag, x-;q=1, it;q=1.001, pt;q=0.1234, ,"
        #expect(tags(header) == ["es-mx"])
    }

    @Test func acceptsWildcardAndBoundaryQValues() {
        let parsed = AcceptLanguage.parse("*;q=0.001, sv;q=1.000, no;q=1.".utf8)
        #expect(parsed.map(\.tag) == ["sv", "no", "*"])
        #expect(parsed.map(\.q) == [1.0, 1.0, 0.001])
    }

    @Test func bestPrefersFullTagThenPrimarySubtag() {
        #expect(AcceptLanguage.best(header: "es-MX, es;q=0.9, en;q=0.8".utf8, supported: ["en", "es"]) == "es")
        #expect(AcceptLanguage.best(header: "es-MX, es;q=0.9".utf8, supported: ["es", "es-MX"]) == "es-MX")
        #expect(AcceptLanguage.best(header: "es".utf8, supported: ["en-US", "es-ES"]) == "es-ES")
    }

    @Test func bestFollowsPreferenceOrderBeforeMatchQuality() {
        #expect(AcceptLanguage.best(header: "de-AT, en;q=0.9".utf8, supported: ["en", "de"]) == "de")
    }

    @Test func bestIsCaseInsensitiveAndReturnsSupportedSpelling() {
        #expect(AcceptLanguage.best(header: "EN-us".utf8, supported: ["de", "en-US"]) == "en-US")
    }

    @Test func bestReturnsNilWithoutMatch() {
        #expect(AcceptLanguage.best(header: "fr, *;q=0.5".utf8, supported: ["en", "de"]) == nil)
        #expect(AcceptLanguage.best(header: "".utf8, supported: ["en"]) == nil)
    }
}
