/// The translation file format in `lang/<code>.lang`, UTF-8:
///
///     # a comment
///     @name = Español          (metadata: the language's own name)
///     form.subject = Asunto
///     queue.count.one = {count} ticket
///     queue.count.other = {count} tickets
///
/// Keys are dotted identifiers; values run to the end of the line with `\n` for a line
/// break and `\\` for a backslash. Placeholders are named, `{name}`, so translators can
/// reorder them. Plural forms are `key.one`, `key.other` (CLDR category names).
/// Malformed lines are reported with their line number, never silently skipped.
public struct CatalogFile: Sendable {
    public var metadata: [String: String] = [:]
    public var entries: [String: String] = [:]
    /// Keys in file order, so a rewrite keeps the translator's layout.
    public var order: [String] = []

    public struct ParseError: Error, CustomStringConvertible {
        public let line: Int
        public let reason: String
        public var description: String { "line \(line): \(reason)" }
    }

    public init() {}

    public init(parsing text: String) throws(ParseError) {
        var lineNumber = 0
        for rawLine in text.utf8.split(separator: 10, omittingEmptySubsequences: false) {
            lineNumber += 1
            var line = rawLine
            if line.last == 13 { line = line.dropLast() }
            let trimmed = String(decoding: line, as: UTF8.self).trimmingASCIIWhitespace()
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            guard let eq = trimmed.firstIndex(of: "=") else {
                throw ParseError(line: lineNumber, reason: "expected 'key = value'")
            }
            let key = String(trimmed[..<eq]).trimmingASCIIWhitespace()
            let value = Self.unescape(String(trimmed[trimmed.index(after: eq)...]).trimmingASCIIWhitespace())
            if key.hasPrefix("@") {
                metadata[String(key.dropFirst())] = value
                continue
            }
            guard Self.isValidKey(key) else { throw ParseError(line: lineNumber, reason: "invalid key '\(key)'") }
            if entries[key] == nil { order.append(key) }
            entries[key] = value
        }
    }

    public static func isValidKey(_ key: String) -> Bool {
        !key.isEmpty && key.utf8.count <= 100 && key.utf8.allSatisfy {
            ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 46 || $0 == 95 || ($0 >= 65 && $0 <= 90)
        }
    }

    /// Prints the file back in the same format (used by the admin translation editor).
    public func render() -> String {
        var out = ""
        for key in metadata.keys.sorted() { out += "@\(key) = \(Self.escape(metadata[key]!))\n" }
        if !metadata.isEmpty { out += "\n" }
        for key in order { if let v = entries[key] { out += "\(key) = \(Self.escape(v))\n" } }
        return out
    }

    static func unescape(_ s: String) -> String {
        guard s.contains("\\") else { return s }
        var out = "", escaping = false
        for c in s {
            if escaping {
                out.append(c == "n" ? "\n" : c)
                escaping = false
            } else if c == "\\" {
                escaping = true
            } else {
                out.append(c)
            }
        }
        return out
    }

    static func escape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "\\": out += "\\\\"
            case "\n", "\r\n": out += "\\n"
            case "\r": continue
            default: out.append(c)
            }
        }
        return out
    }
}
