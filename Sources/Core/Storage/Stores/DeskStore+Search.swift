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

    static let markStart = SearchSnippet.markStart, markEnd = SearchSnippet.markEnd

    /// Full-text matches read at most, newest first. A common word matches millions of
    /// messages at a million tickets; ordering all of them costs seconds, so only the newest
    /// matches that pass the filters are considered, and of those only as many as the
    /// requested page needs (see `textCandidates`).
    public static let searchCandidates = 1_000

    /// The page of tickets and their count. With a text, tickets are listed by their newest
    /// match (a matching message, or the subject, which is indexed with the first message,
    /// see migration 009), newest first. `exact` is false when there were more matches than
    /// were read: `total` is then a lower bound that reaches past the current page whenever a next
    /// page exists (on page 1 of a common word, at least 51). Without a text the tickets are
    /// listed newest updated first and the count is always exact. `names` is the caller's
    /// copy of the list's names (`Environment.ticketListNames()`); without one they are read.
    public func search(_ f: SearchFilter, actor: TicketRules.Actor, names: TicketListNames? = nil) throws
        -> (hits: [SearchHit], total: Int, exact: Bool) {
        let where_ = SearchConditions(f, actor: actor)
        let size = max(1, min(f.pageSize, 200)), page = max(1, f.page)
        // Prefix words expanded into whole words, read in the same snapshot as the matches
        // (see DeskStore+PrefixTerms).
        return try db.read {
            let fts = try f.text.map { try searchQuery($0) }
            return try searchPage(f, where_, fts: fts, page: page, size: size, names: names)
        }
    }

    private func searchPage(_ f: SearchFilter, _ where_: SearchConditions, fts: String?, page: Int,
                            size: Int, names: TicketListNames?) throws -> (hits: [SearchHit], total: Int, exact: Bool) {
        let rows: [(row: QueueRow, mid: Int64?)], total: Int, exact: Bool
        if let fts {
            let found = try textCandidates(where_, fts: fts, wanted: page * size + 1)
            let ids = Array(found.ordered.dropFirst((page - 1) * size).prefix(size))
            rows = try queueRows(ids: ids, messageIDs: found.newestMessage, names: names)
            total = found.ordered.count
            exact = found.exhausted
        } else {
            let from = " FROM tickets t" + where_.customerJoin + " WHERE" + where_.sql + " AND ?3 IS NULL"
            total = Int(try db.query("SELECT count(*) AS n" + from, values: where_.values).first?.int("n") ?? 0)
            let ids = try db.query("SELECT t.id" + from + " ORDER BY t.updated_at DESC, t.id DESC LIMIT " + where_.parameter()
                                   + " OFFSET " + where_.parameter(1),
                                   values: where_.values + [.integer(Int64(size)), .integer(Int64((page - 1) * size))]).map { $0.int("id") }
            rows = try queueRows(ids: ids, messageIDs: [:], names: names)
            exact = true
        }
        let snippets = try snippets(messageIDs: rows.compactMap(\.mid), query: f.text)
        let hits = rows.map { row, mid in SearchHit(row: row, snippet: mid.flatMap { snippets[$0] }) }
        return (hits, total, exact)
    }

    /// The snippet of each listed ticket's newest matching message, made by `SearchSnippet`
    /// from the message text read in one query (FTS5's `snippet()` re-read the index and
    /// re-tokenized every message: ~150 k instructions each).
    private func snippets(messageIDs: [Int64], query: SearchQuery?) throws -> [Int64: String] {
        guard let query, !messageIDs.isEmpty else { return [:] }
        let marks = String(repeating: "?,", count: messageIDs.count - 1) + "?"
        let snippet = SearchSnippet(query)
        var found: [Int64: String] = [:]
        try db.each("SELECT id, body_text FROM messages WHERE id IN (" + marks + ")", values: messageIDs.map { .integer($0) }) { r in
            found[r.int(0)] = r.withText(1, snippet.snippet(utf8:))
        }
        return found
    }

    /// The tickets of the newest full-text matches that pass the filters, ordered by their
    /// newest match, with their newest matching message. The index is read newest first
    /// (FTS5 walks it backwards; each rowid holds the message and ticket ids, so no message
    /// is looked up) as one query, stepped only as far as needed (`RowStream`):
    /// a ticket's first row is its newest match, so tickets come out in order and reading
    /// more only appends to the list. The first step reads a share of `wanted` rows (the
    /// pages before, this one, and one more to know a next page exists); while too few
    /// tickets are found it reads on, as many rows as the rows per ticket so far say are
    /// missing, up to `searchCandidates` in all.
    ///
    /// Edge cases: a match in the subject is a match of the ticket's first message (migration
    /// 009), so its key is that message's id. `exhausted` is true when the index ran out: the
    /// tickets are then all there are.
    private func textCandidates(_ where_: SearchConditions, fts: String, wanted: Int) throws
        -> (ordered: [Int64], newestMessage: [Int64: Int64], exhausted: Bool) {
        // A row's rowid holds its message id and its ticket id (migration 009).
        let sql = "SELECT message_search.rowid FROM message_search JOIN tickets t ON t.id = (message_search.rowid & 4294967295)"
            + where_.customerJoin + " WHERE message_search MATCH ?3 AND" + where_.sql
            + " ORDER BY message_search.rowid DESC LIMIT " + where_.parameter()
        var matches = try RowStream(db, sql, values: where_.values(text: fts) + [.integer(Int64(Self.searchCandidates))])
        defer { matches.finish() }
        var ordered: [Int64] = [], newestMessage: [Int64: Int64] = [:]
        ordered.reserveCapacity(wanted)
        newestMessage.reserveCapacity(wanted + wanted / 2)
        var read = 0, left = true, previousTicket: Int64 = 0
        // Several matching messages per ticket are common: the first step reads further.
        var step = min(wanted + wanted / 2, Self.searchCandidates)
        while true {
            let rows = try matches.read(step) { r in
                let key = r.int(0), tid = key & 0xFFFF_FFFF
                // A ticket's later rows are older than its first, which placed it.
                guard tid != previousTicket else { return }
                previousTicket = tid
                guard newestMessage[tid] == nil else { return }
                newestMessage[tid] = key >> 32
                ordered.append(tid)
            }
            read += rows
            left = rows == step
            if ordered.count >= wanted || !left || read >= Self.searchCandidates { return (ordered, newestMessage, !left) }
            // Read about as many more rows as the rows per ticket so far say are missing.
            let estimate = (wanted - ordered.count) * max(read / max(ordered.count, 1), 1) * 9 / 8 + 16
            step = min(max(estimate, read / 2), Self.searchCandidates - read)
        }
    }

    /// The list rows of these tickets, in the order of `ids`, each with its newest matching
    /// message id (nil without text). The names of statuses, priorities, departments and
    /// holders come from `names` (or are read here when the caller has none, or when a row
    /// names an id the copy does not know: changed by another process since it was loaded).
    private func queueRows(ids: [Int64], messageIDs: [Int64: Int64], names: TicketListNames?) throws -> [(row: QueueRow, mid: Int64?)] {
        guard !ids.isEmpty else { return [] }
        struct Fields {
            let number: TicketNumber, subject: String, status: Int64, priority: Int64?, group: Int64?, holder: Int64?
            let customer: String, updatedAt: Int64, createdAt: Int64, customerWaiting: Bool
        }
        let marks = String(repeating: "?,", count: ids.count - 1) + "?"
        var byID: [Int64: Fields] = [:]
        byID.reserveCapacity(ids.count)
        var names = try names ?? TicketListNames.load(db), known = true
        try db.each("""
            SELECT t.id, t.number, t.subject, t.status_id, t.priority_id, t.group_id, t.operator_id, t.contact_name, t.updated_at,
                   t.created_at, (t.last_customer_at IS NOT NULL AND (t.last_operator_at IS NULL OR t.last_customer_at > t.last_operator_at))
            FROM tickets t WHERE t.id IN (
            """ + marks + ")", values: ids.map { .integer($0) }) { r in
            let fields = Fields(number: r.withText(1, TicketNumber.init(utf8:)) ?? TicketNumber(r.string(1)) ?? TicketNumber("10000000")!,
                                subject: r.string(2), status: r.int(3), priority: r.optionalInt(4), group: r.optionalInt(5),
                                holder: r.optionalInt(6), customer: r.string(7), updatedAt: r.int(8), createdAt: r.int(9),
                                customerWaiting: r.int(10) != 0)
            known = known && names.knows(status: fields.status, priority: fields.priority, group: fields.group, holder: fields.holder)
            byID[r.int(0)] = fields
        }
        if !known { names = try TicketListNames.load(db) }
        return ids.compactMap { id in
            byID[id].map { f in
                let status = names.statuses[f.status]
                let row = QueueRow(number: f.number, subject: f.subject, statusCode: status?.code ?? "", statusIsOpen: status?.isOpen ?? false,
                                   priorityCode: f.priority.flatMap { names.priorities[$0] }, groupName: f.group.flatMap { names.groups[$0] },
                                   holderName: f.holder.flatMap { names.operators[$0] }, customerName: f.customer, updatedAt: f.updatedAt,
                                   createdAt: f.createdAt, awaitingOperator: (status?.isOpen ?? false) && f.customerWaiting)
                return (row: row, mid: messageIDs[id])
            }
        }
    }
}
