/// A byte-level HTML writer that escapes by construction.
///
/// Tag and attribute names are `StaticString`s, so they can only come from our source
/// code; every dynamic value goes through `text(_:)` or an `Attr` value and is escaped on
/// the way in. The only way to write markup that is not escaped is `safe(_:)`, which
/// takes a `SafeHTML` — a type that only the sanitizer and string literals can make.
/// No `<script>` or `style` content is ever written inline (the CSP forbids it).
public struct HTML: Sendable {
    /// The page so far. Bytes are written through a pointer into storage this value owns
    /// (copied first if a copy of the value shares it), so a tag costs a few stores instead
    /// of an array append per byte (the append's uniqueness and capacity checks were a
    /// third of a 50-row search page's rendering).
    private var storage: HTMLStorage

    /// The bytes written so far (a copy).
    public var bytes: [UInt8] { storage.bytes }

    public init(capacity: Int = 8192) { storage = HTMLStorage(capacity: max(capacity, 64)) }

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
    public mutating func text(_ s: String) {
        var s = s
        s.withUTF8 { escaped($0, quotes: false) }
    }

    /// Escaped character data from UTF-8 bytes (a slice of a string, without copying it first).
    public mutating func text(utf8: UnsafeBufferPointer<UInt8>) { escaped(utf8, quotes: false) }

    /// Markup that is already safe (sanitized, or a literal from our own source).
    public mutating func safe(_ html: SafeHTML) {
        var value = html.value
        value.withUTF8 { raw($0) }
    }

    public mutating func doctype() { literal("<!DOCTYPE html>") }

    /// A pointer to room for `count` more bytes; `advance(to:)` then says how many were written.
    @inline(__always)
    private mutating func room(_ count: Int) -> UnsafeMutablePointer<UInt8> {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        return storage.room(count)
    }

    /// Mutating so that the compiler refuses `advance(to: …room(…))`: a copy of `self`
    /// taken for the call would make `room` copy the storage, and the count would be set
    /// on the old one.
    @inline(__always)
    private mutating func advance(to end: UnsafeMutablePointer<UInt8>) { storage.count = storage.base.distance(to: end) }

    private mutating func open(_ name: StaticString, _ attrs: [Attr?]) {
        var p = room(Self.length(name) + 2)
        p = Self.put(60, p)
        p = Self.put(name, p)
        advance(to: p)
        for case let attr? in attrs {
            guard let value = attr.value else {
                p = room(Self.length(attr.name) + 1)
                p = Self.put(32, p)
                advance(to: Self.put(attr.name, p))
                continue
            }
            p = room(Self.length(attr.name) + 3)
            p = Self.put(32, p)
            p = Self.put(attr.name, p)
            p = Self.put(61, p)
            advance(to: Self.put(34, p))
            var text = value
            text.withUTF8 { escaped($0, quotes: true) }
            p = room(1)
            advance(to: Self.put(34, p))
        }
        p = room(1)
        advance(to: Self.put(62, p))
    }

    private mutating func close(_ name: StaticString) {
        var p = room(Self.length(name) + 3)
        p = Self.put(60, p)
        p = Self.put(47, p)
        p = Self.put(name, p)
        advance(to: Self.put(62, p))
    }

    private mutating func literal(_ s: StaticString) {
        let p = room(Self.length(s))
        advance(to: Self.put(s, p))
    }

    private mutating func raw(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        let p = room(bytes.count)
        p.initialize(from: base, count: bytes.count)
        advance(to: p + bytes.count)
    }

    @inline(__always)
    private static func put(_ byte: UInt8, _ p: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
        p.pointee = byte
        return p + 1
    }

    /// The UTF-8 length of a static string (one held as a single scalar has no pointer).
    @inline(__always)
    private static func length(_ s: StaticString) -> Int {
        s.hasPointerRepresentation ? s.utf8CodeUnitCount : s.withUTF8Buffer { $0.count }
    }

    /// Tag and attribute names are a few bytes: stored one by one (a bulk copy's set-up
    /// costs more than the copy).
    @inline(__always)
    private static func put(_ s: StaticString, _ p: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
        guard s.hasPointerRepresentation else { return s.withUTF8Buffer { $0.isEmpty ? p : copy($0, p) } }
        let n = s.utf8CodeUnitCount, from = s.utf8Start
        for k in 0..<n { p[k] = from[k] }
        return p + n
    }

