import Glibc

/// The passage of a message shown under a search result: about `windowTokens` tokens of the
/// original text around its best match, with U+E000/U+E001 (`markStart`/`markEnd`)
/// around every matched run, and "…" where the text was cut.
///
/// Matching agrees with the index (`SearchTokenizer` folds like FTS5's `unicode61
/// remove_diacritics 2`): a term is itself tokenized, its tokens must follow each other in
/// the text, and for a prefix term (a word typed without quotes) the last token only has to
/// start the text's token. Runs are marked as FTS5's `highlight()` marks them: one run per
/// match, overlapping matches merged, adjacent ones not. The window is the one holding the
/// most distinct terms (the earliest wins a tie), with the matched span centred in it.
///
/// Edge cases: U+E000/U+E001 in the text are dropped, so every marker is ours. When nothing
/// matches (the match was in the subject, or the tokenizers disagree on some rare script)
/// the first tokens are returned without markers. Text without any token is returned cut
/// to `plainBytes`.
public struct SearchSnippet: Sendable {
    public static let windowTokens = 16
    static let plainBytes = 120

    private struct Term: Sendable {
        let tokens: [[UInt8]]
        let isPrefix: Bool
        let firstByte: UInt8

        init(tokens: [[UInt8]], isPrefix: Bool) {
            self.tokens = tokens
            self.isPrefix = isPrefix
            firstByte = tokens.first?.first ?? 0
        }
    }

    /// One match of a term: the token positions it covers, `first...last`.
    private struct Match {
        let first: Int, last: Int, term: Int
    }

    private let terms: [Term]
    /// The most tokens any term has (a phrase has several; 1 when there are no terms).
    private let longestTerm: Int

    /// Tokenize every text to its end before choosing the window (the tests' reference for
    /// the early stop; the answer is the same either way).
    private let scansWholeText: Bool

    public init(_ query: SearchQuery) { self.init(query, scansWholeText: false) }

    init(_ query: SearchQuery, scansWholeText: Bool) {
        terms = query.terms.prefix(64).map { Term(tokens: SearchTokenizer.foldedTokens(of: $0.text), isPrefix: $0.isPrefix) }
            .filter { !$0.tokens.isEmpty }
        longestTerm = terms.map(\.tokens.count).max() ?? 1
        self.scansWholeText = scansWholeText
    }

    public static func snippet(of body: String, for query: SearchQuery) -> String {
        SearchSnippet(query).snippet(of: body)
    }

    /// The snippet of text given as UTF-8 bytes (a database column, not copied into a
    /// String first); bytes that are not valid UTF-8 go through `snippet(of:)` repaired.
    public func snippet(utf8 body: UnsafeBufferPointer<UInt8>) -> String {
        guard UTF8Validation.isValid(body), !Self.containsMarker(body) else { return snippet(of: String(decoding: body, as: UTF8.self)) }
        return snippet(valid: body)
    }

    public func snippet(of body: String) -> String {
        var text = body
        if text.withUTF8(Self.containsMarker) { text = Self.withoutMarkers(text) }
        return text.withUTF8(snippet(valid:))
    }

    /// The snippet of valid UTF-8 without markers. The text is tokenized only as far as the
    /// snippet needs: once the best window so far holds every term and every position up to
    /// `windowTokens` past its first match is checked, no later token can change the window,
    /// its marks or its ellipses (ties go to the earliest window), so a match near the start
    /// of a long message costs a few dozen tokens, not the whole text (how far to read is only
    /// a guess; the condition is checked after every step). Otherwise (a term
    /// missing, or only in the subject) the whole text is scanned, as before.
    private func snippet(valid bytes: UnsafeBufferPointer<UInt8>) -> String {
        SearchTokenizer.withTokens(of: bytes) { tokenizer in
            var matches: [Match] = [], checked = 0, wanted = scansWholeText ? Int.max : Self.firstScan
            while true {
                tokenizer.scan(until: wanted)
                let tokens = tokenizer.tokens, complete = tokenizer.isComplete
                // A position is checked once every term's tokens could follow it.
                let checkable = complete ? tokens.count : max(checked, tokens.count - longestTerm + 1)
                matchesIn(tokens, folded: tokenizer.folded, positions: checked..<checkable, into: &matches)
                checked = checkable
                if complete {
                    guard !tokens.isEmpty else { return Self.plainPrefix(bytes) }
                    return Self.render(bytes, tokens: tokens, window: Self.window(matches, tokenCount: tokens.count).range,
                                       matches: matches)
                }
                // Settled: no window can hold more terms, and every match that could share the
                // best one's window (and so move its centre) is checked, with a token after it.
                let window = Self.window(matches, tokenCount: tokens.count)
                if window.terms == terms.count && window.start + Self.windowTokens < checked {
                    return Self.render(bytes, tokens: tokens, window: window.range, matches: matches)
                }
                // A window with every term needs a window's tokens after its start (and a
                // term's more, to check them); until one is found, read on a step at a time.
                let settles = window.start + Self.windowTokens + longestTerm
                wanted = window.terms == terms.count && settles > tokens.count ? settles : tokens.count + Self.firstScan
            }
        }
    }

    /// Tokens scanned before the first look for a window, and then at each further step.
    private static let firstScan = 24

