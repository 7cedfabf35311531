/// Building blocks for forms: a labelled field with its error, the hidden CSRF input,
/// and the honeypot that only bots fill in.
enum FormParts {
    static func csrf(_ h: inout HTML, _ ctx: Context) {
        h.void("input", .type("hidden"), .name("csrf"), .value(ctx.csrfToken))
    }

    /// A field wrapper: label (with a mark when mandatory), the control, the error line
    /// (`error` is the already translated message).
    static func field(_ h: inout HTML, _ ctx: Context, name: String, label: String, required: Bool, error: String?,
                      control: (inout HTML, _ id: String, _ describedBy: String?) -> Void) {
        let id = "f-" + name
        let errorID = "error-" + name
        h.el("div", .cls(error == nil ? "field" : "field has-error")) { h in
            h.el("label", .forID(id)) { h in
                h.text(label)
                if required { h.el("span", .cls("req"), Attr("aria-hidden", "true"), text: " *") }
            }
            control(&h, id, error == nil ? nil : errorID)
            if let error { h.el("p", .cls("field-error"), .id(errorID), text: error) }
        }
    }

    static func textInput(_ h: inout HTML, _ ctx: Context, name: String, label: String, value: String, required: Bool,
                          error: String?, type: String = "text", autocomplete: String? = nil, maxLength: Int = 100) {
        field(&h, ctx, name: name, label: label, required: required, error: error) { h, id, describedBy in
            h.void("input", .id(id), .name(name), .type(type), .value(value), Attr("maxlength", String(maxLength)),
                   autocomplete.map { Attr("autocomplete", $0) }, .flag("required", if: required),
                   describedBy.map { Attr("aria-describedby", $0) }, describedBy == nil ? nil : Attr("aria-invalid", "true"))
        }
    }

    /// A hidden-from-humans text input; any value means a bot filled the form.
    static func honeypot(_ h: inout HTML, _ ctx: Context) {
        h.el("div", .cls("hp"), Attr("aria-hidden", "true")) { h in
            h.el("label", .forID("f-website"), text: ctx.l.t("form.website"))
            h.void("input", .id("f-website"), .name("website"), .type("text"), .value(""), Attr("tabindex", "-1"), Attr("autocomplete", "off"))
        }
    }

    static func formError(_ h: inout HTML, _ ctx: Context, _ key: String?, params: [String: String] = [:]) {
        guard let key else { return }
        h.el("p", .cls("form-error"), .id("error-form"), Attr("role", "alert"), text: ctx.l.t(key, params))
    }

    static func fileInput(_ h: inout HTML, _ ctx: Context, error: String?) {
        let policy = ctx.settings.attachmentPolicy
        field(&h, ctx, name: "files", label: ctx.l.t("form.files"), required: false, error: error) { h, id, describedBy in
            h.void("input", .id(id), .name("files"), .type("file"), .flag("multiple"),
                   Attr("data-max-bytes", String(policy.maxBytes)), Attr("data-max-files", String(policy.maxFiles)),
                   describedBy.map { Attr("aria-describedby", $0) })
            h.el("p", .cls("hint"), text: ctx.l.t("form.files.hint", [
                "count": String(policy.maxFiles), "size": ByteSize.display(Int64(policy.maxBytes)),
                "types": policy.extensionList,
            ]))
        }
    }
}

/// Human-readable sizes: 512 B, 10 KB, 2.5 MB (powers of 1024, one decimal under 10).
enum ByteSize {
    static func display(_ n: Int64) -> String {
        if n < 1024 { return "\(n) B" }
        let units = ["KB", "MB", "GB"]
        var value = Double(n) / 1024, unit = 0
        while value >= 1024 && unit < units.count - 1 { value /= 1024; unit += 1 }
        if value < 10 {
            let tenths = Int((value * 10).rounded())
            return "\(tenths / 10).\(tenths % 10) \(units[unit])"
        }
        return "\(Int(value.rounded())) \(units[unit])"
    }
}
