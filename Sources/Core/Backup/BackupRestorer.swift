/// Puts a backup made by `BackupMaker` back into a data folder. Whether workers are
/// still running is the caller's check (the command line refuses unless `--force`).
///
/// Everything about the backup is verified before anything is written: the manifest is
/// there (a backup that did not finish has none), the database passes
/// `PRAGMA integrity_check`, its counts match the manifest, its schema is one this
/// binary knows, and every attachment it points to is in the backup. Then: attachment
/// files are copied (only the missing ones; adding content-named files never breaks a
/// running site), the database is written to `taquilla.sqlite.restoring`, brought to
/// this binary's schema, switched to WAL and checked again, stale `-wal`/`-shm` files
/// of the old database are removed and the new file is renamed into place; the user
/// file is replaced last (atomically).
///
/// Edge cases: a missing data folder is created; a backup folder that is the data
/// folder itself is refused; a backup without a user file leaves the current one alone.
public struct BackupRestorer {
    public let paths: Paths
    public let source: String

    public init(paths: Paths, source: String) {
        self.paths = paths
        self.source = source
    }

    /// What was put back, for the command to print.
    public struct Report: Sendable {
        public let manifest: BackupManifest
        public let facts: DatabaseFacts
        public let attachments: AttachmentMirror.Result
        public let userFile: Bool
        /// Migrations applied because the backup came from an older Taquilla.
        public let migrated: [String]
    }

    /// A backup folder is laid out like a data folder.
    public var backup: Paths { Paths(root: paths.root, data: source) }

    /// Reads and checks the backup without changing anything.
    public func verify() throws -> (BackupManifest, DatabaseFacts) {
        guard FileSystem.isDirectory(source) else { throw BackupError("backup folder \(source) does not exist") }
        if FileSystem.isSameOrInside(paths.data, source) || FileSystem.isSameOrInside(source, paths.data) {
            throw BackupError("backup folder \(source) and data folder \(paths.data) overlap; restore from a copy elsewhere")
        }
        let manifestPath = source + "/" + BackupManifest.fileName
        guard FileSystem.exists(manifestPath) else {
            throw BackupError("\(source) is not a finished Taquilla backup: it has no \(BackupManifest.fileName)")
        }
        guard let manifest = BackupManifest(text: try FileSystem.readText(manifestPath)) else {
            throw BackupError("\(manifestPath) cannot be read as a backup manifest")
        }
        guard manifest.format <= BackupManifest.currentFormat else {
            throw BackupError("the backup was made by a newer Taquilla (manifest format \(manifest.format)); upgrade first")
        }
        let database = backup.database
        guard FileSystem.exists(database) else { throw BackupError("the backup has no database (\(database))") }
        let facts: DatabaseFacts
        do {
            facts = try DatabaseFacts.read(try Database(path: database, readOnly: true))
        } catch {
            throw BackupError("the backup's database \(database) is damaged or not a Taquilla database: \(error)")
        }
        guard facts.isIntact else {
            throw BackupError("the backup's database failed its integrity check: " + facts.integrity.prefix(3).joined(separator: "; "))
        }
        guard facts.tickets == manifest.tickets, facts.messages == manifest.messages, facts.attachments == manifest.attachments else {
            throw BackupError("the backup's database does not match its manifest (tickets \(facts.tickets) vs \(manifest.tickets), "
                              + "messages \(facts.messages) vs \(manifest.messages)); it was changed after the backup")
        }
        guard Migrations.all.contains(where: { $0.name == facts.schema }) else {
            throw BackupError("the backup's schema '\(facts.schema)' is unknown to this Taquilla (newer backup?); upgrade first")
        }
        let missing = AttachmentMirror.missing(facts.attachmentHashes, in: backup.attachments)
        guard missing.isEmpty else {
            throw BackupError("\(missing.count) attachment file(s) are missing from the backup (first: \(missing[0]))")
        }
        return (manifest, facts)
    }

    public func run(now: Int64) throws -> Report {
        let (manifest, facts) = try verify()
        try FileSystem.makeDirectories(paths.data)
        try FileSystem.makeDirectories(paths.attachments)
        let mirror = try AttachmentMirror(source: backup.attachments, destination: paths.attachments).run()
        if !mirror.damaged.isEmpty {
            throw BackupError("\(mirror.damaged.count) attachment file(s) in the backup do not match their names "
                              + "(first: \(mirror.damaged[0])); the database was not restored")
        }

        let temporary = paths.database + ".restoring"
        let migrated = try writeDatabase(to: temporary, now: now)
        for suffix in ["-wal", "-shm", "-journal"] { FileSystem.remove(paths.database + suffix) }
        try FileSystem.renameDurably(temporary, to: paths.database)

        let hasUserFile = FileSystem.exists(backup.userFile)
        if hasUserFile { try AtomicFile.write(try FileSystem.read(backup.userFile), toPath: paths.userFile) }
        return Report(manifest: manifest, facts: facts, attachments: mirror, userFile: hasUserFile, migrated: migrated)
    }

    /// Copies the backup's database into `temporary`, migrates it, checks it. The
    /// connections are closed (and the WAL folded back) when this returns.
    private func writeDatabase(to temporary: String, now: Int64) throws -> [String] {
        for suffix in ["", "-wal", "-shm", "-journal"] { FileSystem.remove(temporary + suffix) }
        do {
            let copy = try Database(path: temporary)
            try OnlineBackup().copy(from: try Database(path: backup.database, readOnly: true), into: copy)
            let migrated = try Migrator(db: copy).migrate(now: now)
            let check = try DatabaseFacts.read(copy)
            guard check.isIntact else {
                throw BackupError("the restored copy failed its integrity check: " + check.integrity.prefix(3).joined(separator: "; "))
            }
            return migrated
        } catch {
            for suffix in ["", "-wal", "-shm", "-journal"] { FileSystem.remove(temporary + suffix) }
            if error is BackupError { throw error }
            throw BackupError("cannot write the database to \(temporary): \(error)")
        }
    }
}
