import Core

/// Reading a request body safely: CONTENT_LENGTH is checked against a hard cap before a
/// byte is read (the web server's own limit should be lower), and a short read is an
/// error, not a silently truncated form.
enum RequestBody {
    static let maxBytes = 64 * 1024 * 1024

    enum Length { case length(Int), tooLarge }

    static func length(_ header: String?) -> Length {
        guard let header, let n = Int(header), n > 0 else { return .length(0) }
        return n > maxBytes ? .tooLarge : .length(n)
    }

    /// Reads exactly `count` bytes with `reader` (returns bytes read, 0 at end, <0 on error).
    static func read(count: Int, from reader: (UnsafeMutableRawPointer, Int) -> Int) -> [UInt8]? {
        if count == 0 { return [] }
        var body = [UInt8](repeating: 0, count: count)
        var offset = 0
        let ok: Bool = body.withUnsafeMutableBytes { raw in
            while offset < count {
                let n = reader(raw.baseAddress! + offset, count - offset)
                if n <= 0 { return false }
                offset += n
            }
            return true
        }
        return ok ? body : nil
    }
}

/// Responses for failures before the app can run (no database, body too large). They
/// are plain text in both languages, and still carry the security headers.
enum Fallback {
    static func plain(_ status: Int, _ text: String) -> Response {
        var r = Response.text(text, status: status)
        r.setHeader("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
        r.setHeader("X-Content-Type-Options", "nosniff")
        r.setHeader("Referrer-Policy", "same-origin")
        r.setHeader("X-Frame-Options", "DENY")
        return r
    }

    static func tooLarge() -> Response { plain(413, "Request too large. / Solicitud demasiado grande.\n") }
    static func badRequest() -> Response { plain(400, "Incomplete request body. / Cuerpo de la solicitud incompleto.\n") }

    static func unavailable(requestID: String) -> Response {
        var r = plain(503, "Service temporarily unavailable. / Servicio no disponible temporalmente. (\(requestID))\n")
        r.setHeader("Retry-After", "5")
        return r
    }
}
