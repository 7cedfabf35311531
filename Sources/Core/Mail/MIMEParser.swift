/// Parses raw RFC 5322 / MIME messages into `ParsedMail`.
///
/// Body selection:
/// - multipart/alternative: the last text/plain and the last text/html
///   alternatives win (an alternative may itself be a multipart, e.g. a
///   multipart/related holding the HTML and its images); other parts of the
///   alternatives (e.g. text/calendar) become attachments;
/// - multipart/related: the root (the `start` Content-ID, else the first
///   part) gives the body; the other parts are attachments, inline when they
///   have a Content-ID;
/// - multipart/mixed and any other multipart (report, signed, digest…): parts
///   in order; text and HTML of later inline parts are appended to the first
///   ones; everything else is an attachment;
/// - a part is an attachment when its disposition is "attachment", when it
///   has a filename or name, or when it is neither text/plain nor text/html;
/// - message/rfc822 parts are attachments named after their subject
///   ("subject.eml", else "message.eml") holding the raw message bytes;
/// - with no text/plain body, text comes from the HTML; with neither, from
///   the first inline (not "attachment") text/plain part that has a filename.
/// Nothing here can trap: malformed input is recovered from and noted in
/// `defects`, and all work is linear in the message size for the bounded
/// nesting depth.
public enum MIMEParser {
    /// Stop recording defects after this many (the message may be hostile).
    static let maxDefects = 200

    public static func parse(_ raw: [UInt8]) -> ParsedMail {
        var defects: [String] = []
        let root = MIMETree.parse(raw, range: 0..<raw.count, isMessage: true, defaultType: "text/plain", depth: 0,
                                  defects: &defects)
        var mail = ParsedMail()
        mail.headers = root.fields.map { (name: $0.name, value: $0.value) }

        func all(_ name: String) -> [String] {
            root.fields.filter { MailBytes.lowercased($0.name) == name }.map(\.value)
        }
        func addresses(_ name: String) -> [MailAddress] {
            all(name).flatMap { AddressListParser.parse($0, defects: &defects) }
        }
        mail.from = addresses("from").first
        mail.to = addresses("to")
        mail.cc = addresses("cc")
        mail.replyTo = addresses("reply-to")
        if let subject = root.field("Subject") {
            mail.subject = MailBytes.trimmed(EncodedWords.decode(subject, defects: &defects))
        }
        if let date = root.field("Date") {
            mail.date = MailDate.parse(date)
            if mail.date == nil { defects.append("unparsable Date \"\(date.prefix(80))\"") }
        }
        mail.messageID = root.field("Message-ID").flatMap(MessageIDList.first)
        mail.inReplyTo = all("in-reply-to").flatMap(MessageIDList.parse)
        mail.references = all("references").flatMap(MessageIDList.parse)

        var collector = BodyCollector(raw: raw)
        let body = collector.walk(root, inRelated: false)
        defects.append(contentsOf: collector.defects)

        if let text = body.text {
            mail.text = text
        } else if let html = body.html {
            mail.text = HTMLText.plainText(fromHTML: html)
        } else if let fallback = body.inlineTextFallback {
            mail.text = fallback
        }
        mail.html = body.html
        mail.attachments = body.attachments
        mail.defects = Array(defects.prefix(maxDefects))
        return mail
    }
}

/// Walks a `MIMEPart` tree collecting text, HTML and attachments (see
/// `MIMEParser` for the rules).
struct BodyCollector {
    let raw: [UInt8]
    var defects: [String] = []

    /// What one subtree contributes. Text and HTML are kept as pieces and
    /// joined once at the end, so many small parts cost linear time.
    struct Collected {
        var textPieces: [String]?
        var htmlPieces: [String]?
        var attachments: [MailAttachment] = []
        /// Text of an inline text/plain part that became an attachment only
        /// because it had a filename.
        var inlineTextFallback: String?

        var text: String? { textPieces.map(BodyCollector.join) }
        var html: String? { htmlPieces.map(BodyCollector.join) }

        mutating func append(_ other: Collected) {
            if let pieces = other.textPieces {
                if textPieces == nil { textPieces = [] }
                textPieces?.append(contentsOf: pieces)
            }
            if let pieces = other.htmlPieces {
                if htmlPieces == nil { htmlPieces = [] }
                htmlPieces?.append(contentsOf: pieces)
            }
            attachments.append(contentsOf: other.attachments)
            if inlineTextFallback == nil { inlineTextFallback = other.inlineTextFallback }
        }
    }

    init(raw: [UInt8]) {
        self.raw = raw
    }

    mutating func walk(_ part: MIMEPart, inRelated: Bool) -> Collected {
        guard part.isMultipart else { return leaf(part, forceAttachment: false, inRelated: inRelated) }
        switch part.contentType.subtype {
        case "alternative":
            var result = Collected()
            for child in part.children {
                let collected = walk(child, inRelated: inRelated)
                if let pieces = collected.textPieces { result.textPieces = pieces }
                if let pieces = collected.htmlPieces { result.htmlPieces = pieces }
                result.attachments.append(contentsOf: collected.attachments)
                if result.inlineTextFallback == nil { result.inlineTextFallback = collected.inlineTextFallback }
            }
            return result
        case "related":
            var rootIndex = 0
            if let start = part.contentType["start"].map(Self.stripBrackets), !start.isEmpty,
               let found = part.children.firstIndex(where: { $0.field("Content-ID").map(Self.stripBrackets) == start }) {
                rootIndex = found
            }
            var result = walk(part.children[rootIndex], inRelated: true)
            for (index, child) in part.children.enumerated() where index != rootIndex {
                if child.isMultipart {
                    result.append(walk(child, inRelated: true))
                } else {
                    result.append(leaf(child, forceAttachment: true, inRelated: true))
                }
            }
            return result
        default:
            var result = Collected()
            for child in part.children {
                result.append(walk(child, inRelated: inRelated))
            }
            return result
        }
    }

