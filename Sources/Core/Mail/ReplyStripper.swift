/// Removes quoted history from a reply so a ticket shows only what the
/// customer wrote.
///
/// Cuts, in this order: everything from the first attribution or quoted
/// header block on — "On … wrote:" (also split over two lines, as Gmail
/// wraps it), "El … escribió:", and the French, German, Portuguese and
/// Italian equivalents; Outlook's "-----Original Message-----" /
/// "-----Mensaje original-----" separators; a "From:"/"De:" line followed
/// within four lines by "Sent:"/"Date:" ("Enviado:"/"Fecha:"); a line of 20
/// or more underscores (Outlook's rule) — then a trailing block of lines
/// starting with ">" (blank lines inside it included), then a trailing
/// signature introduced by "-- " (or by "--" when at most 9 lines follow).
/// Quoted lines in the middle of the text (inline replies) are kept. A
/// bottom-posted reply ("On … wrote:" and its quote first, the answer below)
/// keeps the answer.
///
/// Edge cases: line breaks (CRLF or LF) inside the kept text are preserved;
/// leading blank lines and trailing whitespace are trimmed; if stripping
/// would leave nothing (for example a message that is only a quote), the
/// input is returned unchanged. Forwarded messages ("Forwarded message"
/// separators) are deliberately kept: there the quoted part is the content.
/// Linear in the text length.
public enum ReplyStripper {
    public static func strip(_ text: String) -> String {
        let bytes = Array(text.utf8)
        var lines: [Range<Int>] = []
        var position = 0
        while position < bytes.count {
            let (_, next) = MailBytes.line(in: bytes, from: position, limit: bytes.count)
            var end = next
            if end > position && bytes[end - 1] == MailBytes.lf { end -= 1 }
            if end > position && bytes[end - 1] == MailBytes.cr { end -= 1 }
            lines.append(position..<end)
            position = next
        }
        let texts = lines.map { String(decoding: bytes[$0], as: UTF8.self) }
        let trimmedTexts = texts.map(MailBytes.trimmed)
        let attribution = (0..<lines.count).first { attributionKind(at: $0, trimmedTexts) != nil }

        var start = 0
        var keep = attribution ?? lines.count
        if let attribution, !(0..<attribution).contains(where: { !trimmedTexts[$0].isEmpty && !trimmedTexts[$0].hasPrefix(">") }),
           let length = attributionKind(at: attribution, trimmedTexts)?.wroteLines {
            // Bottom-posted reply: the answer follows the quote. Skip the
            // attribution and the quoted block after it.
            start = attribution + length
            while start < lines.count && (trimmedTexts[start].isEmpty || trimmedTexts[start].hasPrefix(">")) { start += 1 }
            keep = (start..<lines.count).first { attributionKind(at: $0, trimmedTexts) != nil } ?? lines.count
        }
        // Trailing quoted block (and blank lines around it).
        var end = keep
        while end > start {
            let line = trimmedTexts[end - 1]
            if line.isEmpty || line.hasPrefix(">") { end -= 1 } else { break }
        }
        if end < keep && trimmedTexts[end..<keep].contains(where: { $0.hasPrefix(">") }) {
            keep = end
        }
        // Trailing signature: "-- " is the standard delimiter; a bare "--" only counts before a short block.
        if let signature = (start..<max(start, keep)).last(where: { texts[$0] == "-- " || (texts[$0] == "--" && keep - $0 <= 10) }) {
            keep = signature
        }
        // Trim blank lines at both ends.
        while keep > start && trimmedTexts[keep - 1].isEmpty { keep -= 1 }
        while start < keep && trimmedTexts[start].isEmpty { start += 1 }
        guard start < keep else { return text }
        return MailBytes.trimmedTrailing(String(decoding: bytes[lines[start].lowerBound..<lines[keep - 1].upperBound], as: UTF8.self))
    }

    /// What kind of history marker starts at `index`, if any; for "wrote:"
    /// attributions, over how many lines it spans.
    private enum Marker {
        case wrote(lines: Int)
        case other

        var wroteLines: Int? { if case .wrote(let lines) = self { lines } else { nil } }
    }

    private static func attributionKind(at index: Int, _ lines: [String]) -> Marker? {
        let line = lines[index]
        guard !line.isEmpty else { return nil }
        let lower = MailBytes.lowercased(line)
        let next = index + 1 < lines.count ? MailBytes.lowercased(lines[index + 1]) : ""

        // "On … wrote:" and friends, on one line or wrapped onto the next.
        for (opener, closers) in attributionForms {
            guard lower.hasPrefix(opener) else { continue }
            if closers.contains(where: { lower.hasSuffix($0) }) { return .wrote(lines: 1) }
            if !next.isEmpty && closers.contains(where: { next.hasSuffix($0) }) && !next.hasPrefix(">") { return .wrote(lines: 2) }
        }
        return isOtherMarker(at: index, lower: lower, lines) ? .other : nil
    }

    private static func isOtherMarker(at index: Int, lower: String, _ lines: [String]) -> Bool {
        let line = lines[index]
        // Outlook separators.
        if lower.hasPrefix("-----") || lower.hasPrefix("----- ") {
            let inner = lower.filter { $0 != "-" }.trimmingSpaces
            if separatorTitles.contains(inner) { return true }
        }
        if line.utf8.count >= 20 && line.utf8.allSatisfy({ $0 == 0x5F }) { return true }
        // Forwarded/quoted header block: "From: …" then "Sent: …" within a few lines.
        for (fromLabel, followers) in headerBlocks where lower.hasPrefix(fromLabel) {
            let window = lines[(index + 1)..<min(lines.count, index + 5)].map(MailBytes.lowercased)
            if window.contains(where: { candidate in followers.contains { candidate.hasPrefix($0) } }) { return true }
        }
        return false
    }

    private static let attributionForms: [(String, [String])] = [
        ("on ", ["wrote:", "writes:"]),
        ("el ", ["escribió:", "escribio:", "escribió :"]),
        ("le ", ["a écrit :", "a écrit:", "a ecrit :", "a ecrit:"]),
        ("am ", ["schrieb:", "geschrieben:"]),
        ("em ", ["escreveu:"]),
        ("il ", ["ha scritto:"]),
    ]

    private static let separatorTitles: Set<String> = [
        "original message", "mensaje original", "message d'origine", "ursprüngliche nachricht", "mensagem original",
        "messaggio originale",
    ]

    private static let headerBlocks: [(String, [String])] = [
        ("from:", ["sent:", "date:"]),
        ("de:", ["enviado:", "fecha:", "enviado el:", "envoyé :", "envoyé:", "date :"]),
        ("von:", ["gesendet:", "datum:"]),
    ]
}

/// Trimming helper for separator titles.
private extension String {
    var trimmingSpaces: String { MailBytes.trimmed(self) }
}
