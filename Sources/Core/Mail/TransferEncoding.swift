/// Content-Transfer-Encoding (RFC 2045 §6): recognising the header value and
/// decoding/encoding bodies.
///
/// Edge cases: the header value is matched loosely, ignoring case and any
/// punctuation or spaces, so "7-bit", "8bits", "Quoted printable",
/// "quoted_printable" and "base-64" are understood; "plain", "text", "none" and
/// an empty value mean 7bit; an unknown value (including x-uuencode, which is
/// not decoded) is treated as 8bit with a defect. Decoding never fails:
/// base64 skips any character outside the alphabet and tolerates missing or
/// early padding (each "=" ends a quantum, so concatenated base64 chunks
/// decode too); quoted-printable handles soft breaks (also with trailing
/// blanks after the "="), hex digits in either case, and keeps invalid
/// escapes literally.
enum TransferEncoding: Equatable, Sendable {
    case sevenBit, eightBit, binary, base64, quotedPrintable

    /// Interprets a Content-Transfer-Encoding header value (nil = absent → 7bit).
    static func from(header value: String?) -> (encoding: TransferEncoding, defect: String?) {
        guard let value else { return (.sevenBit, nil) }
        var letters: [UInt8] = []
        for byte in value.utf8 {
            let lower = MailBytes.lower(byte)
            if (0x61...0x7A).contains(lower) || (0x30...0x39).contains(lower) { letters.append(lower) }
            if byte == 0x3B || byte == 0x28 { break } // ";" or comment: ignore the rest
        }
        switch String(decoding: letters, as: UTF8.self) {
        case "7bit", "7bits", "": return (.sevenBit, nil)
        case "plain", "text", "none", "ascii", "usascii": return (.sevenBit, nil)
        case "8bit", "8bits", "utf8": return (.eightBit, nil)
        case "binary": return (.binary, nil)
        case "base64", "b64", "base": return (.base64, nil)
        case "quotedprintable", "qp", "quoted", "quotedprint": return (.quotedPrintable, nil)
        default: return (.eightBit, "unknown Content-Transfer-Encoding \"\(MailBytes.trimmed(value))\", read as 8bit")
        }
    }

    /// Decodes a body; 7bit, 8bit and binary are returned as they are.
    func decode(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        switch self {
        case .base64: LenientBase64.decode(bytes)
        case .quotedPrintable: QuotedPrintable.decode(bytes)
        case .sevenBit, .eightBit, .binary: Array(bytes)
        }
    }
}

/// Forgiving base64 decoding for mail bodies and encoded words.
///
/// Edge cases: characters outside the standard and URL-safe alphabets are
/// skipped (line breaks, spaces, garbage); "=" completes the current quantum
/// and discards its leftover bits, so missing padding, extra padding and
/// several padded chunks in a row all decode; a dangling single character
/// contributes nothing.
enum LenientBase64 {
    private static let table: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (value, character) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            table[Int(character)] = UInt8(value)
        }
        table[Int(UInt8(ascii: "-"))] = 62
        table[Int(UInt8(ascii: "_"))] = 63
        return table
    }()

    static func decode(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.underestimatedCount / 4 * 3 + 3)
        var accumulator: UInt32 = 0
        var bits = 0
        for byte in bytes {
            if byte == 0x3D { // "="
                accumulator = 0
                bits = 0
                continue
            }
            let value = table[Int(byte)]
            if value == 0xFF { continue }
            accumulator = (accumulator << 6 | UInt32(value)) & 0xFFFFFF
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
            }
        }
        return out
    }
}

