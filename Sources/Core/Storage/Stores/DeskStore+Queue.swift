/// The desk's ticket lists: filtered, sorted, paged queues and the dashboard counts.
/// Operators only ever get the tickets `TicketRules.canSee` allows; the same rule is
/// written here as SQL so paging and counts stay right.
extension DeskStore {
    public enum Sort: String, CaseIterable, Sendable { case updated, created, number, subject, status, priority }

    public struct QueueFilter: Sendable, Equatable {
        public var statusID: Int64?
        /// true: open statuses only, false: closed only, nil: both.
        public var open: Bool? = true
        public var groupID: Int64?
        public var projectID: Int64?
        public var operatorID: Int64?
        public var mine = false
        public var unassigned = false
        public var sort: Sort = .updated
        public var descending = true
        public var page = 1
        public var pageSize = 50

        public init() {}
    }

    public struct QueueRow: Sendable {
        public let number: TicketNumber
        public let subject: String
        public let statusCode: String
        public let statusIsOpen: Bool
        public let priorityCode: String?
        public let groupName: String?
        public let holderName: String?
        public let customerName: String
        public let updatedAt: Int64
        public let createdAt: Int64
        /// The customer wrote and no operator has answered since (shown in bold).
        public let awaitingOperator: Bool
    }

    static let visibility = """
        (?1 = 1 OR t.operator_id = ?2 OR t.group_id IS NULL
         OR t.group_id IN (SELECT group_id FROM group_members WHERE operator_id = ?2))
        """

    /// Tickets counted at most for a queue's total (four pages): counting all closed tickets
    /// of a million costs about 100 ms, more than the whole page may, and even counting to
    /// 1,000 was most of a 10,000-ticket desk's queue request. Above it the page says "more
    /// than 200 tickets", as mail clients say "1–50 of many": the pager still offers every
    /// next page, since the count always reaches past the current one.
    public static let queueCountCap = 200

    /// One page of the queue and its count. `exact` is false when more tickets match than
    /// were counted: `total` is then a lower bound, at least `queueCountCap` and always past
    /// the current page, so there is a next page whenever one exists.
    public func queue(_ f: QueueFilter, actor: TicketRules.Actor) throws -> (rows: [QueueRow], total: Int, exact: Bool) {
        // Unassigned tickets are few, but `sqlite_stat1` (where an ANALYZE made one) counts
        // operator_id as five values of a fifth of the table each; left alone SQLite walked
        // every open ticket for them (at a million: 412 ms for the count, 17 ms on this index).
        let conditions = " FROM tickets t" + (f.unassigned ? " INDEXED BY tickets_operator" : "") + """
             JOIN statuses s ON s.id = t.status_id
            LEFT JOIN priorities p ON p.id = t.priority_id LEFT JOIN groups g ON g.id = t.group_id
            LEFT JOIN operators o ON o.id = t.operator_id
            WHERE t.deleted_at IS NULL AND
            """ + Self.visibility + filters(f, actor: actor)
        let values: [SQLValue] = [
            .integer(actor.isAdmin ? 1 : 0), .integer(actor.id), f.statusID.sqlValue, f.open.map { $0 ? 1 : 0 }.sqlValue,
            f.groupID.sqlValue, f.projectID.sqlValue, (f.mine ? actor.id : f.operatorID).sqlValue, .integer(f.unassigned ? 1 : 0),
        ]
        let page = max(1, f.page), size = max(1, min(f.pageSize, 200))
        let countLimit = max(Self.queueCountCap, page * size) + 1
        let counted = Int(try db.query("SELECT count(*) AS n FROM (SELECT 1 " + conditions + " LIMIT ?9)",
                                       values: values + [.integer(Int64(countLimit))]).first?.int("n") ?? 0)
        let order: String
        switch f.sort {
        case .updated: order = "t.updated_at"
        case .created: order = "t.created_at"
        case .number: order = "t.number"
        case .subject: order = "t.subject COLLATE NOCASE"
        case .status: order = "s.position"
        case .priority: order = "p.position"
        }
        let direction = f.descending ? " DESC" : " ASC"
        let rows = try db.query("""
            SELECT t.number, t.subject, s.code AS status_code, s.is_open, p.code AS priority_code, g.name AS group_name,
                   o.display_name AS holder, t.contact_name, t.updated_at, t.created_at,
                   (s.is_open = 1 AND t.last_customer_at IS NOT NULL
                    AND (t.last_operator_at IS NULL OR t.last_customer_at > t.last_operator_at)) AS awaiting
            """ + conditions + " ORDER BY " + order + direction + ", t.id" + direction + " LIMIT ?9 OFFSET ?10",
            values: values + [.integer(Int64(size)), .integer(Int64((page - 1) * size))]).map { r in
            QueueRow(number: TicketNumber(r.string("number")) ?? TicketNumber("10000000")!, subject: r.string("subject"),
                     statusCode: r.string("status_code"), statusIsOpen: r.bool("is_open"), priorityCode: r.optionalString("priority_code"),
                     groupName: r.optionalString("group_name"), holderName: r.optionalString("holder"),
                     customerName: r.string("contact_name"), updatedAt: r.int("updated_at"), createdAt: r.int("created_at"),
                     awaitingOperator: r.bool("awaiting"))
        }
        return (rows, min(counted, countLimit - 1), counted < countLimit)
    }

