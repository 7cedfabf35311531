/// Comma-separated values as RFC 4180 describes them (CRLF line ends, a field quoted when
/// it holds a comma, quote, CR or LF, quotes doubled), made safe to open in a spreadsheet:
/// a field starting with `=`, `+`, `-`, `@`, tab or CR gets a leading apostrophe so it is
/// read as text, not run as a formula. Negative numbers therefore also show the apostrophe;
/// the statistics export none.
public enum CSV {
    public static func encode(_ rows: [[String]]) -> String {
        var out = ""
        for row in rows {
            out += row.map(field).joined(separator: ",")
            out += "\r\n"
        }
        return out
    }

    static func field(_ value: String) -> String {
        var text = value
        if let first = text.utf8.first, [61, 43, 45, 64, 9, 13].contains(first) { text = "'" + text }
        guard text.utf8.contains(where: { $0 == 44 || $0 == 34 || $0 == 13 || $0 == 10 }) else { return text }
        var quoted = "\""
        for c in text.unicodeScalars {
            if c == "\"" { quoted += "\"\"" } else { quoted.unicodeScalars.append(c) }
        }
        return quoted + "\""
    }
}
