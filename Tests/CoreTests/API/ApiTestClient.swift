@testable import Core

/// A site with one API key, and requests to /api/v1 carrying it as a bearer token.
final class ApiTestClient {
    let site: TestSite
    let key: String
    let keyID: Int64
    var language = "en"

    init(scopes: Set<ApiScope> = Set(ApiScope.allCases), settings: [String: String] = ["form_min_seconds": "0"]) throws {
        site = try TestSite(settings: settings)
        let made = try ApiKeyStore(db: site.env.db).create(name: "test", scopes: scopes, now: site.clock.now)
        key = made.secret
        keyID = made.key.id
    }

    /// A second key on the same site.
    func newKey(_ scopes: Set<ApiScope>) throws -> String {
        try ApiKeyStore(db: site.env.db).create(name: "other", scopes: scopes, now: site.clock.now).secret
    }

    func request(_ method: String, _ path: String, json: String? = nil, key: String? = nil, authorization: String? = nil,
                 contentType: String = "application/json", headers: [String: String] = [:]) -> Response {
        var h = headers
        h["Accept-Language"] = language
        if let authorization { h["Authorization"] = authorization } else { h["Authorization"] = "Bearer " + (key ?? self.key) }
        let body = json.map { Array($0.utf8) } ?? []
        return site.request(method, path, body: body, contentType: json == nil ? "" : contentType, headers: h)
    }

    static let ticket = """
        {"name": "Lucía Pérez", "email": "lucia@example.com", "phone": "+34 600 111 222", "city": "Sevilla",
         "country": "España", "subject": "La impresora no imprime", "message": "Desde ayer no imprime."}
        """

    /// Opens a ticket through the API; returns its number.
    func createTicket(_ json: String = ApiTestClient.ticket) throws -> String {
        let r = request("POST", "/api/v1/tickets", json: json)
        guard r.status == 201, let number = try r.json()["number"]?.string else {
            throw TestSupportError(message: "create failed: \(r.status) \(r.text)")
        }
        return number
    }
}

extension Response {
    func json() throws -> JSON { try JSON.parse(body) }
    var errorCode: String? { (try? json())?["error"]?["code"]?.string }
}
