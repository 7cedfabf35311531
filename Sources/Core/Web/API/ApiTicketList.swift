/// GET /api/v1/tickets: the desk search as JSON — the same filters (`q` full text,
/// number, subject, name, email, phone, city, country, status (id or code), group,
/// project, operator, `date=created|updated` with `from`/`to` days) and the same order
/// (with `q` newest match first, otherwise most recently updated first), paged with
/// `page` and `per_page` (1–200, default 50). The answer carries `total` (a lower bound
/// when `total_exact` is false: a full-text search reads only the newest matches) and a
/// `next` link (null on the last page). Unlike the desk form, a malformed parameter is a
/// 400 naming it rather than silently ignored.
struct ApiTicketList {
    let env: Environment

    static let idParameters = ["group", "project", "operator"]

    func handle(_ ctx: Context) throws -> Response {
        let q = ctx.request.query
        var f = SearchPage(env: env).filter(q)
        let window = try ApiPaging.window(q)
        f.page = window.page
        f.pageSize = window.size
        for name in Self.idParameters where q[name] != nil {
            guard let n = Int64(q[name]!), n >= 1 else { throw ApiError.badParameter(name) }
        }
        if let status = q["status"], Int64(status) == nil {
            guard let id = try env.reference.statusID(code: status) else { throw ApiError.badParameter("status") }
            f.statusID = id
        }
        for name in ["from", "to"] where q[name] != nil && DayParser.start(q[name]!) == nil { throw ApiError.badParameter(name) }
        if let date = q["date"], date != "created" && date != "updated" { throw ApiError.badParameter("date") }
        if let text = q["q"], !text.isEmpty, f.text == nil { throw ApiError.badParameter("q") }
        let actor = TicketRules.Actor(id: 0, isAdmin: true, groupIDs: [])
        let result = try env.desk.search(f, actor: actor, names: env.ticketListNames())
        let hasNext = f.page * f.pageSize < result.total
        return ApiResponse.json(.object([
            ("tickets", .array(result.hits.map { ApiTicketJSON.row($0.row) })),
            ("page", .int(Int64(f.page))),
            ("per_page", .int(Int64(f.pageSize))),
            ("total", .int(Int64(result.total))),
            ("total_exact", .bool(result.exact)),
            ("next", hasNext ? .string(ApiPaging.link(ctx.request, page: f.page + 1)) : .null),
        ]))
    }
}

/// Links to another page of a listing: the request's own path and query with `page`
/// replaced, every value percent-encoded again.
enum ApiPaging {
    static func link(_ request: Request, page: Int) -> String {
        var pairs: [String] = []
        for name in request.query.names where name != "page" {
            for value in request.query.all(name) { pairs.append(PercentCoding.encode(name) + "=" + PercentCoding.encode(value)) }
        }
        pairs.append("page=\(page)")
        return request.rawPath + "?" + pairs.joined(separator: "&")
    }

    /// `page` and `per_page` from the query, checked: (page, size, offset).
    static func window(_ query: FormFields, defaultSize: Int = 50) throws(ApiError) -> (page: Int, size: Int, offset: Int) {
        var page = 1, size = defaultSize
        if let p = query["page"] {
            guard let n = Int(p), n >= 1, n <= 1_000_000 else { throw ApiError.badParameter("page") }
            page = n
        }
        if let s = query["per_page"] {
            guard let n = Int(s), n >= 1, n <= 200 else { throw ApiError.badParameter("per_page") }
            size = n
        }
        return (page, size, (page - 1) * size)
    }
}
