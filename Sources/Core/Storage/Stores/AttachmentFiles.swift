/// Attachment contents on disk under `data/attachments/ab/cd/<sha256>`: named by their
/// hash, so the same file sent twice is stored once and a name can never be chosen by
/// the uploader (no traversal, no overwrite). Files are written before the database row
/// that points to them; an orphan left by a failed transaction is harmless.
public struct AttachmentFiles: Sendable {
    public let directory: String
    /// Whether each new file is fsynced (see `AtomicFile.write`).
    public let durable: Bool

    public init(directory: String, durable: Bool = true) {
        self.directory = directory
        self.durable = durable
    }

    public func path(sha256: String) -> String? {
        guard sha256.utf8.count == 64, sha256.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }) else { return nil }
        let s = Array(sha256)
        return "\(directory)/\(String(s[0..<2]))/\(String(s[2..<4]))/\(sha256)"
    }

    /// Stores the bytes and returns their hex SHA-256.
    public func store(_ bytes: [UInt8]) throws -> String {
        let sha = Hex.encode(SHA256.hash(bytes))
        let target = path(sha256: sha)!
        if FileSystem.size(target) == bytes.count { return sha }
        let s = Array(sha)
        try FileSystem.makeDirectories("\(directory)/\(String(s[0..<2]))/\(String(s[2..<4]))")
        try AtomicFile.write(bytes, toPath: target, durable: durable)
        return sha
    }

    public func read(sha256: String) throws -> [UInt8] {
        guard let p = path(sha256: sha256) else { throw FileSystem.Error(path: sha256, code: 2, operation: "open") }
        return try FileSystem.read(p)
    }
}
