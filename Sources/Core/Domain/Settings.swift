/// The site's settings as typed values, read from the `settings` table. Missing or
/// unparsable numbers fall back to the defaults below, so a bad edit never takes the
/// site down; the admin pages validate before saving. The attachment policy is parsed
/// once per set of values (at init and whenever `values` changes), not on every use.
public struct Settings: Sendable {
    public var values: [String: String] {
        didSet {
            attachmentPolicy = Self.parsePolicy(values)
            secretKey = Self.key(values)
        }
    }
    /// Uploads accepted, from `attachment_max_bytes`, `attachment_max_files` and `attachment_extensions`.
    public private(set) var attachmentPolicy: AttachmentPolicy
    /// The HMAC key of `secret_key` (CSRF tokens, guest sessions), prepared once per load.
    public private(set) var secretKey: HMACSHA256.Key

    public init(values: [String: String] = [:]) {
        self.values = values
        attachmentPolicy = Self.parsePolicy(values)
        secretKey = Self.key(values)
    }

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
    /// `base_url` without a trailing slash, ready to prefix a path (empty when not set).
    public var linkBase: String {
        let configured = baseURL
        return configured.hasSuffix("/") ? String(configured.dropLast()) : configured
    }
    public var formMinSeconds: Int { int("form_min_seconds") }
    public var ticketRateLimit: Int { int("ticket_rate_limit") }
    public var lookupRateLimit: Int { int("lookup_rate_limit") }
    /// Guest replies per IP per hour (each may carry attachments, so this guards the disk).
    public var replyRateLimit: Int { int("reply_rate_limit") }
    /// API requests per key per minute.
    public var apiRateLimit: Int { int("api_rate_limit") }

    private static func parsePolicy(_ values: [String: String]) -> AttachmentPolicy {
        let settings = Settings(unparsed: values)
        return AttachmentPolicy(
            maxBytes: settings.int("attachment_max_bytes"),
            maxFiles: settings.int("attachment_max_files"),
            extensions: Set(settings.string("attachment_extensions").lowercased().split(separator: " ").map(String.init))
        )
    }

    private static func key(_ values: [String: String]) -> HMACSHA256.Key {
        HMACSHA256.Key(Settings(unparsed: values).secret)
    }

    /// For `parsePolicy` only: the typed getters without parsing the policy again.
    private init(unparsed values: [String: String]) {
        self.values = values
        attachmentPolicy = AttachmentPolicy(maxBytes: 0, maxFiles: 0, extensions: [])
        secretKey = HMACSHA256.Key([])
    }
}

/// What uploads are accepted: how many, how large each, which file name extensions.
/// An empty extension set accepts any extension.
public struct AttachmentPolicy: Sendable {
    public var maxBytes: Int
    public var maxFiles: Int
    public var extensions: Set<String> { didSet { extensionList = Self.list(extensions) } }
    /// The extensions sorted and joined with ", ", as the upload hint shows them.
    public private(set) var extensionList: String

    public init(maxBytes: Int, maxFiles: Int, extensions: Set<String>) {
        self.maxBytes = maxBytes
        self.maxFiles = maxFiles
        self.extensions = extensions
        extensionList = Self.list(extensions)
    }

    private static func list(_ extensions: Set<String>) -> String { extensions.sorted().joined(separator: ", ") }

    public func allows(filename: String) -> Bool {
        if extensions.isEmpty { return true }
        guard let dot = filename.lastIndex(of: "."), dot != filename.startIndex else { return false }
        return extensions.contains(filename[filename.index(after: dot)...].lowercased())
    }
}
