/// A JSON value to send, with object keys kept in the order they were given (clients and
/// diffs read better that way than with hash order). Serialized as compact UTF-8 with the
/// RFC 8259 escapes: quote, backslash and every control character; `/` and non-ASCII
/// pass through. Integers only: the API has no fractional numbers.
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool { a.bytes == b.bytes }

    public static func optional(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }
    public static func optional(_ n: Int64?) -> JSONValue { n.map { .int($0) } ?? .null }

    public var bytes: [UInt8] {
        var out: [UInt8] = []
        write(to: &out)
        return out
    }

    func write(to out: inout [UInt8]) {
        switch self {
        case .null: out += Array("null".utf8)
        case .bool(let b): out += Array((b ? "true" : "false").utf8)
        case .int(let n): out += Array(String(n).utf8)
        case .string(let s): Self.writeString(s, to: &out)
        case .array(let items):
            out.append(91)
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(44) }
                item.write(to: &out)
            }
            out.append(93)
        case .object(let members):
            out.append(123)
            for (i, (key, value)) in members.enumerated() {
                if i > 0 { out.append(44) }
                Self.writeString(key, to: &out)
                out.append(58)
                value.write(to: &out)
            }
            out.append(125)
        }
    }

    static func writeString(_ s: String, to out: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        out.append(34)
        for b in s.utf8 {
            switch b {
            case 34: out += [92, 34]
            case 92: out += [92, 92]
            case 10: out += [92, 110]
            case 13: out += [92, 114]
            case 9: out += [92, 116]
            case 0..<32: out += [92, 117, 48, 48, hex[Int(b >> 4)], hex[Int(b & 15)]]
            default: out.append(b)
            }
        }
        out.append(34)
    }
}
