import Core
import FuzzSupport

/// `JSON.parse` against `ReferenceJSON`, a small parser written here straight from the
/// RFC 8259 grammar: both must accept the same inputs (within the nesting limit) and agree on
/// the value. A parsed value rendered back to JSON must parse to the same value.
func fuzzJSON(_ bytes: [UInt8]) {
    let reference = ReferenceJSON.parse(bytes, maxDepth: 64)
    let parsed: JSON
    do {
        parsed = try JSON.parse(bytes)
    } catch {
        if let reference {
            Fuzz.fail("JSON.parse refused valid JSON (\(error)); the grammar reads \(Fuzz.show(render(reference)))")
        }
        return
    }
    guard let reference else {
        Fuzz.fail("JSON.parse accepted text that is not RFC 8259 JSON: \(Fuzz.show(String(decoding: bytes, as: UTF8.self)))")
    }
    Fuzz.require(parsed == reference, "JSON.parse read \(Fuzz.show(render(parsed))), the grammar \(Fuzz.show(render(reference)))")

    let text = render(parsed)
    do {
        let again = try JSON.parse(Array(text.utf8))
        Fuzz.require(again == parsed, "rendered value parses differently: \(Fuzz.show(text))")
    } catch {
        Fuzz.fail("rendered value does not parse (\(error)): \(Fuzz.show(text))")
    }
}

/// Compact JSON for a value: keys sorted, strings escaped as RFC 8259 requires, numbers in
/// Swift's shortest round-tripping form (infinity, from an overflowing literal, as 1e999).
func render(_ value: JSON) -> String {
    switch value {
    case .null: return "null"
    case .bool(let b): return b ? "true" : "false"
    case .number(let d):
        if d.isInfinite { return d < 0 ? "-1e999" : "1e999" }
        var text = "\(d)"
        if text.hasSuffix(".0") { text.removeLast(2) }
        return text
    case .string(let s): return quote(s)
    case .array(let items): return "[" + items.map(render).joined(separator: ",") + "]"
    case .object(let members):
        return "{" + members.keys.sorted().map { quote($0) + ":" + render(members[$0]!) }.joined(separator: ",") + "}"
    }
}

