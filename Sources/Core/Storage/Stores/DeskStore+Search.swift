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

    /// Full-text matches read at most per index (messages, subjects), newest first. A common
    /// word matches millions of messages at a million tickets; ordering all of them costs
    /// seconds, so only the newest matches that pass the filters are considered, and of
    /// those only as many as the requested page needs (see `textCandidates`).
    public static let searchCandidates = 1_000

    /// The page of tickets and their count. With a text, tickets are listed by their newest
    /// match (a matching message, or the subject, which counts as written with the first
    /// message), newest first. `exact` is false when an index had more matches than were
    /// read: `total` is then a lower bound that reaches past the current page whenever a next
    /// page exists (on page 1 of a common word, at least 51). Without a text the tickets are
    /// listed newest updated first and the count is always exact.
    public func search(_ f: SearchFilter, actor: TicketRules.Actor) throws -> (hits: [SearchHit], total: Int, exact: Bool) {
        let where_ = SearchConditions(f, actor: actor)
        let size = max(1, min(f.pageSize, 200)), page = max(1, f.page)
        // Prefix words expanded into whole words for each index, read in the same snapshot
        // as the matches (see DeskStore+PrefixTerms).
        return try db.read {
            let fts = try f.text.map { (messages: try messageQuery($0), subjects: try subjectQuery($0)) }
            return try searchPage(f, where_, fts: fts, page: page, size: size)
        }
    }

    private func searchPage(_ f: SearchFilter, _ where_: SearchConditions, fts: (messages: String, subjects: String)?, page: Int,
                            size: Int) throws -> (hits: [SearchHit], total: Int, exact: Bool) {
        let rows: [(row: QueueRow, mid: Int64?)], total: Int, exact: Bool
        if let fts {
            let found = try textCandidates(where_, fts: fts, wanted: page * size + 1)
            let ids = Array(found.ordered.dropFirst((page - 1) * size).prefix(size))
            rows = try queueRows(ids: ids, messageIDs: found.newestMessage)
            total = found.ordered.count
            exact = found.exhausted
        } else {
            let from = " FROM tickets t" + where_.customerJoin + " WHERE" + where_.sql + " AND ?3 IS NULL"
            total = Int(try db.query("SELECT count(*) AS n" + from, values: where_.values).first?.int("n") ?? 0)
            let ids = try db.query("SELECT t.id" + from + " ORDER BY t.updated_at DESC, t.id DESC LIMIT " + where_.parameter()
                                   + " OFFSET " + where_.parameter(1),
                                   values: where_.values + [.integer(Int64(size)), .integer(Int64((page - 1) * size))]).map { $0.int("id") }
            rows = try queueRows(ids: ids, messageIDs: [:])
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
    /// newest match, with their newest matching message. A ticket's key is its newest
    /// matching message id, or its first message id when the subject matches; both indexes
    /// are read newest first (FTS5 walks them backwards; each index is one query, stepped
    /// only as far as needed, see `RowStream`), and a ticket
    /// is placed only once no unread match can outrank it: its key is at least the key of
    /// the last row read from each index that still had more. Each index starts at a share
    /// of `wanted` matches (the pages before, this one, and one more to know a next page
    /// exists); while too few tickets are placed, the index whose last key is the higher
    /// (the one holding the others back) reads on below its last row, as many rows as its
    /// rows per placed ticket say are missing, up to `searchCandidates` in all. So every page
    /// is a slice of one order: reading more only appends to it.
    ///
    /// Edge cases: a ticket and its first message are created in one transaction, so ticket
    /// ids and first message ids ascend together and the subject index, read by ticket id,
    /// is read in key order. `exhausted` is true when both indexes ran out: the tickets are
    /// then all there are.
    private func textCandidates(_ where_: SearchConditions, fts: (messages: String, subjects: String), wanted: Int) throws
        -> (ordered: [Int64], newestMessage: [Int64: Int64], exhausted: Bool) {
        // One stream per index, newest first, up to the bound: reading on below the last row
        // is a step, not a new query (each new query set the full-text cursor up again).
        let messageSQL = """
            SELECT m.ticket_id AS tid, m.id AS k FROM message_search
            JOIN messages m ON m.id = message_search.rowid
            """ + " JOIN tickets t ON t.id = m.ticket_id" + where_.customerJoin + " WHERE message_search MATCH ?3 AND"
            + where_.sql + " ORDER BY message_search.rowid DESC LIMIT " + where_.parameter()
        // The first message: the ticket's first entry in messages_ticket (ticket_id, created_at).
        let subjectSQL = """
            SELECT t.id AS tid, coalesce((SELECT id FROM messages WHERE ticket_id = t.id ORDER BY created_at, id LIMIT 1), 0) AS k
            FROM ticket_search
            """ + " JOIN tickets t ON t.id = ticket_search.rowid" + where_.customerJoin + " WHERE ticket_search MATCH ?3 AND"
            + where_.sql + " ORDER BY ticket_search.rowid DESC LIMIT " + where_.parameter()
        let bound = SQLValue.integer(Int64(Self.searchCandidates))
        var messages = try RowStream(db, messageSQL, values: where_.values(text: fts.messages) + [bound])
        defer { messages.finish() }
        var subjects = try RowStream(db, subjectSQL, values: where_.values(text: fts.subjects) + [bound])
        defer { subjects.finish() }
        var key: [Int64: Int64] = [:], newestMessage: [Int64: Int64] = [:]
        key.reserveCapacity(wanted + wanted / 2)
        newestMessage.reserveCapacity(wanted + wanted / 2)
        // Per index: rows read, the key of the last one, whether the last read was cut by its limit.
        var messageRead = 0, messageBelow = Int64.max, messagesLeft = true
        var subjectRead = 0, subjectsLeft = true
        var messageEdge = Int64.max, subjectEdge = Int64.max
        var previousTicket: Int64 = 0
        func readMessages(_ limit: Int) throws {
            let rows = try messages.read(limit) { r in
                let tid = r.int(0), k = r.int(1)
                messageBelow = k
                // Rows come newest first: a ticket's later rows are older than its first, which
                // set both its newest message and (with its subject's key, if read) its key.
                guard tid != previousTicket else { return }
                previousTicket = tid
                guard newestMessage[tid] == nil else { return }
                newestMessage[tid] = k
                key[tid] = max(key[tid] ?? .min, k)
            }
            messageRead += rows
            messagesLeft = rows == limit
            messageEdge = messagesLeft ? messageBelow : .min
        }
        func readSubjects(_ limit: Int) throws {
            let rows = try subjects.read(limit) { r in
                let tid = r.int(0), k = r.int(1)
                key[tid] = max(key[tid] ?? .min, k)
                subjectEdge = k
            }
            subjectRead += rows
            subjectsLeft = rows == limit
            if !subjectsLeft { subjectEdge = .min }
        }
        // Several matching messages per ticket are common: the message index starts further;
        // subjects match far fewer tickets than messages, so that index starts shorter.
        try readMessages(min(wanted + wanted / 2, Self.searchCandidates))
        try readSubjects(min(wanted / 4 + 8, Self.searchCandidates))
        while true {
            let threshold = max(messageEdge, subjectEdge)
            let ordered = key.filter { $0.value >= threshold }
                .sorted { $0.value != $1.value ? $0.value > $1.value : $0.key > $1.key }.map(\.key)
            let readsMessages = messagesLeft && messageEdge >= subjectEdge && messageRead < Self.searchCandidates
            let readsSubjects = subjectsLeft && subjectEdge >= messageEdge && subjectRead < Self.searchCandidates
            if ordered.count >= wanted || !(readsMessages || readsSubjects) {
                return (ordered, newestMessage, !(messagesLeft || subjectsLeft))
            }
            // Read about as many more rows as the rows per placed ticket so far say are missing.
            let missing = wanted - ordered.count, placed = max(ordered.count, 1)
            if readsMessages {
                let estimate = missing * max(messageRead / placed, 1) * 9 / 8 + 16
                try readMessages(min(max(estimate, messageRead / 2), Self.searchCandidates - messageRead))
            } else {
                let estimate = missing * max(subjectRead / placed, 1) * 9 / 8 + 16
                try readSubjects(min(max(estimate, subjectRead / 2), Self.searchCandidates - subjectRead))
            }
        }
    }

    /// The list rows of these tickets, in the order of `ids`, each with its newest matching
    /// message id (nil when it matched by subject only, or without text).
    private func queueRows(ids: [Int64], messageIDs: [Int64: Int64]) throws -> [(row: QueueRow, mid: Int64?)] {
        guard !ids.isEmpty else { return [] }
        let marks = String(repeating: "?,", count: ids.count - 1) + "?"
        var byID: [Int64: QueueRow] = [:]
        byID.reserveCapacity(ids.count)
        try db.each("""
            SELECT t.id, t.number, t.subject, s.code, s.is_open, p.code, g.name, o.display_name, t.contact_name, t.updated_at,
                   t.created_at, (s.is_open = 1 AND t.last_customer_at IS NOT NULL
                    AND (t.last_operator_at IS NULL OR t.last_customer_at > t.last_operator_at))
            FROM tickets t JOIN statuses s ON s.id = t.status_id LEFT JOIN priorities p ON p.id = t.priority_id
            LEFT JOIN groups g ON g.id = t.group_id LEFT JOIN operators o ON o.id = t.operator_id WHERE t.id IN (
            """ + marks + ")", values: ids.map { .integer($0) }) { r in
            byID[r.int(0)] = QueueRow(number: r.withText(1, TicketNumber.init(utf8:)) ?? TicketNumber(r.string(1))
                                          ?? TicketNumber("10000000")!, subject: r.string(2),
                                      statusCode: r.string(3), statusIsOpen: r.int(4) != 0, priorityCode: r.optionalString(5),
                                      groupName: r.optionalString(6), holderName: r.optionalString(7), customerName: r.string(8),
                                      updatedAt: r.int(9), createdAt: r.int(10), awaitingOperator: r.int(11) != 0)
        }
        return ids.compactMap { id in byID[id].map { (row: $0, mid: messageIDs[id]) } }
    }
}
