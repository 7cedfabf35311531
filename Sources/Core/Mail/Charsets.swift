import Glibc

/// Turns bytes in a declared charset into text.
///
/// UTF-8, US-ASCII, ISO-8859-1, ISO-8859-15 and Windows-1252 are decoded by
/// hand-written tables (the fast path, no iconv); every other label goes
/// through glibc's iconv after alias resolution, preferring the supersets
/// that mail clients really emit (`gb2312` → GB18030, `ks_c_5601-1987` and
/// `euc-kr` → CP949, `shift_jis` → CP932, `big5` → BIG5 then BIG5-HKSCS).
///
/// Edge cases:
/// - a missing or empty label means US-ASCII;
/// - ISO-8859-1 bytes 0x80–0x9F are read as Windows-1252, as browsers do,
///   because "Latin-1" mail containing them is Windows-1252 in practice;
/// - 8-bit bytes in "US-ASCII" text are tolerated: UTF-8 if the whole text is
///   valid UTF-8, else Windows-1252 (with a defect);
/// - declared UTF-8 with invalid sequences keeps every valid sequence and
///   reads each stray byte as Windows-1252 (with a defect);
/// - an unknown label, or any iconv conversion error, falls back to UTF-8 if
///   the bytes are valid UTF-8, else Windows-1252, with a defect;
/// - a leading byte-order mark is removed.
/// Text is never dropped, and every path is linear in the input size.
enum Charsets {
    /// How a label is decoded.
    enum Decoder: Equatable, Sendable {
        case utf8, ascii, latin1, latin9, windows1252
        /// iconv names to try in order.
        case iconv([String])
    }

    /// Result of a decode: the text and, when something was recovered from, why.
    struct Decoded: Sendable {
        var text: String
        var defect: String?
    }

    /// Decodes `bytes` labelled `label` (nil = none given).
    static func decode(_ bytes: [UInt8], charset label: String?) -> Decoded {
        let cleaned = normalizedLabel(label ?? "")
        guard let decoder = decoder(forNormalized: cleaned) else {
            if bytes.allSatisfy({ $0 < 0x80 }) {
                return Decoded(text: stripBOM(String(decoding: bytes, as: UTF8.self)), defect: nil)
            }
            return Decoded(text: stripBOM(utf8OrWindows1252(bytes)), defect: "unknown charset \"\(cleaned)\"")
        }
        switch decoder {
        case .utf8:
            if let text = String(validating: bytes, as: UTF8.self) {
                return Decoded(text: stripBOM(text), defect: nil)
            }
            return Decoded(text: stripBOM(lenientUTF8(bytes)), defect: "invalid UTF-8 in text declared UTF-8")
        case .ascii:
            if bytes.allSatisfy({ $0 < 0x80 }) {
                return Decoded(text: String(decoding: bytes, as: UTF8.self), defect: nil)
            }
            return Decoded(text: stripBOM(utf8OrWindows1252(bytes)), defect: "8-bit data in text declared US-ASCII")
        case .latin1, .windows1252:
            return Decoded(text: windows1252(bytes), defect: nil)
        case .latin9:
            return Decoded(text: latin9(bytes), defect: nil)
        case .iconv(let names):
            if names.allSatisfy(isASCIICompatible) && bytes.allSatisfy({ $0 < 0x80 && $0 != 0x1B }) {
                // Pure ASCII without escape sequences reads the same in every
                // ASCII-compatible charset; skip iconv.
                return Decoded(text: String(decoding: bytes, as: UTF8.self), defect: nil)
            }
            for name in names {
                let result = name == iso2022JPWithExtensions
                    ? iconvDecode(iso2022JPToEUCJP(bytes), from: "EUC-JP-MS")
                    : iconvDecode(bytes, from: name)
                switch result {
                case .converted(let text):
                    return Decoded(text: stripBOM(text), defect: nil)
                case .unavailable, .failed:
                    continue
                }
            }
            let why = names.contains(where: iconvAvailable) ? "cannot convert text from charset \"\(cleaned)\"" : "unsupported charset \"\(cleaned)\""
            return Decoded(text: stripBOM(utf8OrWindows1252(bytes)), defect: why)
        }
    }

