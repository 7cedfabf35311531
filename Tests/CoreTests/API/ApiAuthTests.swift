import Testing
@testable import Core

/// Who may use the API: bearer keys, revocation, scopes, the per-key rate limit, and
/// the JSON error format (never HTML, localized per Accept-Language).
@Suite struct ApiAuthTests {
    @Test func missingUnknownMalformedAndRevokedKeysGet401WithTheBearerChallenge() throws {
        let api = try ApiTestClient()
        let cases: [String?] = [nil, "Bearer tq_NOTAKEY", "Basic dXNlcjpwYXNz", "Bearer", "bearer " + api.key + "x"]
        for authorization in cases {
            let r = authorization.map { api.request("GET", "/api/v1/tickets", authorization: $0) }
                ?? api.site.request("GET", "/api/v1/tickets")
            #expect(r.status == 401, "\(authorization ?? "none")")
            #expect(r.header("WWW-Authenticate")?.hasPrefix("Bearer") == true)
            #expect(r.errorCode == "unauthorized")
            #expect(r.header("Content-Type") == "application/json; charset=utf-8")
        }
        #expect(api.request("GET", "/api/v1/tickets", authorization: "bEaReR " + api.key).status == 200, "the scheme is case-insensitive")
        #expect(try ApiKeyStore(db: api.site.env.db).revoke(id: api.keyID, now: api.site.clock.now))
        #expect(api.request("GET", "/api/v1/tickets").status == 401, "a revoked key no longer works")
    }

    @Test func aKeyWithoutTheScopeGets403() throws {
        let api = try ApiTestClient(scopes: [.ticketsRead])
        let r = api.request("POST", "/api/v1/tickets", json: ApiTestClient.ticket)
        #expect(r.status == 403)
        #expect(r.errorCode == "forbidden")
        #expect(try r.json()["error"]?["message"]?.string?.contains("tickets:create") == true)
        #expect(try api.site.count("tickets") == 0)
        #expect(api.request("GET", "/api/v1/mail").status == 403)
        #expect(api.request("GET", "/api/v1/tickets").status == 200)
    }

    @Test func theKeyIsStoredOnlyAsItsHashAndLastUseIsRecorded() throws {
        let api = try ApiTestClient()
        let stored = try api.site.env.db.scalar("SELECT key_hash FROM api_keys WHERE id = ?", api.keyID).bytes
        #expect(stored == SHA256.hash(Array(api.key.utf8)))
        #expect(api.key.hasPrefix("tq_") && api.key.utf8.count == 3 + 52)
        #expect(try ApiKeyStore(db: api.site.env.db).find(id: api.keyID)?.lastUsedAt == nil)
        _ = api.request("GET", "/api/v1/tickets")
        #expect(try ApiKeyStore(db: api.site.env.db).find(id: api.keyID)?.lastUsedAt == api.site.clock.now)
    }

    @Test func theRateLimitIsPerKeyAndAnswers429WithRetryAfter() throws {
        let api = try ApiTestClient(settings: ["api_rate_limit": "3"])
        let other = try api.newKey([.ticketsRead])
        for _ in 0..<3 { #expect(api.request("GET", "/api/v1/tickets").status == 200) }
        let r = api.request("GET", "/api/v1/tickets")
        #expect(r.status == 429)
        #expect(r.errorCode == "rate_limited")
        let retry = Int(r.header("Retry-After") ?? "") ?? 0
        #expect(retry >= 1 && retry <= 60)
        #expect(api.request("POST", "/api/v1/tickets", json: ApiTestClient.ticket).status == 429)
        #expect(try api.site.count("tickets") == 0, "a refused create writes nothing")
        #expect(api.request("GET", "/api/v1/tickets", key: other).status == 200, "another key has its own budget")
        api.site.clock.now += 60
        #expect(api.request("GET", "/api/v1/tickets").status == 200, "the next window starts afresh")
    }

    @Test func unknownPathsAndMethodsAreJSONNotHTML() throws {
        let api = try ApiTestClient()
        for path in ["/api/", "/api/v2/tickets", "/api/v1/nothing", "/api/v1/tickets/1/2/3"] {
            let r = api.request("GET", path)
            #expect(r.status == 404, "\(path)")
            #expect(r.errorCode == "not_found")
        }
        let r = api.request("DELETE", "/api/v1/tickets")
        #expect(r.status == 405)
        #expect(r.header("Allow") == "GET, HEAD, POST")
        #expect(r.errorCode == "method_not_allowed")
        #expect(api.request("GET", "/api/v1/tickets/00000000").errorCode == "ticket_not_found")
        #expect(r.header("Set-Cookie") == nil, "the API sets no cookies")
    }

    @Test func messagesFollowAcceptLanguage() throws {
        let api = try ApiTestClient()
        let en = try api.request("GET", "/api/v1/nothing").json()["error"]?["message"]?.string
        api.language = "es"
        let es = try api.request("GET", "/api/v1/nothing").json()["error"]?["message"]?.string
        #expect(en == api.site.env.catalogs.localizer("en").t("api.error.not_found"))
        #expect(es == api.site.env.catalogs.localizer("es").t("api.error.not_found"))
        #expect(en != es)
    }

    @Test func theBodyIsCheckedForTypeSizeAndSyntax() throws {
        let api = try ApiTestClient(settings: ["attachment_max_files": "0"])
        #expect(api.request("POST", "/api/v1/tickets", json: ApiTestClient.ticket, contentType: "text/plain").status == 415)
        #expect(api.request("POST", "/api/v1/tickets", json: ApiTestClient.ticket, contentType: "application/json; charset=latin1").status == 415)
        let huge = "{\"message\": \"" + String(repeating: "x", count: 1_100_000) + "\"}"
        #expect(api.request("POST", "/api/v1/tickets", json: huge).status == 413)
        let bad = api.request("POST", "/api/v1/tickets", json: "{\"name\": ")
        #expect(bad.status == 400)
        #expect(bad.errorCode == "invalid_json")
        #expect(api.request("POST", "/api/v1/tickets", json: "[1]").errorCode == "invalid_json")
        let typed = api.request("POST", "/api/v1/tickets", json: "{\"name\": 5}")
        #expect(typed.status == 422)
        #expect(try typed.json()["error"]?["field"]?.string == "name")
        #expect(try api.site.count("tickets") == 0)
    }

    @Test func theOpenAPIDocumentServedIsTheRepositoryFile() throws {
        let api = try ApiTestClient()
        let r = api.site.request("GET", "/api/v1/openapi.json")
        #expect(r.status == 200)
        let file = try #require(readFile(repositoryRoot + "/docs/openapi.json"))
        #expect(r.body == file)
        #expect(try r.json()["openapi"]?.string?.hasPrefix("3.") == true)
    }
}
