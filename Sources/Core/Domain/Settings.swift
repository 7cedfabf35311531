/// The site's settings as typed values, read from the `settings` table. Missing or
/// unparsable numbers fall back to the defaults below, so a bad edit never takes the
/// site down; the admin pages validate before saving.
public struct Settings: Sendable {
    public var values: [String: String]

    public init(values: [String: String] = [:]) { self.values = values }

    public static let defaults: [String: String] = [
        "organisation_name": "Taquilla",
        "default_language": "es",
        "attachment_max_bytes": "10485760",
        "attachment_max_files": "5",
        "attachment_extensions": "pdf doc docx xls xlsx odt ods odp ppt pptx txt csv rtf jpg jpeg png gif webp zip",
        "form_min_seconds": "3",
        "ticket_rate_limit": "10",
        "lookup_rate_limit": "10",
        "reply_rate_limit": "30",
        "api_rate_limit": "600",
    ]

    public func string(_ key: String) -> String { values[key] ?? Settings.defaults[key] ?? "" }

    public func int(_ key: String) -> Int {
        if let v = values[key], let n = Int(v) { return n }
        return Int(Settings.defaults[key] ?? "") ?? 0
    }

    public var organisationName: String { string("organisation_name") }
    public var defaultLanguage: String { string("default_language") }
    public var baseURL: String { string("base_url") }
    public var formMinSeconds: Int { int("form_min_seconds") }
    public var ticketRateLimit: Int { int("ticket_rate_limit") }
    public var lookupRateLimit: Int { int("lookup_rate_limit") }
    /// Guest replies per IP per hour (each may carry attachments, so this guards the disk).
    public var replyRateLimit: Int { int("reply_rate_limit") }
    /// API requests per key per minute.
    public var apiRateLimit: Int { int("api_rate_limit") }

    public var attachmentPolicy: AttachmentPolicy {
        AttachmentPolicy(
            maxBytes: int("attachment_max_bytes"),
            maxFiles: int("attachment_max_files"),
            extensions: Set(string("attachment_extensions").lowercased().split(separator: " ").map(String.init))
        )
    }
}

/// What uploads are accepted: how many, how large each, which file name extensions.
/// An empty extension set accepts any extension.
public struct AttachmentPolicy: Sendable {
    public var maxBytes: Int
    public var maxFiles: Int
    public var extensions: Set<String>

    public func allows(filename: String) -> Bool {
        if extensions.isEmpty { return true }
        guard let dot = filename.lastIndex(of: "."), dot != filename.startIndex else { return false }
        return extensions.contains(filename[filename.index(after: dot)...].lowercased())
    }
}