    /// Every match of every term that starts at one of `positions`, appended in text order
    /// (position, then term); every term's tokens must fit before the end of `tokens`.
    private func matchesIn(_ tokens: UnsafeBufferPointer<SearchTokenizer.Token>, folded: UnsafeBufferPointer<UInt8>,
                           positions: Range<Int>, into found: inout [Match]) {
        guard !terms.isEmpty else { return }
        for position in positions {
            let token = tokens[position]
            // Most tokens differ from every term in their first byte.
            let first = token.foldEnd > token.foldStart ? folded[token.foldStart] : 0
            for (index, term) in terms.enumerated() where term.firstByte == first && position + term.tokens.count <= tokens.count {
                var matched = true
                for (k, wanted) in term.tokens.enumerated() {
                    let t = tokens[position + k]
                    let prefix = term.isPrefix && k == term.tokens.count - 1
                    if !Self.same(folded, from: t.foldStart, to: t.foldEnd, wanted, prefix: prefix) { matched = false; break }
                }
                if matched { found.append(Match(first: position, last: position + term.tokens.count - 1, term: index)) }
            }
        }
    }

    /// Whether the folded token `folded[from..<to]` is `wanted` (or starts with it, for a prefix).
    @inline(__always)
    private static func same(_ folded: UnsafeBufferPointer<UInt8>, from: Int, to: Int, _ wanted: [UInt8], prefix: Bool) -> Bool {
        let length = to - from
        guard prefix ? length >= wanted.count : length == wanted.count else { return false }
        return wanted.withUnsafeBufferPointer { w in
            for k in 0..<w.count where folded[from + k] != w[k] { return false }
            return true
        }
    }

    /// The token positions shown: the `windowTokens` holding the most distinct terms; with
    /// them how many distinct terms that is and where the first match of the best window
    /// starts (0 without matches), which `snippet(valid:)` needs to know it is settled.
    private static func window(_ matches: [Match], tokenCount: Int) -> (range: ClosedRange<Int>, terms: Int, start: Int) {
        let size = min(windowTokens, tokenCount)
        guard !matches.isEmpty else { return (0...(size - 1), 0, 0) }
        var best = (count: 0, first: 0, last: 0)
        for (i, start) in matches.enumerated() {
            var terms: UInt64 = 0, last = start.last
            for m in matches[i...] {
                if m.first >= start.first + size { break }
                if m.last < start.first + size { terms |= 1 << UInt64(m.term); last = max(last, m.last) }
            }
            if terms.nonzeroBitCount > best.count { best = (terms.nonzeroBitCount, start.first, last) }
        }
        let span = best.last - best.first + 1
        let first = max(0, min(best.first - max(0, size - span) / 2, tokenCount - size))
        return (first...(first + size - 1), best.count, best.first)
    }

    /// Around every matched run (private-use scalars, dropped from the text first).
    public static let markStart = "\u{E000}", markEnd = "\u{E001}"
    private static let ellipsis = Array("…".utf8), open = Array(markStart.utf8), close = Array(markEnd.utf8)

    /// The window's text with markers around the matched runs inside it.
    private static func render(_ text: UnsafeBufferPointer<UInt8>, tokens: UnsafeBufferPointer<SearchTokenizer.Token>, window: ClosedRange<Int>,
                               matches: [Match]) -> String {
        let from = window.lowerBound == 0 ? 0 : tokens[window.lowerBound].start
        let to = window.upperBound == tokens.count - 1 ? text.count : tokens[window.upperBound].end
        var out: [UInt8] = []
        out.reserveCapacity(to - from + 32)
        if window.lowerBound > 0 { out += ellipsis }
        var copied = from, i = 0
        while i < matches.count {
            let match = matches[i]
            i += 1
            if match.first > window.upperBound { break }
            if match.last < window.lowerBound { continue }
            var last = match.last
            while i < matches.count && matches[i].first <= last { last = max(last, matches[i].last); i += 1 }
            let runStart = tokens[max(match.first, window.lowerBound)].start, runEnd = tokens[min(last, window.upperBound)].end
            out += UnsafeBufferPointer(rebasing: text[copied..<runStart])
            out += open
            out += UnsafeBufferPointer(rebasing: text[runStart..<runEnd])
            out += close
            copied = runEnd
        }
        out += UnsafeBufferPointer(rebasing: text[copied..<to])
        if window.upperBound < tokens.count - 1 { out += ellipsis }
        return String(decoding: out, as: UTF8.self)
    }

    /// Text without tokens, cut at a scalar boundary.
    private static func plainPrefix(_ text: UnsafeBufferPointer<UInt8>) -> String {
        guard text.count > plainBytes else { return String(decoding: text, as: UTF8.self) }
        var end = plainBytes
        while end > 0 && text[end] & 0xC0 == 0x80 { end -= 1 }
        return String(decoding: UnsafeBufferPointer(rebasing: text[..<end]), as: UTF8.self) + "…"
    }

    /// Whether the UTF-8 text holds U+E000 or U+E001 (EE 80 80, EE 80 81); memchr finds the rare EE.
    private static func containsMarker(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = text.baseAddress else { return false }
        var from = 0
        while from < text.count, let hit = memchr(base + from, 0xEE, text.count - from) {
            let i = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            if i + 2 < text.count && text[i + 1] == 0x80 && text[i + 2] & 0xFE == 0x80 { return true }
            from = i + 1
        }
        return false
    }

    /// The text without U+E000/U+E001.
    private static func withoutMarkers(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: text.unicodeScalars.lazy.filter { $0 != "\u{E000}" && $0 != "\u{E001}" })
        return String(scalars)
    }
}
