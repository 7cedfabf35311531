/// Decodes HTML character references (`&amp;`, `&eacute;`, `&#233;`, `&#xE9;`) in raw UTF-8 bytes.
///
/// Used by `HTMLTokenizer` for text, for the content of `<title>`/`<textarea>` and for
/// attribute values. It works on bytes, so it never splits or merges Swift `Character`s.
///
/// Edge cases:
/// - Named references are case-sensitive (`&Ntilde;` is Ñ, `&ntilde;` is ñ). The table holds the
///   HTML 4 set (all Latin-1 letters and symbols, Greek, arrows, maths, typography), `&apos;`,
///   the upper-case legacy spellings (`&AMP;`, `&COPY;`…) and the HTML5 names for ASCII
///   punctuation (`&colon;`, `&Tab;`, `&NewLine;`, `&lpar;`…) — not the full HTML5 list of
///   2,231. An unknown name is kept literally (and then escaped, so it stays inert).
/// - The legacy names (Latin-1 and `amp lt gt quot`) also decode without the `;`, as browsers do —
///   except inside an attribute value when the next byte is `=` or alphanumeric, so a URL such as
///   `?a=1&copy=2` survives intact.
/// - Numeric references decode with or without the `;`. NUL, surrogates, values above U+10FFFF and
///   control characters other than tab, LF and FF become U+FFFD; 0x80–0x9F are read as
///   Windows-1252 (`&#150;` is an en dash) as browsers do; `&#13;` becomes LF, so decoded output
///   never contains CR or NUL.
/// - A `&` that does not start a reference is kept as a literal `&`.
enum HTMLEntities {
    /// Decodes every character reference in `bytes`.
    /// `inAttribute` selects the attribute-value rule for legacy names without `;`.
    static func decode(_ bytes: ArraySlice<UInt8>, inAttribute: Bool) -> [UInt8] {
        guard bytes.contains(38) else { return Array(bytes) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let b = bytes[i]
            if b == 38, let next = decodeReference(bytes, at: i, inAttribute: inAttribute, into: &out) {
                i = next
            } else {
                out.append(b)
                i += 1
            }
        }
        return out
    }

    /// Decodes the reference starting at the `&` at `amp`; returns the index after it, or nil
    /// (and appends nothing) when there is no reference there.
    private static func decodeReference(_ s: ArraySlice<UInt8>, at amp: Int, inAttribute: Bool,
                                        into out: inout [UInt8]) -> Int? {
        let end = s.endIndex
        var i = amp + 1
        guard i < end else { return nil }
        if s[i] == 35 { // '#'
            i += 1
            var hex = false
            if i < end && (s[i] | 0x20) == 120 { hex = true; i += 1 } // 'x' or 'X'
            let digitsStart = i
            var value: UInt32 = 0
            while i < end, let digit = digitValue(s[i], hex: hex) {
                // Saturate just past the Unicode range so huge numbers cannot overflow.
                if value <= 0x10FFFF { value = value * (hex ? 16 : 10) + digit }
                i += 1
            }
            guard i > digitsStart else { return nil }
            if i < end && s[i] == 59 { i += 1 } // optional ';'
            appendUTF8(numericScalar(value), to: &out)
            return i
        }
        var j = i
        while j < end && j - i < 32 && isAlphanumeric(s[j]) { j += 1 }
        guard j > i else { return nil }
        if j < end && s[j] == 59, let value = named[String(decoding: s[i..<j], as: UTF8.self)] {
            appendUTF8(value, to: &out)
            return j + 1
        }
        // Legacy names may appear without ';' — longest match first ("notin" vs "not").
        var length = min(j - i, 6)
        while length >= 2 {
            let name = String(decoding: s[i..<(i + length)], as: UTF8.self)
            if legacy.contains(name), let value = named[name] {
                let after = i + length
                if inAttribute && after < end && (s[after] == 61 || isAlphanumeric(s[after])) { return nil }
                appendUTF8(value, to: &out)
                return after
            }
            length -= 1
        }
        return nil
    }

    /// The code point a numeric reference stands for, after the browser's repairs.
    static func numericScalar(_ value: UInt32) -> UInt32 {
        switch value {
        case 0, 0xD800...0xDFFF, 0x110000...: return 0xFFFD
        case 13: return 10
        case 9, 10, 12: return value
        case 0..<0x20, 0x7F: return 0xFFFD
        case 0x80...0x9F:
            let mapped = windows1252[Int(value - 0x80)]
            return mapped == 0 ? 0xFFFD : mapped
        default: return value
        }
    }

