import Glibc

/// Makes a backup of a live installation into a folder, while it serves traffic. The
/// folder gets the same layout as a data folder (`taquilla.sqlite`, `attachments/`,
/// `users.htpasswd`) plus `manifest.txt`, so making a backup into the same folder every
/// day only copies the new attachment files.
///
/// Order and why: the manifest of an older backup is removed first; the database is
/// copied with the online backup API into `taquilla.sqlite.partial` (one consistent
/// snapshot), switched to a single self-contained file (journal mode DELETE), checked
/// with `PRAGMA integrity_check`, and only then renamed over `taquilla.sqlite`. The
/// attachments are copied after the snapshot, so every file a row of the snapshot points
/// to already exists (files are written before their rows and never deleted); they are
/// then checked to be in the folder. The user file and the manifest come last.
///
/// Edge cases: a destination that does not exist, is not writable, or is (inside) the
/// data folder is refused; a missing user file is recorded in the manifest, not an
/// error; attachment files whose content no longer matches their name are reported in
/// `damaged` (a good copy from an earlier backup is kept) rather than stopping the run.
public struct BackupMaker {
    public let paths: Paths
    public let destination: String
    public var copier = OnlineBackup()

    public init(paths: Paths, destination: String) {
        self.paths = paths
        self.destination = destination
    }

    /// What was written: the manifest (also on disk), the attachment copy, database pages.
    public struct Report: Sendable {
        public let manifest: BackupManifest
        public let attachments: AttachmentMirror.Result
        public let pages: Int
    }

    /// Where things go: a backup folder is laid out like a data folder.
    public var target: Paths { Paths(root: paths.root, data: destination) }

    public func make(now: Int64, generator: String) throws -> Report {
        try checkDestination()
        guard FileSystem.exists(paths.database) else { throw BackupError("there is no database at \(paths.database)") }
        let target = self.target
        FileSystem.remove(destination + "/" + BackupManifest.fileName)

        let partial = target.database + ".partial"
        let (facts, pages) = try copyDatabase(to: partial)
        guard facts.isIntact else {
            FileSystem.remove(partial)
            throw BackupError("the copy of the database failed its integrity check: "
                              + facts.integrity.prefix(3).joined(separator: "; "))
        }
        chmod(partial, 0o640)
        for suffix in ["-wal", "-shm", "-journal"] { FileSystem.remove(target.database + suffix) }
        try FileSystem.renameDurably(partial, to: target.database)

        let mirror = try AttachmentMirror(source: paths.attachments, destination: target.attachments).run()
        let missing = AttachmentMirror.missing(facts.attachmentHashes, in: target.attachments)
        if !missing.isEmpty {
            throw BackupError("\(missing.count) attachment file(s) the database points to are missing from \(paths.attachments) "
                              + "(first: \(missing[0])); the backup is incomplete")
        }

        let hasUserFile = FileSystem.exists(paths.userFile)
        if hasUserFile {
            try AtomicFile.write(try FileSystem.read(paths.userFile), toPath: target.userFile)
        } else {
            FileSystem.remove(target.userFile)
        }

        let manifest = BackupManifest(createdAt: now, schema: facts.schema, tickets: facts.tickets, messages: facts.messages,
                                      attachments: facts.attachments, attachmentFiles: facts.attachmentHashes.count,
                                      userFile: hasUserFile, generator: generator)
        try AtomicFile.write(Array(manifest.text.utf8), toPath: destination + "/" + BackupManifest.fileName)
        return Report(manifest: manifest, attachments: mirror, pages: pages)
    }

    private func checkDestination() throws {
        guard FileSystem.isDirectory(destination) else {
            throw BackupError("backup folder \(destination) does not exist (create it first, writable by uid \(geteuid()))")
        }
        guard access(destination, W_OK | X_OK) == 0 else {
            throw BackupError("backup folder \(destination) is not writable by uid \(geteuid())")
        }
        if FileSystem.isSameOrInside(destination, paths.data) {
            throw BackupError("backup folder \(destination) is inside the data folder \(paths.data); choose another place")
        }
    }

    /// The snapshot, turned into one self-contained file, and what it contains. The
    /// connections are closed when this returns, so the file can be renamed.
    private func copyDatabase(to partial: String) throws -> (DatabaseFacts, Int) {
        for suffix in ["", "-wal", "-shm", "-journal"] { FileSystem.remove(partial + suffix) }
        let progress: OnlineBackup.Progress
        do {
            let source = try Database(path: paths.database)
            let copy = try Database(path: partial)
            progress = try copier.copy(from: source, into: copy)
            try copy.execute("PRAGMA journal_mode = DELETE")
        } catch {
            FileSystem.remove(partial)
            throw BackupError("cannot copy the database into \(partial): \(error)")
        }
        do {
            return (try DatabaseFacts.read(try Database(path: partial, readOnly: true)), progress.pages)
        } catch {
            FileSystem.remove(partial)
            throw BackupError("the copy of the database cannot be read back: \(error)")
        }
    }
}
