/// Small text clean-ups applied to every value a person types into a form.
extension String {
    public func trimmingASCIIWhitespace() -> String {
        let bytes = Array(utf8)
        var start = 0, end = bytes.count
        while start < end, bytes[start] == 32 || bytes[start] == 9 || bytes[start] == 10 || bytes[start] == 13 { start += 1 }
        while end > start, bytes[end - 1] == 32 || bytes[end - 1] == 9 || bytes[end - 1] == 10 || bytes[end - 1] == 13 { end -= 1 }
        if start == 0 && end == bytes.count { return self }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// One line of text: CR, LF, TAB and other control characters become spaces, runs of
    /// spaces collapse, ends are trimmed. Used for names, subjects, cities — anything that
    /// may later reach a mail header.
    public func singleLine() -> String {
        var out = ""
        out.reserveCapacity(utf8.count)
        var lastWasSpace = true
        for scalar in unicodeScalars {
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
