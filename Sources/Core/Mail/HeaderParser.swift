/// One header field as found in a message or MIME part.
///
/// `name` is as written (without trailing blanks before the colon); `value`
/// is unfolded (line breaks removed, the whitespace after them kept), trimmed
/// of leading and trailing blanks, and decoded from raw bytes as UTF-8 when
/// valid, else Windows-1252. Encoded words are *not* decoded here.
struct HeaderField: Sendable, Equatable {
    var name: String
    var value: String
}

/// Splits an entity (a whole message or one MIME part) into its header
/// fields and the offset where its body starts.
///
/// Edge cases:
/// - CRLF and bare LF line ends; a UTF-8 byte-order mark at the very start is
///   skipped; for whole messages an mbox "From " line is skipped;
/// - a continuation line before any field (e.g. a first line of blanks) is
///   dropped with a defect;
/// - field names may have blanks before the colon ("Subject :");
/// - a line that is not a field and not a continuation: if a valid field
///   follows before the blank line, it is taken as a broken continuation of
///   the previous field (mailers that forget the leading blank when folding);
///   otherwise the header block ends there and that line starts the body
///   (missing blank separator), with a defect;
/// - no blank line at all: everything is header, the body is empty.
/// Every line is examined at most twice, so parsing is linear.
enum HeaderParser {
    /// The fields in order and the offset of the first body byte.
    struct Result {
        var fields: [HeaderField]
        var bodyStart: Int
    }

    static func parse(_ bytes: [UInt8], range: Range<Int>, isMessage: Bool, defects: inout [String]) -> Result {
        var position = range.lowerBound
        let end = range.upperBound
        if MailBytes.hasPrefix(bytes, at: position, limit: end, [0xEF, 0xBB, 0xBF]) { position += 3 }
        if isMessage && MailBytes.hasPrefix(bytes, at: position, limit: end, Array("From ".utf8)) {
            position = MailBytes.line(in: bytes, from: position, limit: end).next
        }

        var fields: [HeaderField] = []
        var currentName: [UInt8]?
        var currentValue: [UInt8] = []

        func flush() {
            guard let name = currentName else { return }
            let trimmed = MailBytes.trimmedRange(currentValue, 0..<currentValue.count)
            let value = Charsets.utf8OrWindows1252(Array(currentValue[trimmed]))
            fields.append(HeaderField(name: String(decoding: name, as: UTF8.self), value: value))
            currentName = nil
            currentValue.removeAll(keepingCapacity: true)
        }

        while position < end {
            let (contentEnd, next) = MailBytes.line(in: bytes, from: position, limit: end)
            if contentEnd == position {
                flush()
                return Result(fields: fields, bodyStart: next)
            }
            let first = bytes[position]
            if MailBytes.isBlank(first) {
                if currentName != nil {
                    currentValue.append(contentsOf: bytes[position..<contentEnd])
                } else {
                    defects.append("header block starts with a continuation line")
                }
                position = next
                continue
            }
            if let (name, valueStart) = fieldStart(bytes, from: position, to: contentEnd) {
                flush()
                currentName = name
                currentValue.append(contentsOf: bytes[valueStart..<contentEnd])
                position = next
                continue
            }
            // Not a field: look ahead over the following non-field lines.
            var probe = next
            var resumesWithField = false
            while probe < end {
                let (probeEnd, probeNext) = MailBytes.line(in: bytes, from: probe, limit: end)
                if probeEnd == probe { break }
                if MailBytes.hasPrefix(bytes, at: probe, limit: probeEnd, [0x2D, 0x2D]) { break }
                if !MailBytes.isBlank(bytes[probe]) && fieldStart(bytes, from: probe, to: probeEnd) != nil {
                    resumesWithField = true
                    break
                }
                probe = probeNext
            }
            let looksLikeBoundary = MailBytes.hasPrefix(bytes, at: position, limit: contentEnd, [0x2D, 0x2D])
            if resumesWithField && !looksLikeBoundary && (currentName != nil || !fields.isEmpty) {
                defects.append("header line without a field name taken as a continuation")
                // Consume every line up to the field found, so no line is scanned again.
                while position < probe {
                    let (lineEnd, lineNext) = MailBytes.line(in: bytes, from: position, limit: end)
                    if currentName != nil {
                        if !MailBytes.isBlank(bytes[position]) { currentValue.append(0x20) }
                        currentValue.append(contentsOf: bytes[position..<lineEnd])
                    }
                    position = lineNext
                }
                continue
            }
            flush()
            defects.append("missing blank line between header and body")
            return Result(fields: fields, bodyStart: position)
        }
        flush()
        return Result(fields: fields, bodyStart: end)
    }

    /// If the line starts a field ("name:"), returns the name and where the value starts.
    private static func fieldStart(_ bytes: [UInt8], from start: Int, to end: Int) -> (name: [UInt8], valueStart: Int)? {
        var index = start
        while index < end {
            let byte = bytes[index]
            if byte == 0x3A { break }
            if byte <= 0x20 || byte >= 0x7F {
                // Only blanks may follow the name before the colon.
                var probe = index
                while probe < end && MailBytes.isBlank(bytes[probe]) { probe += 1 }
                guard probe < end, bytes[probe] == 0x3A, probe > index else { return nil }
                index = probe
                break
            }
            index += 1
        }
        guard index < end, bytes[index] == 0x3A else { return nil }
        var nameEnd = index
        while nameEnd > start && MailBytes.isBlank(bytes[nameEnd - 1]) { nameEnd -= 1 }
        guard nameEnd > start else { return nil }
        return (Array(bytes[start..<nameEnd]), index + 1)
    }
}
