/// JSON rendering of a parsed message for `taquilla mail parse FILE --json`.
///
/// Keys, always present and in this order: from, to, cc, subject, date,
/// message_id, in_reply_to, references, text, html, attachments (each with
/// name, type, size, sha256, content_id). Absent values are `null` (from,
/// date, message_id, html, content_id); dates are ISO 8601 UTC
/// ("2013-06-16T15:50:12Z"). Strings are escaped per RFC 8259: quote and
/// backslash, "\n", "\r", "\t", and every other control character as
/// "\u00XX"; everything else is emitted as UTF-8.
public enum MailJSON {
    public static func render(_ mail: ParsedMail) -> String {
        var out = "{\n"
        out += "  \"from\": \(mail.from.map(address) ?? "null"),\n"
        out += "  \"to\": \(addresses(mail.to)),\n"
        out += "  \"cc\": \(addresses(mail.cc)),\n"
        out += "  \"subject\": \(string(mail.subject)),\n"
        out += "  \"date\": \(mail.date.map { string(MailDate.iso8601($0)) } ?? "null"),\n"
        out += "  \"message_id\": \(mail.messageID.map(string) ?? "null"),\n"
        out += "  \"in_reply_to\": \(strings(mail.inReplyTo)),\n"
        out += "  \"references\": \(strings(mail.references)),\n"
        out += "  \"text\": \(string(mail.text)),\n"
        out += "  \"html\": \(mail.html.map(string) ?? "null"),\n"
        if mail.attachments.isEmpty {
            out += "  \"attachments\": []\n"
        } else {
            out += "  \"attachments\": [\n"
            for (index, attachment) in mail.attachments.enumerated() {
                out += "    {\"name\": \(string(attachment.filename)), \"type\": \(string(attachment.contentType)), "
                out += "\"size\": \(attachment.size), \"sha256\": \(string(attachment.sha256)), "
                out += "\"content_id\": \(attachment.contentID.map(string) ?? "null")}"
                out += index + 1 < mail.attachments.count ? ",\n" : "\n"
            }
            out += "  ]\n"
        }
        out += "}\n"
        return out
    }

    private static func address(_ address: MailAddress) -> String {
        "{\"name\": \(string(address.name)), \"address\": \(string(address.address))}"
    }

    private static func addresses(_ list: [MailAddress]) -> String {
        "[" + list.map(address).joined(separator: ", ") + "]"
    }

    private static func strings(_ list: [String]) -> String {
        "[" + list.map(string).joined(separator: ", ") + "]"
    }

    /// A JSON string literal.
    static func string(_ text: String) -> String {
        let hex = Array("0123456789abcdef".utf8)
        var out: [UInt8] = [0x22]
        out.reserveCapacity(text.utf8.count + 2)
        for byte in text.utf8 {
            switch byte {
            case 0x22: out.append(contentsOf: [0x5C, 0x22])
            case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: out.append(contentsOf: [0x5C, 0x6E])
            case 0x0D: out.append(contentsOf: [0x5C, 0x72])
            case 0x09: out.append(contentsOf: [0x5C, 0x74])
            case 0x00..<0x20:
                out.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
            default: out.append(byte)
            }
        }
        out.append(0x22)
        return String(decoding: out, as: UTF8.self)
    }
}
