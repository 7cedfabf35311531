/// A desk request: the request context plus the authenticated operator and the facts
/// the ticket rules need about them.
struct DeskContext {
    var ctx: Context
    let op: OperatorStore.Operator
    let actor: TicketRules.Actor
    /// Display names by code, including names admins gave custom statuses/priorities.
    var names: [String: [String: String]] = [:]

    var l: Localizer { ctx.l }

    var doer: DeskStore.Doer { DeskStore.Doer(op: op, actor: actor, ip: ctx.request.remoteAddr, now: ctx.now) }

    func page(_ title: String, status: Int = 200, content: (inout HTML) -> Void) -> Response {
        .html(Layout.page(ctx, title: title, desk: op, content: content), status: status)
    }

    /// The display name of a status or priority code: the admin's name for this language,
    /// else the catalog's (`status.CODE`), else the code.
    func label(_ prefix: String, _ code: String?) -> String {
        guard let code else { return "—" }
        if let name = names[prefix]?[code] { return name }
        let key = prefix + "." + code
        let text = l.t(key)
        return text == key ? code : text
    }
}
