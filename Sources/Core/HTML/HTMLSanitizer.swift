/// The one path by which untrusted HTML (customer mail, operator replies, signatures,
/// templates) becomes markup we display.
///
/// Pipeline: `HTMLTokenizer` (bytes → tokens) → `HTMLTreeBuilder` (allowlist + balancing) →
/// `SanitizedMarkupWriter` (escaping serializer). What comes out is a well-formed fragment of
/// allowlisted elements with quoted, escaped attribute values — see `HTMLAllowlist` for the
/// exact policy and `HTMLTreeBuilder` for how malformed input is repaired.
///
/// Guarantees: no script, event handler, style or unsafe URL survives; void elements have no end
/// tag; every other element is closed in order; output is stable
/// (`sanitize(sanitize(x)) == sanitize(x)` for the standard policy and any policy whose image
/// rewrite maps its own output to itself); time and memory are linear in the input and nothing
/// recurses.
public enum HTMLSanitizer {
    /// What the caller allows beyond the fixed allowlist.
    public struct Policy: Sendable {
        /// When false every `img` is dropped.
        public var allowImages: Bool
        /// Called with each image URL that passed the URL rules (e.g. `cid:part1@mail`); return the
        /// URL to use (checked again by the same rules) or nil to drop the image. Use it to map
        /// `cid:` to attachment URLs or to refuse remote images.
        public var rewriteImageSource: (@Sendable (String) -> String?)?
        /// Open elements deeper than this are flattened: their tags dropped, their text kept.
        public var maxDepth: Int
        /// Internal: write HTML5 sectioning elements (`section`, `article`…) as `div` rather than
        /// dropping them, so `HTMLText` keeps their line breaks.
        var keepsStructuralBlocks = false

        public init(allowImages: Bool = true,
                    rewriteImageSource: (@Sendable (String) -> String?)? = nil,
                    maxDepth: Int = 64) {
            self.allowImages = allowImages
            self.rewriteImageSource = rewriteImageSource
            self.maxDepth = maxDepth
        }

        /// Images allowed as they are, depth 64.
        public static let standard = Policy()
    }

    /// Sanitizes untrusted HTML into allowlisted, balanced, escaped markup.
    public static func sanitize(_ html: String, policy: HTMLSanitizer.Policy = .standard) -> SafeHTML {
        var builder = HTMLTreeBuilder(policy: policy, sink: SanitizedMarkupWriter())
        builder.run(HTMLTokenizer(html))
        return SafeHTML(sanitized: String(decoding: builder.sink.bytes, as: UTF8.self))
    }
}

/// Serializes the tree builder's stream as HTML, escaping with the rules of `HTML`:
/// `& < >` in text, `& < > " '` in (always double-quoted) attribute values.
/// Void elements are written as `<br>` (no `/`), nothing else ever lacks an end tag.
struct SanitizedMarkupWriter: SanitizedMarkupSink {
    private(set) var bytes: [UInt8] = []

    mutating func openElement(_ name: String, attributes: [HTMLAttribute]) {
        writeTag(name, attributes)
    }

    mutating func voidElement(_ name: String, attributes: [HTMLAttribute]) {
        writeTag(name, attributes)
    }

    mutating func closeElement(_ name: String) {
        bytes.append(60)
        bytes.append(47)
        bytes.append(contentsOf: name.utf8)
        bytes.append(62)
    }

    mutating func text(_ text: String) {
        for b in text.utf8 {
            switch b {
            case 38: bytes.append(contentsOf: [38, 97, 109, 112, 59])   // &amp;
            case 60: bytes.append(contentsOf: [38, 108, 116, 59])       // &lt;
            case 62: bytes.append(contentsOf: [38, 103, 116, 59])       // &gt;
            default: bytes.append(b)
            }
        }
    }

    private mutating func writeTag(_ name: String, _ attributes: [HTMLAttribute]) {
        bytes.append(60)
        bytes.append(contentsOf: name.utf8)
        for attribute in attributes {
            bytes.append(32)
            bytes.append(contentsOf: attribute.name.utf8)
            bytes.append(61)
            bytes.append(34)
            HTML.escapeAttribute(attribute.value, into: &bytes)
            bytes.append(34)
        }
        bytes.append(62)
    }
}
