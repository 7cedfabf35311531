/// Small text clean-ups applied to every value a person types into a form.
extension String {
    /// Length in Unicode code points — what SQLite's length() and our CHECK constraints
    /// count. Never use `count` (grapheme clusters) for limits: one letter followed by
    /// thousands of combining marks is a single Character.
    public var length: Int { unicodeScalars.count }

    public func trimmingASCIIWhitespace() -> String {
        let bytes = Array(utf8)
        var start = 0, end = bytes.count
        while start < end, bytes[start] == 32 || bytes[start] == 9 || bytes[start] == 10 || bytes[start] == 13 { start += 1 }
        while end > start, bytes[end - 1] == 32 || bytes[end - 1] == 9 || bytes[end - 1] == 10 || bytes[end - 1] == 13 { end -= 1 }
        if start == 0 && end == bytes.count { return self }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// One line of text: CR, LF, TAB and other control characters become spaces, runs of
    /// spaces collapse, ends are trimmed, and bidirectional override/isolate controls are
    /// dropped (they can make "factura\u{202E}fdp.zip" display as "facturapiz.pdf").
    /// Used for names, subjects, cities, file names — anything that may reach a header.
    public func singleLine() -> String {
        var copy = self
        return copy.withUTF8(Self.isCleanLine) ? self : cleanedLine()
    }

    /// `singleLine` scalar by scalar (the path for text that needs cleaning).
    func cleanedLine() -> String {
        var out = ""
        out.reserveCapacity(utf8.count)
        var lastWasSpace = true
        for scalar in unicodeScalars {
            if Self.isBidiControl(scalar) { continue }
            let isControl = scalar.value < 0x20 || scalar.value == 0x7f || (scalar.value >= 0x80 && scalar.value < 0xa0)
                || scalar.value == 0x2028 || scalar.value == 0x2029
            if isControl || scalar == " " {
                if !lastWasSpace { out.append(" ") }
                lastWasSpace = true
            } else {
                out.unicodeScalars.append(scalar)
                lastWasSpace = false
            }
        }
        if out.hasSuffix(" ") { out.removeLast() }
        return out
    }

    static func isBidiControl(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x200E, 0x200F, 0x061C, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }

    /// Multi-line text: CRLF and CR become LF, other control characters except TAB are
    /// dropped, ends trimmed.
    public func multiLine() -> String {
        var copy = self
        return copy.withUTF8(Self.isCleanText) ? self : cleanedText()
    }

    /// `multiLine` scalar by scalar (the path for text that needs cleaning).
    func cleanedText() -> String {
        var out = ""
        out.reserveCapacity(utf8.count)
        var previousCR = false
        for scalar in unicodeScalars {
            if scalar == "\r" { out.append("\n"); previousCR = true; continue }
            if scalar == "\n" { if !previousCR { out.append("\n") }; previousCR = false; continue }
            previousCR = false
            if scalar == "\t" || !(scalar.value < 0x20 || scalar.value == 0x7f) { out.unicodeScalars.append(scalar) }
        }
        return out.trimmingASCIIWhitespace()
    }

    /// Whether `singleLine` would return the text unchanged, decided over its UTF-8 bytes
    /// (a form's values almost always are; walking scalars cost ~7 k instructions a name):
    /// no control byte, no space at either end or twice in a row, no C1 control
    /// (C2 80–9F), no U+061C (D8 9C), U+200E/F, U+2028–202E (E2 80 8E/8F/A8–AE) or
    /// U+2066–2069 (E2 81 A6–A9).
    static func isCleanLine(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = b.first, let last = b.last else { return true }
        if first == 0x20 || last == 0x20 { return false }
        var i = 0
        while i < b.count {
            let c = b[i]
            if c < 0x20 || c == 0x7F { return false }
            if c == 0x20 && b[i - 1] == 0x20 { return false }
            if c >= 0xC2 && i + 1 < b.count {
                let n = b[i + 1]
                if c == 0xC2 && n >= 0x80 && n <= 0x9F { return false }
                if c == 0xD8 && n == 0x9C { return false }
                if c == 0xE2 && i + 2 < b.count {
                    let t = b[i + 2]
                    if n == 0x80 && (t == 0x8E || t == 0x8F || (t >= 0xA8 && t <= 0xAE)) { return false }
                    if n == 0x81 && t >= 0xA6 && t <= 0xA9 { return false }
                }
            }
            i += 1
        }
        return true
    }

    /// Whether `multiLine` would return the text unchanged: no CR, no control byte but TAB
    /// and LF, no ASCII whitespace at either end.
    static func isCleanText(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        let space: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        guard let first = b.first, let last = b.last else { return true }
        if space(first) || space(last) { return false }
        for c in b where (c < 0x20 && c != 0x09 && c != 0x0A) || c == 0x7F { return false }
        return true
    }
}
