/// A message as the help desk sees it after `MIMEParser.parse`: addresses,
/// subject, date and threading ids from the header, the best text, the raw
/// HTML, attachments, all top-level header fields, and the defects that were
/// recovered from.
///
/// Edge cases: `text` is the text/plain body (several inline text parts are
/// joined), else text derived from the HTML, else ""; line breaks in `text`
/// and `html` are normalised to "\n"; `html` is decoded but not sanitized;
/// `date` is nil when the Date header is missing or unparsable; ids never
/// carry angle brackets.
public struct ParsedMail: Sendable {
    public var from: MailAddress?
    public var to: [MailAddress] = []
    public var cc: [MailAddress] = []
    public var replyTo: [MailAddress] = []
    public var subject: String = ""
    /// Unix seconds (UTC).
    public var date: Int64?
    public var messageID: String?
    public var inReplyTo: [String] = []
    public var references: [String] = []
    public var text: String = ""
    public var html: String?
    public var attachments: [MailAttachment] = []
    /// Top-level header fields in order: unfolded raw values (encoded words not decoded).
    public var headers: [(name: String, value: String)] = []
    /// Human-readable notes on what was wrong with the message and how it was read.
    public var defects: [String] = []

    public init() {}

    /// Value of the first header field named `name` (ASCII case-insensitive).
    public func header(_ name: String) -> String? {
        let wanted = MailBytes.lowercased(name)
        return headers.first { MailBytes.lowercased($0.name) == wanted }?.value
    }
}

/// A file carried by a message (an attachment, an inline image, a forwarded
/// message, a delivery report…), with its decoded bytes.
///
/// Edge cases: `filename` is always non-empty and a bare name (see
/// `AttachmentFilename`); `contentType` is lower-cased "type/subtype" without
/// parameters; `contentID` has no angle brackets; `isInline` is true for
/// parts with `Content-Disposition: inline` and for parts referenced by
/// Content-ID inside multipart/related.
public struct MailAttachment: Sendable, Equatable {
    public var filename: String
    public var contentType: String
    public let bytes: [UInt8]
    public var contentID: String?
    public var isInline: Bool
    /// Size of `bytes` in bytes.
    public var size: Int { bytes.count }
    /// Lower-case hex SHA-256 of `bytes`.
    public let sha256: String

    public init(filename: String, contentType: String, bytes: [UInt8], contentID: String? = nil, isInline: Bool = false) {
        self.filename = filename
        self.contentType = contentType
        self.bytes = bytes
        self.contentID = contentID
        self.isInline = isInline
        self.sha256 = Hex.encode(SHA256.hash(bytes))
    }
}
