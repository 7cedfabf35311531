/// The client-supplied filename of a multipart file part, made safe to show or store.
///
/// `filename*=UTF-8''percent-encoded` (RFC 5987/2231) wins over `filename=`;
/// an extended value in another charset or without the two `'` separators is
/// ignored. The result has control characters (C0, DEL, C1) removed and is
/// reduced to its last path component after `/` or `\`, so `C:\x\evil.txt`
/// and `../../etc/passwd` become `evil.txt` and `passwd`; `.` and `..` become
/// "". Nil means the part is not a file; "" means no file was chosen.
enum MultipartFilename {
    static func from(disposition: HeaderValue) -> String? {
        let raw = disposition.parameters["filename*"].flatMap(decodeExtended) ?? disposition.parameters["filename"]
        return raw.map(sanitized)
    }

    /// Decodes `charset'language'value` when the charset is UTF-8.
    private static func decodeExtended(_ value: String) -> String? {
        let pieces = Array(value.utf8)
            .split(separator: UInt8(ascii: "'"), maxSplits: 2, omittingEmptySubsequences: false)
        guard pieces.count == 3, ASCII.equalsIgnoringCase(pieces[0], "utf-8") else { return nil }
        return PercentCoding.decode(pieces[2])
    }

    private static func sanitized(_ filename: String) -> String {
        let visible = filename.unicodeScalars.filter { $0.properties.generalCategory != .control }
        let separator = visible.lastIndex { $0 == "/" || $0 == "\\" }
        let name = String(visible[(separator.map(visible.index(after:)) ?? visible.startIndex)...])
        return name == "." || name == ".." ? "" : name
    }
}
