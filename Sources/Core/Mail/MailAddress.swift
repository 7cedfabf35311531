/// A mailbox: a display name (decoded, possibly empty) and an address.
///
/// Used both for parsed messages and as input to `MIMEBuilder`. Edge cases:
/// the name is empty when the header gave none (it is never filled with the
/// address); the address is kept as written, without case folding.
public struct MailAddress: Sendable, Hashable {
    public var name: String
    public var address: String

    public init(name: String = "", address: String) {
        self.name = name
        self.address = address
    }
}

/// Parses address-list headers (From, To, Cc, Reply-To…) leniently.
///
/// Edge cases: quoted display names with escapes and commas; encoded words in
/// display names, quoted or not (a comma inside an encoded word does not split
/// the list); comments, used as the name for `addr (Name)`; groups
/// (`Team: a@x, b@y;` and `undisclosed-recipients:;`), whose names are
/// dropped; obsolete source routes (`<@relay:user@host>`); a missing closing
/// `>`; whitespace inside bare addresses (`john @ example.com`). Entries
/// without any address, or free text with several words and no "@", are
/// skipped with a defect. Linear in the header length.
enum AddressListParser {
    static func parse(_ raw: String, defects: inout [String]) -> [MailAddress] {
        let bytes = Array(raw.utf8)
        let scanner: EncodedWords.Scanner? = raw.contains("=?") ? EncodedWords.Scanner(bytes) : nil
        var result: [MailAddress] = []
        var phrase: [UInt8] = []
        var bare: [UInt8] = []
        var angle: [UInt8]?
        var comment: [UInt8]?
        var index = 0

        func finish() {
            defer {
                phrase.removeAll(keepingCapacity: true)
                bare.removeAll(keepingCapacity: true)
                angle = nil
                comment = nil
            }
            if let angle {
                var address = Array(angle.filter { !MailBytes.isWhitespace($0) })
                if address.first == 0x40, let colon = address.lastIndex(of: 0x3A) {
                    address = Array(address[(colon + 1)...])
                }
                guard !address.isEmpty else { return }
                var name = cleanName(phrase, defects: &defects)
                if name.isEmpty, let comment { name = cleanName(comment, defects: &defects) }
                result.append(MailAddress(name: name, address: String(decoding: address, as: UTF8.self)))
                return
            }
            guard !bare.isEmpty else {
                if !MailBytes.trimmedRange(phrase, 0..<phrase.count).isEmpty {
                    defects.append("address list entry without an address")
                }
                return
            }
            if !bare.contains(0x40) {
                let words = MailBytes.trimmedRange(phrase, 0..<phrase.count)
                if phrase[words].contains(where: MailBytes.isBlank) {
                    defects.append("address list entry without an address")
                    return
                }
            }
            let name = comment.map { cleanName($0, defects: &defects) } ?? ""
            result.append(MailAddress(name: name, address: String(decoding: bare, as: UTF8.self)))
        }

        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case 0x22: // quoted string
                index += 1
                bare.append(0x22)
                while index < bytes.count && bytes[index] != 0x22 {
                    if bytes[index] == 0x5C && index + 1 < bytes.count { index += 1 }
                    phrase.append(bytes[index])
                    bare.append(bytes[index])
                    index += 1
                }
                bare.append(0x22)
                index += 1
            case 0x28: // comment, possibly nested
                var depth = 1
                var text: [UInt8] = []
                index += 1
                while index < bytes.count {
                    let inner = bytes[index]
                    if inner == 0x5C && index + 1 < bytes.count {
                        text.append(bytes[index + 1])
                        index += 2
                        continue
                    }
                    if inner == 0x28 { depth += 1 }
                    if inner == 0x29 {
                        depth -= 1
                        if depth == 0 { index += 1; break }
                    }
                    text.append(inner)
                    index += 1
                }
                if comment == nil { comment = text }
                // A comment separates words.
                phrase.append(0x20)
            case 0x3C: // angle address
                var content: [UInt8] = []
                index += 1
                while index < bytes.count && bytes[index] != 0x3E {
                    content.append(bytes[index])
                    index += 1
                }
                index += 1
                if angle == nil { angle = content }
            case 0x2C, 0x3B: // "," or ";" end an entry
                finish()
                index += 1
            case 0x3A: // group name (only before any angle address)
                if angle == nil && !bare.contains(0x40) {
                    phrase.removeAll(keepingCapacity: true)
                    bare.removeAll(keepingCapacity: true)
                    comment = nil
                } else {
                    phrase.append(byte)
                    bare.append(byte)
                }
                index += 1
            case 0x5B: // domain literal
                while index < bytes.count && bytes[index] != 0x5D {
                    phrase.append(bytes[index])
                    if !MailBytes.isWhitespace(bytes[index]) { bare.append(bytes[index]) }
                    index += 1
                }
                if index < bytes.count {
                    phrase.append(0x5D)
                    bare.append(0x5D)
                    index += 1
                }
            case 0x3D:
                if let scanner, let word = scanner.word(at: index) {
                    phrase.append(contentsOf: bytes[index..<word.end])
                    bare.append(contentsOf: bytes[index..<word.end])
                    index = word.end
                } else {
                    phrase.append(byte)
                    bare.append(byte)
                    index += 1
                }
            default:
                phrase.append(byte)
                if !MailBytes.isWhitespace(byte) { bare.append(byte) }
                index += 1
            }
        }
        finish()
        return result
    }

    /// Decodes encoded words and collapses whitespace in a display name.
    private static func cleanName(_ bytes: [UInt8], defects: inout [String]) -> String {
        var collapsed: [UInt8] = []
        collapsed.reserveCapacity(bytes.count)
        var pendingSpace = false
        for byte in bytes {
            if MailBytes.isWhitespace(byte) {
                pendingSpace = !collapsed.isEmpty
                continue
            }
            if pendingSpace { collapsed.append(0x20) }
            pendingSpace = false
            collapsed.append(byte)
        }
        let text = String(decoding: collapsed, as: UTF8.self)
        return text.contains("=?") ? MailBytes.trimmed(EncodedWords.decode(text, defects: &defects)) : text
    }
}