private func quote(_ text: String) -> String {
    let hex = Array("0123456789abcdef".utf8)
    var out: [UInt8] = [0x22]
    for byte in text.utf8 {
        switch byte {
        case 0x22, 0x5C: out += [0x5C, byte]
        case 0x00..<0x20: out += [0x5C, 0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
        default: out.append(byte)
        }
    }
    out.append(0x22)
    return String(decoding: out, as: UTF8.self)
}

/// RFC 8259, recursive descent, nothing clever. Choices where the RFC leaves room, matching
/// what `JSON` documents: a repeated object name keeps the last value; numbers become the
/// Double nearest the literal; a `\u` surrogate that is not half of a valid pair becomes U+FFFD
/// (and the escape after a lone high surrogate is read on its own); bytes that are not UTF-8
/// become U+FFFD.
enum ReferenceJSON {
    static func parse(_ bytes: [UInt8], maxDepth: Int) -> JSON? {
        var reader = Reader(bytes: bytes, maxDepth: maxDepth)
        reader.space()
        guard let value = reader.value(depth: 0) else { return nil }
        reader.space()
        return reader.index == bytes.count ? value : nil
    }

    private struct Reader {
        let bytes: [UInt8]
        let maxDepth: Int
        var index = 0

        var current: UInt8? { index < bytes.count ? bytes[index] : nil }

        mutating func space() {
            while let b = current, b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { index += 1 }
        }

        mutating func literal(_ word: String) -> Bool {
            guard bytes[index...].starts(with: word.utf8) else { return false }
            index += word.utf8.count
            return true
        }

        mutating func value(depth: Int) -> JSON? {
            guard depth <= maxDepth, let b = current else { return nil }
            switch b {
            case UInt8(ascii: "{"): return object(depth: depth)
            case UInt8(ascii: "["): return array(depth: depth)
            case UInt8(ascii: "\""): return string().map(JSON.string)
            case UInt8(ascii: "t"): return literal("true") ? .bool(true) : nil
            case UInt8(ascii: "f"): return literal("false") ? .bool(false) : nil
            case UInt8(ascii: "n"): return literal("null") ? .null : nil
            default: return number()
            }
        }

        mutating func object(depth: Int) -> JSON? {
            index += 1
            var members: [String: JSON] = [:]
            space()
            if current == UInt8(ascii: "}") { index += 1; return .object(members) }
            while true {
                space()
                guard current == UInt8(ascii: "\""), let key = string() else { return nil }
                space()
                guard current == UInt8(ascii: ":") else { return nil }
                index += 1
                space()
                guard let member = value(depth: depth + 1) else { return nil }
                members[key] = member
                space()
                switch current {
                case UInt8(ascii: ","): index += 1
                case UInt8(ascii: "}"): index += 1; return .object(members)
                default: return nil
                }
            }
        }

        mutating func array(depth: Int) -> JSON? {
            index += 1
            var items: [JSON] = []
            space()
            if current == UInt8(ascii: "]") { index += 1; return .array(items) }
            while true {
                space()
                guard let item = value(depth: depth + 1) else { return nil }
                items.append(item)
                space()
                switch current {
                case UInt8(ascii: ","): index += 1
                case UInt8(ascii: "]"): index += 1; return .array(items)
                default: return nil
                }
            }
        }

        /// number = [ "-" ] int [ frac ] [ exp ]; int = "0" / digit1-9 *digit;
        /// frac = "." 1*digit; exp = ("e" / "E") [ "-" / "+" ] 1*digit
        mutating func number() -> JSON? {
            let start = index
            let isDigit = { (b: UInt8?) in b.map { $0 >= 0x30 && $0 <= 0x39 } ?? false }
            if current == UInt8(ascii: "-") { index += 1 }
            if current == UInt8(ascii: "0") {
                index += 1
            } else if isDigit(current) {
                while isDigit(current) { index += 1 }
            } else {
                return nil
            }
            if current == UInt8(ascii: ".") {
                index += 1
                guard isDigit(current) else { return nil }
                while isDigit(current) { index += 1 }
            }
            if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
                index += 1
                if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
                guard isDigit(current) else { return nil }
                while isDigit(current) { index += 1 }
            }
            guard let d = Double(String(decoding: bytes[start..<index], as: UTF8.self)) else {
                Fuzz.fail("Double() refused the valid number \(String(decoding: bytes[start..<index], as: UTF8.self))")
            }
            return .number(d)
        }

        mutating func hex4() -> UInt32? {
            guard index + 4 <= bytes.count else { return nil }
            var v: UInt32 = 0
            for b in bytes[index..<(index + 4)] {
                guard let d = Array("0123456789abcdef".utf8).firstIndex(of: b | (b >= 0x41 && b <= 0x46 ? 0x20 : 0)) else { return nil }
                v = v * 16 + UInt32(d)
            }
            index += 4
            return v
        }

        mutating func string() -> String? {
            index += 1
            var out: [UInt8] = []
            while true {
                guard let b = current else { return nil }
                index += 1
                switch b {
                case UInt8(ascii: "\""):
                    return String(decoding: out, as: UTF8.self)
                case 0x00..<0x20:
                    return nil
                case UInt8(ascii: "\\"):
                    guard let e = current else { return nil }
                    index += 1
                    switch e {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0C)
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "u"):
                        guard let unit = hex4() else { return nil }
                        var scalar = Unicode.Scalar(unit)
                        if (0xD800...0xDBFF).contains(unit), bytes[index...].starts(with: "\\u".utf8) {
                            let save = index
                            index += 2
                            if let low = hex4(), (0xDC00...0xDFFF).contains(low) {
                                scalar = Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
                            } else {
                                index = save
                            }
                        }
                        out += Array(String(Character(scalar ?? "\u{FFFD}")).utf8)
                    default:
                        return nil
                    }
                default:
                    out.append(b)
                }
            }
        }
    }
}
