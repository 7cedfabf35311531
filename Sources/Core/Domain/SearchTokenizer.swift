/// Words as the search index sees them: the same tokens and folding as SQLite FTS5's
/// `unicode61 remove_diacritics 2`, so text can be matched against a query in Swift and
/// agree with what the index matched. Works on UTF-8 bytes; no Character is ever formed.
///
/// The rules, checked scalar by scalar against SQLite 3.40 (whose tables are Unicode 6.1):
/// - A token is a run of letters, numbers and private-use scalars; everything else
///   separates (ASCII: only `0-9 A-Z a-z` are token bytes, so `@ . - _ '` separate).
///   Scalars unassigned in Unicode 6.1 are token scalars too (the index does not know them).
/// - Folding is simple lower case; Latin letters lose their diacritics (`Ñ` → `n`,
///   `ệ` → `e`) through two small tables (U+0080–U+024F, U+1E00–U+1EFF); other scripts
///   keep theirs (Greek `ά` stays `ά`, Cyrillic `й` stays `й`). Greek symbol variants fold
///   to the letter (`ς` → `σ`, `µ` → `μ`).
/// - 25 combining marks in U+0300–U+0331 are dropped: inside a token they are part of it
///   (its text includes them), before a token they are skipped. The other marks separate.
/// Greek, Cyrillic, CJK ideographs and Hangul fold by arithmetic; other scripts through
/// `Unicode.Scalar.Properties` (slow, rare). Known disagreements (about 25 scalars whose
/// category changed after Unicode 6.1, e.g. New Tai Lue vowel signs) only cost a missing
/// highlight; the tests list them.
struct SearchTokenizer {
    /// One token: its bytes in the text (`start..<end`) and its folded UTF-8 bytes in `folded`.
    struct Token {
        var start: Int, end: Int, foldStart: Int, foldEnd: Int
    }

    /// Where a scan stopped: the next byte, the token being read (start -1: none), the
    /// tokens and folded bytes written so far.
    private struct Position {
        var i = 0, tokenStart = -1, foldStart = 0, count = 0, f = 0
    }

    private let text: UnsafeBufferPointer<UInt8>
    private let tokenStorage: UnsafeMutablePointer<Token>
    private let foldStorage: UnsafeMutablePointer<UInt8>
    private var position = Position()

