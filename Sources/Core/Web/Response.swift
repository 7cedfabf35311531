/// An HTTP response: status, headers in order, body bytes. Header values are stripped
/// of CR and LF when set, so no value can split the header block.
public struct Response: Sendable {
    public var status: Int
    public private(set) var headers: [(name: String, value: String)] = []
    public var body: [UInt8]

    public init(status: Int = 200, contentType: String = "text/html; charset=utf-8", body: [UInt8] = []) {
        self.status = status
        self.body = body
        setHeader("Content-Type", contentType)
    }

    public static func html(_ page: HTML, status: Int = 200) -> Response {
        var r = Response(status: status, body: page.bytes)
        r.setHeader("Cache-Control", "no-store")
        return r
    }

    public static func redirect(_ location: String, status: Int = 303) -> Response {
        var r = Response(status: status, contentType: "text/plain; charset=utf-8", body: Array("See \(location)\n".utf8))
        r.setHeader("Location", location)
        r.setHeader("Cache-Control", "no-store")
        return r
    }

    public static func text(_ s: String, status: Int = 200) -> Response {
        Response(status: status, contentType: "text/plain; charset=utf-8", body: Array(s.utf8))
    }

    /// Replaces a header of the same name (case-insensitive) or adds it.
    public mutating func setHeader(_ name: String, _ value: String) {
        let clean = Self.clean(value)
        if let i = headers.firstIndex(where: { Self.sameName($0.name, name) }) {
            headers[i].value = clean
        } else {
            headers.append((name, clean))
        }
    }

    /// Adds a header even if one of that name exists (Set-Cookie).
    public mutating func addHeader(_ name: String, _ value: String) {
        headers.append((name, Self.clean(value)))
    }

    public func header(_ name: String) -> String? {
        headers.first { Self.sameName($0.name, name) }?.value
    }

    /// Header names are ASCII tokens: compared byte by byte with ASCII case folded, without
    /// building lower-cased copies (every response sets several headers).
    static func sameName(_ a: String, _ b: String) -> Bool {
        a.utf8.count == b.utf8.count && zip(a.utf8, b.utf8).allSatisfy { ASCII.lowercased($0) == ASCII.lowercased($1) }
    }

    static func clean(_ value: String) -> String {
        guard value.utf8.contains(where: { $0 == 13 || $0 == 10 || $0 == 0 }) else { return value }
        return String(decoding: value.utf8.filter { $0 != 13 && $0 != 10 && $0 != 0 }, as: UTF8.self)
    }

    /// The CGI/FastCGI wire form: `Status:` line, headers, blank line, body.
    public func cgiBytes(includeBody: Bool = true) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(body.count + 512)
        out.append(contentsOf: "Status: \(status) \(Self.reason(status))\r\n".utf8)
        for (name, value) in headers { out.append(contentsOf: "\(name): \(value)\r\n".utf8) }
        if header("Content-Length") == nil { out.append(contentsOf: "Content-Length: \(body.count)\r\n".utf8) }
        out.append(contentsOf: [13, 10])
        if includeBody { out.append(contentsOf: body) }
        return out
    }

    static func reason(_ status: Int) -> String {
        switch status {
        case 200: return "OK"
        case 201: return "Created"
        case 204: return "No Content"
        case 303: return "See Other"
        case 304: return "Not Modified"
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 409: return "Conflict"
        case 413: return "Content Too Large"
        case 415: return "Unsupported Media Type"
        case 422: return "Unprocessable Content"
        case 429: return "Too Many Requests"
        case 500: return "Internal Server Error"
        case 503: return "Service Unavailable"
        default: return "Status"
        }
    }
}
