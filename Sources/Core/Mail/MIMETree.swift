/// One node of a message's MIME tree: its header fields, its effective
/// content type and disposition, where its body lies in the raw message, and
/// its children when it is a multipart.
///
/// Bodies are ranges into the original byte array, so building the tree
/// copies no body bytes.
struct MIMEPart {
    var fields: [HeaderField]
    /// Effective type: defaulted, lower-cased "type/subtype" with parameters.
    var contentType: MIMEHeaderValue
    var disposition: MIMEHeaderValue?
    var bodyRange: Range<Int>
    var children: [MIMEPart]
    /// True when this part is a multipart that was split into `children`.
    var isMultipart: Bool

    /// First field with this name (ASCII case-insensitive).
    func field(_ name: String) -> String? {
        let wanted = MailBytes.lowercased(name)
        return fields.first { MailBytes.lowercased($0.name) == wanted }?.value
    }
}

/// Builds the MIME tree of a message by walking multiparts on bytes.
///
/// Edge cases:
/// - boundaries are matched on bytes at line starts ("--" + boundary, then
///   optional "--", then only blanks); a longer boundary that merely starts
///   with the same text does not match;
/// - the preamble and epilogue are ignored; a missing closing boundary makes
///   the last part run to the end (defect);
/// - a multipart without a usable boundary parameter, or whose start boundary
///   never appears, is read as one text/plain part holding the whole body
///   (defect);
/// - nesting deeper than `maxDepth` (50) is not split further: the part is
///   kept as a leaf (defect);
/// - a missing or unusable Content-Type means text/plain (message/rfc822 in a
///   multipart/digest); "text" alone means text/plain and "multipart" alone
///   multipart/mixed.
/// Each nesting level scans its own range once, so the walk is linear for a
/// bounded depth.
enum MIMETree {
    static let maxDepth = 50

    static func parse(_ bytes: [UInt8], range: Range<Int>, isMessage: Bool, defaultType: String, depth: Int,
                      defects: inout [String]) -> MIMEPart {
        let header = HeaderParser.parse(bytes, range: range, isMessage: isMessage, defects: &defects)
        let bodyRange = min(header.bodyStart, range.upperBound)..<range.upperBound
        var part = MIMEPart(fields: header.fields, contentType: MIMEHeaderValue(value: defaultType, parameters: [:]),
                            disposition: nil, bodyRange: bodyRange, children: [], isMultipart: false)

        if let raw = part.field("Content-Type") {
            var value = MIMEHeaderValue.parse(raw, defects: &defects)
            if value.value == "text" {
                value.value = "text/plain"
            } else if value.value == "multipart" {
                value.value = "multipart/mixed"
            } else if !isValidType(value.value) {
                defects.append("unusable Content-Type \"\(raw.prefix(80))\", using \(defaultType)")
                value.value = defaultType
            }
            part.contentType = value
        }
        if let raw = part.field("Content-Disposition") {
            part.disposition = MIMEHeaderValue.parse(raw, defects: &defects)
        }

        guard part.contentType.mediaType == "multipart" else { return part }
        guard depth < maxDepth else {
            defects.append("multipart nested deeper than \(maxDepth) levels kept as one part")
            return part
        }
        let boundary = Array((part.contentType["boundary"] ?? "").utf8)
        guard !boundary.isEmpty, boundary.count <= 200, !boundary.contains(MailBytes.lf), !boundary.contains(MailBytes.cr) else {
            defects.append("multipart without a usable boundary read as text")
            part.contentType = MIMEHeaderValue(value: "text/plain", parameters: [:])
            return part
        }
        let split = splitParts(bytes, range: bodyRange, boundary: boundary)
        guard !split.parts.isEmpty else {
            defects.append("multipart start boundary not found; body read as text")
            part.contentType = MIMEHeaderValue(value: "text/plain", parameters: [:])
            return part
        }
        if !split.closed { defects.append("multipart closing boundary not found") }
        let childDefault = part.contentType.subtype == "digest" ? "message/rfc822" : "text/plain"
        part.children = split.parts.map {
            parse(bytes, range: $0, isMessage: false, defaultType: childDefault, depth: depth + 1, defects: &defects)
        }
        part.isMultipart = true
        return part
    }

    private static func isValidType(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        guard let slash = bytes.firstIndex(of: 0x2F), slash > 0, slash < bytes.count - 1 else { return false }
        return bytes.allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != 0x3B }
            && bytes.filter({ $0 == 0x2F }).count == 1
    }

    /// Splits a multipart body into part ranges. A part's range ends before the
    /// line break that precedes the next delimiter (that break belongs to the
    /// delimiter).
    static func splitParts(_ bytes: [UInt8], range: Range<Int>, boundary: [UInt8]) -> (parts: [Range<Int>], closed: Bool) {
        var parts: [Range<Int>] = []
        var partStart: Int?
        var position = range.lowerBound
        let end = range.upperBound
        while position < end {
            let (contentEnd, next) = MailBytes.line(in: bytes, from: position, limit: end)
            if contentEnd - position >= boundary.count + 2, bytes[position] == 0x2D, bytes[position + 1] == 0x2D,
               MailBytes.hasPrefix(bytes, at: position + 2, limit: contentEnd, boundary) {
                var index = position + 2 + boundary.count
                var isClose = false
                if index + 2 <= contentEnd, bytes[index] == 0x2D, bytes[index + 1] == 0x2D {
                    isClose = true
                    index += 2
                }
                var onlyBlanks = true
                while index < contentEnd {
                    if !MailBytes.isBlank(bytes[index]) { onlyBlanks = false; break }
                    index += 1
                }
                if onlyBlanks {
                    if let start = partStart {
                        parts.append(start..<max(start, lineBreakStart(bytes, before: position, floor: start)))
                    }
                    if isClose { return (parts, true) }
                    partStart = next
                }
            }
            position = next
        }
        if let start = partStart { parts.append(start..<end) }
        return (parts, false)
    }

    /// Start of the line break that ends just before `position` (CRLF or LF).
    private static func lineBreakStart(_ bytes: [UInt8], before position: Int, floor: Int) -> Int {
        var index = position
        if index > floor && bytes[index - 1] == MailBytes.lf { index -= 1 }
        if index > floor && bytes[index - 1] == MailBytes.cr { index -= 1 }
        return index
    }
}
