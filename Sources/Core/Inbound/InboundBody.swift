/// What of a parsed message becomes the stored ticket message: the text (plain part
/// preferred, else text derived from the HTML), the HTML sanitized (images kept as
/// `cid:` references, which the desk rewrites to attachment URLs when it renders), and
/// the files the attachment policy accepts.
///
/// Edge cases:
/// - a reply (`stripQuotes`) loses its quoted history through `ReplyStripper`; when that
///   removed something, the HTML is not kept (it would still show the quote) — the full
///   original stays available as the raw file;
/// - a file over the size limit, with a forbidden extension or beyond the file count is
///   dropped and named in `notes` (the caller appends them to the message), never lost
///   silently; an inline image whose bytes really are an image passes the extension
///   check (mail clients name them `image001` or `part1.bin`);
/// - the text is cut to the form's message limit (50,000 characters), with a note.
struct InboundBody {
    var text: String
    var html: String?
    var files: [IncomingFile]
    /// Localized lines about dropped files or cut text.
    var notes: [String]

    init(mail: ParsedMail, stripQuotes: Bool, policy: AttachmentPolicy, l: Localizer) {
        var text = mail.text.trimmingASCIIWhitespace()
        var html = mail.html.map { HTMLSanitizer.sanitize($0).value }
        if stripQuotes {
            let stripped = ReplyStripper.strip(text)
            if stripped != text { html = nil }
            text = stripped
        }
        var notes: [String] = []
        let limit = NewTicketInput.Field.message.maxLength
        if text.length > limit {
            text = String(String.UnicodeScalarView(text.unicodeScalars.prefix(limit)))
            notes.append(l.t("inbound.note.cut"))
        }
        var files: [IncomingFile] = []
        for a in mail.attachments {
            let name = String(a.filename.singleLine().prefix(255))
            let file = IncomingFile(filename: name.isEmpty ? "attachment" : name, contentType: ContentSniffer.type(of: a.bytes),
                                    bytes: a.bytes, contentID: a.contentID)
            let inlineImage = a.contentID != nil && file.isImage
            if files.count >= policy.maxFiles {
                notes.append(l.t("inbound.note.file_count", ["name": file.filename, "count": String(policy.maxFiles)]))
            } else if a.bytes.count > policy.maxBytes {
                notes.append(l.t("inbound.note.file_size", ["name": file.filename, "size": ByteSize.display(Int64(policy.maxBytes))]))
            } else if !inlineImage && !policy.allows(filename: file.filename) {
                notes.append(l.t("inbound.note.file_type", ["name": file.filename]))
            } else {
                files.append(file)
            }
        }
        if text.isEmpty && html == nil && files.isEmpty { text = l.t("inbound.empty_body") }
        self.text = text
        self.html = html
        self.files = files
        self.notes = notes
    }

    /// The text and HTML with the notes appended (a separate paragraph each).
    var withNotes: (text: String, html: String?) {
        guard !notes.isEmpty else { return (text, html) }
        let noteText = notes.map { "[" + $0 + "]" }.joined(separator: "\n")
        let noteHTML = notes.map { "<p>" + HTML.escape($0) + "</p>" }.joined()
        return (text.isEmpty ? noteText : text + "\n\n" + noteText, html.map { $0 + noteHTML })
    }
}
