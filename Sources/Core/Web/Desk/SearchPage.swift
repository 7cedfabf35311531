import Glibc

/// The desk's search: one full-text box (accent- and case-insensitive, prefix matching,
/// "quoted phrases") plus every field filter, combinable; results newest first with the
/// matching passage highlighted. Operators find only what `TicketRules` lets them see.
struct SearchPage {
    let env: Environment

    static let textFields = ["number", "subject", "name", "email", "phone", "city", "country"]

    func filter(_ q: FormFields) -> DeskStore.SearchFilter {
        var f = DeskStore.SearchFilter()
        let value = { (k: String) -> String? in q[k].map { $0.singleLine() }.flatMap { $0.isEmpty ? nil : String($0.prefix(200)) } }
        f.text = value("q").flatMap(SearchQuery.init)
        f.number = value("number").flatMap { TicketNumber($0)?.value }
        f.subject = value("subject"); f.name = value("name"); f.email = value("email")
        f.phone = value("phone"); f.city = value("city"); f.country = value("country")
        f.operatorID = q["operator"].flatMap { Int64($0) }
        f.statusID = q["status"].flatMap { Int64($0) }
        f.groupID = q["group"].flatMap { Int64($0) }
        f.projectID = q["project"].flatMap { Int64($0) }
        f.byUpdated = q["date"] == "updated"
        f.from = q["from"].flatMap(DayParser.start)
        f.to = q["to"].flatMap(DayParser.start).map { $0 + 86_400 }
        f.page = q["page"].flatMap { Int($0) } ?? 1
        return f
    }

    func render(_ d: DeskContext) throws -> Response {
        let q = d.ctx.request.query, l = d.l
        let f = filter(q)
        let result = f.isEmpty ? nil : try env.desk.search(f, actor: d.actor, names: env.ticketListNames())
        let options = try env.deskOptions(l)
        let statuses = options.statuses, groups = options.groups, projects = options.projects, operators = options.operators
        return d.page(l.t("desk.search")) { h in
            h.el("h1", text: l.t("desk.search"))
            h.el("form", .id("search"), .cls("filters"), Attr("method", "get"), Attr("action", Route.desk(.search).path)) { h in
                h.el("label", .cls("wide")) { h in
                    h.text(l.t("desk.search_text"))
                    h.void("input", .type("search"), .name("q"), .value(q["q"] ?? ""), Attr("placeholder", l.t("desk.search_hint")))
                }
                for field in Self.textFields {
                    h.el("label") { h in
                        h.text(l.t(field == "number" ? "ticket.number" : "form." + field))
                        h.void("input", .type("text"), .name(field), .value(q[field] ?? ""), Attr("size", "12"))
                    }
                }
                for (name, label, options) in [("status", l.t("ticket.status"), statuses.map { ($0.id, $0.name) }),
                                               ("group", l.t("form.group"), groups.map { ($0.id, $0.name) }),
                                               ("project", l.t("form.project"), projects.map { ($0.id, $0.name) }),
                                               ("operator", l.t("desk.operator"), operators.map { ($0.id, $0.name) })] {
                    h.el("label") { h in
                        h.text(label)
                        h.el("select", .name(name)) { h in
                            h.el("option", .value(""), text: l.t("desk.all"))
                            for (id, text) in options {
                                h.el("option", .value(String(id)), .flag("selected", if: q[name] == String(id)), text: text)
                            }
                        }
                    }
                }
                h.el("label") { h in
                    h.text(l.t("desk.date_field"))
                    h.el("select", .name("date")) { h in
                        h.el("option", .value("created"), text: l.t("ticket.created"))
                        h.el("option", .value("updated"), .flag("selected", if: f.byUpdated), text: l.t("ticket.updated"))
                    }
                }
                h.el("label") { h in
                    h.text(l.t("admin.from"))
                    h.void("input", .type("date"), .name("from"), .value(q["from"] ?? ""))
                }
                h.el("label") { h in
                    h.text(l.t("admin.to"))
                    h.void("input", .type("date"), .name("to"), .value(q["to"] ?? ""))
                }
                h.el("button", .type("submit"), .cls("button"), .id("search-submit"), text: l.t("desk.search"))
            }
            guard let result else { return }
            h.el("p", .cls("muted"), .id("search-total"),
                 text: l.plural(result.exact ? "desk.count" : "desk.count_at_least", count: result.total))
            h.el("div", .id("results"), .cls("scroll")) { h in
                h.el("table", .cls("queue")) { h in
                    h.el("tbody") { h in
                        for hit in result.hits {
                            let row = hit.row
                            h.el("tr", .cls(row.awaitingOperator ? "awaiting" : "answered"), Attr("data-number", row.number.value)) { h in
                                h.el("td") { h in h.el("a", .href(Route.desk(.ticket(row.number)).path), text: row.number.value) }
                                h.el("td") { h in
                                    h.el("div", .cls("subject"), text: row.subject)
                                    if let snippet = hit.snippet { Self.highlighted(&h, snippet) }
                                }
                                h.el("td") { h in
                                    h.el("span", .cls(row.statusIsOpen ? "status status-open" : "status status-closed"), text: d.label("status", row.statusCode))
                                }
                                h.el("td", text: row.customerName)
                                h.el("td", text: TimeFormat.display(row.updatedAt))
                            }
                        }
                    }
                }
            }
            pager(&h, d, q, page: max(1, f.page), size: f.pageSize, total: result.total)
        }
    }

