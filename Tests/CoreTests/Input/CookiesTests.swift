import Testing

@testable import Core

@Suite struct CookiesTests {
    @Test func parsesPairsAndTrimsWhitespace() {
        let cookies = Cookies.parse("  sid = abc ;theme=dark;\tlang=de  ".utf8)
        #expect(cookies == ["sid": "abc", "theme": "dark", "lang": "de"])
    }

    @Test func unquotesValues() {
        #expect(Cookies.parse(#"a="quoted"; b=""; c="half"#.utf8) == ["a": "quoted", "b": "", "c": "\"half"])
    }

    @Test func firstOccurrenceWins() {
        #expect(Cookies.parse("sid=first; sid=second".utf8) == ["sid": "first"])
    }

    @Test func skipsMalformedPairs() {
        let header: [UInt8] = Array("novalue; =anon; ;; bad name=1; ok=1; ctl=a".utf8) + [0x01] + Array("b; x=y".utf8)
        #expect(Cookies.parse(header) == ["ok": "1", "x": "y"])
    }

    @Test func emptyHeaderGivesNoCookies() {
        #expect(Cookies.parse("".utf8).isEmpty)
    }
}

@Suite struct SetCookieTests {
    @Test func printsDefaults() throws {
        let cookie = try #require(SetCookie(name: "sid", value: "abc123"))
        #expect(cookie.headerValue == "sid=abc123; Path=/; HttpOnly; SameSite=Lax")
    }

    @Test func printsAllAttributes() throws {
        let cookie = try #require(
            SetCookie(
                name: "sid", value: "x", path: "/app", maxAge: 3600, httpOnly: false, sameSite: .strict, secure: true
            )
        )
        #expect(cookie.headerValue == "sid=x; Path=/app; Max-Age=3600; SameSite=Strict; Secure")
    }

    @Test func allowsEmptyValueForDeletion() throws {
        let cookie = try #require(SetCookie(name: "sid", value: "", maxAge: 0))
        #expect(cookie.headerValue == "sid=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax")
    }

    @Test(arguments: ["", "a b", "a;b", "a,b", "a\"b", "a=b", "a\u{7}b", "ü"])
    func rejectsBadNames(name: String) {
        #expect(SetCookie(name: name, value: "v") == nil)
    }

    @Test(arguments: ["a b", "a;b", "a,b", "a\"b", "a\\b", "\u{0}", "\u{7F}", "é"])
    func rejectsBadValues(value: String) {
        #expect(SetCookie(name: "n", value: value) == nil)
    }

    @Test func rejectsBadPathAndNegativeMaxAge() {
        #expect(SetCookie(name: "n", value: "v", path: "") == nil)
        #expect(SetCookie(name: "n", value: "v", path: "/a;b") == nil)
        #expect(SetCookie(name: "n", value: "v", path: "/a\nb") == nil)
        #expect(SetCookie(name: "n", value: "v", maxAge: -1) == nil)
    }
}