    /// UTF-8 if the bytes are valid UTF-8, else Windows-1252.
    static func utf8OrWindows1252(_ bytes: [UInt8]) -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        return windows1252(bytes)
    }

    /// Lower-cased label without surrounding whitespace and quotes.
    static func normalizedLabel(_ label: String) -> String {
        var bytes = Array(label.utf8).map(MailBytes.lower)
        while let first = bytes.first, MailBytes.isWhitespace(first) || first == 0x22 || first == 0x27 { bytes.removeFirst() }
        while let last = bytes.last, MailBytes.isWhitespace(last) || last == 0x22 || last == 0x27 { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The decoder for a label, or nil when the label names no charset we can use.
    static func decoder(for label: String) -> Decoder? {
        decoder(forNormalized: normalizedLabel(label))
    }

    private static func decoder(forNormalized label: String) -> Decoder? {
        switch label {
        case "utf-8", "utf8", "unicode-1-1-utf-8", "unicode-2-0-utf-8", "x-unicode20utf8", "unicode20utf8", "utf-8-bom":
            return .utf8
        case "", "us-ascii", "ascii", "us", "ansi_x3.4-1968", "ansi_x3.4-1986", "iso-ir-6", "iso646-us",
             "iso_646.irv:1991", "cp367", "ibm367", "csascii", "646", "x-ascii", "iso-646-us":
            return .ascii
        case "iso-8859-1", "iso8859-1", "iso_8859-1", "iso88591", "iso_8859-1:1987", "8859-1", "latin1", "latin-1",
             "l1", "iso-ir-100", "ibm819", "cp819", "csisolatin1", "iso8859_1", "iso-latin-1":
            return .latin1
        case "iso-8859-15", "iso8859-15", "iso_8859-15", "iso885915", "8859-15", "latin9", "latin-9", "l9",
             "latin0", "csisolatin9", "iso8859_15", "iso_8859-15:1998":
            return .latin9
        case "windows-1252", "cp1252", "x-cp1252", "win-1252", "windows1252", "ms-ansi", "cp-1252", "win1252":
            return .windows1252
        case "gb2312", "csgb2312", "euc-cn", "euccn", "x-euc-cn", "gbk", "x-gbk", "cp936", "ms936", "windows-936",
             "chinese", "gb_2312-80", "gb_2312", "iso-ir-58", "gb18030", "csgb231280", "x-gb2312":
            return .iconv(["GB18030"])
        case "big5", "csbig5", "x-x-big5", "cn-big5", "x-big5", "big-5", "big5-hkscs", "cp950", "ms950":
            return .iconv(["BIG5", "BIG5-HKSCS", "CP950"])
        case "ks_c_5601-1987", "ks_c_5601", "ks_c_5601-1989", "ksc5601", "ksc_5601", "euc-kr", "euckr", "cseuckr",
             "korean", "windows-949", "cp949", "iso-ir-149", "csksc56011987", "x-euc-kr", "uhc":
            return .iconv(["CP949", "EUC-KR"])
        case "shift_jis", "shift-jis", "sjis", "x-sjis", "ms_kanji", "csshiftjis", "windows-31j", "cp932", "ms932",
             "x-ms-cp932", "shiftjis":
            return .iconv(["CP932", "SHIFT_JIS"])
        case "iso-2022-jp", "csiso2022jp", "iso2022jp", "iso-2022-jp-1", "iso-2022-jp-2", "iso-2022-jp-3":
            return .iconv(["ISO-2022-JP", "ISO-2022-JP-2", "ISO-2022-JP-3", iso2022JPWithExtensions])
        case "euc-jp", "eucjp", "x-euc-jp", "cseucpkdfmtjapanese", "x-euc":
            return .iconv(["EUC-JP", "EUC-JP-MS"])
        case "koi8-r", "koi8r", "cskoi8r", "koi", "koi8":
            return .iconv(["KOI8-R"])
        case "koi8-u", "koi8u", "koi8-ru":
            return .iconv(["KOI8-U", "KOI8-RU"])
        case "x-mac-cyrillic", "mac-cyrillic", "maccyrillic", "x-mac-ukrainian", "mac-ukrainian":
            return .iconv(["MAC-CYRILLIC", "MACUKRAINIAN"])
        case "macintosh", "mac", "x-mac-roman", "macroman", "csmacintosh":
            return .iconv(["MACINTOSH"])
        case "x-mac-ce", "x-mac-centraleurroman", "mac-centraleurope":
            return .iconv(["MAC-CENTRALEUROPE"])
        case "utf-7", "unicode-1-1-utf-7", "x-unicode-2-0-utf-7", "csunicode11utf7":
            return .iconv(["UTF-7"])
        case "tis-620", "tis620", "windows-874", "cp874", "iso-8859-11", "x-windows-874", "dos-874":
            return .iconv(["CP874", "TIS-620"])
        case "x-user-defined", "unknown-8bit", "unknown", "x-unknown", "default", "charset", "8bit", "none", "binary":
            return nil
        default:
            break
        }
        if let isoName = isoName(label) {
            if isoName == "ISO-8859-1" { return .latin1 }
            if isoName == "ISO-8859-15" { return .latin9 }
            return .iconv([isoName])
        }
        if let windowsName = windowsName(label) { return .iconv([windowsName]) }
        if label.hasPrefix("latin"), let number = Int(label.dropFirst(5).filter { $0 != "-" }) {
            let parts = [2: "2", 3: "3", 4: "4", 5: "9", 6: "10", 7: "13", 8: "14", 10: "16"]
            if let part = parts[number] { return .iconv(["ISO-8859-" + part]) }
        }
        // Anything else: pass a sanitised upper-cased label to iconv.
        let allowed = label.utf8.allSatisfy { byte in
            (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte) || byte == 0x2D || byte == 0x5F
                || byte == 0x2E || byte == 0x3A
        }
        guard allowed, !label.isEmpty, label.utf8.count <= 40 else { return nil }
        let upper = String(decoding: label.utf8.map { (0x61...0x7A).contains($0) ? $0 - 0x20 : $0 }, as: UTF8.self)
        var names = [upper]
        if upper.hasPrefix("X-") { names.append(String(upper.dropFirst(2))) }
        return .iconv(names)
    }

    /// "iso-8859-2", "iso8859_2", "iso_8859-8-i", "8859-5"… → "ISO-8859-N".
    private static func isoName(_ label: String) -> String? {
        var rest = Substring(label)
        if rest.hasPrefix("iso") { rest = rest.dropFirst(3) }
        while let first = rest.first, first == "-" || first == "_" || first == " " { rest = rest.dropFirst() }
        guard rest.hasPrefix("8859") else { return nil }
        rest = rest.dropFirst(4)
        while let first = rest.first, first == "-" || first == "_" { rest = rest.dropFirst() }
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        guard let number = Int(digits), (1...16).contains(number), number != 12 else { return nil }
        return "ISO-8859-\(number)"
    }

    /// "windows-1251", "cp1250", "x-cp1253", "win-1257" → "CP125N".
    private static func windowsName(_ label: String) -> String? {
        for prefix in ["windows-", "windows", "x-cp", "cp-", "cp", "win-", "win", "ms-"] where label.hasPrefix(prefix) {
            let digits = label.dropFirst(prefix.count)
            if let number = Int(digits), (1250...1258).contains(number) { return "CP\(number)" }
        }
        return nil
    }

    /// Charsets in which bytes below 0x80 always mean ASCII characters (so
    /// pure-ASCII input needs no iconv). UTF-7, HZ, UTF-16/32, EBCDIC and
    /// ISO-2022 are not.
    private static func isASCIICompatible(_ name: String) -> Bool {
        ["ISO-8859-", "CP125", "KOI8", "GB18030", "BIG5", "CP949", "EUC-", "CP932", "SHIFT_JIS", "MAC", "CP874",
         "TIS-620", "CP950"].contains { name.hasPrefix($0) }
    }

    // MARK: - Hand-written tables

    /// Unicode scalars for Windows-1252 bytes 0x80–0x9F; the five unassigned
    /// positions map to the C1 control of the same value (as WHATWG does).
    private static let windows1252High: [UInt32] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]

    /// Windows-1252 (and therefore ISO-8859-1 outside 0x80–0x9F).
    static func windows1252(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 4)
        for byte in bytes {
            if byte < 0x80 {
                out.append(byte)
            } else if byte < 0xA0 {
                appendUTF8(windows1252High[Int(byte - 0x80)], to: &out)
            } else {
                appendUTF8(UInt32(byte), to: &out)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// ISO-8859-15: Latin-1 with eight positions replaced (€, Š, š, Ž, ž, Œ, œ, Ÿ).
    static func latin9(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 4)
        for byte in bytes {
            if byte < 0x80 {
                out.append(byte)
                continue
            }
            let scalar: UInt32
            switch byte {
            case 0xA4: scalar = 0x20AC
            case 0xA6: scalar = 0x0160
            case 0xA8: scalar = 0x0161
            case 0xB4: scalar = 0x017D
            case 0xB8: scalar = 0x017E
            case 0xBC: scalar = 0x0152
            case 0xBD: scalar = 0x0153
            case 0xBE: scalar = 0x0178
            default: scalar = UInt32(byte)
            }
            appendUTF8(scalar, to: &out)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Valid UTF-8 sequences as they are, every other byte read as Windows-1252.
    static func lenientUTF8(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 8)
        var index = 0
        while index < bytes.count {
            let length = validSequenceLength(bytes, at: index)
            if length > 0 {
                out.append(contentsOf: bytes[index..<index + length])
                index += length
            } else {
                let byte = bytes[index]
                appendUTF8(byte < 0xA0 ? windows1252High[Int(byte - 0x80)] : UInt32(byte), to: &out)
                index += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Length of the well-formed UTF-8 sequence starting at `index`, or 0.
    static func validSequenceLength(_ bytes: [UInt8], at index: Int) -> Int {
        let first = bytes[index]
        if first < 0x80 { return 1 }
        let count = bytes.count
        func continuation(_ offset: Int, _ range: ClosedRange<UInt8> = 0x80...0xBF) -> Bool {
            index + offset < count && range.contains(bytes[index + offset])
        }
        switch first {
        case 0xC2...0xDF:
            return continuation(1) ? 2 : 0
        case 0xE0:
            return continuation(1, 0xA0...0xBF) && continuation(2) ? 3 : 0
        case 0xE1...0xEC, 0xEE...0xEF:
            return continuation(1) && continuation(2) ? 3 : 0
        case 0xED:
            return continuation(1, 0x80...0x9F) && continuation(2) ? 3 : 0
        case 0xF0:
            return continuation(1, 0x90...0xBF) && continuation(2) && continuation(3) ? 4 : 0
        case 0xF1...0xF3:
            return continuation(1) && continuation(2) && continuation(3) ? 4 : 0
        case 0xF4:
            return continuation(1, 0x80...0x8F) && continuation(2) && continuation(3) ? 4 : 0
        default:
            return 0
        }
    }

    /// Appends the UTF-8 encoding of a BMP-or-above scalar.
    static func appendUTF8(_ scalar: UInt32, to out: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            out.append(UInt8(scalar))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | (scalar >> 6)))
            out.append(UInt8(0x80 | (scalar & 0x3F)))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | (scalar >> 12)))
            out.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (scalar & 0x3F)))
        default:
            out.append(UInt8(0xF0 | (scalar >> 18)))
            out.append(UInt8(0x80 | ((scalar >> 12) & 0x3F)))
            out.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (scalar & 0x3F)))
        }
    }

    private static func stripBOM(_ text: String) -> String {
        text.unicodeScalars.first == "\u{FEFF}" ? String(text.unicodeScalars.dropFirst()) : text
    }

    // MARK: - ISO-2022-JP with vendor extensions

    /// Pseudo charset name: ISO-2022-JP re-encoded as EUC-JP and read as
    /// EUC-JP-MS, which knows the NEC and IBM extension rows (①, №, ㈱…) that
    /// Windows mailers put in "ISO-2022-JP" mail and glibc's ISO-2022-JP rejects.
    static let iso2022JPWithExtensions = "x-iso-2022-jp-via-euc-jp-ms"

    /// Re-encodes ISO-2022-JP as EUC-JP: JIS X 0208 pairs get the high bit,
    /// half-width katakana get the 0x8E prefix, ASCII and JIS-Roman stay as
    /// they are; unknown escape sequences are dropped. Linear.
    static func iso2022JPToEUCJP(_ bytes: [UInt8]) -> [UInt8] {
        enum Mode { case ascii, jis0208, katakana }
        var mode = Mode.ascii
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x1B, index + 2 < bytes.count {
                let first = bytes[index + 1]
                let second = bytes[index + 2]
                if first == 0x24 && (second == 0x42 || second == 0x40) { mode = .jis0208; index += 3; continue }
                if first == 0x28 && (second == 0x42 || second == 0x4A) { mode = .ascii; index += 3; continue }
                if first == 0x28 && second == 0x49 { mode = .katakana; index += 3; continue }
                index += 1
                continue
            }
            if byte == MailBytes.lf || byte == MailBytes.cr {
                mode = .ascii
                out.append(byte)
                index += 1
                continue
            }
            switch mode {
            case .ascii:
                out.append(byte)
            case .katakana:
                out.append(0x8E)
                out.append(byte | 0x80)
            case .jis0208:
                out.append(byte | 0x80)
            }
            index += 1
        }
        return out
    }

    // MARK: - iconv

    /// Outcome of one iconv attempt: text, an unknown name, or a conversion error.
    enum IconvResult {
        case converted(String)
        case unavailable
        case failed
    }

    private static func iconvAvailable(_ name: String) -> Bool {
        if name == iso2022JPWithExtensions { return true }
        let descriptor = iconv_open("UTF-8", name)
        if descriptor == iconv_t(bitPattern: -1) { return false }
        iconv_close(descriptor)
        return true
    }

    /// Converts with glibc iconv; any invalid or incomplete sequence makes the
    /// whole conversion fail so the caller can fall back without losing text.
    static func iconvDecode(_ bytes: [UInt8], from name: String) -> IconvResult {
        let descriptor = iconv_open("UTF-8", name)
        if descriptor == iconv_t(bitPattern: -1) { return .unavailable }
        defer { iconv_close(descriptor) }
        if bytes.isEmpty { return .converted("") }
        var input = bytes
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count * 2 + 16)
        var chunk = [UInt8](repeating: 0, count: 16_384)
        let ok: Bool = input.withUnsafeMutableBufferPointer { inBuffer in
            var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBuffer.baseAddress!)
                .assumingMemoryBound(to: CChar.self)
            var inLeft = inBuffer.count
            while true {
                var produced = 0
                var failure: Int32 = 0
                chunk.withUnsafeMutableBufferPointer { outBuffer in
                    var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuffer.baseAddress!)
                        .assumingMemoryBound(to: CChar.self)
                    var outLeft = outBuffer.count
                    let result = iconv(descriptor, &inPointer, &inLeft, &outPointer, &outLeft)
                    produced = outBuffer.count - outLeft
                    if result == -1 { failure = errno }
                }
                output.append(contentsOf: chunk[0..<produced])
                if failure == 0 { return inLeft == 0 }
                if failure == E2BIG { continue }
                return false
            }
        }
        guard ok else { return .failed }
        return .converted(String(decoding: output, as: UTF8.self))
    }
}
