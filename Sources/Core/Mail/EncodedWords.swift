/// RFC 2047 encoded words (`=?charset?B|Q?text?=`): decoding for headers
/// (subjects, display names, and the non-standard but common use in
/// parameter values) and encoding for the builder.
///
/// Decoding edge cases:
/// - whitespace (including unfolded line breaks) between two adjacent encoded
///   words is dropped; whitespace between a word and plain text is kept;
/// - adjacent words in the same charset are joined as bytes before charset
///   decoding, so a multi-byte character split across two words survives;
/// - words are recognised even when not separated from surrounding text and
///   inside quoted strings, as real mail clients produce them;
/// - a word with whitespace in its text, an unknown encoding letter or no
///   closing `?=` is malformed and left exactly as it is;
/// - an RFC 2231 language suffix (`=?utf-8*es?Q?…?=`) is ignored;
/// - an unknown charset falls back to UTF-8 if valid else Windows-1252, with a
///   defect.
/// Recognition uses precomputed "next ?", "next whitespace" and "next ?="
/// tables, so even pathological input like `=?=?=?…` is decoded in linear time.
///
/// Encoding always uses UTF-8, picks Q when it is not longer than B, keeps
/// every word within the given length limit, and never splits a UTF-8
/// sequence between words.
enum EncodedWords {
    /// Decodes every encoded word in `text`, appending any defects.
    static func decode(_ text: String, defects: inout [String]) -> String {
        let bytes = Array(text.utf8)
        guard containsWordStart(bytes) else { return text }
        let scanner = Scanner(bytes)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var runCharset: String?
        var runBytes: [UInt8] = []
        var lastWasWord = false
        var gapStart = 0
        var index = 0

        func flushRun() {
            guard let charset = runCharset else { return }
            let decoded = Charsets.decode(runBytes, charset: charset)
            if let defect = decoded.defect { defects.append("encoded word: " + defect) }
            out.append(contentsOf: decoded.text.utf8)
            runCharset = nil
            runBytes.removeAll(keepingCapacity: true)
        }

        while index < bytes.count {
            if bytes[index] == 0x3D, let word = scanner.word(at: index) {
                let payload = bytes[word.textStart..<word.textEnd]
                let decoded = word.isBase64 ? LenientBase64.decode(payload) : decodeQ(payload)
                if let current = runCharset, current == word.charset {
                    runBytes.append(contentsOf: decoded)
                } else {
                    flushRun()
                    runCharset = word.charset
                    runBytes = decoded
                }
                index = word.end
                lastWasWord = true
                gapStart = index
                continue
            }
            if lastWasWord {
                if MailBytes.isWhitespace(bytes[index]) {
                    index += 1
                    continue
                }
                flushRun()
                out.append(contentsOf: bytes[gapStart..<index])
                lastWasWord = false
            }
            out.append(bytes[index])
            index += 1
        }
        flushRun()
        if lastWasWord { out.append(contentsOf: bytes[gapStart..<bytes.count]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes, discarding defects.
    static func decode(_ text: String) -> String {
        var defects: [String] = []
        return decode(text, defects: &defects)
    }

    private static func containsWordStart(_ bytes: [UInt8]) -> Bool {
        var index = 0
        while index + 1 < bytes.count {
            if bytes[index] == 0x3D && bytes[index + 1] == 0x3F { return true }
            index += 1
        }
        return false
    }

    /// The "Q" encoding: "_" is a space, "=XX" a byte, anything else literal
    /// (including an "=" that starts no valid escape).
    static func decodeQ(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == 0x5F {
                out.append(0x20)
            } else if byte == 0x3D, index + 2 < bytes.endIndex,
                      let high = MailBytes.hexValue(bytes[index + 1]), let low = MailBytes.hexValue(bytes[index + 2]) {
                out.append(high << 4 | low)
                index += 3
                continue
            } else {
                out.append(byte)
            }
            index += 1
        }
        return out
    }

    /// One recognised encoded word.
    struct Word {
        let end: Int
        let charset: String
        let isBase64: Bool
        let textStart: Int
        let textEnd: Int
    }

    /// Recognises encoded words in O(1) per position after a linear set-up.
    struct Scanner {
        private let bytes: [UInt8]
        private var nextQuestion: [Int]
        private var nextWhitespace: [Int]
        private var nextTerminator: [Int]

        init(_ bytes: [UInt8]) {
            self.bytes = bytes
            let count = bytes.count
            nextQuestion = [Int](repeating: count, count: count + 1)
            nextWhitespace = [Int](repeating: count, count: count + 1)
            nextTerminator = [Int](repeating: count, count: count + 1)
            var index = count - 1
            while index >= 0 {
                let byte = bytes[index]
                nextQuestion[index] = byte == 0x3F ? index : nextQuestion[index + 1]
                nextWhitespace[index] = MailBytes.isWhitespace(byte) ? index : nextWhitespace[index + 1]
                nextTerminator[index] = byte == 0x3F && index + 1 < count && bytes[index + 1] == 0x3D
                    ? index : nextTerminator[index + 1]
                index -= 1
            }
        }

        /// The encoded word starting at `start`, if there is a well-formed one.
        func word(at start: Int) -> Word? {
            let count = bytes.count
            guard start + 1 < count, bytes[start] == 0x3D, bytes[start + 1] == 0x3F else { return nil }
            let charsetStart = start + 2
            let charsetEnd = nextQuestion[charsetStart]
            guard charsetEnd < count, charsetEnd > charsetStart, charsetEnd - charsetStart <= 64,
                  nextWhitespace[charsetStart] > charsetEnd else { return nil }
            guard charsetEnd + 2 < count, bytes[charsetEnd + 2] == 0x3F else { return nil }
            let letter = MailBytes.lower(bytes[charsetEnd + 1])
            guard letter == 0x62 || letter == 0x71 else { return nil }
            let textStart = charsetEnd + 3
            let textEnd = nextTerminator[textStart]
            guard textEnd < count, nextWhitespace[textStart] >= textEnd else { return nil }
            var charsetBytes = bytes[charsetStart..<charsetEnd].map(MailBytes.lower)
            if let star = charsetBytes.firstIndex(of: 0x2A) { charsetBytes.removeSubrange(star...) }
            return Word(
                end: textEnd + 2,
                charset: String(decoding: charsetBytes, as: UTF8.self),
                isBase64: letter == 0x62,
                textStart: textStart,
                textEnd: textEnd)
        }
    }

    // MARK: - Encoding

    private static let qSafe: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        for byte in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!*+-/".utf8 {
            table[Int(byte)] = true
        }
        return table
    }()

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    /// Encodes `text` as UTF-8 encoded words. The first word is at most
    /// `firstLimit` characters long and the others at most `limit` (both are
    /// raised to 24, the room one 4-byte character needs in either encoding).
    /// Returns no words for empty text.
    static func encode(_ text: String, firstLimit: Int = 75, limit: Int = 75) -> [String] {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else { return [] }
        let qLength = bytes.reduce(0) { $0 + (qSafe[Int($1)] || $1 == 0x20 ? 1 : 3) }
        let bLength = (bytes.count + 2) / 3 * 4
        let useQ = qLength <= bLength
        let prefix = useQ ? "=?UTF-8?Q?" : "=?UTF-8?B?"
        let overhead = prefix.utf8.count + 2
        var words: [String] = []
        var current: [UInt8] = []
        var currentLength = 0 // encoded length of `current`

        func encodedLength(adding scalarBytes: Int, qCost: Int) -> Int {
            useQ ? currentLength + qCost : (current.count + scalarBytes + 2) / 3 * 4
        }
        func flush() {
            guard !current.isEmpty else { return }
            let payload: [UInt8]
            if useQ {
                var encoded: [UInt8] = []
                for byte in current {
                    if byte == 0x20 {
                        encoded.append(0x5F)
                    } else if qSafe[Int(byte)] {
                        encoded.append(byte)
                    } else {
                        encoded.append(contentsOf: [0x3D, hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0F)]])
                    }
                }
                payload = encoded
            } else {
                payload = Array(Base64.encode(current).utf8)
            }
            words.append(prefix + String(decoding: payload, as: UTF8.self) + "?=")
            current.removeAll(keepingCapacity: true)
            currentLength = 0
        }

        var index = 0
        while index < bytes.count {
            var length = Charsets.validSequenceLength(bytes, at: index)
            if length == 0 { length = 1 }
            let scalar = bytes[index..<min(index + length, bytes.count)]
            let qCost = scalar.reduce(0) { $0 + (qSafe[Int($1)] || $1 == 0x20 ? 1 : 3) }
            let wordLimit = max(24, words.isEmpty ? firstLimit : limit) - overhead
            if !current.isEmpty && encodedLength(adding: scalar.count, qCost: qCost) > wordLimit {
                flush()
            }
            current.append(contentsOf: scalar)
            currentLength += qCost
            index += length
        }
        flush()
        return words
    }
}
