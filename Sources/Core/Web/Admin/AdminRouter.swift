/// Dispatches `/admin/…` for administrators (the area check happened in `App`). Each
/// section is a page type with `list` (GET /admin/NAME), `edit` (GET /admin/NAME/ID) and
/// `post` (POST to either); POSTs are CSRF-checked by `DeskRouter` before they get here.
struct AdminRouter {
    let env: Environment

    static let sections: [(name: String, key: String)] = [
        ("operators", "admin.operators"), ("groups", "admin.groups"), ("templates", "admin.templates"), ("snippets", "admin.snippets"), ("mail-templates", "admin.mail_templates"),
        ("statuses", "admin.statuses"), ("priorities", "admin.priorities"), ("projects", "admin.projects"),
        ("customers", "admin.customers"), ("languages", "admin.languages"), ("settings", "admin.settings"), ("mail", "admin.mail"),
        ("quarantine", "admin.quarantine"), (ApiKeysAdmin.section, "admin.api_keys"),
    ]

    static func lists(_ name: String) -> ListsAdmin.Kind? { ListsAdmin.Kind(rawValue: name) }

    func get(_ route: Route.AdminRoute, _ d: DeskContext) throws -> Response {
        switch route {
        case .home: return AdminHome.render(d)
        case .audit: return try AuditPage(env: env).render(d)
        case .section("stats"): return try StatsPage(env: env).render(d, scope: .all)
        case .section("operators"): return try OperatorsAdmin(env: env).list(d)
        case .item("operators", let id): return try OperatorsAdmin(env: env).edit(d, id: id)
        case .section("groups"): return try GroupsAdmin(env: env).list(d)
        case .item("groups", let id): return try GroupsAdmin(env: env).edit(d, id: id)
        case .section("templates"): return try TemplatesAdmin(env: env).list(d)
        case .item("templates", let id): return try TemplatesAdmin(env: env).edit(d, id: id)
        case .section("settings"): return try SettingsAdmin(env: env).form(d)
        case .section("mail"): return try MailAdmin(env: env).render(d)
        case .section("customers"): return try CustomersAdmin(env: env).list(d)
        case .section("snippets"): return try SnippetsAdmin(env: env).list(d)
        case .item("snippets", let id): return try SnippetsAdmin(env: env).edit(d, id: id)
        case .section("languages"): return try LanguagesAdmin(env: env).list(d)
        case .section("mail-templates"): return try MailTemplatesAdmin(env: env).form(d)
        case .section("quarantine"): return try QuarantineAdmin(env: env).list(d)
        case .item("quarantine", let id): return try QuarantineAdmin(env: env).download(d, id: id)
        case .item("customers", let id): return try CustomersAdmin(env: env).edit(d, id: id)
        case .section(ApiKeysAdmin.section): return try ApiKeysAdmin(env: env).list(d)
        case .section(let name) where Self.lists(name) != nil: return try ListsAdmin(env: env, kind: Self.lists(name)!).list(d)
        case .item(let name, let id) where Self.lists(name) != nil: return try ListsAdmin(env: env, kind: Self.lists(name)!).edit(d, id: id)
        default: return ErrorPage.render(d.ctx, status: 404, messageKey: "error.not_found")
        }
    }