    /// Only the filters that are set, each as a plain equality, so SQLite can walk the
    /// matching index (group, operator, status) in date order instead of every ticket: with
    /// `(?5 IS NULL OR t.group_id = ?5)` it cannot, and a selective filter read 200,000 rows
    /// at a million tickets. A group the operator does not belong to shows only the tickets
    /// they hold, which is said once more as `t.operator_id = ?2` for the same reason.
    private func filters(_ f: QueueFilter, actor: TicketRules.Actor) -> String {
        var sql = ""
        if f.statusID != nil { sql += " AND t.status_id = ?3" }
        if f.open != nil { sql += " AND s.is_open = ?4" }
        if let group = f.groupID {
            sql += " AND t.group_id = ?5"
            if !actor.isAdmin && !actor.groupIDs.contains(group) { sql += " AND t.operator_id = ?2" }
        }
        if f.projectID != nil { sql += " AND t.project_id = ?6" }
        if f.mine || f.operatorID != nil { sql += " AND t.operator_id = ?7" }
        if f.unassigned { sql += " AND t.operator_id IS NULL" }
        return sql
    }

    public struct Dashboard: Sendable {
        public var byStatus: [(statusID: Int64, code: String, isOpen: Bool, count: Int)]
        public var byGroup: [(groupID: Int64?, name: String?, count: Int)]
        public var mine: Int
        public var unassigned: Int
        public var awaiting: Int
    }

    public func dashboard(actor: TicketRules.Actor) throws -> Dashboard {
        let who: [SQLValue] = [.integer(actor.isAdmin ? 1 : 0), .integer(actor.id)]
        let visible = " t.deleted_at IS NULL AND " + Self.visibility + " "
        let byStatus = try db.query("""
            SELECT s.id, s.code, s.is_open, (SELECT count(*) FROM tickets t WHERE t.status_id = s.id AND
            """ + visible + ") AS n FROM statuses s ORDER BY s.position, s.id", values: who).map {
            (statusID: $0.int("id"), code: $0.string("code"), isOpen: $0.bool("is_open"), count: Int($0.int("n")))
        }
        let byGroup = try db.query("""
            SELECT t.group_id, g.name, count(*) AS n FROM tickets t JOIN statuses s ON s.id = t.status_id
            LEFT JOIN groups g ON g.id = t.group_id WHERE s.is_open = 1 AND
            """ + visible + " GROUP BY t.group_id ORDER BY g.position, g.name", values: who).map {
            (groupID: $0.optionalInt("group_id"), name: $0.optionalString("name"), count: Int($0.int("n")))
        }
        let totals = try db.query("""
            SELECT sum(t.operator_id = ?2) AS mine, sum(t.operator_id IS NULL) AS unassigned,
                   sum(t.last_customer_at IS NOT NULL AND (t.last_operator_at IS NULL OR t.last_customer_at > t.last_operator_at)) AS awaiting
            FROM tickets t JOIN statuses s ON s.id = t.status_id WHERE s.is_open = 1 AND
            """ + visible, values: who).first
        return Dashboard(byStatus: byStatus, byGroup: byGroup, mine: Int(totals?.int("mine") ?? 0),
                         unassigned: Int(totals?.int("unassigned") ?? 0), awaiting: Int(totals?.int("awaiting") ?? 0))
    }
}
