/// The headers every response carries. The CSP allows only our own scripts, styles and
/// images (plus data: images for inline icons), no inline code, no framing, no plugins.
enum SecurityHeaders {
    static let contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"

    static func apply(to response: inout Response) {
        if response.header("Content-Security-Policy") == nil {
            response.setHeader("Content-Security-Policy", contentSecurityPolicy)
        }
        response.setHeader("X-Content-Type-Options", "nosniff")
        response.setHeader("Referrer-Policy", "same-origin")
        response.setHeader("X-Frame-Options", "DENY")
    }
}
