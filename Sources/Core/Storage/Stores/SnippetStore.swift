/// Snippets for the reply editor's "click to paste" panel (seed 002's hotel database):
/// local ones managed by admins, searched by title and text, newest edits first.
public struct SnippetStore {
    let db: Database

    public init(db: Database) { self.db = db }

    public struct Snippet: Sendable, Equatable {
        public let id: Int64?
        public let title: String
        /// Sanitized HTML.
        public let bodyHTML: String
    }

    public func search(_ query: String, limit: Int = 20) throws -> [Snippet] {
        let pattern = "%" + query.replacingLikeWildcards() + "%"
        return try db.query("""
            SELECT id, title, body_html FROM snippets
            WHERE ?1 = '' OR title LIKE ?2 ESCAPE '\\' OR body_html LIKE ?2 ESCAPE '\\'
            ORDER BY updated_at DESC, id DESC LIMIT ?3
            """, query, pattern, limit).map { Snippet(id: $0.int("id"), title: $0.string("title"), bodyHTML: $0.string("body_html")) }
    }

    public func find(_ id: Int64) throws -> Snippet? {
        try db.queryOne("SELECT id, title, body_html FROM snippets WHERE id = ?", id).map {
            Snippet(id: $0.int("id"), title: $0.string("title"), bodyHTML: $0.string("body_html"))
        }
    }
}

/// The optional external snippet source: `GET URL?q=QUERY` answering a JSON array of
/// `{"title": …, "body": …}` (or an object with such an array under `results`). Bodies
/// are HTML and go through the sanitizer; a failing source is reported, never thrown.
public enum ExternalSnippets {
    public static func search(url: String, query: String) -> Result<[SnippetStore.Snippet], HTTPFetch.Failure> {
        let separator = url.contains("?") ? "&" : "?"
        switch HTTPFetch.get(url + separator + "q=" + PercentCoding.encode(query)) {
        case .failure(let failure):
            return .failure(failure)
        case .success(let response):
            guard (200..<300).contains(response.status) else { return .failure(HTTPFetch.Failure(description: "HTTP \(response.status)")) }
            return parse(response.body)
        }
    }

    static func parse(_ body: [UInt8]) -> Result<[SnippetStore.Snippet], HTTPFetch.Failure> {
        let json: JSON
        do { json = try JSON.parse(body) } catch { return .failure(HTTPFetch.Failure(description: error.description)) }
        guard let items = json.array ?? json["results"]?.array else {
            return .failure(HTTPFetch.Failure(description: "expected a JSON array of {title, body}"))
        }
        let snippets = items.prefix(50).compactMap { item -> SnippetStore.Snippet? in
            guard let title = item["title"]?.string, let body = item["body"]?.string else { return nil }
            return SnippetStore.Snippet(id: nil, title: String(title.singleLine().prefix(200)), bodyHTML: HTMLSanitizer.sanitize(body).value)
        }
        return .success(snippets)
    }
}
