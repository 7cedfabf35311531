import Testing
@testable import Core

/// The byte-level catalog parser against a line-by-line reading with Swift's String
/// operations (how the parser was written before it had to be fast for plain-CGI start):
/// same metadata, entries and order for the shipped catalogs and for awkward spacing.
@Suite struct CatalogParsingEquivalenceTests {
    /// Reference reading: split lines at LF bytes ("\r\n" is one Character), trim, skip comments, split at the first "=".
    static func reference(_ text: String) -> (metadata: [String: String], entries: [String: String], order: [String]) {
        var metadata: [String: String] = [:], entries: [String: String] = [:], order: [String] = []
        for raw in text.utf8.split(separator: 10, omittingEmptySubsequences: false) {
            let line = String(decoding: raw, as: UTF8.self).trimmingASCIIWhitespace()
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let eq = line.firstIndex(of: "=") else { continue }
            let key = String(line[..<eq]).trimmingASCIIWhitespace()
            let value = unescape(String(line[line.index(after: eq)...]).trimmingASCIIWhitespace())
            if key.hasPrefix("@") { metadata[String(key.dropFirst())] = value; continue }
            if entries[key] == nil { order.append(key) }
            entries[key] = value
        }
        return (metadata, entries, order)
    }

    static func unescape(_ s: String) -> String {
        var out = "", escaping = false
        for c in s {
            if escaping { out.append(c == "n" ? "\n" : c); escaping = false } else if c == "\\" { escaping = true } else { out.append(c) }
        }
        return out
    }

    @Test(arguments: ["en", "es"])
    func shippedCatalogsParseAsBefore(_ code: String) throws {
        let text = try FileSystem.readText(repositoryRoot + "/lang/" + code + ".lang")
        let file = try CatalogFile(parsing: text)
        let expected = Self.reference(text)
        #expect(file.entries.count > 100)
        #expect(file.entries == expected.entries)
        #expect(file.metadata == expected.metadata)
        #expect(file.order == expected.order)
    }

    @Test func awkwardSpacingAndUnicode() throws {
        let text = "x = a\\\\b \\é end\\\n\t  # indented comment\r\n@name\t=\tÑandú  \r\n  a.b =x=y= \r\nc=\n d_e = «¿qué?» ✓ \\n fin\t\n\r\n"
        let file = try CatalogFile(parsing: text)
        let expected = Self.reference(text)
        #expect(file.metadata == ["name": "Ñandú"])
        #expect(file.entries == expected.entries)
        #expect(file.entries["a.b"] == "x=y=")
        #expect(file.entries["c"] == "")
        #expect(file.entries["d_e"] == "«¿qué?» ✓ \n fin")
        #expect(file.entries["x"] == "a\\b é end")
        #expect(file.order == ["x", "a.b", "c", "d_e"])
    }

    @Test func languagesAreOrderedWithTheirNames() throws {
        let catalogs = Catalogs(files: [
            "pt-br": try CatalogFile(parsing: "@name = Português\n"), "en": try CatalogFile(parsing: "@name = English\n"),
            "de": try CatalogFile(parsing: "x = y\n"), "es": try CatalogFile(parsing: "@name = Español\n"),
        ])
        #expect(catalogs.languages == ["es", "en", "de", "pt-br"])
        #expect(catalogs.namedLanguages.map(\.name) == ["Español", "English", "de", "Português"])
    }
}
