/// A JSON value and a strict RFC 8259 parser over bytes, with a nesting limit so hostile
/// input cannot exhaust the stack. Numbers are kept as Double; strings are decoded with
/// every escape (including surrogate pairs; a lone surrogate becomes U+FFFD and does not
/// swallow the escape after it).
public enum JSON: Equatable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSON])
    case object([String: JSON])

    public struct ParseError: Error, Equatable, CustomStringConvertible {
        public let offset: Int
        public let reason: String
        public var description: String { "JSON error at byte \(offset): \(reason)" }
    }

    public subscript(_ key: String) -> JSON? {
        if case .object(let o) = self { return o[key] }
        return nil
    }

    public var string: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    public var array: [JSON]? {
        if case .array(let a) = self { return a }
        return nil
    }

    public static func parse(_ bytes: [UInt8], maxDepth: Int = 64) throws(ParseError) -> JSON {
        var p = JSONParser(bytes: bytes, maxDepth: maxDepth)
        p.skipSpace()
        let value = try p.value(depth: 0)
        p.skipSpace()
        guard p.i == bytes.count else { throw ParseError(offset: p.i, reason: "trailing characters") }
        return value
    }
}

/// The parser's cursor; see `JSON.parse`.
struct JSONParser {
    let bytes: [UInt8]
    let maxDepth: Int
    var i = 0

    init(bytes: [UInt8], maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    func fail(_ reason: String) -> JSON.ParseError { JSON.ParseError(offset: i, reason: reason) }

    mutating func skipSpace() {
        while i < bytes.count, bytes[i] == 32 || bytes[i] == 9 || bytes[i] == 10 || bytes[i] == 13 { i += 1 }
    }

    mutating func expect(_ word: String) throws(JSON.ParseError) {
        for b in word.utf8 {
            guard i < bytes.count, bytes[i] == b else { throw fail("expected \(word)") }
            i += 1
        }
    }

    mutating func value(depth: Int) throws(JSON.ParseError) -> JSON {
        guard depth <= maxDepth else { throw fail("nested too deeply") }
        guard i < bytes.count else { throw fail("unexpected end") }
        switch bytes[i] {
        case 123: return try object(depth: depth)
        case 91: return try array(depth: depth)
        case 34: return .string(try string())
        case 116: try expect("true"); return .bool(true)
        case 102: try expect("false"); return .bool(false)
        case 110: try expect("null"); return .null
        default: return .number(try number())
        }
    }

    mutating func object(depth: Int) throws(JSON.ParseError) -> JSON {
        i += 1
        var out: [String: JSON] = [:]
        skipSpace()
        if i < bytes.count, bytes[i] == 125 { i += 1; return .object(out) }
        while true {
            skipSpace()
            guard i < bytes.count, bytes[i] == 34 else { throw fail("expected a key") }
            let key = try string()
            skipSpace()
            guard i < bytes.count, bytes[i] == 58 else { throw fail("expected ':'") }
            i += 1
            skipSpace()
            out[key] = try value(depth: depth + 1)
            skipSpace()
            guard i < bytes.count else { throw fail("unexpected end") }
            if bytes[i] == 44 { i += 1; continue }
            guard bytes[i] == 125 else { throw fail("expected ',' or '}'") }
            i += 1
            return .object(out)
        }
    }

    mutating func array(depth: Int) throws(JSON.ParseError) -> JSON {
        i += 1
        var out: [JSON] = []
        skipSpace()
        if i < bytes.count, bytes[i] == 93 { i += 1; return .array(out) }
        while true {
            skipSpace()
            out.append(try value(depth: depth + 1))
            skipSpace()
            guard i < bytes.count else { throw fail("unexpected end") }
            if bytes[i] == 44 { i += 1; continue }
            guard bytes[i] == 93 else { throw fail("expected ',' or ']'") }
            i += 1
            return .array(out)
        }
    }

    mutating func hex4() throws(JSON.ParseError) -> UInt32 {
        guard i + 4 <= bytes.count else { throw fail("short \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[i]
            let d: UInt32
            switch b {
            case 48...57: d = UInt32(b - 48)
            case 97...102: d = UInt32(b - 87)
            case 65...70: d = UInt32(b - 55)
            default: throw fail("bad \\u escape")
            }
            v = v << 4 | d
            i += 1
        }
        return v
    }

    mutating func string() throws(JSON.ParseError) -> String {
        i += 1
        var out: [UInt8] = []
        while true {
            guard i < bytes.count else { throw fail("unterminated string") }
            let b = bytes[i]
            i += 1
            if b == 34 { return String(decoding: out, as: UTF8.self) }
            if b < 32 { throw fail("control character in string") }
            guard b == 92 else { out.append(b); continue }
            guard i < bytes.count else { throw fail("unterminated escape") }
            let e = bytes[i]
            i += 1
            switch e {
            case 34, 92, 47: out.append(e)
            case 98: out.append(8)
            case 102: out.append(12)
            case 110: out.append(10)
            case 114: out.append(13)
            case 116: out.append(9)
            case 117:
                var scalar = try hex4()
                if (0xD800...0xDBFF).contains(scalar), i + 1 < bytes.count, bytes[i] == 92, bytes[i + 1] == 117 {
                    let next = i
                    i += 2
                    let low = try hex4()
                    if (0xDC00...0xDFFF).contains(low) {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else {
                        i = next  // a lone high surrogate: the escape after it is read on its own
                    }
                }
                out.append(contentsOf: String(Unicode.Scalar(scalar).map(Character.init) ?? "\u{FFFD}").utf8)
            default: throw fail("bad escape")
            }
        }
    }

    /// RFC 8259 `number`: `-`? (`0` | [1-9][0-9]*) (`.` [0-9]+)? ([eE] [+-]? [0-9]+)?, so `+1`,
    /// `01`, `.5` and `1.` are refused. Too large a magnitude reads as ±infinity.
    mutating func number() throws(JSON.ParseError) -> Double {
        let start = i
        if i < bytes.count, bytes[i] == 45 { i += 1 }
        let integer = i
        guard skipDigits() > 0 else { throw fail("bad value") }
        guard bytes[integer] != 48 || i == integer + 1 else { throw fail("leading zero in number") }
        if i < bytes.count, bytes[i] == 46 {
            i += 1
            guard skipDigits() > 0 else { throw fail("no digits after '.'") }
        }
        if i < bytes.count, bytes[i] == 101 || bytes[i] == 69 {
            i += 1
            if i < bytes.count, bytes[i] == 43 || bytes[i] == 45 { i += 1 }
            guard skipDigits() > 0 else { throw fail("no digits in exponent") }
        }
        guard let d = Double(String(decoding: bytes[start..<i], as: UTF8.self)) else { throw fail("bad number") }
        return d
    }

    /// Moves past ASCII digits; returns how many.
    mutating func skipDigits() -> Int {
        let start = i
        while i < bytes.count, (48...57).contains(bytes[i]) { i += 1 }
        return i - start
    }
}
