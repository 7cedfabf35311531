/// One entry of the desk timeline: a message (customer, reply, note, event) with its
/// files, or an audited action rendered as a one-line system event.
enum DeskTimeline {
    static func item(_ h: inout HTML, _ d: DeskContext, _ t: DeskStore.Ticket, _ item: DeskStore.TimelineItem) {
        let l = d.l
        switch item {
        case .message(let m):
            h.el("article", .cls("message message-" + m.kind.rawValue), .id("m\(m.id)")) { h in
                h.el("header") { h in
                    h.el("strong", .cls("author"), text: m.authorName)
                    h.el("span", .cls("badge"), text: l.t("desk.kind." + m.kind.rawValue))
                    if m.source == "email" { h.el("span", .cls("badge"), text: l.t("desk.via_email")) }
                    h.el("time", Attr("datetime", TimeFormat.iso(m.createdAt)), text: TimeFormat.display(m.createdAt))
                }
                if let html = m.bodyHTML, !html.isEmpty {
                    h.el("div", .cls("message-html")) { h in h.safe(HTMLSanitizer.sanitize(html, policy: inlineImages(t, m))) }
                } else {
                    h.el("div", .cls("message-body"), text: m.bodyText)
                }
                if m.source == "email" {
                    h.el("p", .cls("original-mail")) { h in
                        h.el("a", .href(Route.desk(.original(t.number, m.id)).path), text: l.t("inbound.view_original"))
                    }
                }
                if !m.attachments.isEmpty {
                    h.el("ul", .cls("attachments")) { h in
                        for f in m.attachments {
                            h.el("li") { h in
                                h.el("a", .cls("attachment"), .href(Route.desk(.file(t.number, f.id)).path), text: f.filename)
                                h.el("span", .cls("muted"), text: " (" + ByteSize.display(f.size) + ")")
                            }
                        }
                    }
                }
            }
        case .event(let e):
            h.el("p", .cls("event"), Attr("data-action", e.action)) { h in
                h.el("time", Attr("datetime", TimeFormat.iso(e.at)), text: TimeFormat.display(e.at))
                h.text(" " + l.t("event." + e.action, ["actor": e.actor, "before": value(d, e.action, e.before), "after": value(d, e.action, e.after)]))
            }
        }
    }

    /// `cid:` images point at this message's own attachments; anything else is kept as the
    /// sanitizer's URL rules allow.
    static func inlineImages(_ t: DeskStore.Ticket, _ m: DeskStore.DeskMessage) -> HTMLSanitizer.Policy {
        inlineImages(m.attachments) { Route.desk(.file(t.number, $0)).path }
    }

    /// The sanitizer policy mapping `cid:` image sources to `url(attachmentID)` of the
    /// message's own files (desk or guest URLs); an unknown `cid:` image is dropped.
    static func inlineImages(_ attachments: [AttachmentRecord], url: (Int64) -> String) -> HTMLSanitizer.Policy {
        var urls: [String: String] = [:]
        for a in attachments { if let cid = a.contentID { urls[cid] = url(a.id) } }
        let byContentID = urls
        return HTMLSanitizer.Policy(rewriteImageSource: { src in
            guard src.lowercased().hasPrefix("cid:") else { return src }
            return byContentID[String(src.dropFirst(4))]
        })
    }

    private static func value(_ d: DeskContext, _ action: String, _ v: String?) -> String {
        guard let v else { return "—" }
        switch action {
        case "status": return d.label("status", v)
        case "priority": return d.label("priority", v)
        default: return v
        }
    }
}
