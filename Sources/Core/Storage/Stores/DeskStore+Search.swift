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

    /// Full-text candidates read per index (messages, subjects), newest first. A common
    /// word matches millions of messages at a million tickets; ordering all of them costs
    /// seconds, so only the newest matches that pass the filters are considered.
    public static let searchCandidates = 1_000

    /// The page of tickets and their count. `exact` is false when a full-text index had more
    /// matches than `searchCandidates`: the tickets are then those of the newest matches and
    /// `total` is a lower bound. Without a text the count is always exact.
    public func search(_ f: SearchFilter, actor: TicketRules.Actor) throws -> (hits: [SearchHit], total: Int, exact: Bool) {
        let like = { (s: String?) -> SQLValue in s.map { SQLValue.text("%" + $0.replacingLikeWildcards() + "%") } ?? .null }
        let values: [SQLValue] = [
            .integer(actor.isAdmin ? 1 : 0), .integer(actor.id), f.text.map { .text($0.fts) } ?? .null,
            f.number.sqlValue, like(f.subject), like(f.name), like(f.email), like(f.phone), like(f.city), like(f.country),
            f.operatorID.sqlValue, f.statusID.sqlValue, f.groupID.sqlValue, f.projectID.sqlValue,
            .integer(f.byUpdated ? 1 : 0), f.from.sqlValue, f.to.sqlValue,
        ]
        let conditions = " t.deleted_at IS NULL AND " + Self.visibility + """
             AND (?3 IS NULL OR ?3 IS NOT NULL)
             AND (?4 IS NULL OR t.number = ?4) AND (?5 IS NULL OR t.subject LIKE ?5 ESCAPE '\\')
             AND (?6 IS NULL OR t.contact_name LIKE ?6 ESCAPE '\\') AND (?7 IS NULL OR c.email LIKE ?7 ESCAPE '\\')
             AND (?8 IS NULL OR t.contact_phone LIKE ?8 ESCAPE '\\') AND (?9 IS NULL OR t.contact_city LIKE ?9 ESCAPE '\\')
             AND (?10 IS NULL OR t.contact_country LIKE ?10 ESCAPE '\\') AND (?11 IS NULL OR t.operator_id = ?11)
             AND (?12 IS NULL OR t.status_id = ?12) AND (?13 IS NULL OR t.group_id = ?13) AND (?14 IS NULL OR t.project_id = ?14)
             AND (?16 IS NULL OR (CASE WHEN ?15 = 1 THEN t.updated_at ELSE t.created_at END) >= ?16)
             AND (?17 IS NULL OR (CASE WHEN ?15 = 1 THEN t.updated_at ELSE t.created_at END) < ?17)
            """
        let size = max(1, min(f.pageSize, 200)), page = max(1, f.page)
        // Prefix words expanded into whole words for the message index, read in the same
        // snapshot as the matches (see DeskStore+PrefixTerms).
        return try db.read {
            let messageFTS = try f.text.map(messageQuery)
            var messageValues = values
            messageValues[2] = messageFTS.map { .text($0) } ?? .null
            return try searchPage(f, values: values, messageValues: messageValues, conditions: conditions, page: page, size: size)
        }
    }

    private func searchPage(_ f: SearchFilter, values: [SQLValue], messageValues: [SQLValue], conditions: String, page: Int, size: Int) throws
        -> (hits: [SearchHit], total: Int, exact: Bool) {
        let rows: [(row: Row, mid: Int64?)], total: Int, exact: Bool
        if f.text == nil {
            let from = " FROM tickets t JOIN customers c ON c.id = t.customer_id WHERE" + conditions
            total = Int(try db.query("SELECT count(*) AS n" + from, values: values).first?.int("n") ?? 0)
            let ids = try db.query("SELECT t.id" + from + " ORDER BY t.updated_at DESC, t.id DESC LIMIT ?18 OFFSET ?19",
                                   values: values + [.integer(Int64(size)), .integer(Int64((page - 1) * size))]).map { $0.int("id") }
            rows = try queueRows(ids: ids, messageIDs: [:])
            exact = true
        } else {
            // The newest matching messages and subjects that pass the filters, as (ticket,
            // newest matching message); FTS5 walks its index backwards, so this stops early.
            let limit = values + [.integer(Int64(Self.searchCandidates))]
            let messageLimit = messageValues + [.integer(Int64(Self.searchCandidates))]
            let messages = try db.query("""
                SELECT m.ticket_id AS tid, m.id AS mid, t.updated_at FROM message_search
                JOIN messages m ON m.id = message_search.rowid JOIN tickets t ON t.id = m.ticket_id
                JOIN customers c ON c.id = t.customer_id WHERE message_search MATCH ?3 AND
                """ + conditions + " ORDER BY message_search.rowid DESC LIMIT ?18", values: messageLimit)
            let subjects = try db.query("""
                SELECT t.id AS tid, t.updated_at FROM ticket_search JOIN tickets t ON t.id = ticket_search.rowid
                JOIN customers c ON c.id = t.customer_id WHERE ticket_search MATCH ?3 AND
                """ + conditions + " ORDER BY ticket_search.rowid DESC LIMIT ?18", values: limit)
            var updated: [Int64: Int64] = [:], newestMessage: [Int64: Int64] = [:]
            for r in messages {
                let tid = r.int("tid")
                updated[tid] = r.int("updated_at")
                newestMessage[tid] = max(newestMessage[tid] ?? 0, r.int("mid"))
            }
            for r in subjects { updated[r.int("tid")] = r.int("updated_at") }
            let ordered = updated.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key > $1.key }.map(\.key)
            let ids = Array(ordered.dropFirst((page - 1) * size).prefix(size))
            rows = try queueRows(ids: ids, messageIDs: newestMessage)
            total = ordered.count
            exact = messages.count < Self.searchCandidates && subjects.count < Self.searchCandidates
        }
        var snippets: [Int64: String] = [:]
        let messageIDs = rows.compactMap(\.mid)
        if case .text(let text) = messageValues[2], let low = messageIDs.min(), let high = messageIDs.max() {
            // One pass over the id range: with `rowid IN` alone FTS5 would set the query up
            // again for every id, which for a prefix term means merging its whole doclist.
            let marks = String(repeating: "?,", count: messageIDs.count - 1) + "?"
            for r in try db.query("SELECT rowid, snippet(message_search, 0, ?, ?, '…', 16) AS s FROM message_search WHERE message_search MATCH ?"
                                  + " AND rowid BETWEEN ? AND ? AND +rowid IN (" + marks + ")",
                                  values: [.text(Self.markStart), .text(Self.markEnd), .text(text), .integer(low), .integer(high)]
                                      + messageIDs.map { .integer($0) }) {
                snippets[r.int("rowid")] = r.string("s")
            }
        }
        let hits = rows.map { r, mid in
            SearchHit(row: QueueRow(number: TicketNumber(r.string("number")) ?? TicketNumber("10000000")!, subject: r.string("subject"),
                                    statusCode: r.string("status_code"), statusIsOpen: r.bool("is_open"),
                                    priorityCode: r.optionalString("priority_code"), groupName: r.optionalString("group_name"),
                                    holderName: r.optionalString("holder"), customerName: r.string("contact_name"),
                                    updatedAt: r.int("updated_at"), createdAt: r.int("created_at"), awaitingOperator: r.bool("awaiting")),
                      snippet: mid.flatMap { snippets[$0] })
        }
        return (hits, total, exact)
    }

    /// The list columns of these tickets, in the order of `ids`, each with its newest
    /// matching message id (nil when it matched by subject only, or without text).
    private func queueRows(ids: [Int64], messageIDs: [Int64: Int64]) throws -> [(row: Row, mid: Int64?)] {
        guard !ids.isEmpty else { return [] }
        let marks = String(repeating: "?,", count: ids.count - 1) + "?"
        let byID = Dictionary(try db.query("""
            SELECT t.id, t.number, t.subject, s.code AS status_code, s.is_open, p.code AS priority_code, g.name AS group_name,
                   o.display_name AS holder, t.contact_name, t.updated_at, t.created_at,
                   (s.is_open = 1 AND t.last_customer_at IS NOT NULL
                    AND (t.last_operator_at IS NULL OR t.last_customer_at > t.last_operator_at)) AS awaiting
            FROM tickets t JOIN statuses s ON s.id = t.status_id LEFT JOIN priorities p ON p.id = t.priority_id
            LEFT JOIN groups g ON g.id = t.group_id LEFT JOIN operators o ON o.id = t.operator_id WHERE t.id IN (
            """ + marks + ")", values: ids.map { .integer($0) }).map { ($0.int("id"), $0) }, uniquingKeysWith: { a, _ in a })
        return ids.compactMap { id in byID[id].map { (row: $0, mid: messageIDs[id]) } }
    }
}
