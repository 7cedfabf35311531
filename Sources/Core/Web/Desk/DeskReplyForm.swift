/// The reply editor. Without JavaScript it is a textarea of plain text (`format=text`);
/// the script turns it into a small rich-text editor (bold, italic, lists, links,
/// images) and sends HTML (`format=html`). Templates: with the script they are inserted
/// at the cursor; without it, "Insert" posts the form back and the template is added to
/// the draft. Snippets: a search panel whose results the script pastes at the cursor (or
/// that "Insert" adds to the draft without it). The operator's signature is appended when
/// sending, never edited here.
enum DeskReplyForm {
    static func render(_ h: inout HTML, _ d: DeskContext, env: Environment, ticket t: DeskStore.Ticket,
                       statuses: [DeskStore.Option], draft: ReplyDraft) {
        let l = d.l
        let templates = (try? ReplyTemplateStore(db: env.db).all(language: t.language)) ?? []
        let seen = draft.seen ?? ((try? env.desk.latestCustomerMessageID(ticketID: t.id)) ?? 0)
        h.el("section", .cls("reply-box")) { h in
            h.el("h2", text: l.t("desk.reply"))
            if draft.warnNewMessage {
                h.el("p", .cls("form-error"), .id("new-message-warning"), Attr("role", "alert"), text: l.t("desk.customer_wrote"))
            }
            h.el("form", .id("reply"), Attr("method", "post"), Attr("action", Route.desk(.reply(t.number)).path),
                 Attr("enctype", "multipart/form-data"), .cls("stacked")) { h in
                FormParts.csrf(&h, d.ctx)
                h.void("input", .type("hidden"), .name("seen"), .value(String(seen)))
                h.void("input", .type("hidden"), .name("format"), .value(draft.format), .id("reply-format"))
                if draft.warnNewMessage { h.void("input", .type("hidden"), .name("force"), .value("1")) }
                h.el("details", .cls("snippet-panel"), .id("snippet-panel"), draft.snippetQuery == nil ? nil : .flag("open")) { h in
                    h.el("summary", text: l.t("desk.snippets"))
                    h.el("div", .cls("snippet-search")) { h in
                        h.el("label", .forID("snippet-q"), .cls("visually-hidden"), text: l.t("admin.search"))
                        h.void("input", .id("snippet-q"), .name("snippet_q"), .type("search"), .value(draft.snippetQuery ?? ""),
                               Attr("data-url", Route.desk(.snippets).path))
                        h.el("button", .type("submit"), .name("mode"), .value("snippets"), .cls("button secondary"), .id("snippet-search"),
                             text: l.t("admin.search"))
                    }
                    if let query = draft.snippetQuery {
                        let found = SnippetPanel.results(env: env, settings: d.ctx.settings, query: query)
                        SnippetPanel.list(&h, d, snippets: found.snippets, error: found.error)
                    } else {
                        h.el("div", .cls("snippet-results"), .id("snippet-results"), text: "")
                    }
                }
                if !templates.isEmpty {
                    h.el("div", .cls("field template-picker")) { h in
                        h.el("label", .forID("template"), text: l.t("desk.template"))
                        h.el("select", .id("template"), .name("template")) { h in
                            h.el("option", .value(""), text: "—")
                            for tpl in templates {
                                let filled = ReplyTemplateStore.fill(tpl.bodyHTML, ticket: t, operatorName: d.op.displayName,
                                                                     org: d.ctx.settings.organisationName)
                                h.el("option", .value(String(tpl.id)), Attr("data-html", filled), text: tpl.name)
                            }
                        }
                        h.el("button", .type("submit"), .name("mode"), .value("insert"), .cls("button secondary"), .id("insert-template"),
                             text: l.t("desk.insert"))
                    }
                }
                h.el("div", .cls("field")) { h in
                    h.el("label", .forID("reply-body"), text: l.t("form.message"))
                    h.el("textarea", .id("reply-body"), .name("body"), Attr("rows", "10"), Attr("data-editor", "html"),
                         Attr("data-labels", l.t("desk.editor_labels")), text: draft.body)
                }
                FormParts.fileInput(&h, d.ctx, error: nil)
                h.el("p", .cls("hint"), .id("inline-hint"), text: l.t("desk.inline_hint"))
                h.el("div", .cls("field")) { h in
                    h.el("label", .forID("status-after"), text: l.t("desk.status_after"))
                    h.el("select", .id("status-after"), .name("status_after")) { h in
                        h.el("option", .value(""), text: l.t("desk.status_auto"))
                        for s in statuses {
                            h.el("option", .value(String(s.id)), .flag("selected", if: s.id == draft.statusAfter), text: s.name)
                        }
                    }
                }
                h.el("p", .cls("hint"), text: l.t("desk.signature_note"))
                h.el("p", .cls("actions")) { h in
                    h.el("button", .type("submit"), .name("mode"), .value("reply"), .cls("button"), .id("send-reply"), text: l.t("desk.send_reply"))
                    h.text(" ")
                    h.el("button", .type("submit"), .name("mode"), .value("note"), .cls("button secondary"), .id("add-note"), text: l.t("desk.add_note"))
                }
            }
        }
    }
}