    /// Previous/next links over the same search. The count may be a lower bound, so the
    /// last page is not named; a next page is offered while the count reaches past this one
    /// (the search always reads one ticket past the page to know).
    private func pager(_ h: inout HTML, _ d: DeskContext, _ q: FormFields, page: Int, size: Int, total: Int) {
        let hasNext = total > page * size
        guard page > 1 || hasNext else { return }
        let fields = ["q"] + Self.textFields + ["operator", "status", "group", "project", "date", "from", "to"]
        let kept = fields.compactMap { k in q[k].flatMap { $0.isEmpty ? nil : k + "=" + PercentCoding.encode($0) } }
        let link = { (n: Int) in Route.desk(.search).path + "?" + (kept + ["page=" + String(n)]).joined(separator: "&") }
        h.el("nav", .cls("pager"), Attr("aria-label", d.l.t("desk.pages"))) { h in
            if page > 1 { h.el("a", .href(link(page - 1)), Attr("rel", "prev"), text: d.l.t("desk.previous")) }
            h.el("span", text: d.l.t("desk.page_only", ["page": String(page)]))
            if hasNext { h.el("a", .href(link(page + 1)), Attr("rel", "next"), text: d.l.t("desk.next")) }
        }
    }

    /// The snippet as escaped text with the matched words in <mark>; the markers are
    /// private-use characters `SearchSnippet` put there, never anything the text contained.
    /// One pass over the UTF-8 bytes (U+E000 is EE 80 80, U+E001 is EE 80 81; memchr finds
    /// the lead byte EE, rare in text); every marker toggles, so pieces alternate plain,
    /// marked, plain, …
    static func highlighted(_ h: inout HTML, _ snippet: String) {
        h.el("p", .cls("snippet-text")) { h in
            var snippet = snippet
            snippet.withUTF8 { bytes in
                guard let base = bytes.baseAddress else { return }
                var pieceStart = 0, i = 0, marked = false
                func piece(until end: Int) {
                    let text = UnsafeBufferPointer(rebasing: bytes[pieceStart..<end])
                    if marked { h.el("mark") { $0.text(utf8: text) } } else { h.text(utf8: text) }
                    marked.toggle()
                }
                while i + 2 < bytes.count, let hit = memchr(base + i, 0xEE, bytes.count - 2 - i) {
                    i = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                    if bytes[i + 1] == 0x80 && bytes[i + 2] & 0xFE == 0x80 {
                        piece(until: i)
                        i += 3
                        pieceStart = i
                    } else {
                        i += 1
                    }
                }
                piece(until: bytes.count)
            }
        }
    }
}