    private mutating func leaf(_ part: MIMEPart, forceAttachment: Bool, inRelated: Bool) -> Collected {
        let type = part.contentType.value
        let disposition = part.disposition?.value ?? ""
        let rawName = part.disposition?["filename"] ?? part.contentType["name"]
        let hasName = !(rawName.map(MailBytes.trimmed) ?? "").isEmpty
        let isBodyType = type == "text/plain" || type == "text/html"
        let isAttachment = forceAttachment || disposition == "attachment" || hasName || !isBodyType

        let (encoding, encodingDefect) = TransferEncoding.from(header: part.field("Content-Transfer-Encoding"))
        if let encodingDefect { defects.append(encodingDefect) }
        let decoded = encoding.decode(raw[part.bodyRange])

        var result = Collected()
        if !isAttachment {
            let text = decodeText(decoded, part: part, isHTML: type == "text/html")
            if type == "text/html" { result.htmlPieces = [text] } else { result.textPieces = [text] }
            return result
        }

        var filename = AttachmentFilename.sanitize(rawName ?? "")
        if type == "message/rfc822" || type == "message/global" {
            let subject = embeddedSubject(decoded)
            if !subject.isEmpty {
                filename = subject + ".eml"
            } else if filename.isEmpty {
                filename = "message.eml"
            }
        }
        if filename.isEmpty { filename = AttachmentFilename.fallback(for: type) }
        let contentID = part.field("Content-ID").map(Self.stripBrackets).flatMap { $0.isEmpty ? nil : $0 }
        let isInline = disposition == "inline" || (inRelated && contentID != nil && disposition != "attachment")
        result.attachments.append(MailAttachment(filename: filename, contentType: type, bytes: decoded,
                                                 contentID: contentID, isInline: isInline))
        if type == "text/plain" && disposition != "attachment" && !forceAttachment {
            result.inlineTextFallback = decodeText(decoded, part: part, isHTML: false)
        }
        return result
    }

    private mutating func decodeText(_ bytes: [UInt8], part: MIMEPart, isHTML: Bool) -> String {
        var charset = part.contentType["charset"]
        if charset == nil && isHTML { charset = Self.sniffHTMLCharset(bytes) }
        let decoded = Charsets.decode(bytes, charset: charset)
        if let defect = decoded.defect { defects.append(defect) }
        let text = decoded.text
        guard text.utf8.contains(MailBytes.cr) else { return text }
        return String(decoding: MailBytes.normalizingNewlines(Array(text.utf8)), as: UTF8.self)
    }

    /// The decoded Subject of an embedded message, made safe for a filename.
    private mutating func embeddedSubject(_ bytes: [UInt8]) -> String {
        var ignored: [String] = []
        let header = HeaderParser.parse(bytes, range: 0..<bytes.count, isMessage: true, defects: &ignored)
        guard let subject = header.fields.first(where: { MailBytes.lowercased($0.name) == "subject" })?.value else { return "" }
        return AttachmentFilename.fromText(MailBytes.trimmed(EncodedWords.decode(subject, defects: &ignored)))
    }

    /// `<meta charset="…">` or `<meta … content="…; charset=…">` in the first 2 KB.
    static func sniffHTMLCharset(_ bytes: [UInt8]) -> String? {
        let head = Array(bytes.prefix(2048).map(MailBytes.lower))
        let needle = Array("charset=".utf8)
        var index = 0
        while index + needle.count <= head.count {
            if MailBytes.hasPrefix(head, at: index, limit: head.count, needle) {
                var start = index + needle.count
                while start < head.count && (head[start] == 0x22 || head[start] == 0x27 || head[start] == 0x20) { start += 1 }
                var end = start
                while end < head.count, head[end] > 0x20, head[end] != 0x22, head[end] != 0x27, head[end] != 0x3B,
                      head[end] != 0x3E, head[end] != 0x2F {
                    end += 1
                }
                if end > start { return String(decoding: head[start..<end], as: UTF8.self) }
            }
            index += 1
        }
        return nil
    }

    static func stripBrackets(_ value: String) -> String {
        var bytes = Array(value.utf8).filter { !MailBytes.isWhitespace($0) }
        if bytes.first == 0x3C { bytes.removeFirst() }
        if bytes.last == 0x3E { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Joins body pieces, with a line break between two pieces when the first
    /// does not end with one. Empty pieces are skipped.
    static func join(_ pieces: [String]) -> String {
        var out: [UInt8] = []
        for piece in pieces where !piece.isEmpty {
            if let last = out.last, last != MailBytes.lf { out.append(MailBytes.lf) }
            out.append(contentsOf: piece.utf8)
        }
        if out.isEmpty, let first = pieces.first { return first }
        return String(decoding: out, as: UTF8.self)
    }
}
