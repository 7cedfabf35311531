/// Finding tickets: full text over every message and subject (FTS5), combinable with
/// filters on number, subject, customer name, e-mail, phone, city, country, operator,
/// status, department, project and a created/updated date interval. Results are newest
/// first (never ranked over the whole index) and respect `TicketRules` visibility.
extension DeskStore {
    public struct SearchFilter: Sendable, Equatable {
        public var text: SearchQuery?
        public var number: String?
        public var subject: String?
        public var name: String?
        public var email: String?
        public var phone: String?
        public var city: String?
        public var country: String?
        public var operatorID: Int64?
        public var statusID: Int64?
        public var groupID: Int64?
        public var projectID: Int64?
        public var byUpdated = false
        public var from: Int64?
        public var to: Int64?
        public var page = 1
        public var pageSize = 50

        public init() {}

        public var isEmpty: Bool { self == SearchFilter() }
    }

    public struct SearchHit: Sendable {
        public let row: QueueRow
        /// The matching part of the newest matching message, with U+E000/U+E001 around
        /// matched words (the page escapes the text and turns them into <mark>).
        public let snippet: String?
    }

    static let markStart = "\u{E000}", markEnd = "\u{E001}"

    public func search(_ f: SearchFilter, actor: TicketRules.Actor) throws -> (hits: [SearchHit], total: Int) {
        let like = { (s: String?) -> SQLValue in s.map { SQLValue.text("%" + $0.replacingLikeWildcards() + "%") } ?? .null }
        let values: [SQLValue] = [
            .integer(actor.isAdmin ? 1 : 0), .integer(actor.id), f.text.map { .text($0.fts) } ?? .null,
            f.number.sqlValue, like(f.subject), like(f.name), like(f.email), like(f.phone), like(f.city), like(f.country),
            f.operatorID.sqlValue, f.statusID.sqlValue, f.groupID.sqlValue, f.projectID.sqlValue,
            .integer(f.byUpdated ? 1 : 0), f.from.sqlValue, f.to.sqlValue,
        ]
        let matched = f.text == nil ? "" : """
            WITH matched(tid, mid) AS (
                SELECT m.ticket_id, max(m.id) FROM message_search JOIN messages m ON m.id = message_search.rowid
                WHERE message_search MATCH ?3 GROUP BY m.ticket_id
                UNION ALL
                SELECT rowid, NULL FROM ticket_search WHERE ticket_search MATCH ?3
            ), hits(tid, mid) AS (SELECT tid, max(mid) FROM matched GROUP BY tid)
            """
        let from = " FROM tickets t JOIN statuses s ON s.id = t.status_id JOIN customers c ON c.id = t.customer_id"
            + " LEFT JOIN priorities p ON p.id = t.priority_id LEFT JOIN groups g ON g.id = t.group_id"
            + " LEFT JOIN operators o ON o.id = t.operator_id"
            + (f.text == nil ? "" : " JOIN hits h ON h.tid = t.id")
            + " WHERE t.deleted_at IS NULL AND " + Self.visibility + """
             AND (?3 IS NULL OR ?3 IS NOT NULL)
             AND (?4 IS NULL OR t.number = ?4) AND (?5 IS NULL OR t.subject LIKE ?5 ESCAPE '\\')
             AND (?6 IS NULL OR t.contact_name LIKE ?6 ESCAPE '\\') AND (?7 IS NULL OR c.email LIKE ?7 ESCAPE '\\')
             AND (?8 IS NULL OR t.contact_phone LIKE ?8 ESCAPE '\\') AND (?9 IS NULL OR t.contact_city LIKE ?9 ESCAPE '\\')
             AND (?10 IS NULL OR t.contact_country LIKE ?10 ESCAPE '\\') AND (?11 IS NULL OR t.operator_id = ?11)
             AND (?12 IS NULL OR t.status_id = ?12) AND (?13 IS NULL OR t.group_id = ?13) AND (?14 IS NULL OR t.project_id = ?14)
             AND (?16 IS NULL OR (CASE WHEN ?15 = 1 THEN t.updated_at ELSE t.created_at END) >= ?16)
             AND (?17 IS NULL OR (CASE WHEN ?15 = 1 THEN t.updated_at ELSE t.created_at END) < ?17)
            """
        let total = Int(try db.query(matched + " SELECT count(*) AS n" + from, values: values).first?.int("n") ?? 0)
        let size = max(1, min(f.pageSize, 200)), page = max(1, f.page)
        let rows = try db.query(matched + """
             SELECT t.number, t.subject, s.code AS status_code, s.is_open, p.code AS priority_code, g.name AS group_name,
                   o.display_name AS holder, t.contact_name, t.updated_at, t.created_at,
                   (s.is_open = 1 AND t.last_customer_at IS NOT NULL
                    AND (t.last_operator_at IS NULL OR t.last_customer_at > t.last_operator_at)) AS awaiting,
            """ + (f.text == nil ? " NULL" : " h.mid") + " AS mid" + from + " ORDER BY t.updated_at DESC, t.id DESC LIMIT ?18 OFFSET ?19",
            values: values + [.integer(Int64(size)), .integer(Int64((page - 1) * size))])
        var snippets: [Int64: String] = [:]
        let messageIDs = rows.compactMap { $0.optionalInt("mid") }
        if let text = f.text, !messageIDs.isEmpty {
            let marks = String(repeating: "?,", count: messageIDs.count - 1) + "?"
            for r in try db.query("SELECT rowid, snippet(message_search, 0, ?, ?, '…', 16) AS s FROM message_search WHERE message_search MATCH ? AND rowid IN ("
                                  + marks + ")", values: [.text(Self.markStart), .text(Self.markEnd), .text(text.fts)] + messageIDs.map { .integer($0) }) {
                snippets[r.int("rowid")] = r.string("s")
            }
        }
        let hits = rows.map { r in
            SearchHit(row: QueueRow(number: TicketNumber(r.string("number")) ?? TicketNumber("10000000")!, subject: r.string("subject"),
                                    statusCode: r.string("status_code"), statusIsOpen: r.bool("is_open"),
                                    priorityCode: r.optionalString("priority_code"), groupName: r.optionalString("group_name"),
                                    holderName: r.optionalString("holder"), customerName: r.string("contact_name"),
                                    updatedAt: r.int("updated_at"), createdAt: r.int("created_at"), awaitingOperator: r.bool("awaiting")),
                      snippet: r.optionalInt("mid").flatMap { snippets[$0] })
        }
        return (hits, total)
    }
}
