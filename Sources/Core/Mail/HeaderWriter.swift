/// Writes header fields for the builder: CRLF line ends, folding between
/// "atoms" (pieces that must stay whole) so lines stay within 78 characters
/// where possible and never exceed 998.
///
/// Edge cases: a line break is only ever inserted as CRLF followed by a
/// space, before a non-empty atom, so no value can start a new field or
/// produce a whitespace-only line; CR, LF and other control characters in
/// atoms are replaced by spaces before writing (defence in depth: callers
/// already clean them); an atom longer than a line allows is hard-split at
/// 900 bytes (only possible for caller-supplied extra header values, which
/// cannot be encoded without changing their meaning), never inside a UTF-8
/// sequence.
struct HeaderWriter {
    static let softLimit = 78
    static let hardSplit = 900

    private(set) var bytes: [UInt8] = []

    /// Writes "Name: atom atom …" with folding.
    mutating func field(_ name: String, _ atoms: [String]) {
        var line = Array(name.utf8) + [0x3A]
        var lineHasAtom = false
        for atom in atoms {
            var piece = Array(MailBytes.withoutLineBreaks(atom).utf8)
            guard !piece.isEmpty else { continue }
            while piece.count > Self.hardSplit {
                var cut = Self.hardSplit
                while cut > 1 && piece[cut] & 0xC0 == 0x80 { cut -= 1 }
                append(Array(piece[..<cut]), to: &line, lineHasAtom: &lineHasAtom)
                piece = Array(piece[cut...])
            }
            append(piece, to: &line, lineHasAtom: &lineHasAtom)
        }
        bytes.append(contentsOf: line)
        bytes.append(contentsOf: MailBytes.crlf)
    }

    private mutating func append(_ piece: [UInt8], to line: inout [UInt8], lineHasAtom: inout Bool) {
        if line.count + 1 + piece.count > Self.softLimit && (lineHasAtom || line.count + 1 + piece.count > 998) {
            bytes.append(contentsOf: line)
            bytes.append(contentsOf: MailBytes.crlf)
            line = [MailBytes.space] + piece
        } else {
            line.append(MailBytes.space)
            line.append(contentsOf: piece)
        }
        lineHasAtom = true
    }

    /// Atoms for unstructured text (Subject, extra headers). Non-ASCII text
    /// (or text containing "=?", which would read as an encoded word) becomes
    /// UTF-8 encoded words; so does ASCII text with a word too long to fold
    /// when `encodeLongWords` is set. Otherwise the words of the text are
    /// returned. `prefixLength` is the length of "Name: " on the first line.
    static func unstructuredAtoms(_ text: String, prefixLength: Int, encodeLongWords: Bool = true) -> [String] {
        let clean = MailBytes.withoutLineBreaks(text)
        let words = splitWords(clean)
        let mustEncode = !MailBytes.isASCII(clean) || clean.contains("=?")
        let tooLong = encodeLongWords && words.contains { $0.utf8.count > softLimit - 1 }
        if mustEncode || tooLong {
            return EncodedWords.encode(clean, firstLimit: softLimit - prefixLength - 1, limit: softLimit - 3)
        }
        return words
    }

    /// Splits at single spaces; extra spaces stay attached to the next word so
    /// that joining the words with one space restores the text.
    static func splitWords(_ text: String) -> [String] {
        var words: [String] = []
        var current: [UInt8] = []
        var pendingSpaces = 0
        for byte in text.utf8 {
            if byte == MailBytes.space {
                if current.isEmpty && words.isEmpty {
                    continue // leading spaces are not significant in a header value
                }
                if !current.isEmpty {
                    words.append(String(decoding: current, as: UTF8.self))
                    current.removeAll(keepingCapacity: true)
                    pendingSpaces = 0
                } else {
                    pendingSpaces += 1
                }
                continue
            }
            if current.isEmpty && pendingSpaces > 0 {
                current.append(contentsOf: repeatElement(MailBytes.space, count: pendingSpaces))
                pendingSpaces = 0
            }
            current.append(byte)
        }
        if !current.isEmpty { words.append(String(decoding: current, as: UTF8.self)) }
        return words
    }
}
