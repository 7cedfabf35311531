import Testing
@testable import Core

/// Who may enter /desk/ and /admin/, and what every response carries.
@Suite struct AreaAccessTests {
    func site() throws -> TestSite {
        let site = try TestSite()
        try site.env.operators.upsert(username: "alice", displayName: "Alice", email: "", role: .operator_, language: "en", now: 1)
        try site.env.operators.upsert(username: "root", displayName: "Root", email: "", role: .admin, language: "en", now: 1)
        return site
    }

    @Test func deskRefusesWithoutServerAuthentication() throws {
        let s = try site()
        #expect(s.request("GET", "/desk/").status == 403)
        #expect(s.request("GET", "/admin/").status == 403)
        #expect(s.request("GET", "/desk/", headers: ["Remote-User": "alice"]).status == 403, "a header is not authentication")
    }

    @Test func unknownAndDisabledNamesAreRefused() throws {
        let s = try site()
        let r = s.request("GET", "/desk/", remoteUser: "ghost")
        #expect(r.status == 403)
        #expect(r.text.contains("ghost"))
        try s.env.db.execute("UPDATE operators SET active = 0 WHERE username = 'alice'")
        #expect(s.request("GET", "/desk/", remoteUser: "alice").status == 403)
    }

    @Test func operatorsEnterDeskButNotAdmin() throws {
        let s = try site()
        #expect(s.request("GET", "/desk/", remoteUser: "alice").status == 200)
        #expect(s.request("GET", "/admin/", remoteUser: "alice").status == 403)
        #expect(s.request("GET", "/admin/", remoteUser: "root").status == 200)
    }

    @Test func everyResponseCarriesSecurityHeaders() throws {
        let s = try site()
        for (method, uri) in [("GET", "/"), ("GET", "/new"), ("GET", "/nope"), ("PUT", "/new"), ("POST", "/new"), ("GET", "/desk/"),
                              ("GET", "/ticket/12345678"), ("GET", "/ticket/../../etc/passwd")] {
            let r = s.request(method, uri)
            let csp = r.header("Content-Security-Policy") ?? ""
            #expect(!csp.isEmpty, "\(method) \(uri)")
            #expect(!csp.contains("unsafe-inline"))
            #expect(csp.contains("frame-ancestors 'none'"))
            #expect(r.header("X-Content-Type-Options") == "nosniff")
            #expect(r.header("Referrer-Policy") != nil)
            #expect(r.header("X-Frame-Options") == "DENY")
        }
    }

    @Test func unknownPathsAndMethods() throws {
        let s = try site()
        #expect(s.request("GET", "/nope").status == 404)
        #expect(s.request("GET", "/ticket/0123").status == 404)
        #expect(s.request("DELETE", "/new").status == 405)
        #expect(s.request("GET", "/ticket/%2e%2e").status == 404)
    }

    @Test func headersCannotBeSplit() {
        var r = Response()
        r.setHeader("Location", "/x\r\nSet-Cookie: evil=1")
        #expect(r.header("Location") == "/xSet-Cookie: evil=1")
        #expect(!String(decoding: r.cgiBytes(), as: UTF8.self).contains("\r\nSet-Cookie"))
    }
}

@Suite struct AreaProbeTests {
    @Test func refusedVisitorsCannotTellWhichAdminPagesExist() throws {
        let site = try TestSite()
        try site.env.operators.upsert(username: "alice", displayName: "Alice", email: "", role: .operator_, language: "en", now: 1)
        for path in ["/admin/audit", "/admin/no-such-page", "/admin/operators/7"] {
            #expect(site.request("GET", path, remoteUser: "alice").status == 403, "\(path)")
            #expect(site.request("GET", path).status == 403, "\(path) without a user")
        }
        #expect(site.request("GET", "/desk/no-such-page").status == 403)
        #expect(site.request("GET", "/desk/no-such-page", remoteUser: "alice").status == 404)
    }
}
