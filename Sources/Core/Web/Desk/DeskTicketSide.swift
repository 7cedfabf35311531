/// The ticket page's side panel: properties (status, priority, group, project) and the
/// customer's contact data, each as its own small form.
enum DeskTicketSide {
    static func properties(_ h: inout HTML, _ d: DeskContext, env: Environment, ticket t: DeskStore.Ticket, statuses: [DeskStore.Option]) {
        let l = d.l
        let priorities = (try? env.desk.priorities(localizer: l)) ?? []
        let groups = (try? env.desk.groups()) ?? [], projects = (try? env.desk.projects()) ?? []
        h.el("section", .cls("card")) { h in
            h.el("h2", text: l.t("desk.properties"))
            h.el("form", .id("properties"), Attr("method", "post"), Attr("action", Route.desk(.action(t.number)).path), .cls("stacked")) { h in
                FormParts.csrf(&h, d.ctx)
                h.void("input", .type("hidden"), .name("do"), .value("update"))
                select(&h, "status", l.t("ticket.status"), statuses.map { ($0.id, $0.name) }, t.statusID, allowNone: false, l)
                select(&h, "priority", l.t("ticket.priority"), priorities.map { ($0.id, $0.name) }, t.priorityID, allowNone: true, l)
                select(&h, "group", l.t("form.group"), groups.map { ($0.id, $0.name) }, t.groupID, allowNone: true, l)
                select(&h, "project", l.t("form.project"), projects.map { ($0.id, $0.name) }, t.projectID, allowNone: true, l)
                h.el("button", .type("submit"), .cls("button secondary"), .id("save-properties"), text: l.t("desk.save"))
            }
            h.el("dl", .cls("ticket-meta")) { h in
                h.el("dt", text: l.t("ticket.created"))
                h.el("dd", text: TimeFormat.display(t.createdAt))
                h.el("dt", text: l.t("desk.client_ip"))
                h.el("dd", .id("client-ip"), text: t.clientIP)
            }
        }
    }

    static func contact(_ h: inout HTML, _ d: DeskContext, ticket t: DeskStore.Ticket) {
        let l = d.l, c = t.contact
        h.el("section", .cls("card")) { h in
            h.el("h2", text: l.t("desk.customer"))
            h.el("form", .id("contact"), Attr("method", "post"), Attr("action", Route.desk(.contact(t.number)).path), .cls("stacked")) { h in
                FormParts.csrf(&h, d.ctx)
                for (name, label, value, type) in [("name", "form.name", c.name, "text"), ("email", "form.email", c.email, "email"),
                                                   ("phone", "form.phone", c.phone, "tel"), ("address", "form.address", c.address, "text"),
                                                   ("city", "form.city", c.city, "text"), ("country", "form.country", c.country, "text")] {
                    FormParts.textInput(&h, d.ctx, name: name, label: l.t(label), value: value, required: false, error: nil,
                                        type: type, maxLength: name == "email" ? 254 : 100)
                }
                h.el("button", .type("submit"), .cls("button secondary"), .id("save-contact"), text: l.t("desk.save"))
            }
        }
    }

    private static func select(_ h: inout HTML, _ name: String, _ label: String, _ options: [(Int64, String)], _ selected: Int64?,
                               allowNone: Bool, _ l: Localizer) {
        h.el("div", .cls("field")) { h in
            h.el("label", .forID("p-" + name), text: label)
            h.el("select", .id("p-" + name), .name(name)) { h in
                if allowNone { h.el("option", .value(""), text: "—") }
                for (id, text) in options { h.el("option", .value(String(id)), .flag("selected", if: id == selected), text: text) }
            }
        }
    }
}
