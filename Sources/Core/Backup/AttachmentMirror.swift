/// Copies a content-addressed attachment tree (`ab/cd/<sha256>`, see `AttachmentFiles`)
/// into another one, incrementally: a file already there with the same size is left
/// alone, so a daily backup into the same folder copies only the day's new files.
///
/// Only names that are a valid SHA-256 under their own `ab/cd` prefix are copied;
/// temporary files of a write in progress and anything else are ignored. A copied
/// file's content is hashed on the way and must match its name: one that does not is
/// not copied but listed in `damaged`, and the rest goes on. Each copy is written
/// atomically (temp file, fsync, rename), so an interrupted run leaves no half file
/// under a real name. A missing source tree counts as empty.
public struct AttachmentMirror: Sendable {
    public let source: String
    public let destination: String

    public init(source: String, destination: String) {
        self.source = source
        self.destination = destination
    }

    /// What a run did; `total` is every valid file now in both trees.
    public struct Result: Sendable, Equatable {
        public var copied = 0
        public var alreadyPresent = 0
        public var bytesCopied: Int64 = 0
        /// Source paths whose content does not match their name.
        public var damaged: [String] = []
        public var total: Int { copied + alreadyPresent }
    }

    public func run() throws -> Result {
        var result = Result()
        guard FileSystem.isDirectory(source) else { return result }
        let target = AttachmentFiles(directory: destination)
        for first in try FileSystem.list(source) where Self.isHexPair(first) {
            for second in try FileSystem.list(source + "/" + first) where Self.isHexPair(second) {
                let folder = source + "/" + first + "/" + second
                for name in try FileSystem.list(folder) where name.hasPrefix(first + second) {
                    guard let to = target.path(sha256: name) else { continue }
                    let from = folder + "/" + name
                    if let size = FileSystem.size(to), size == FileSystem.size(from) {
                        result.alreadyPresent += 1
                        continue
                    }
                    let bytes = try FileSystem.read(from)
                    guard Hex.encode(SHA256.hash(bytes)) == name else {
                        result.damaged.append(from)
                        continue
                    }
                    try FileSystem.makeDirectories(destination + "/" + first + "/" + second)
                    try AtomicFile.write(bytes, toPath: to)
                    result.copied += 1
                    result.bytesCopied += Int64(bytes.count)
                }
            }
        }
        return result
    }

    /// The hashes in `hashes` that have no file in `directory`'s tree.
    public static func missing(_ hashes: [String], in directory: String) -> [String] {
        let files = AttachmentFiles(directory: directory)
        return hashes.filter { files.path(sha256: $0).map(FileSystem.exists) != true }
    }

    static func isHexPair(_ name: String) -> Bool {
        name.utf8.count == 2 && name.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }
    }
}
