/// Builds outgoing messages as bytes ready for SMTP (CRLF everywhere).
///
/// Structure: text only → text/plain; with HTML → multipart/alternative
/// (text, then HTML); inline attachments (with a content ID) next to HTML →
/// multipart/related holding the HTML and them; other attachments →
/// multipart/mixed around the body (without HTML, inline attachments go
/// there too, still marked inline).
///
/// Edge cases and guarantees:
/// - every caller-supplied header value is stripped of CR, LF and other
///   control characters, and lines are only ever folded as CRLF + space, so
///   no input can start a new header line;
/// - extra header names must be RFC 5322 field names (printable ASCII, no
///   ":"), and may not be one the builder writes itself (From, To, Cc,
///   Reply-To, Subject, Date, Message-ID, In-Reply-To, References,
///   MIME-Version, Content-*): `build` throws otherwise;
/// - non-ASCII subjects, display names and extra header values become UTF-8
///   RFC 2047 words (B or Q, whichever is shorter), each at most 75
///   characters, never splitting a UTF-8 sequence; headers fold under 78
///   characters where possible and never exceed 998;
/// - display names are quoted when they contain specials;
/// - bodies use quoted-printable when mostly ASCII and base64 otherwise;
///   attachments use base64 in 76-character lines;
/// - attachment filenames are reduced to a bare name; non-ASCII or long names
///   get RFC 2231 `filename*=UTF-8''…` (split into `filename*N*` sections
///   when long) plus an ASCII `filename=` fallback;
/// - an invalid attachment content type becomes application/octet-stream;
/// - boundaries are random and checked not to occur in any encoded body;
/// - without a message ID one is generated from random bytes and the
///   sender's domain.
public struct MIMEBuilder: Sendable {
    /// A file to attach; with a `contentID` it is inline (referenced from the
    /// HTML as `cid:…`).
    public struct Attachment: Sendable, Equatable {
        public var filename: String
        public var contentType: String
        public var bytes: [UInt8]
        public var contentID: String?

        public init(filename: String, contentType: String, bytes: [UInt8], contentID: String? = nil) {
            self.filename = filename
            self.contentType = contentType
            self.bytes = bytes
            self.contentID = contentID
        }
    }

    /// Why a message could not be built.
    public enum BuildError: Error, Equatable, Sendable {
        /// The extra header name is not an RFC 5322 field name.
        case invalidHeaderName(String)
        /// The extra header name is one the builder writes itself.
        case reservedHeaderName(String)
    }

    public var from: MailAddress
    public var to: [MailAddress]
    public var cc: [MailAddress]
    public var replyTo: [MailAddress]
    public var subject: String
    /// Unix seconds; written as RFC 5322 in UTC ("+0000").
    public var date: Int64
    /// Without angle brackets; generated when nil.
    public var messageID: String?
    public var inReplyTo: [String]
    public var references: [String]
    public var extraHeaders: [(name: String, value: String)]
    public var text: String
    public var html: String?
    public var attachments: [Attachment]

    public init(from: MailAddress, to: [MailAddress] = [], cc: [MailAddress] = [], replyTo: [MailAddress] = [],
                subject: String = "", date: Int64, messageID: String? = nil, inReplyTo: [String] = [],
                references: [String] = [], extraHeaders: [(name: String, value: String)] = [], text: String = "",
                html: String? = nil, attachments: [Attachment] = []) {
        self.from = from
        self.to = to
        self.cc = cc
        self.replyTo = replyTo
        self.subject = subject
        self.date = date
        self.messageID = messageID
        self.inReplyTo = inReplyTo
        self.references = references
        self.extraHeaders = extraHeaders
        self.text = text
        self.html = html
        self.attachments = attachments
    }

