/// The OpenAPI 3 description of /api/v1, served at /api/v1/openapi.json without a key.
/// The source is docs/openapi.json; `text` is generated from it by docs/embed-openapi.sh
/// (a multi-line literal drops the file's final newline, which is added back here).
enum OpenAPIDocument {
    static func response() -> Response {
        var r = Response(status: 200, contentType: ApiResponse.contentType, body: Array((text + "\n").utf8))
        r.setHeader("Cache-Control", "public, max-age=300")
        return r
    }
}
