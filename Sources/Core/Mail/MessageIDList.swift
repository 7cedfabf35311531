/// Message identifiers in Message-ID, In-Reply-To and References headers
/// (RFC 5322 §3.6.4), returned without angle brackets.
///
/// Edge cases: whitespace inside brackets (folded ids) is removed; comments
/// and phrases outside brackets are ignored ("<id> (John's message)");
/// empty "<>" is skipped; a missing ">" ends the id at the next whitespace;
/// when a header has no "<" outside comments (some old mailers, or a
/// comment left open), every word containing "@" is taken, words being
/// separated by whitespace, commas and angle brackets. Order and duplicates
/// are kept as written. Linear in the header length.
enum MessageIDList {
    static func parse(_ raw: String) -> [String] {
        let bytes = Array(raw.utf8)
        var ids: [String] = []
        var index = 0
        var sawBracket = false
        var depth = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x28 { depth += 1; index += 1; continue }
            if byte == 0x29 { depth = max(0, depth - 1); index += 1; continue }
            if depth > 0 || byte != 0x3C { index += 1; continue }
            sawBracket = true
            index += 1
            var id: [UInt8] = []
            while index < bytes.count && bytes[index] != 0x3E && bytes[index] != 0x3C {
                if !MailBytes.isWhitespace(bytes[index]) { id.append(bytes[index]) }
                index += 1
            }
            if index < bytes.count && bytes[index] == 0x3E { index += 1 }
            if !id.isEmpty { ids.append(String(decoding: id, as: UTF8.self)) }
        }
        if !sawBracket {
            var word: [UInt8] = []
            func flush() {
                if word.contains(0x40) { ids.append(String(decoding: word, as: UTF8.self)) }
                word.removeAll(keepingCapacity: true)
            }
            for byte in bytes {
                if MailBytes.isWhitespace(byte) || byte == 0x2C || byte == 0x3C || byte == 0x3E {
                    flush()
                } else {
                    word.append(byte)
                }
            }
            flush()
        }
        return ids
    }

    /// The first id, or nil.
    static func first(_ raw: String) -> String? {
        parse(raw).first
    }
}
