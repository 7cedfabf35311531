import Testing
@testable import Core

@Suite struct JSONTests {
    @Test func parsesNestedValuesAndEscapes() throws {
        let v = try JSON.parse(Array(#"{"a":[1,-2.5e2,true,null],"s":"caf\u00e9 \ud83d\ude00 \"q\"\n"}"#.utf8))
        #expect(v["a"] == .array([.number(1), .number(-250), .bool(true), .null]))
        #expect(v["s"]?.string == "café 😀 \"q\"\n")
    }

    @Test(arguments: ["", "{", "[1,]", "{\"a\" 1}", "\"unterminated", "tru", "[1] 2", "\"\u{1}\"", "{\"a\":\"\\x\"}"])
    func rejectsMalformedInput(_ text: String) {
        #expect(throws: JSON.ParseError.self) { try JSON.parse(Array(text.utf8)) }
    }

    /// Found by FuzzJSON: the number scanner took any run of digits, `.`, `e`, `+` and `-` that
    /// Swift's Double() would read, so these non-JSON numbers were accepted.
    @Test(arguments: ["+1", "01", "-01", "00", ".5", "-.5", "1.", "1.e5", "1e", "1e+", "-", "[1.]", "{\"a\":+0}"])
    func rejectsNumbersOutsideTheGrammar(_ text: String) {
        #expect(throws: JSON.ParseError.self) { try JSON.parse(Array(text.utf8)) }
    }

    @Test func readsEveryNumberForm() throws {
        let v = try JSON.parse(Array("[0,-0,0.5,-0.5e-3,10,1E+2,2e0,1e999,-1e999]".utf8))
        #expect(v == .array([.number(0), .number(-0.0), .number(0.5), .number(-0.0005), .number(10), .number(100),
                             .number(2), .number(.infinity), .number(-.infinity)]))
    }

    @Test func depthIsLimited() {
        let deep = Array(String(repeating: "[", count: 10_000).utf8)
        #expect(throws: JSON.ParseError.self) { try JSON.parse(deep) }
    }

    @Test func loneSurrogateBecomesReplacementCharacter() throws {
        #expect(try JSON.parse(Array(#""\ud800x""#.utf8)).string == "\u{FFFD}x")
    }

    /// Found by FuzzJSON: a lone high surrogate followed by another `\u` escape used to swallow it.
    @Test func loneHighSurrogateKeepsTheNextEscape() throws {
        #expect(try JSON.parse(Array(#""\ud800\u0041""#.utf8)).string == "\u{FFFD}A")
        #expect(try JSON.parse(Array(#""\ud800\ud800\udc00""#.utf8)).string == "\u{FFFD}\u{10000}")
        #expect(try JSON.parse(Array(#""\udbff\udfff""#.utf8)).string == "\u{10FFFF}")
        #expect(throws: JSON.ParseError.self) { try JSON.parse(Array(#""\ud800\uzzzz""#.utf8)) }
    }
}
