/// The short lists every desk page reads (statuses and priorities with their names in one
/// language, groups, active projects, active operators), read together and kept per process
/// by `Environment.deskOptions`. Edge cases: names come from the database or, without one,
/// from the catalogs, so a copy is valid for one language and one catalog version only; a
/// change to those tables (another worker, the CLI, this connection) moves the
/// `ChangeStamp` and the next request reads the lists again.
public struct DeskOptions: Sendable {
    public let statuses: [DeskStore.Option]
    public let priorities: [DeskStore.Option]
    public let groups: [DeskStore.Option]
    public let projects: [DeskStore.Option]
    public let operators: [DeskStore.Option]

    init(_ desk: DeskStore, localizer: Localizer) throws {
        statuses = try desk.statuses(localizer: localizer)
        priorities = try desk.priorities(localizer: localizer)
        groups = try desk.groups()
        projects = try desk.projects()
        operators = try desk.operators()
    }
}

extension Environment {
    /// The desk's lists for this language, read again only when the database changed since
    /// they were read (the same rule as `currentSettings`) or the catalogs were reloaded.
    public func deskOptions(_ localizer: Localizer) throws -> DeskOptions {
        let stamp = db.changeStamp()
        if stamp == nil || cachedDeskOptions.stamp != stamp || cachedDeskOptions.catalogVersion != catalogVersion {
            cachedDeskOptions = (stamp, catalogVersion, [:])
        }
        if let options = cachedDeskOptions.byLanguage[localizer.language] { return options }
        let options = try DeskOptions(desk, localizer: localizer)
        cachedDeskOptions.byLanguage[localizer.language] = options
        return options
    }
}

extension Environment {
    /// The names of statuses, priorities, departments and operators that ticket lists show,
    /// read again only when the configuration changed since (the same rule as `deskOptions`;
    /// without a stamp, every time).
    public func ticketListNames() throws -> TicketListNames {
        guard let stamp = db.changeStamp() else { return try TicketListNames.load(db) }
        if let cached = cachedTicketListNames, cached.stamp == stamp { return cached.names }
        let names = try TicketListNames.load(db)
        cachedTicketListNames = (stamp, names)
        return names
    }
}
