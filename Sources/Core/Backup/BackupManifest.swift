/// The small text file (`manifest.txt`) that marks a backup folder as finished and
/// says what is in it: when it was made, the schema, and the counts it was checked
/// against. One `key = value` per line, `#` lines are comments, unknown keys are kept
/// out of the way (a newer Taquilla may add some).
///
/// It is written last, so a folder without one is a backup that did not finish; it is
/// removed before a new database copy replaces an old one in the same folder.
public struct BackupManifest: Sendable, Equatable {
    public static let fileName = "manifest.txt"
    public static let currentFormat = 1

    public var format: Int = BackupManifest.currentFormat
    public var createdAt: Int64
    public var schema: String
    public var tickets: Int
    public var messages: Int
    public var attachments: Int
    public var attachmentFiles: Int
    public var userFile: Bool
    public var generator: String

    public init(createdAt: Int64, schema: String, tickets: Int, messages: Int, attachments: Int, attachmentFiles: Int,
                userFile: Bool, generator: String) {
        self.createdAt = createdAt
        self.schema = schema
        self.tickets = tickets
        self.messages = messages
        self.attachments = attachments
        self.attachmentFiles = attachmentFiles
        self.userFile = userFile
        self.generator = generator
    }

    public var text: String {
        """
        # Taquilla backup: restore with `taquilla restore DIR`
        format = \(format)
        created = \(TimeFormat.iso(createdAt))
        created_unix = \(createdAt)
        generator = \(generator.singleLine())
        schema = \(schema.singleLine())
        tickets = \(tickets)
        messages = \(messages)
        attachments = \(attachments)
        attachment_files = \(attachmentFiles)
        user_file = \(userFile ? "yes" : "no")

        """
    }

    /// Parses a manifest; nil when a required key is missing or not a number.
    public init?(text: String) {
        var values: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let eq = line.firstIndex(of: "=") else { continue }
            let key = line[..<eq].trimmingSpaces(), value = line[line.index(after: eq)...].trimmingSpaces()
            values[key] = value
        }
        func number(_ key: String) -> Int? { values[key].flatMap { Int($0) } }
        guard let format = number("format"), let created = values["created_unix"].flatMap({ Int64($0) }),
              let schema = values["schema"], let tickets = number("tickets"), let messages = number("messages"),
              let attachments = number("attachments"), let files = number("attachment_files") else { return nil }
        self.init(createdAt: created, schema: schema, tickets: tickets, messages: messages, attachments: attachments,
                  attachmentFiles: files, userFile: values["user_file"] == "yes", generator: values["generator"] ?? "")
        self.format = format
    }
}

extension Substring {
    fileprivate func trimmingSpaces() -> String {
        String(drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" || $0 == "\r" }).reversed())
    }
}
