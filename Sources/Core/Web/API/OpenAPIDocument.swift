/// The OpenAPI 3 description of /api/v1, served at /api/v1/openapi.json without a key,
/// read from the installation's `docs/openapi.json` (the repository's own file, so the
/// served document cannot drift from it). A folder without `docs/` answers 404.
enum OpenAPIDocument {
    static func response(paths: Paths) throws -> Response {
        guard let body = try? FileSystem.read(paths.root + "/docs/openapi.json") else { throw ApiError.notFound() }
        var r = Response(status: 200, contentType: ApiResponse.contentType, body: body)
        r.setHeader("Cache-Control", "public, max-age=300")
        return r
    }
}
