/// The version of the configuration tables (settings, statuses, priorities and their
/// names, groups, projects, operators, group members): migration 008's triggers add one to
/// `config_version` on every change to them, in the writer's transaction, whichever
/// connection (another worker, the CLI, this one) made it. Per-process caches of those
/// tables keep the stamp they were loaded under and reload when it differs; ticket
/// traffic does not move it. Edge cases: before migration 008 there is no stamp (nil) and
/// callers read every time; a rolled-back change never moves it; a cache of any other
/// table needs that table's triggers added to `config_version` first.
public struct ChangeStamp: Equatable, Sendable {
    let version: Int64
}

extension Database {
    public func changeStamp() -> ChangeStamp? {
        guard let version = try? scalar("SELECT version FROM config_version WHERE id = 1").int else { return nil }
        return ChangeStamp(version: version)
    }
}
