/// What a ticket page shows: the ticket with its status, its messages and their files.
public struct TicketRecord: Sendable {
    public let id: Int64
    public let number: TicketNumber
    public let accessHash: [UInt8]
    public let subject: String
    public let statusID: Int64
    public let statusCode: String
    public let statusIsOpen: Bool
    public let contactName: String
    public let customerEmail: String
    public let language: String
    public let createdAt: Int64
    public let updatedAt: Int64

    init(row: Row) {
        id = row.int("id")
        number = TicketNumber(row.string("number")) ?? TicketNumber("10000000")!
        accessHash = row.bytes("access_hash")
        subject = row.string("subject")
        statusID = row.int("status_id")
        statusCode = row.string("status_code")
        statusIsOpen = row.bool("status_open")
        contactName = row.string("contact_name")
        customerEmail = row.string("email")
        language = row.string("language")
        createdAt = row.int("created_at")
        updatedAt = row.int("updated_at")
    }
}

public struct MessageRecord: Sendable {
    public enum Kind: String, Sendable { case customer, reply, note, event }
    public let id: Int64
    public let kind: Kind
    public let authorName: String
    public let bodyText: String
    public let createdAt: Int64
    public var attachments: [AttachmentRecord]
    /// Sanitized HTML of a message that came by mail (shown re-sanitized, `cid:` images
    /// pointing at its files); nil for everything else, which shows `bodyText`.
    public var bodyHTML: String? = nil
}

public struct AttachmentRecord: Sendable {
    public let id: Int64
    public let messageID: Int64
    public let filename: String
    public let contentType: String
    public let size: Int64
    public let sha256: String
    /// Set for images shown inline in an HTML body (`<img src="cid:…">`).
    public var contentID: String? = nil
}

/// A file uploaded with a message, already checked against the attachment policy.
public struct IncomingFile: Sendable {
    public let filename: String
    public let contentType: String
    public let bytes: [UInt8]
    /// For an image the HTML body shows inline as `cid:CONTENT-ID`.
    public var contentID: String?

    public init(filename: String, contentType: String, bytes: [UInt8], contentID: String? = nil) {
        self.filename = filename
        self.contentType = contentType
        self.bytes = bytes
        self.contentID = contentID
    }

    /// Whether the bytes really are a PNG, JPEG, GIF or WebP image (not what the name or
    /// the browser claims), so only real images are ever shown inline.
    public var isImage: Bool { ContentSniffer.type(of: bytes).hasPrefix("image/") }
}