    /// Appends the UTF-8 encoding of a valid scalar value.
    static func appendUTF8(_ v: UInt32, to out: inout [UInt8]) {
        switch v {
        case 0..<0x80:
            out.append(UInt8(v))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | (v >> 6)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | (v >> 12)))
            out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        default:
            out.append(UInt8(0xF0 | (v >> 18)))
            out.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
            out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        }
    }

    private static func digitValue(_ b: UInt8, hex: Bool) -> UInt32? {
        switch b {
        case 48...57: return UInt32(b - 48)
        case 97...102 where hex: return UInt32(b - 87)
        case 65...70 where hex: return UInt32(b - 55)
        default: return nil
        }
    }

    private static func isAlphanumeric(_ b: UInt8) -> Bool {
        (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122)
    }

    /// Windows-1252 meaning of 0x80–0x9F (0 = undefined there).
    private static let windows1252: [UInt32] = [
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
        0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
    ]

    /// Latin-1 names, in code point order from U+00A0 (nbsp) to U+00FF (yuml).
    private static let latin1Names: [String] = [
        "nbsp", "iexcl", "cent", "pound", "curren", "yen", "brvbar", "sect",
        "uml", "copy", "ordf", "laquo", "not", "shy", "reg", "macr",
        "deg", "plusmn", "sup2", "sup3", "acute", "micro", "para", "middot",
        "cedil", "sup1", "ordm", "raquo", "frac14", "frac12", "frac34", "iquest",
        "Agrave", "Aacute", "Acirc", "Atilde", "Auml", "Aring", "AElig", "Ccedil",
        "Egrave", "Eacute", "Ecirc", "Euml", "Igrave", "Iacute", "Icirc", "Iuml",
        "ETH", "Ntilde", "Ograve", "Oacute", "Ocirc", "Otilde", "Ouml", "times",
        "Oslash", "Ugrave", "Uacute", "Ucirc", "Uuml", "Yacute", "THORN", "szlig",
        "agrave", "aacute", "acirc", "atilde", "auml", "aring", "aelig", "ccedil",
        "egrave", "eacute", "ecirc", "euml", "igrave", "iacute", "icirc", "iuml",
        "eth", "ntilde", "ograve", "oacute", "ocirc", "otilde", "ouml", "divide",
        "oslash", "ugrave", "uacute", "ucirc", "uuml", "yacute", "thorn", "yuml",
    ]

    /// Names that browsers also accept without the trailing `;`.
    static let legacy: Set<String> = Set(latin1Names).union([
        "amp", "lt", "gt", "quot", "AMP", "LT", "GT", "QUOT", "COPY", "REG",
    ])

    /// Every named reference we decode, name → code point.
    static let named: [String: UInt32] = {
        var table: [String: UInt32] = [:]
        for (offset, name) in latin1Names.enumerated() { table[name] = UInt32(0xA0 + offset) }
        let others: [(String, UInt32)] = [
            // Markup-significant and their legacy upper-case spellings.
            ("quot", 34), ("amp", 38), ("apos", 39), ("lt", 60), ("gt", 62),
            ("QUOT", 34), ("AMP", 38), ("LT", 60), ("GT", 62), ("COPY", 0xA9), ("REG", 0xAE),
            // HTML5 names for ASCII punctuation, common in obfuscated URLs.
            ("Tab", 9), ("NewLine", 10), ("excl", 33), ("num", 35), ("dollar", 36), ("percnt", 37),
            ("lpar", 40), ("rpar", 41), ("ast", 42), ("plus", 43), ("comma", 44), ("period", 46),
            ("sol", 47), ("colon", 58), ("semi", 59), ("equals", 61), ("quest", 63), ("commat", 64),
            ("lsqb", 91), ("lbrack", 91), ("bsol", 92), ("rsqb", 93), ("rbrack", 93), ("Hat", 94),
            ("lowbar", 95), ("grave", 96), ("lcub", 123), ("lbrace", 123), ("verbar", 124), ("vert", 124),
            ("rcub", 125), ("rbrace", 125),
            // Latin Extended and spacing modifiers.
            ("OElig", 0x152), ("oelig", 0x153), ("Scaron", 0x160), ("scaron", 0x161), ("Yuml", 0x178),
            ("fnof", 0x192), ("circ", 0x2C6), ("tilde", 0x2DC),
            // General punctuation.
            ("ensp", 0x2002), ("emsp", 0x2003), ("thinsp", 0x2009), ("zwnj", 0x200C), ("zwj", 0x200D),
            ("lrm", 0x200E), ("rlm", 0x200F), ("hyphen", 0x2010), ("ndash", 0x2013), ("mdash", 0x2014),
            ("lsquo", 0x2018), ("rsquo", 0x2019), ("sbquo", 0x201A), ("ldquo", 0x201C), ("rdquo", 0x201D),
            ("bdquo", 0x201E), ("dagger", 0x2020), ("Dagger", 0x2021), ("bull", 0x2022), ("bullet", 0x2022),
            ("hellip", 0x2026), ("permil", 0x2030), ("prime", 0x2032), ("Prime", 0x2033),
            ("lsaquo", 0x2039), ("rsaquo", 0x203A), ("oline", 0x203E), ("frasl", 0x2044), ("euro", 0x20AC),
            // Letter-like symbols and arrows.
            ("image", 0x2111), ("weierp", 0x2118), ("real", 0x211C), ("trade", 0x2122), ("alefsym", 0x2135),
            ("larr", 0x2190), ("uarr", 0x2191), ("rarr", 0x2192), ("darr", 0x2193), ("harr", 0x2194),
            ("crarr", 0x21B5), ("lArr", 0x21D0), ("uArr", 0x21D1), ("rArr", 0x21D2), ("dArr", 0x21D3),
            ("hArr", 0x21D4),
            // Mathematical operators.
            ("forall", 0x2200), ("part", 0x2202), ("exist", 0x2203), ("empty", 0x2205), ("nabla", 0x2207),
            ("isin", 0x2208), ("notin", 0x2209), ("ni", 0x220B), ("prod", 0x220F), ("sum", 0x2211),
            ("minus", 0x2212), ("lowast", 0x2217), ("radic", 0x221A), ("prop", 0x221D), ("infin", 0x221E),
            ("ang", 0x2220), ("and", 0x2227), ("or", 0x2228), ("cap", 0x2229), ("cup", 0x222A),
            ("int", 0x222B), ("there4", 0x2234), ("sim", 0x223C), ("cong", 0x2245), ("asymp", 0x2248),
            ("ne", 0x2260), ("equiv", 0x2261), ("le", 0x2264), ("ge", 0x2265), ("sub", 0x2282),
            ("sup", 0x2283), ("nsub", 0x2284), ("sube", 0x2286), ("supe", 0x2287), ("oplus", 0x2295),
            ("otimes", 0x2297), ("perp", 0x22A5), ("sdot", 0x22C5),
            // Miscellaneous technical and symbols.
            ("lceil", 0x2308), ("rceil", 0x2309), ("lfloor", 0x230A), ("rfloor", 0x230B),
            ("lang", 0x27E8), ("rang", 0x27E9), ("loz", 0x25CA),
            ("spades", 0x2660), ("clubs", 0x2663), ("hearts", 0x2665), ("diams", 0x2666),
            // Greek.
            ("Alpha", 0x391), ("Beta", 0x392), ("Gamma", 0x393), ("Delta", 0x394), ("Epsilon", 0x395),
            ("Zeta", 0x396), ("Eta", 0x397), ("Theta", 0x398), ("Iota", 0x399), ("Kappa", 0x39A),
            ("Lambda", 0x39B), ("Mu", 0x39C), ("Nu", 0x39D), ("Xi", 0x39E), ("Omicron", 0x39F),
            ("Pi", 0x3A0), ("Rho", 0x3A1), ("Sigma", 0x3A3), ("Tau", 0x3A4), ("Upsilon", 0x3A5),
            ("Phi", 0x3A6), ("Chi", 0x3A7), ("Psi", 0x3A8), ("Omega", 0x3A9),
            ("alpha", 0x3B1), ("beta", 0x3B2), ("gamma", 0x3B3), ("delta", 0x3B4), ("epsilon", 0x3B5),
            ("zeta", 0x3B6), ("eta", 0x3B7), ("theta", 0x3B8), ("iota", 0x3B9), ("kappa", 0x3BA),
            ("lambda", 0x3BB), ("mu", 0x3BC), ("nu", 0x3BD), ("xi", 0x3BE), ("omicron", 0x3BF),
            ("pi", 0x3C0), ("rho", 0x3C1), ("sigmaf", 0x3C2), ("sigma", 0x3C3), ("tau", 0x3C4),
            ("upsilon", 0x3C5), ("phi", 0x3C6), ("chi", 0x3C7), ("psi", 0x3C8), ("omega", 0x3C9),
            ("thetasym", 0x3D1), ("upsih", 0x3D2), ("piv", 0x3D6),
        ]
        for (name, value) in others { table[name] = value }
        return table
    }()
}
