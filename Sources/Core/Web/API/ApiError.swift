/// A refused API request: the HTTP status, a stable snake_case code clients can switch
/// on, the field at fault (if any) and the catalog key of the human message, which is
/// localized per `Accept-Language` when the response is built. The body is always
/// `{"error": {"code", "message", "field"}}`, plus `fields` when several form fields
/// failed at once.
struct ApiError: Error {
    let status: Int
    let code: String
    var field: String? = nil
    var messageKey: String? = nil
    var params: [String: String] = [:]
    /// Every failing field with its catalog key (validation of a whole ticket).
    var fields: [(name: String, key: String, params: [String: String])] = []
    var headers: [(name: String, value: String)] = []

    func response(_ ctx: Context) -> Response {
        var error: [(String, JSONValue)] = [
            ("code", .string(code)),
            ("message", .string(ctx.l.t(messageKey ?? "api.error." + code, params))),
            ("field", .optional(field)),
        ]
        if !fields.isEmpty {
            error.append(("fields", .object(fields.map { ($0.name, .string(ctx.l.t($0.key, $0.params))) })))
        }
        var r = ApiResponse.json(.object([("error", .object(error))]), status: status)
        for h in headers { r.setHeader(h.name, h.value) }
        if status == 401 { r.setHeader("WWW-Authenticate", "Bearer realm=\"taquilla\"") }
        return r
    }

    static func notFound() -> ApiError { ApiError(status: 404, code: "not_found") }
    static func badParameter(_ name: String) -> ApiError { ApiError(status: 400, code: "invalid_parameter", field: name, params: ["name": name]) }
}

/// JSON responses of the API: UTF-8, never cached, never sniffed.
enum ApiResponse {
    static let contentType = "application/json; charset=utf-8"

    static func json(_ value: JSONValue, status: Int = 200) -> Response {
        var r = Response(status: status, contentType: contentType, body: value.bytes)
        r.setHeader("Cache-Control", "no-store")
        return r
    }
}