    /// The tokens scanned so far, in text order (valid inside `withTokens` only).
    var tokens: UnsafeBufferPointer<Token> { UnsafeBufferPointer(start: tokenStorage, count: position.count) }
    /// Their folded bytes; a token's are `folded[foldStart..<foldEnd]`.
    var folded: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: foldStorage, count: position.f) }
    /// Whether the whole text has been scanned (`tokens` are then all there are).
    var isComplete: Bool { position.i >= text.count && position.tokenStart < 0 }

    private init(_ text: UnsafeBufferPointer<UInt8>, tokens: UnsafeMutablePointer<Token>, folded: UnsafeMutablePointer<UInt8>) {
        self.text = text
        tokenStorage = tokens
        foldStorage = folded
    }

    /// Runs `body` with a tokenizer over `text`, which must be valid UTF-8 (as a Swift
    /// String's bytes always are); nothing is scanned until `scan` is called, so a caller
    /// that needs only the first tokens (a snippet around an early match) stops early. The
    /// buffers are allocated once for the whole text: a token takes a byte and the next byte
    /// separates it, so there are at most (n + 1) / 2; folding never doubles a scalar's bytes
    /// (the most is Ⱥ → ⱥ, 2 → 3). They live until `body` returns.
    static func withTokens<R>(of text: UnsafeBufferPointer<UInt8>, _ body: (inout SearchTokenizer) throws -> R) rethrows -> R {
        let tokens = UnsafeMutablePointer<Token>.allocate(capacity: max(1, (text.count + 1) / 2))
        let folded = UnsafeMutablePointer<UInt8>.allocate(capacity: 2 * text.count + 4)
        defer {
            tokens.deallocate()
            folded.deallocate()
        }
        var tokenizer = SearchTokenizer(text, tokens: tokens, folded: folded)
        return try body(&tokenizer)
    }

    /// Scans on until at least `count` tokens are complete or the text ends; a token is
    /// complete once the byte after it separates (or the text ends), so a later scan never
    /// changes one already handed out.
    mutating func scan(until count: Int) {
        guard !isComplete, position.count < count else { return }
        Self.scan(text, tokens: tokenStorage, folded: foldStorage, from: &position, until: count)
    }

    /// Scans the rest of the text.
    mutating func scanAll() { scan(until: .max) }

    private static func scan(_ text: UnsafeBufferPointer<UInt8>, tokens: UnsafeMutablePointer<Token>,
                             folded: UnsafeMutablePointer<UInt8>, from position: inout Position, until wanted: Int) {
        var i = position.i, tokenStart = position.tokenStart, foldStart = position.foldStart, count = position.count, f = position.f
        defer { position = Position(i: i, tokenStart: tokenStart, foldStart: foldStart, count: count, f: f) }
        let n = text.count, ascii = asciiTable.utf8Start
        /// An ASCII byte folded, or 0 for a separator.
        @inline(__always) func foldASCII(_ b: UInt8) -> UInt8 {
            let folded = ascii[Int(b)]
            return folded == 0x2E ? 0 : folded
        }
        @inline(__always) func endToken(_ end: Int) {
            tokens[count] = Token(start: tokenStart, end: end, foldStart: foldStart, foldEnd: f)
            count += 1
            tokenStart = -1
        }
        while i < n && count < wanted {
            if text[i] < 0x80 {
                var lower = foldASCII(text[i])
                if lower == 0 {
                    if tokenStart >= 0 { endToken(i) }
                    i += 1
                    continue
                }
                if tokenStart < 0 { tokenStart = i; foldStart = f }
                // The common case: a run of ASCII letters and digits, copied lowered.
                repeat {
                    folded[f] = lower
                    f += 1
                    i += 1
                    lower = i < n && text[i] < 0x80 ? foldASCII(text[i]) : 0
                } while lower != 0
                continue
            }
            let (scalar, length) = decode(text, at: i)
            switch fold(scalar) {
            case .separator:
                if tokenStart >= 0 { endToken(i) }
            case .dropped:
                break
            case .scalar(let v):
                if tokenStart < 0 { tokenStart = i; foldStart = f }
                f += encode(v, into: folded + f)
            }
            i += length
        }
        if i >= n && tokenStart >= 0 { endToken(n) }
    }

    /// The folded tokens of a short text (a search term), each as its UTF-8 bytes.
    static func foldedTokens(of text: String) -> [[UInt8]] {
        var copy = text
        return copy.withUTF8 { bytes in
            withTokens(of: bytes) { t in
                t.scanAll()
                return t.tokens.map { Array(t.folded[$0.foldStart..<$0.foldEnd]) }
            }
        }
    }

    /// Writes the scalar `v` as UTF-8 at `out`; returns the number of bytes.
    @inline(__always)
    private static func encode(_ v: UInt32, into out: UnsafeMutablePointer<UInt8>) -> Int {
        switch v {
        case ..<0x80: out[0] = UInt8(v); return 1
        case ..<0x800: out[0] = UInt8(0xC0 | v >> 6); out[1] = UInt8(0x80 | v & 0x3F); return 2
        case ..<0x10000:
            out[0] = UInt8(0xE0 | v >> 12); out[1] = UInt8(0x80 | v >> 6 & 0x3F); out[2] = UInt8(0x80 | v & 0x3F); return 3
        default:
            out[0] = UInt8(0xF0 | v >> 18); out[1] = UInt8(0x80 | v >> 12 & 0x3F)
            out[2] = UInt8(0x80 | v >> 6 & 0x3F); out[3] = UInt8(0x80 | v & 0x3F); return 4
        }
    }

    /// The scalar starting at byte `i` of valid UTF-8 and its length in bytes.
    @inline(__always)
    static func decode(_ text: UnsafeBufferPointer<UInt8>, at i: Int) -> (UInt32, Int) {
        let b = UInt32(text[i])
        if b < 0xE0 { return ((b & 0x1F) << 6 | UInt32(text[i + 1]) & 0x3F, 2) }
        if b < 0xF0 { return ((b & 0x0F) << 12 | (UInt32(text[i + 1]) & 0x3F) << 6 | UInt32(text[i + 2]) & 0x3F, 3) }
        return ((b & 0x07) << 18 | (UInt32(text[i + 1]) & 0x3F) << 12 | (UInt32(text[i + 2]) & 0x3F) << 6 | UInt32(text[i + 3]) & 0x3F, 4)
    }

    enum Folded: Equatable { case separator, dropped, scalar(UInt32) }

    /// A non-ASCII scalar as the index's tokenizer folds it.
    static func fold(_ v: UInt32) -> Folded {
        if let latin = latinLetter(v) { return latin }
        if v >= 0x300 && v < 0x340 { return Self.droppedMarks >> UInt64(v - 0x300) & 1 == 1 ? .dropped : .separator }
        if v >= 0x2000 && v < 0x2065 { return .separator }   // spaces, dashes, quotes, bullets, …
        if v == 0xB5 || (v >= 0x3C2 && v <= 0x3F5), let letter = variants[v] { return .scalar(letter) }
        if let letter = commonLetter(v) { return .scalar(letter) }
        return general(v)
    }

    /// Greek, Cyrillic, CJK ideographs and Hangul syllables without a property lookup: upper
    /// case sits at a fixed distance from lower case, accents stay (as in the index).
    @inline(__always)
    private static func commonLetter(_ v: UInt32) -> UInt32? {
        switch v {
        case 0x391...0x3AB where v != 0x3A2: return v + 0x20
        case 0x390, 0x3AC...0x3CE: return v   // final sigma was folded before, as a variant
        case 0x386: return 0x3AC
        case 0x388...0x38A: return v + 0x25
        case 0x38C: return 0x3CC
        case 0x38E, 0x38F: return v + 0x3F
        case 0x400...0x40F: return v + 0x50
        case 0x410...0x42F: return v + 0x20
        case 0x430...0x45F, 0x4E00...0x9FFF, 0xAC00...0xD7AF: return v
        default: return nil
        }
    }

    /// Rare path: other scripts through the scalar's Unicode properties.
    private static func general(_ v: UInt32) -> Folded {
        guard let scalar = Unicode.Scalar(v), knownToIndex(scalar) else { return .scalar(v) }
        let p = scalar.properties
        switch p.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .decimalNumber, .letterNumber, .otherNumber, .privateUse, .unassigned: break
        default: return .separator
        }
        guard p.changesWhenLowercased else { return .scalar(v) }
        let lower = p.lowercaseMapping.unicodeScalars
        guard lower.count == 1, let l = lower.first, knownToIndex(l) else { return .scalar(v) }
        // e.g. the Angstrom sign lowers to å, which then loses its ring like any å.
        if case .scalar(let ascii)? = latinLetter(l.value) { return .scalar(ascii) }
        return .scalar(l.value)
    }

    /// Whether the scalar was assigned by Unicode 6.1, the version of the index's tables;
    /// later ones are unassigned there: token scalars, never folded.
    private static func knownToIndex(_ s: Unicode.Scalar) -> Bool {
        guard let age = s.properties.age else { return false }
        return age.major < 6 || (age.major == 6 && age.minor <= 1)
    }

    /// The two Latin tables: the ASCII letter a scalar folds to, nil for the general path
    /// (`.` in the table: letters without one, like æ ß ł µ, lowered there), or a separator
    /// (space in the table: NBSP, ×, ÷, most Latin-1 punctuation).
    @inline(__always)
    private static func latinLetter(_ v: UInt32) -> Folded? {
        let table: StaticString, index: Int
        if v >= 0x80 && v < 0x250 { table = latinTable; index = Int(v - 0x80) }
        else if v >= 0x1E00 && v < 0x1F00 { table = latinExtendedAdditional; index = Int(v - 0x1E00) }
        else { return nil }
        let b = table.utf8Start[index]
        if b == 0x2E { return nil }
        return b == 0x20 ? .separator : .scalar(UInt32(b))
    }

    /// U+0300–U+033F: bit n set when U+0300+n is a dropped diacritic.
    private static let droppedMarks: UInt64 = 0x361f808029fdf

    /// Compatibility variants that fold to another letter (case folding, not lower case).
    private static let variants: [UInt32: UInt32] = [
        0xB5: 0x3BC, 0x3C2: 0x3C3, 0x3D0: 0x3B2, 0x3D1: 0x3B8, 0x3D5: 0x3C6, 0x3D6: 0x3C0, 0x3F0: 0x3BA, 0x3F1: 0x3C1, 0x3F5: 0x3B5,
    ]

    /// ASCII folded: digits, letters in lower case, `.` for a separator.
    private static let asciiTable: StaticString = """
        ................................................0123456789.......\
        abcdefghijklmnopqrstuvwxyz......abcdefghijklmnopqrstuvwxyz.....
        """

    /// U+0080–U+024F, 64 per line.
    private static let latinTable: StaticString = """
                                                  .       .. .   .. ... \
        aaaaaa.ceeeeiiii.nooooo .uuuuy..aaaaaa.ceeeeiiii.nooooo .uuuuy.y\
        aaaaaaccccccccdd..eeeeeeeeeegggggggghh..iiiiiiiii...jjkk.llllll.\
        ...nnnnnn...oooooo..rrrrrrsssssssstttt..uuuuuuuuuuuuwwyyyzzzzzzs\
        ................................oo.............uu...............\
        .............aaiioouuuuuuuuuu.aa......ggkkoooo..j...gg..nnaa....\
        aaaaeeeeiiiioooorrrruuuusstt..hh......aaeeooooooooyy............\
        ................
        """

    /// U+1E00–U+1EFF, 64 per line.
    private static let latinExtendedAdditional: StaticString = """
        aabbbbbbccddddddddddeeeeeeeeeeffgghhhhhhhhhhiiiikkkkkkllllllllmm\
        mmmmnnnnnnnnoooooooopppprrrrrrrrssssssssssttttttttuuuuuuuuuuvvvv\
        wwwwwwwwwwxxxxyyzzzzzzhtwy.s....aaaaaaaaaaaaaaaaaaaaaaaaeeeeeeee\
        eeeeeeeeiiiioooooooooooooooooooooooouuuuuuuuuuuuuuyyyyyyyy......
        """
}
