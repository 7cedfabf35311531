import Core
import FuzzSupport

/// `MIMEParser.parse` on arbitrary bytes, checked against what `ParsedMail` and
/// `MailAttachment` document, and against `MailJSON` + `JSON.parse`: the JSON the
/// command line prints for the message must parse and carry the same values.
func fuzzMIME(_ raw: [UInt8]) {
    let mail = MIMEParser.parse(raw)

    for attachment in mail.attachments {
        let name = attachment.filename
        Fuzz.require(attachment.size == attachment.bytes.count, "attachment size \(attachment.size) != \(attachment.bytes.count)")
        Fuzz.require(attachment.sha256 == Hex.encode(SHA256.hash(attachment.bytes)), "attachment sha256 does not match its bytes")
        Fuzz.require(!name.isEmpty, "empty attachment filename")
        Fuzz.require(name != "." && name != "..", "attachment filename \(Fuzz.show(name))")
        Fuzz.require(!name.unicodeScalars.contains(where: isUnsafeInFilename),
                     "attachment filename \(Fuzz.show(name)) has a separator or an unsafe character")
        let type = attachment.contentType
        Fuzz.require(type.utf8.filter({ $0 == UInt8(ascii: "/") }).count == 1
                        && type.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: ";") && !($0 >= 0x41 && $0 <= 0x5A) }),
                     "attachment content type \(Fuzz.show(type)) is not a lower-case type/subtype")
        if let id = attachment.contentID {
            Fuzz.require(!id.isEmpty, "empty content id (should be nil)")
        }
    }
    Fuzz.require(!mail.text.utf8.contains(13), "text has a CR: \(Fuzz.show(mail.text))")
    Fuzz.require(!(mail.html?.utf8.contains(13) ?? false), "html has a CR")
    for id in [mail.messageID].compactMap({ $0 }) + mail.inReplyTo + mail.references {
        Fuzz.require(!id.utf8.contains(UInt8(ascii: "<")) && !id.utf8.contains(UInt8(ascii: ">")),
                     "message id \(Fuzz.show(id)) carries angle brackets")
    }
    Fuzz.require(mail.defects.count <= 200, "\(mail.defects.count) defects recorded")

    // `taquilla mail parse --json` must print JSON that our own parser reads back to the same values.
    let rendered = MailJSON.render(mail)
    let json: JSON
    do {
        json = try JSON.parse(Array(rendered.utf8))
    } catch {
        Fuzz.fail("MailJSON output does not parse: \(error)\n\(rendered.prefix(2000))")
    }
    Fuzz.require(json["subject"] == .string(mail.subject), "JSON subject differs")
    Fuzz.require(json["text"] == .string(mail.text), "JSON text differs")
    Fuzz.require(json["html"] == (mail.html.map(JSON.string) ?? .null), "JSON html differs")
    Fuzz.require(json["message_id"] == (mail.messageID.map(JSON.string) ?? .null), "JSON message_id differs")
    Fuzz.require(json["references"] == .array(mail.references.map(JSON.string)), "JSON references differ")
    Fuzz.require(json["to"]?.array?.count == mail.to.count, "JSON to differs")
    if let from = mail.from {
        Fuzz.require(json["from"]?["address"] == .string(from.address) && json["from"]?["name"] == .string(from.name),
                     "JSON from differs")
    }
    guard let attachments = json["attachments"]?.array, attachments.count == mail.attachments.count else {
        Fuzz.fail("JSON attachments differ in number")
    }
    for (value, attachment) in zip(attachments, mail.attachments) {
        Fuzz.require(value["name"] == .string(attachment.filename) && value["type"] == .string(attachment.contentType)
                        && value["size"] == .number(Double(attachment.size)) && value["sha256"] == .string(attachment.sha256)
                        && value["content_id"] == (attachment.contentID.map(JSON.string) ?? .null),
                     "JSON attachment differs for \(Fuzz.show(attachment.filename))")
    }
}

/// What `AttachmentFilename` promises never to leave in a name: path separators, control
/// characters (C0, DEL, C1) and bidirectional marks and overrides.
private func isUnsafeInFilename(_ scalar: Unicode.Scalar) -> Bool {
    let value = scalar.value
    return scalar == "/" || scalar == "\\" || value < 0x20 || (0x7F...0x9F).contains(value)
        || (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value) || value == 0x200E || value == 0x200F
}
