/// Everything a request handler may touch, passed in rather than read from globals:
/// the database, the translation catalogs, file locations, the clock and the log.
/// Tests build one over a temporary directory with a fixed clock.
public final class Environment {
    public let db: Database
    /// Reloaded when an admin saves a translation (see `reloadCatalogsIfChanged`).
    public private(set) var catalogs: Catalogs
    private(set) var catalogVersion = ""
    /// The settings as last read, and the database stamp they were read under.
    private var cachedSettings: (stamp: ChangeStamp?, settings: Settings)?
    /// The desk's option lists per language, and the stamp and catalog version they were read under.
    var cachedDeskOptions: (stamp: ChangeStamp?, catalogVersion: String, byLanguage: [String: DeskOptions]) = (nil, "", [:])
    /// The names ticket lists show, and the stamp they were read under.
    var cachedTicketListNames: (stamp: ChangeStamp, names: TicketListNames)?
    public let paths: Paths
    public let log: Log
    public let clock: @Sendable () -> Int64
    /// The ticket writer API openings are handed to, when one runs beside this worker
    /// (FastCGI with several workers); nil: each opening is written by its worker.
    public var ticketWriter: TicketWriterLink?

    public init(db: Database, catalogs: Catalogs, paths: Paths, log: Log, clock: @escaping @Sendable () -> Int64 = TimeFormat.now) {
        self.db = db
        self.catalogs = catalogs
        self.paths = paths
        self.log = log
        self.clock = clock
    }

    /// Opens the database and catalogs found at `paths`. The settings are read first: the
    /// translation editor writes the files before it bumps `catalog_version`, so files read
    /// after that version are at least as new, and the first request neither reads the
    /// settings again nor parses the catalogs twice (plain CGI pays both on every request).
    /// A database that cannot answer yet (no schema) leaves that to the first request.
    public static func open(paths: Paths, logToStderr: Bool = true) throws -> Environment {
        let db = try Database(path: paths.database, writersQueue: true)
        let stamp = db.changeStamp()
        let settings = try? SettingsStore(db: db).load()
        let catalogs = try Catalogs.load(directory: paths.lang)
        let env = Environment(db: db, catalogs: catalogs, paths: paths, log: Log(path: paths.logFile, toStderr: logToStderr))
        if let settings {
            env.cachedSettings = (stamp, settings)
            env.catalogVersion = settings.string("catalog_version")
        }
        return env
    }

    /// Every worker keeps catalogs in memory; the translation editor bumps the
    /// `catalog_version` setting, and each worker reloads when it sees a new value.
    /// A broken file keeps the old catalogs and is logged.
    func reloadCatalogsIfChanged(settings: Settings) {
        let version = settings.string("catalog_version")
        guard version != catalogVersion else { return }
        do {
            catalogs = try Catalogs.load(directory: paths.lang)
            catalogVersion = version
        } catch {
            log.error("cannot reload catalogs: \(error)")
            catalogVersion = version
        }
    }

    /// The settings table, read again only when the configuration changed since the last
    /// read (see `ChangeStamp`): a save by any worker or the CLI is seen by the next request.
    public func currentSettings() throws -> Settings {
        let stamp = db.changeStamp()
        if let cached = cachedSettings, let old = cached.stamp, old == stamp { return cached.settings }
        let settings = try settingsStore.load()
        cachedSettings = (stamp, settings)
        return settings
    }

    public var tickets: TicketStore { TicketStore(db: db, files: AttachmentFiles(directory: paths.attachments)) }
    public var settingsStore: SettingsStore { SettingsStore(db: db) }
    public var rateLimits: RateLimitStore { RateLimitStore(db: db) }
    public var reference: ReferenceStore { ReferenceStore(db: db) }
    public var operators: OperatorStore { OperatorStore(db: db) }
    public var desk: DeskStore { DeskStore(db: db, files: AttachmentFiles(directory: paths.attachments)) }
    public var audit: AuditStore { AuditStore(db: db) }
}
