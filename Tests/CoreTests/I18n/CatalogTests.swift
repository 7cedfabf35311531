import Testing
@testable import Core

@Suite struct CatalogFileTests {
    @Test func parsesMetadataEntriesEscapesAndComments() throws {
        let file = try CatalogFile(parsing: "# c\n@name = Español\r\nform.subject = Asunto\nmail.body = Hola\\nadiós \\\\ fin\n\n")
        #expect(file.metadata["name"] == "Español")
        #expect(file.entries["form.subject"] == "Asunto")
        #expect(file.entries["mail.body"] == "Hola\nadiós \\ fin")
        #expect(file.order == ["form.subject", "mail.body"])
    }

    @Test func reportsTheLineOfAMalformedEntry() {
        #expect(throws: CatalogFile.ParseError.self) { try CatalogFile(parsing: "a = b\nthis has no equals\n") }
        do {
            _ = try CatalogFile(parsing: "a = b\nthis has no equals\n")
        } catch {
            #expect(error.line == 2)
        }
        #expect(throws: CatalogFile.ParseError.self) { try CatalogFile(parsing: "bad key = x\n") }
    }

    @Test func renderRoundTrips() throws {
        let file = try CatalogFile(parsing: "@name = X\nb = 1\na = two\\nlines\n")
        let again = try CatalogFile(parsing: file.render())
        #expect(again.entries == file.entries)
        #expect(again.order == ["b", "a"])
        #expect(again.metadata == file.metadata)
    }
}

@Suite struct LocalizerTests {
    let catalogs = Catalogs(files: [
        "en": try! CatalogFile(parsing: "hi = Hello {name}\nn.one = {count} ticket\nn.other = {count} tickets\nonly.en = E\n"),
        "es": try! CatalogFile(parsing: "hi = Hola {name}\nn.one = {count} ticket\nn.other = {count} tickets\n"),
    ])

    @Test func fillsPlaceholdersAndFallsBack() {
        let es = catalogs.localizer("es")
        #expect(es.t("hi", ["name": "Ana"]) == "Hola Ana")
        #expect(es.t("only.en") == "E")
        #expect(es.t("missing.key") == "missing.key")
        #expect(es.t("hi", [:]) == "Hola {name}")
        #expect(Localizer.fill("a {x} {unclosed", ["x": "1"]) == "a 1 {unclosed")
        #expect(Localizer.fill("¿Qué {x}? {y} {a {x}} ñ", ["x": "año"]) == "¿Qué año? {y} {a {x}} ñ", "unknown and nested braces stay as written")
        #expect(catalogs.localizer("xx").language == "en")
    }

    @Test func pluralsFollowTheLanguage() {
        #expect(catalogs.localizer("es").plural("n", count: 1) == "1 ticket")
        #expect(catalogs.localizer("es").plural("n", count: 0) == "0 tickets")
        #expect(catalogs.localizer("en").plural("n", count: 2) == "2 tickets")
    }
}

/// The shipped catalogs: both parse, have the same keys, and contain every key the
/// sources ask for (so no page ever shows a raw key).
@Suite struct ShippedCatalogTests {
    @Test func spanishAndEnglishAreCompleteAndAligned() throws {
        let catalogs = try Catalogs.load(directory: repositoryRoot + "/lang")
        let en = try #require(catalogs.files["en"]), es = try #require(catalogs.files["es"])
        #expect(Set(en.entries.keys) == Set(es.entries.keys))
        #expect(catalogs.languages.prefix(2) == ["es", "en"])
        var used = Set<String>()
        func scan(_ dir: String) throws {
            for name in try FileSystem.list(dir) {
                let path = dir + "/" + name
                if FileSystem.isDirectory(path) { try scan(path); continue }
                guard name.hasSuffix(".swift") else { continue }
                let text = try FileSystem.readText(path)
                for marker in ["t(\"", "Key: \"", "key: \""] {
                    var rest = Substring(text)
                    while let r = String(rest).range(of: marker) {
                        let after = String(rest)[r.upperBound...]
                        let key = String(after.prefix { $0 != "\"" })
                        if CatalogFile.isValidKey(key), key.contains("."), !key.hasSuffix(".") { used.insert(key) }
                        rest = Substring(after)
                    }
                }
            }
        }
        try scan(repositoryRoot + "/Sources/Core")
        #expect(used.count > 40)
        let missing = used.filter { en.entries[$0] == nil }
        #expect(missing.isEmpty, "\(missing.sorted())")
        for status in [400, 403, 404, 405, 413, 422, 429, 500, 503] { #expect(en.entries["error.title.\(status)"] != nil) }
    }
}
