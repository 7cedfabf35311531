/// Every language found in `lang/`, loaded once per process. English is the fallback
/// for a missing key; a key missing everywhere shows as itself, so gaps are visible
/// rather than blank.
public struct Catalogs: Sendable {
    public let files: [String: CatalogFile]
    public static let fallback = "en"
    /// Language codes sorted with the default languages first (computed once per load).
    public let languages: [String]
    /// `languages` with each one's own name, for language menus.
    public let namedLanguages: [(code: String, name: String)]

    public init(files: [String: CatalogFile]) {
        self.files = files
        languages = files.keys.sorted { a, b in
            let rank = ["es": 0, "en": 1]
            return (rank[a] ?? 9, a) < (rank[b] ?? 9, b)
        }
        namedLanguages = languages.map { ($0, files[$0]?.metadata["name"] ?? $0) }
    }

    /// Reads every `*.lang` file in `directory`. A broken file is an error that names it.
    public static func load(directory: String) throws -> Catalogs {
        var files: [String: CatalogFile] = [:]
        for name in try FileSystem.list(directory) where name.hasSuffix(".lang") {
            let code = String(name.dropLast(5))
            guard LanguageCode.isValid(code) else { continue }
            let text = try FileSystem.readText(directory + "/" + name)
            do {
                files[code] = try CatalogFile(parsing: text)
            } catch {
                throw CatalogLoadError(file: name, reason: error.description)
            }
        }
        return Catalogs(files: files)
    }

    public func displayName(_ code: String) -> String { files[code]?.metadata["name"] ?? code }

    public func localizer(_ language: String) -> Localizer {
        Localizer(language: files[language] == nil ? Catalogs.fallback : language, catalogs: self)
    }
}

public struct CatalogLoadError: Error, CustomStringConvertible {
    public let file: String
    public let reason: String
    public var description: String { "lang/\(file): \(reason)" }
}

/// A language code as used in file names and cookies: `es`, `en`, `pt-br`.
public enum LanguageCode {
    public static func isValid(_ code: String) -> Bool {
        let b = Array(code.utf8)
        return b.count >= 2 && b.count <= 12 && b.allSatisfy { ($0 >= 97 && $0 <= 122) || $0 == 45 } && b.first != 45
    }
}