    func post(_ route: Route.AdminRoute, _ d: inout DeskContext, _ f: FormFields) throws -> Response {
        switch route {
        case .section("operators"): return try OperatorsAdmin(env: env).save(&d, id: nil, f)
        case .item("operators", let id): return try OperatorsAdmin(env: env).save(&d, id: id, f)
        case .section("groups"): return try GroupsAdmin(env: env).save(d, id: nil, f)
        case .item("groups", let id): return try GroupsAdmin(env: env).save(d, id: id, f)
        case .section("templates"): return try TemplatesAdmin(env: env).save(d, id: nil, f)
        case .item("templates", let id): return try TemplatesAdmin(env: env).save(d, id: id, f)
        case .section("settings"): return try SettingsAdmin(env: env).save(d, f)
        case .section("mail"): return try MailAdmin(env: env).post(d, f)
        case .section("customers"): return try CustomersAdmin(env: env).save(d, id: nil, f)
        case .section("snippets"): return try SnippetsAdmin(env: env).save(d, id: nil, f)
        case .item("snippets", let id): return try SnippetsAdmin(env: env).save(d, id: id, f)
        case .section("languages"): return try LanguagesAdmin(env: env).save(d, f)
        case .section("mail-templates"): return try MailTemplatesAdmin(env: env).save(d, f)
        case .item("quarantine", let id): return try QuarantineAdmin(env: env).post(d, id: id, f)
        case .item("customers", let id): return try CustomersAdmin(env: env).save(d, id: id, f)
        case .section(ApiKeysAdmin.section): return try ApiKeysAdmin(env: env).save(d, id: nil, f)
        case .item(ApiKeysAdmin.section, let id): return try ApiKeysAdmin(env: env).save(d, id: id, f)
        case .section(let name) where Self.lists(name) != nil: return try ListsAdmin(env: env, kind: Self.lists(name)!).save(d, id: nil, f)
        case .item(let name, let id) where Self.lists(name) != nil: return try ListsAdmin(env: env, kind: Self.lists(name)!).save(d, id: id, f)
        default: return ErrorPage.render(d.ctx, status: 404, messageKey: "error.not_found")
        }
    }
}

/// The administration entry page: links to every section.
enum AdminHome {
    static func render(_ d: DeskContext) -> Response {
        d.page(d.l.t("admin.title")) { h in
            h.el("h1", text: d.l.t("admin.title"))
            h.el("p", .id("admin-intro"), text: d.l.t("admin.intro"))
            h.el("ul", .cls("admin-sections")) { h in
                for s in AdminRouter.sections {
                    h.el("li") { h in h.el("a", .href(Route.admin(.section(s.name)).path), .id("admin-" + s.name), text: d.l.t(s.key)) }
                }
                h.el("li") { h in h.el("a", .href(Route.admin(.audit).path), .id("admin-audit"), text: d.l.t("admin.audit")) }
                h.el("li") { h in h.el("a", .href(Route.admin(.section("stats")).path), .id("admin-stats"), text: d.l.t("stats.title_all")) }
            }
        }
    }
}

/// Shared pieces of the admin pages.
enum AdminParts {
    static func notice(_ h: inout HTML, _ d: DeskContext) {
        if let done = d.ctx.request.query["done"], d.l.has("admin.done." + done) {
            h.el("p", .cls("notice success"), .id("notice"), Attr("role", "status"), text: d.l.t("admin.done." + done))
        }
    }

    static func error(_ h: inout HTML, _ message: String?) {
        if let message { h.el("p", .cls("form-error"), .id("error-form"), Attr("role", "alert"), text: message) }
    }

    static func hidden(_ h: inout HTML, _ name: String, _ value: String) {
        h.void("input", .type("hidden"), .name(name), .value(value))
    }

    static func checkbox(_ h: inout HTML, name: String, value: String = "1", label: String, checked: Bool, id: String? = nil) {
        h.el("label", .cls("check")) { h in
            h.void("input", .type("checkbox"), .name(name), .value(value), .flag("checked", if: checked), id.map { Attr("id", $0) })
            h.text(" " + label)
        }
    }

    static func textarea(_ h: inout HTML, _ d: DeskContext, name: String, label: String, value: String, rows: Int = 6) {
        h.el("div", .cls("field")) { h in
            h.el("label", .forID("f-" + name), text: label)
            h.el("textarea", .id("f-" + name), .name(name), Attr("rows", String(rows)), text: value)
        }
    }

    static func submit(_ h: inout HTML, _ label: String, id: String, name: String = "do", value: String = "save", danger: Bool = false) {
        h.el("button", .type("submit"), .name(name), .value(value), .cls(danger ? "button danger" : "button"), .id(id), text: label)
    }
}
