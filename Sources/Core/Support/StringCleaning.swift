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
}
