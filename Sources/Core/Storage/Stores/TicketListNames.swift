/// What a ticket list row shows for a ticket's status, priority, department and holder ids:
/// the status code and whether it counts as open, the priority code, the department name
/// and the operator's display name. They come from small configuration tables, so a page
/// of search results looks them up here instead of joining four tables for every row
/// (~150 k instructions of a 50-row page); `Environment.ticketListNames()` keeps one copy
/// per process under the configuration's `ChangeStamp`.
///
/// Edge cases: every operator is listed, inactive ones too (they may still hold tickets).
/// An id missing from a copy (changed by another process since it was loaded) makes the
/// caller load the names again in its own read; see `DeskStore.queueRows`.
public struct TicketListNames: Sendable {
    struct Status: Sendable {
        let code: String
        let isOpen: Bool
    }

    let statuses: [Int64: Status]
    let priorities: [Int64: String]
    let groups: [Int64: String]
    let operators: [Int64: String]

    static func load(_ db: Database) throws -> TicketListNames {
        var statuses: [Int64: Status] = [:], priorities: [Int64: String] = [:]
        var groups: [Int64: String] = [:], operators: [Int64: String] = [:]
        try db.each("SELECT id, code, is_open FROM statuses", values: []) { statuses[$0.int(0)] = Status(code: $0.string(1), isOpen: $0.int(2) != 0) }
        try db.each("SELECT id, code FROM priorities", values: []) { priorities[$0.int(0)] = $0.string(1) }
        try db.each("SELECT id, name FROM groups", values: []) { groups[$0.int(0)] = $0.string(1) }
        try db.each("SELECT id, display_name FROM operators", values: []) { operators[$0.int(0)] = $0.string(1) }
        return TicketListNames(statuses: statuses, priorities: priorities, groups: groups, operators: operators)
    }

    /// Whether every id these rows need is here (an id of NULL needs nothing).
    func knows(status: Int64, priority: Int64?, group: Int64?, holder: Int64?) -> Bool {
        statuses[status] != nil && (priority.map { priorities[$0] != nil } ?? true)
            && (group.map { groups[$0] != nil } ?? true) && (holder.map { operators[$0] != nil } ?? true)
    }
}