    @inline(__always)
    private static func copy(_ bytes: UnsafeBufferPointer<UInt8>, _ p: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
        p.initialize(from: bytes.baseAddress!, count: bytes.count)
        return p + bytes.count
    }

    /// Writes `utf8` escaped, in pieces of at most `escapeChunk` bytes so that the room
    /// asked for (six bytes for each, `&quot;` being the longest) stays small for long texts.
    private mutating func escaped(_ utf8: UnsafeBufferPointer<UInt8>, quotes: Bool) {
        guard let base = utf8.baseAddress else { return }
        var from = 0
        while from < utf8.count {
            let n = min(Self.escapeChunk, utf8.count - from)
            let p = room(6 * n)
            let end = Self.escape(UnsafeBufferPointer(start: base + from, count: n), quotes: quotes, into: p)
            advance(to: end)
            from += n
        }
    }

    private static let escapeChunk = 4096

    /// Copies runs without special characters in one go and escapes `&`, `<`, `>` (and
    /// with `quotes` also `"` and `'`, for attribute values); `out` has room for six bytes
    /// per input byte. Returns the end of what it wrote.
    private static func escape(_ utf8: UnsafeBufferPointer<UInt8>, quotes: Bool, into out: UnsafeMutablePointer<UInt8>)
        -> UnsafeMutablePointer<UInt8> {
        guard let base = utf8.baseAddress else { return out }
        // Bytes below 0x40 hold every special one: `&` 38, `<` 60, `>` 62, `"` 34, `'` 39.
        let special: UInt64 = quotes ? (1 << 38 | 1 << 60 | 1 << 62 | 1 << 34 | 1 << 39) : (1 << 38 | 1 << 60 | 1 << 62)
        var p = out, runStart = 0, i = 0
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
            if i > runStart { p = copy(UnsafeBufferPointer(start: base + runStart, count: i - runStart), p) }
            p = put(entity, p)
            i += 1
            runStart = i
        }
        if n > runStart { p = copy(UnsafeBufferPointer(start: base + runStart, count: n - runStart), p) }
        return p
    }

    /// An attribute value escaped into an array (for writers that are not an `HTML`, like
    /// the sanitizer's): room for the worst case is appended, then what was not used dropped.
    static func escapeAttribute(_ s: String, into out: inout [UInt8]) {
        var s = s
        s.withUTF8 { utf8 in
            let start = out.count
            out.append(contentsOf: repeatElement(0, count: 6 * utf8.count))
            let written = out.withUnsafeMutableBufferPointer { buffer in
                (buffer.baseAddress! + start).distance(to: escape(utf8, quotes: true, into: buffer.baseAddress! + start))
            }
            out.removeLast(6 * utf8.count - written)
        }
    }

    /// Escapes a string for text content; for callers that build strings (e.g. snippets).
    public static func escape(_ s: String) -> String {
        var out: [UInt8] = []
        escapeAttribute(s, into: &out)
        return String(decoding: out, as: UTF8.self)
    }
}

/// The bytes of an `HTML` value: a buffer that doubles when full. Only ever written by the
/// one `HTML` that holds the only reference (a shared one is copied first), so it may be
/// handed across threads with its value.
final class HTMLStorage: @unchecked Sendable {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    var count = 0

    init(capacity: Int) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
    }

    deinit { base.deallocate() }

    var bytes: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

    /// The end of the bytes, with room for `extra` more behind it.
    @inline(__always)
    func room(_ extra: Int) -> UnsafeMutablePointer<UInt8> {
        if count + extra > capacity { grow(count + extra) }
        return base + count
    }

    private func grow(_ needed: Int) {
        let larger = max(needed, capacity * 2)
        let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
        moved.moveInitialize(from: base, count: count)
        base.deallocate()
        base = moved
        capacity = larger
    }

    func copy() -> HTMLStorage {
        let other = HTMLStorage(capacity: capacity)
        other.base.initialize(from: base, count: count)
        other.count = count
        return other
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
