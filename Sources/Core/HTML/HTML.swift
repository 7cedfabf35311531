/// A byte-level HTML writer that escapes by construction.
///
/// Tag and attribute names are `StaticString`s, so they can only come from our source
/// code; every dynamic value goes through `text(_:)` or an `Attr` value and is escaped on
/// the way in. The only way to write markup that is not escaped is `safe(_:)`, which
/// takes a `SafeHTML` — a type that only the sanitizer and string literals can make.
/// No `<script>` or `style` content is ever written inline (the CSP forbids it).
public struct HTML: Sendable {
    public private(set) var bytes: [UInt8] = []

    public init(capacity: Int = 8192) { bytes.reserveCapacity(capacity) }

    /// `<name attrs>…</name>` with content written by `content`.
    public mutating func el(_ name: StaticString, _ attrs: Attr?..., content: (inout HTML) -> Void) {
        open(name, attrs)
        content(&self)
        close(name)
    }

    /// `<name attrs>escaped text</name>`.
    public mutating func el(_ name: StaticString, _ attrs: Attr?..., text: String) {
        open(name, attrs)
        self.text(text)
        close(name)
    }

    /// A void element such as `<input>`, `<meta>`, `<link>`, `<br>`.
    public mutating func void(_ name: StaticString, _ attrs: Attr?...) {
        open(name, attrs)
    }

    /// Escaped character data.
    public mutating func text(_ s: String) { HTML.escape(s, quotes: false, into: &bytes) }

    /// Escaped character data from UTF-8 bytes (a slice of a string, without copying it first).
    public mutating func text(utf8: UnsafeBufferPointer<UInt8>) { HTML.escape(utf8, quotes: false, into: &bytes) }

    /// Markup that is already safe (sanitized, or a literal from our own source).
    public mutating func safe(_ html: SafeHTML) { bytes.append(contentsOf: html.value.utf8) }

    public mutating func doctype() { append("<!DOCTYPE html>") }

    private mutating func open(_ name: StaticString, _ attrs: [Attr?]) {
        bytes.append(60)
        append(name)
        for case let attr? in attrs {
            bytes.append(32)
            append(attr.name)
            if let value = attr.value {
                append("=\"")
                HTML.escapeAttribute(value, into: &bytes)
                bytes.append(34)
            }
        }
        bytes.append(62)
    }

    private mutating func close(_ name: StaticString) {
        append("</")
        append(name)
        bytes.append(62)
    }

    /// Tag names, attribute names and `</` are mostly a few bytes: appended one by one they
    /// cost about half of a bulk append's set-up (measured on the desk search rows).
    private mutating func append(_ s: StaticString) {
        guard s.hasPointerRepresentation, s.utf8CodeUnitCount <= 5 else { return s.withUTF8Buffer { bytes.append(contentsOf: $0) } }
        let p = s.utf8Start
        for k in 0..<s.utf8CodeUnitCount { bytes.append(p[k]) }
    }

    static func escapeAttribute(_ s: String, into out: inout [UInt8]) { escape(s, quotes: true, into: &out) }

    /// Copies runs without special characters in one go and escapes `&`, `<`, `>` (and
    /// with `quotes` also `"` and `'`, for attribute values).
    private static func escape(_ s: String, quotes: Bool, into out: inout [UInt8]) {
        var s = s
        s.withUTF8 { escape($0, quotes: quotes, into: &out) }
    }

    private static func escape(_ utf8: UnsafeBufferPointer<UInt8>, quotes: Bool, into out: inout [UInt8]) {
        guard let base = utf8.baseAddress else { return }
        // Bytes below 0x40 hold every special one: `&` 38, `<` 60, `>` 62, `"` 34, `'` 39.
        let special: UInt64 = quotes ? (1 << 38 | 1 << 60 | 1 << 62 | 1 << 34 | 1 << 39) : (1 << 38 | 1 << 60 | 1 << 62)
        var runStart = 0, i = 0
        let n = utf8.count
        while i < n {
            let b = base[i]
            guard b < 64, special >> UInt64(b) & 1 == 1 else { i += 1; continue }
            let entity: StaticString
            switch b {
            case 38: entity = "&amp;"
            case 60: entity = "&lt;"
            case 62: entity = "&gt;"
            case 34: entity = "&quot;"
            default: entity = "&#39;"
            }
            out.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: i - runStart))
            entity.withUTF8Buffer { out.append(contentsOf: $0) }
            i += 1
            runStart = i
        }
        out.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: n - runStart))
    }

    /// Escapes a string for text content; for callers that build strings (e.g. snippets).
    public static func escape(_ s: String) -> String {
        var out: [UInt8] = []
        escapeAttribute(s, into: &out)
        return String(decoding: out, as: UTF8.self)
    }
}

/// One attribute: a static name and an escaped value, or a bare boolean attribute.
public struct Attr: Sendable {
    let name: StaticString
    let value: String?

    public init(_ name: StaticString, _ value: String) {
        self.name = name
        self.value = value
    }

    private init(flag name: StaticString) {
        self.name = name
        self.value = nil
    }

    /// A boolean attribute (`required`, `selected`, `multiple`…).
    public static func flag(_ name: StaticString) -> Attr { Attr(flag: name) }
    /// A boolean attribute only when `condition` holds.
    public static func flag(_ name: StaticString, if condition: Bool) -> Attr? { condition ? Attr(flag: name) : nil }

    public static func id(_ v: String) -> Attr { Attr("id", v) }
    public static func cls(_ v: String) -> Attr { Attr("class", v) }
    public static func href(_ v: String) -> Attr { Attr("href", v) }
    public static func name(_ v: String) -> Attr { Attr("name", v) }
    public static func type(_ v: String) -> Attr { Attr("type", v) }
    public static func value(_ v: String) -> Attr { Attr("value", v) }
    public static func forID(_ v: String) -> Attr { Attr("for", v) }
}

/// Markup known to be safe: produced by the HTML sanitizer or written as a literal in
/// our own source. There is deliberately no initializer from a runtime `String` outside
/// this module's sanitizer.
public struct SafeHTML: Sendable {
    let value: String

    public init(literal: StaticString) { value = literal.description }

    /// Only for the sanitizer, which guarantees its output is allowlisted markup.
    init(sanitized: String) { value = sanitized }
}