    /// Builds the message with the system random generator.
    public func build() throws -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return try build(using: &generator)
    }

    /// Builds the message; `generator` supplies boundaries and generated ids.
    public func build<R: RandomNumberGenerator>(using generator: inout R) throws -> [UInt8] {
        for (name, _) in extraHeaders {
            guard !name.isEmpty, name.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != 0x3A }) else {
                throw BuildError.invalidHeaderName(name)
            }
            let lower = MailBytes.lowercased(name)
            if Self.reservedNames.contains(lower) || lower.hasPrefix("content-") {
                throw BuildError.reservedHeaderName(name)
            }
        }

        var headers = HeaderWriter()
        headers.field("From", Self.addressAtoms([from], prefixLength: 6))
        if !to.isEmpty { headers.field("To", Self.addressAtoms(to, prefixLength: 4)) }
        if !cc.isEmpty { headers.field("Cc", Self.addressAtoms(cc, prefixLength: 4)) }
        if !replyTo.isEmpty { headers.field("Reply-To", Self.addressAtoms(replyTo, prefixLength: 10)) }
        headers.field("Subject", HeaderWriter.unstructuredAtoms(subject, prefixLength: 9))
        headers.field("Date", [MailDate.rfc5322(date)])
        let id = messageID.map(Self.cleanID).flatMap { $0.isEmpty ? nil : $0 } ?? generatedID(using: &generator)
        headers.field("Message-ID", ["<\(id)>"])
        let replyIDs = inReplyTo.map(Self.cleanID).filter { !$0.isEmpty }
        if !replyIDs.isEmpty { headers.field("In-Reply-To", replyIDs.map { "<\($0)>" }) }
        let referenceIDs = references.map(Self.cleanID).filter { !$0.isEmpty }
        if !referenceIDs.isEmpty { headers.field("References", referenceIDs.map { "<\($0)>" }) }
        for (name, value) in extraHeaders {
            headers.field(name, HeaderWriter.unstructuredAtoms(value, prefixLength: name.utf8.count + 2, encodeLongWords: false))
        }
        headers.field("MIME-Version", ["1.0"])

        var root = bodyTree()
        var leaves: [[UInt8]] = []
        Self.collectBodies(root, into: &leaves)
        assignBoundaries(&root, avoiding: leaves, using: &generator)

        var out = headers.bytes
        Self.write(root, into: &out)
        return out
    }

    private static let reservedNames: Set<String> = [
        "from", "to", "cc", "reply-to", "subject", "date", "message-id", "in-reply-to", "references", "mime-version",
    ]

    // MARK: - Body tree

    /// A body part to write: a leaf with its header atoms and encoded body,
    /// or a multipart whose boundary is assigned just before writing.
    private indirect enum Node {
        case leaf(headers: [(String, [String])], body: [UInt8])
        case multipart(subtype: String, parameters: [String], boundary: String, children: [Node])
    }

    private func bodyTree() -> Node {
        let textLeaf = Self.textLeaf(text, subtype: "plain", alone: html == nil && attachments.isEmpty)
        var body: Node
        var mixed: [Attachment]
        if let html {
            let htmlLeaf = Self.textLeaf(html, subtype: "html", alone: false)
            let inline = attachments.filter { $0.contentID != nil }
            mixed = attachments.filter { $0.contentID == nil }
            let htmlNode: Node = inline.isEmpty
                ? htmlLeaf
                : .multipart(subtype: "related", parameters: ["type=\"text/html\""], boundary: "",
                             children: [htmlLeaf] + inline.map(Self.attachmentLeaf))
            body = .multipart(subtype: "alternative", parameters: [], boundary: "", children: [textLeaf, htmlNode])
        } else {
            body = textLeaf
            mixed = attachments
        }
        if !mixed.isEmpty {
            body = .multipart(subtype: "mixed", parameters: [], boundary: "", children: [body] + mixed.map(Self.attachmentLeaf))
        }
        return body
    }

    private static func textLeaf(_ text: String, subtype: String, alone: Bool) -> Node {
        let bytes = Array(text.utf8)
        let unusual = bytes.reduce(0) { $0 + ($1 >= 0x80 || ($1 < 0x20 && $1 != 0x09 && $1 != 0x0A && $1 != 0x0D) ? 1 : 0) }
        let useQP = unusual * 4 <= bytes.count
        let body: [UInt8]
        if useQP {
            body = QuotedPrintable.encode(bytes, softBreakAtEnd: alone)
        } else {
            body = Array(Base64.encodeLines(MailBytes.crlfNewlines(bytes)).utf8) + (alone ? MailBytes.crlf : [])
        }
        return .leaf(headers: [
            ("Content-Type", ["text/\(subtype);", "charset=utf-8"]),
            ("Content-Transfer-Encoding", [useQP ? "quoted-printable" : "base64"]),
        ], body: body)
    }

    private static func attachmentLeaf(_ attachment: Attachment) -> Node {
        var name = AttachmentFilename.sanitize(attachment.filename)
        let type = cleanContentType(attachment.contentType)
        if name.isEmpty { name = AttachmentFilename.fallback(for: type) }
        let fallback = asciiFallback(name)
        let quotedFallback = "\"" + fallback + "\""
        var disposition = [(attachment.contentID == nil ? "attachment" : "inline") + ";"]
        let needsExtended = !MailBytes.isASCII(name) || name != fallback || name.utf8.count > 60
        if needsExtended {
            disposition.append("filename=\(quotedFallback);")
            disposition.append(contentsOf: extendedFilename(name))
        } else {
            disposition.append("filename=\(quotedFallback)")
        }
        if var last = disposition.popLast() {
            if last.hasSuffix(";") { last.removeLast() }
            disposition.append(last)
        }
        var headers: [(String, [String])] = [
            ("Content-Type", [type + ";", "name=\(quotedFallback)"]),
            ("Content-Disposition", disposition),
            ("Content-Transfer-Encoding", ["base64"]),
        ]
        if let contentID = attachment.contentID.map(cleanID), !contentID.isEmpty {
            headers.append(("Content-ID", ["<\(contentID)>"]))
        }
        return .leaf(headers: headers, body: Array(Base64.encodeLines(attachment.bytes, lineLength: 76).utf8))
    }

    // MARK: - Boundaries

    private static func collectBodies(_ node: Node, into leaves: inout [[UInt8]]) {
        switch node {
        case .leaf(_, let body): leaves.append(body)
        case .multipart(_, _, _, let children): children.forEach { collectBodies($0, into: &leaves) }
        }
    }

    private func assignBoundaries<R: RandomNumberGenerator>(_ node: inout Node, avoiding leaves: [[UInt8]], using generator: inout R) {
        guard case .multipart(let subtype, let parameters, _, var children) = node else { return }
        var boundary: String
        repeat {
            boundary = "=_taquilla_" + Self.randomToken(24, using: &generator)
        } while leaves.contains(where: { Self.contains($0, Array(boundary.utf8)) })
        for index in children.indices {
            assignBoundaries(&children[index], avoiding: leaves, using: &generator)
        }
        node = .multipart(subtype: subtype, parameters: parameters, boundary: boundary, children: children)
    }

    private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard let first = needle.first, haystack.count >= needle.count else { return false }
        var index = 0
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == first && MailBytes.hasPrefix(haystack, at: index, limit: haystack.count, needle) { return true }
            index += 1
        }
        return false
    }

    private static let tokenAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8)

    private static func randomToken<R: RandomNumberGenerator>(_ length: Int, using generator: inout R) -> String {
        String(decoding: (0..<length).map { _ in tokenAlphabet[Int.random(in: 0..<tokenAlphabet.count, using: &generator)] },
               as: UTF8.self)
    }

    private func generatedID<R: RandomNumberGenerator>(using generator: inout R) -> String {
        var domain = "taquilla.invalid"
        if let at = from.address.lastIndex(of: "@") {
            let candidate = Self.cleanID(String(from.address[from.address.index(after: at)...]))
            if !candidate.isEmpty && !candidate.contains("@") { domain = candidate }
        }
        return Self.randomToken(32, using: &generator) + "@" + domain
    }

    // MARK: - Writing

    private static func write(_ node: Node, into out: inout [UInt8]) {
        switch node {
        case .leaf(let headers, let body):
            var writer = HeaderWriter()
            for (name, atoms) in headers { writer.field(name, atoms) }
            out.append(contentsOf: writer.bytes)
            out.append(contentsOf: MailBytes.crlf)
            out.append(contentsOf: body)
        case .multipart(let subtype, let parameters, let boundary, let children):
            var writer = HeaderWriter()
            var atoms = ["multipart/\(subtype);"]
            for parameter in parameters { atoms.append(parameter + ";") }
            atoms.append("boundary=\"\(boundary)\"")
            writer.field("Content-Type", atoms)
            out.append(contentsOf: writer.bytes)
            out.append(contentsOf: MailBytes.crlf)
            let delimiter = Array("--\(boundary)".utf8)
            for child in children {
                out.append(contentsOf: delimiter)
                out.append(contentsOf: MailBytes.crlf)
                write(child, into: &out)
                // This line break belongs to the delimiter, not to the part.
                out.append(contentsOf: MailBytes.crlf)
            }
            out.append(contentsOf: delimiter)
            out.append(contentsOf: Array("--".utf8))
            out.append(contentsOf: MailBytes.crlf)
        }
    }

    // MARK: - Header values

    private static let atext: [Bool] = {
        var table = [Bool](repeating: false, count: 128)
        for byte in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$%&'*+-/=?^_`{|}~".utf8 {
            table[Int(byte)] = true
        }
        return table
    }()

    /// Atoms for an address list: names (plain, quoted or encoded) then
    /// "<address>", with commas between mailboxes.
    static func addressAtoms(_ addresses: [MailAddress], prefixLength: Int) -> [String] {
        var atoms: [String] = []
        for (index, mailbox) in addresses.enumerated() {
            let address = cleanAddress(mailbox.address)
            let name = MailBytes.trimmed(MailBytes.withoutLineBreaks(mailbox.name))
            var mailboxAtoms: [String] = []
            if name.isEmpty {
                mailboxAtoms.append(address)
            } else {
                let words = HeaderWriter.splitWords(name)
                let plain = MailBytes.isASCII(name) && !name.contains("=?")
                if plain && name.utf8.allSatisfy({ $0 == 0x20 || atext[Int($0)] }) && !words.contains(where: { $0.utf8.count > 70 }) {
                    mailboxAtoms.append(contentsOf: words)
                } else if plain && name.utf8.count <= 60 {
                    var quoted: [UInt8] = [0x22]
                    for byte in name.utf8 {
                        if byte == 0x22 || byte == 0x5C { quoted.append(0x5C) }
                        quoted.append(byte)
                    }
                    quoted.append(0x22)
                    mailboxAtoms.append(String(decoding: quoted, as: UTF8.self))
                } else {
                    let first = atoms.isEmpty ? HeaderWriter.softLimit - prefixLength - 1 : HeaderWriter.softLimit - 3
                    mailboxAtoms.append(contentsOf: EncodedWords.encode(name, firstLimit: first, limit: HeaderWriter.softLimit - 3))
                }
                mailboxAtoms.append("<\(address)>")
            }
            if index + 1 < addresses.count, let last = mailboxAtoms.popLast() { mailboxAtoms.append(last + ",") }
            atoms.append(contentsOf: mailboxAtoms)
        }
        return atoms
    }

    /// An address without whitespace, controls, angle brackets or commas.
    static func cleanAddress(_ address: String) -> String {
        String(decoding: address.utf8.filter { $0 > 0x20 && $0 != 0x7F && $0 != 0x3C && $0 != 0x3E && $0 != 0x2C && $0 != 0x3B },
               as: UTF8.self)
    }

    /// A message or content id without brackets, whitespace or controls.
    static func cleanID(_ id: String) -> String {
        String(decoding: id.utf8.filter { $0 > 0x20 && $0 != 0x7F && $0 != 0x3C && $0 != 0x3E }, as: UTF8.self)
    }

    private static func cleanContentType(_ type: String) -> String {
        let lower = MailBytes.lowercased(MailBytes.trimmed(String(type.prefix { $0 != ";" })))
        let bytes = Array(lower.utf8)
        let tspecials = Array("()<>@,;:\\\"/[]?=".utf8)
        guard let slash = bytes.firstIndex(of: 0x2F), slash > 0, slash < bytes.count - 1 else { return "application/octet-stream" }
        let valid = bytes.enumerated().allSatisfy { offset, byte in
            offset == slash || (byte > 0x20 && byte < 0x7F && !tspecials.contains(byte))
        }
        return valid ? lower : "application/octet-stream"
    }

    private static let transliteration: [Unicode.Scalar: String] = {
        let from = "ÁÀÂÄÃÅáàâäãåÉÈÊËéèêëÍÌÎÏíìîïÓÒÔÖÕØóòôöõøÚÙÛÜúùûüÑñÇçÝýÿ"
        let to = "AAAAAAaaaaaaEEEEeeeeIIIIiiiiOOOOOOooooooUUUUuuuuNnCcYyy"
        var table: [Unicode.Scalar: String] = [:]
        for (source, target) in zip(from.unicodeScalars, to.unicodeScalars) { table[source] = String(target) }
        table["ß"] = "ss"
        table["Æ"] = "AE"
        table["æ"] = "ae"
        table["€"] = "EUR"
        return table
    }()

    /// Printable ASCII rendering of a filename for `filename=` (accents
    /// dropped, other characters replaced by "_"), at most 60 bytes with the
    /// extension kept.
    static func asciiFallback(_ name: String) -> String {
        var out = ""
        for scalar in name.unicodeScalars {
            if scalar.isASCII && scalar.value >= 0x20 && scalar != "\"" && scalar != "\\" {
                out.unicodeScalars.append(scalar)
            } else if let replacement = transliteration[scalar] {
                out += replacement
            } else {
                out += "_"
            }
        }
        if out.utf8.count > 60 {
            let bytes = Array(out.utf8)
            var ext: [UInt8] = []
            if let dot = bytes.lastIndex(of: 0x2E), bytes.count - dot <= 10 { ext = Array(bytes[dot...]) }
            out = String(decoding: bytes.prefix(60 - ext.count) + ext, as: UTF8.self)
        }
        return out
    }

    /// RFC 2231 `filename*=UTF-8''…`, split into `filename*N*` sections of at
    /// most about 60 characters when long; never splits a "%XX" escape.
    static func extendedFilename(_ name: String) -> [String] {
        let safe = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$&+-.^_`|~".utf8)
        let hex = Array("0123456789ABCDEF".utf8)
        var pieces: [[UInt8]] = []
        for byte in name.utf8 {
            pieces.append(safe.contains(byte) ? [byte] : [0x25, hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
        }
        let encodedLength = pieces.reduce(0) { $0 + $1.count }
        if encodedLength <= 50 {
            return ["filename*=UTF-8''" + String(decoding: pieces.joined(), as: UTF8.self) + ";"]
        }
        var sections: [String] = []
        var current: [UInt8] = Array("UTF-8''".utf8)
        for piece in pieces {
            if current.count + piece.count > 56 {
                sections.append(String(decoding: current, as: UTF8.self))
                current = []
            }
            current.append(contentsOf: piece)
        }
        if !current.isEmpty { sections.append(String(decoding: current, as: UTF8.self)) }
        return sections.enumerated().map { "filename*\($0.offset)*=\($0.element);" }
    }
}
