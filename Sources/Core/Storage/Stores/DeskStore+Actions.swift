/// What operators do to tickets. Each action runs in one transaction that re-reads the
/// rule facts, checks `TicketRules`, changes the ticket, and writes the audit row — so a
/// concurrent claim by someone else is seen, and the log never disagrees with the data.
extension DeskStore {
    /// Who acts, from where, when.
    public struct Doer: Sendable {
        public let op: OperatorStore.Operator
        public let actor: TicketRules.Actor
        public let ip: String
        public let now: Int64

        public init(op: OperatorStore.Operator, actor: TicketRules.Actor, ip: String, now: Int64) {
            self.op = op
            self.actor = actor
            self.ip = ip
            self.now = now
        }
    }

    public enum Change: Sendable {
        case claim, drop, assign(Int64), status(Int64), priority(Int64?), group(Int64?), project(Int64?), contact(Contact)
        case delete, restore
    }

    private func audit(_ d: Doer, _ action: String, _ t: Ticket, before: String?, after: String?) throws {
        try AuditStore(db: db).record(at: d.now, operatorID: d.op.id, actor: d.op.username, action: action, ticketID: t.id,
                                      ticketNumber: t.number.value, before: before, after: after, ip: d.ip)
    }

    private func name(ofOperator id: Int64?) throws -> String? {
        guard let id else { return nil }
        return try db.scalar("SELECT username FROM operators WHERE id = ?", id).string
    }

    private func touch(_ t: Ticket, _ now: Int64) throws {
        try db.execute("UPDATE tickets SET updated_at = ? WHERE id = ?", now, t.id)
    }

    /// Applies one change; returns the rule decision (nothing changes when denied).
    public func apply(_ change: Change, to number: TicketNumber, by d: Doer) throws -> TicketRules.Decision {
        try db.write {
            guard let t = try ticket(number: number), let facts = try facts(ticketID: t.id) else { return .denied("rule.not_found") }
            let check = { (action: TicketRules.Action) in TicketRules.check(action, by: d.actor, on: facts) }
            switch change {
            case .claim:
                guard case .allowed = check(.claim) else { return check(.claim) }
                try db.execute("UPDATE tickets SET operator_id = ?, updated_at = ? WHERE id = ?", d.op.id, d.now, t.id)
                try audit(d, "claim", t, before: try name(ofOperator: t.holderID), after: d.op.username)
            case .drop:
                guard case .allowed = check(.drop) else { return check(.drop) }
                try db.execute("UPDATE tickets SET operator_id = NULL, updated_at = ? WHERE id = ?", d.now, t.id)
                try audit(d, "drop", t, before: try name(ofOperator: t.holderID), after: nil)
            case .assign(let target):
                guard case .allowed = check(.assign(to: target)) else { return check(.assign(to: target)) }
                guard let targetName = try db.scalar("SELECT username FROM operators WHERE id = ? AND active = 1", target).string else {
                    return .denied("rule.no_such_operator")
                }
                try db.execute("UPDATE tickets SET operator_id = ?, updated_at = ? WHERE id = ?", target, d.now, t.id)
                try audit(d, "assign", t, before: try name(ofOperator: t.holderID), after: targetName)
            case .status(let statusID):
                guard let row = try db.queryOne("SELECT code, is_open FROM statuses WHERE id = ?", statusID) else { return .denied("rule.bad_value") }
                if statusID == t.statusID { return .allowed }
                let closing = !row.bool("is_open")
                guard case .allowed = check(.changeStatus(toClosed: closing)) else { return check(.changeStatus(toClosed: closing)) }
                try db.execute("""
                    UPDATE tickets SET status_id = ?, updated_at = ?, closed_at = CASE WHEN ? THEN ? ELSE NULL END WHERE id = ?
                    """, statusID, d.now, closing, d.now, t.id)
                try audit(d, "status", t, before: t.statusCode, after: row.string("code"))
            case .priority(let id):
                guard case .allowed = check(.edit) else { return check(.edit) }
                if let id, try db.scalar("SELECT id FROM priorities WHERE id = ?", id).int == nil { return .denied("rule.bad_value") }
                try db.execute("UPDATE tickets SET priority_id = ?, updated_at = ? WHERE id = ?", id, d.now, t.id)
                try audit(d, "priority", t, before: try priorityCode(t.priorityID), after: try priorityCode(id))
            case .group(let id):
                guard case .allowed = check(.edit) else { return check(.edit) }
                if let id, try db.scalar("SELECT id FROM groups WHERE id = ?", id).int == nil { return .denied("rule.bad_value") }
                try db.execute("UPDATE tickets SET group_id = ?, updated_at = ? WHERE id = ?", id, d.now, t.id)
                try audit(d, "group", t, before: try groupName(t.groupID), after: try groupName(id))
            case .project(let id):
                guard case .allowed = check(.edit) else { return check(.edit) }
                if let id, try db.scalar("SELECT id FROM projects WHERE id = ?", id).int == nil { return .denied("rule.bad_value") }
                try db.execute("UPDATE tickets SET project_id = ?, updated_at = ? WHERE id = ?", id, d.now, t.id)
                try audit(d, "project", t, before: try projectName(t.projectID), after: try projectName(id))
            case .contact(let c):
                guard case .allowed = check(.edit) else { return check(.edit) }
                try db.execute("""
                    UPDATE tickets SET contact_name = ?, contact_phone = ?, contact_address = ?, contact_city = ?, contact_country = ?,
                        updated_at = ? WHERE id = ?
                    """, c.name, c.phone, c.address, c.city, c.country, d.now, t.id)
                if c.email.lowercased() != t.customerEmail.lowercased() {
                    let customer = try customerID(email: c.email, name: c.name, now: d.now)
                    try db.execute("UPDATE tickets SET customer_id = ? WHERE id = ?", customer, t.id)
                }
                try audit(d, "contact", t, before: t.contact.summary, after: c.summary)
            case .delete:
                guard case .allowed = check(.delete) else { return check(.delete) }
                try db.execute("UPDATE tickets SET deleted_at = ?, updated_at = ? WHERE id = ?", d.now, d.now, t.id)
                try audit(d, "delete", t, before: t.subject, after: nil)
            case .restore:
                guard case .allowed = check(.restore) else { return check(.restore) }
                try db.execute("UPDATE tickets SET deleted_at = NULL, updated_at = ? WHERE id = ?", d.now, t.id)
                try audit(d, "restore", t, before: nil, after: t.subject)
            }
            return .allowed
        }
    }