/// Quoted-printable (RFC 2045 §6.7) for bodies, and the "Q" variant of
/// RFC 2047 encoded words.
///
/// Decoding edge cases: "=" before a line break (CRLF or LF, optionally with
/// blanks between) is a soft break; "=XX" accepts either case; an "=" not
/// followed by two hex digits is kept as it is; blanks at the end of a line
/// are transport padding and removed; original line breaks are kept as they
/// were (CRLF stays CRLF, LF stays LF). Encoding produces CRLF lines of at
/// most 76 characters, never splitting an escape, and escapes trailing
/// blanks, "=", control bytes, bytes ≥ 0x80, and a leading "." or "From " so
/// the text survives SMTP and mbox handling unchanged.
enum QuotedPrintable {
    static func decode(_ bytes: some Collection<UInt8>) -> [UInt8] {
        let input = Array(bytes)
        var out: [UInt8] = []
        out.reserveCapacity(input.count)
        var lineStart = 0
        let count = input.count
        while lineStart < count {
            // Find the end of this line.
            var lineEnd = lineStart
            while lineEnd < count && input[lineEnd] != MailBytes.lf { lineEnd += 1 }
            let hasLF = lineEnd < count
            var contentEnd = lineEnd
            let hadCR = hasLF && contentEnd > lineStart && input[contentEnd - 1] == MailBytes.cr
            if hadCR { contentEnd -= 1 }
            // Strip transport padding.
            while contentEnd > lineStart && MailBytes.isBlank(input[contentEnd - 1]) { contentEnd -= 1 }
            var soft = false
            var index = lineStart
            while index < contentEnd {
                let byte = input[index]
                if byte == 0x3D {
                    if index + 1 == contentEnd {
                        soft = true
                        index += 1
                        continue
                    }
                    if index + 2 < contentEnd,
                       let high = MailBytes.hexValue(input[index + 1]),
                       let low = MailBytes.hexValue(input[index + 2]) {
                        out.append(high << 4 | low)
                        index += 3
                        continue
                    }
                    out.append(byte)
                    index += 1
                    continue
                }
                out.append(byte)
                index += 1
            }
            if hasLF && !soft {
                if hadCR { out.append(MailBytes.cr) }
                out.append(MailBytes.lf)
            }
            lineStart = hasLF ? lineEnd + 1 : count
        }
        return out
    }

    /// Encodes a body for Content-Transfer-Encoding: quoted-printable. Line
    /// breaks in `bytes` (CRLF, LF or CR) become CRLF hard breaks. When
    /// `softBreakAtEnd` is set and the text does not end with a line break, a
    /// final soft break is added so a trailing CRLF added by the transport
    /// does not change the decoded text.
    static func encode(_ bytes: [UInt8], softBreakAtEnd: Bool = false) -> [UInt8] {
        let normalized = MailBytes.normalizingNewlines(bytes)
        var out: [UInt8] = []
        out.reserveCapacity(normalized.count + normalized.count / 8 + 8)
        let hex = Array("0123456789ABCDEF".utf8)
        var lineLength = 0
        var index = 0
        var atLineStart = true
        func escape(_ byte: UInt8) -> [UInt8] { [0x3D, hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]] }
        while index < normalized.count {
            let byte = normalized[index]
            if byte == MailBytes.lf {
                out.append(contentsOf: MailBytes.crlf)
                lineLength = 0
                atLineStart = true
                index += 1
                continue
            }
            let nextIsBreak = index + 1 == normalized.count || normalized[index + 1] == MailBytes.lf
            var piece: [UInt8]
            if byte == 0x3D || byte >= 0x7F || (byte < 0x20 && byte != MailBytes.tab) {
                piece = escape(byte)
            } else if MailBytes.isBlank(byte) && nextIsBreak {
                piece = escape(byte)
            } else if atLineStart && byte == 0x2E {
                piece = escape(byte)
            } else if atLineStart && byte == 0x46 && MailBytes.hasPrefix(normalized, at: index, limit: normalized.count, Array("From ".utf8)) {
                piece = escape(byte)
            } else {
                piece = [byte]
            }
            // Keep room for a soft break "=" unless this is the last piece of the line.
            let limit = nextIsBreak ? 76 : 75
            if lineLength + piece.count > limit {
                out.append(0x3D)
                out.append(contentsOf: MailBytes.crlf)
                lineLength = 0
                if piece == [0x2E] || (byte == 0x46 && MailBytes.hasPrefix(normalized, at: index, limit: normalized.count, Array("From ".utf8))) {
                    piece = escape(byte)
                }
            }
            out.append(contentsOf: piece)
            lineLength += piece.count
            atLineStart = false
            index += 1
        }
        if softBreakAtEnd, let last = normalized.last, last != MailBytes.lf {
            out.append(0x3D)
            out.append(contentsOf: MailBytes.crlf)
        }
        return out
    }
}
