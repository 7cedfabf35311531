/// The development transport: each message becomes one `.eml` file in a folder
/// (`data/outbox-eml/` by default), named `{unix time}-{outbox id}-{random}.eml`, with the
/// exact bytes an SMTP server would have received (CRLF line ends).
///
/// Files are written atomically (temporary file, fsync, rename), so a reader never sees
/// half a message. The folder is created when missing. A write failure (disk full, no
/// permission) is a temporary failure of the transport.
public struct DirectoryTransport: MailTransport {
    public let directory: String

    public init(directory: String) { self.directory = directory }

    public var summary: String { "the folder \(directory)" }

    public func deliver(_ message: OutgoingMessage) -> DeliveryResult {
        let name = "\(TimeFormat.now())-\(message.outboxID)-\(Hex.encode(SecureRandom.bytes(4))).eml"
        let path = directory + "/" + name
        do {
            try FileSystem.makeDirectories(directory)
            try AtomicFile.write(message.bytes, toPath: path)
        } catch {
            return .retry("cannot write \(path): \(error)", transportDown: true)
        }
        return .sent(answer: "written to \(path)")
    }
}