    /// Removes a deleted ticket for good (messages and attachment rows go with it by
    /// cascade; the audit log keeps a tombstone with the number and subject).
    public func purge(_ number: TicketNumber, by d: Doer) throws -> TicketRules.Decision {
        try db.write {
            guard let t = try ticket(number: number), let facts = try facts(ticketID: t.id) else { return .denied("rule.not_found") }
            let decision = TicketRules.check(.purge, by: d.actor, on: facts)
            guard decision == .allowed else { return decision }
            try db.execute("DELETE FROM outbox WHERE ticket_id = ? AND status IN ('queued', 'failed')", t.id)
            try db.execute("DELETE FROM tickets WHERE id = ?", t.id)
            try audit(d, "purge", t, before: t.subject, after: nil)
            return .allowed
        }
    }

    private func priorityCode(_ id: Int64?) throws -> String? {
        guard let id else { return nil }
        return try db.scalar("SELECT code FROM priorities WHERE id = ?", id).string
    }

    private func groupName(_ id: Int64?) throws -> String? {
        guard let id else { return nil }
        return try db.scalar("SELECT name FROM groups WHERE id = ?", id).string
    }

    private func projectName(_ id: Int64?) throws -> String? {
        guard let id else { return nil }
        return try db.scalar("SELECT name FROM projects WHERE id = ?", id).string
    }

    private func customerID(email: String, name: String, now: Int64) throws -> Int64 {
        if let id = try db.scalar("SELECT id FROM customers WHERE email = ?", email).int { return id }
        try db.execute("INSERT INTO customers(email, name, created_at, updated_at) VALUES (?, ?, ?, ?)", email, name, now, now)
        return db.lastInsertID
    }
}
