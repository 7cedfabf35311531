/// One HTTP request as the app sees it, built from CGI/FastCGI variables by
/// `Request.init(cgi:body:id:)` whatever the transport. The path is kept raw
/// (percent-encoded) and split into decoded segments, so an encoded `%2F` can never
/// smuggle a separator into a route. Header names are lower-case with dashes.
public struct Request: Sendable {
    public var method: String
    public var rawPath: String
    public var segments: [String]
    public var query: FormFields
    public var headers: [String: String]
    public var cookies: [String: String]
    public var remoteAddr: String
    /// Set by the web server after its own authentication; never from a header.
    public var remoteUser: String?
    public var body: [UInt8]
    public var contentType: String
    public var isHTTPS: Bool
    public var host: String
    /// The server's own name and port (from its configuration, not from the client).
    public var serverName: String
    public var serverPort: String
    public var id: String

    public init(cgi env: [String: String], body: [UInt8], id: String) {
        method = (env["REQUEST_METHOD"] ?? "GET").uppercased()
        var pathAndQuery = env["REQUEST_URI"] ?? ""
        if pathAndQuery.isEmpty {
            pathAndQuery = (env["SCRIPT_NAME"] ?? "") + (env["PATH_INFO"] ?? "")
            if let q = env["QUERY_STRING"], !q.isEmpty { pathAndQuery += "?" + q }
        }
        let pathPart = pathAndQuery.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? "/"
        rawPath = pathPart.isEmpty ? "/" : pathPart
        segments = rawPath.split(separator: "/").map { PercentCoding.decode($0.utf8) }
        query = FormFields.parseURLEncoded(Array((env["QUERY_STRING"] ?? "").utf8))
        var headers: [String: String] = [:]
        for (key, value) in env where key.hasPrefix("HTTP_") {
            headers[String(key.dropFirst(5)).lowercased().replacingUnderscores()] = value
        }
        self.headers = headers
        cookies = Cookies.parse((headers["cookie"] ?? "").utf8)
        remoteAddr = env["REMOTE_ADDR"] ?? ""
        let user = env["REMOTE_USER"] ?? env["REDIRECT_REMOTE_USER"] ?? ""
        remoteUser = user.isEmpty ? nil : user
        self.body = body
        contentType = env["CONTENT_TYPE"] ?? ""
        let https = (env["HTTPS"] ?? "").lowercased()
        isHTTPS = https == "on" || https == "1" || env["REQUEST_SCHEME"] == "https"
        host = headers["host"] ?? env["SERVER_NAME"] ?? "localhost"
        serverName = env["SERVER_NAME"].flatMap { $0.isEmpty ? nil : $0 } ?? "localhost"
        serverPort = env["SERVER_PORT"] ?? ""
        self.id = id
    }

    public var isPOST: Bool { method == "POST" }

    /// Scheme, server name and port as the web server is configured — never the client's
    /// Host header, which anyone can set (a forged Host must not end up in the links of
    /// mails). Used for absolute links when no base URL is configured.
    public var serverOrigin: String {
        let scheme = isHTTPS ? "https://" : "http://"
        let defaultPort = isHTTPS ? "443" : "80"
        let name = serverName.contains(":") && !serverName.hasPrefix("[") ? "[" + serverName + "]" : serverName
        return scheme + name + (serverPort.isEmpty || serverPort == defaultPort ? "" : ":" + serverPort)
    }

    /// Parses the body as a form: urlencoded or multipart. Files come back separately.
    public func form(limits: MultipartLimits = MultipartLimits()) throws -> (fields: FormFields, files: [UploadedFile]) {
        let type = HeaderValue.parse(contentType.utf8)
        if type.value == "multipart/form-data" {
            guard let boundary = MultipartParser.boundary(fromContentType: contentType.utf8) else { throw MultipartError.invalidBoundary }
            let form = MultipartForm(parts: try MultipartParser.parse(body: body, boundary: boundary, limits: limits))
            return (form.fields, form.files)
        }
        return (FormFields.parseURLEncoded(body), [])
    }
}

extension String {
    fileprivate func replacingUnderscores() -> String {
        String(decoding: utf8.map { $0 == 95 ? 45 : $0 }, as: UTF8.self)
    }
}
