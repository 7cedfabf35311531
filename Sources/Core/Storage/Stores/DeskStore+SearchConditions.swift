/// The SQL conditions of a desk search over `t` (tickets) and, for the e-mail filter, `c`
/// (customers): not deleted, visible to the actor (`DeskStore.visibility`, ?1 admin flag,
/// ?2 operator), and only the filters that are set, each with its value bound at the next
/// number (?3 is always the full-text query, NULL without one). An unset filter then costs
/// nothing per candidate row, and customers are joined only when the e-mail filter asks.
///
/// Edge cases: LIKE filters match anywhere, with `%`/`_` typed by the user escaped; the
/// date interval reads `updated_at` or `created_at` as `byUpdated` says, `to` exclusive.
struct SearchConditions {
    private(set) var sql: String
    private(set) var values: [SQLValue]
    private(set) var joinsCustomers = false

    init(_ f: DeskStore.SearchFilter, actor: TicketRules.Actor) {
        sql = " t.deleted_at IS NULL AND " + DeskStore.visibility
        values = [.integer(actor.isAdmin ? 1 : 0), .integer(actor.id), f.text.map { .text($0.fts) } ?? .null]
        let like = { (s: String) -> SQLValue in .text("%" + s.replacingLikeWildcards() + "%") }
        if let number = f.number { add("t.number = ", .text(number)) }
        if let subject = f.subject { add("t.subject LIKE ", like(subject), escaped: true) }
        if let name = f.name { add("t.contact_name LIKE ", like(name), escaped: true) }
        if let email = f.email {
            joinsCustomers = true
            add("c.email LIKE ", like(email), escaped: true)
        }
        if let phone = f.phone { add("t.contact_phone LIKE ", like(phone), escaped: true) }
        if let city = f.city { add("t.contact_city LIKE ", like(city), escaped: true) }
        if let country = f.country { add("t.contact_country LIKE ", like(country), escaped: true) }
        if let id = f.operatorID { add("t.operator_id = ", .integer(id)) }
        if let id = f.statusID { add("t.status_id = ", .integer(id)) }
        if let id = f.groupID { add("t.group_id = ", .integer(id)) }
        if let id = f.projectID { add("t.project_id = ", .integer(id)) }
        let date = f.byUpdated ? "t.updated_at" : "t.created_at"
        if let from = f.from { add(date + " >= ", .integer(from)) }
        if let to = f.to { add(date + " < ", .integer(to)) }
    }

    /// The customers join the e-mail filter needs, to follow the join of `tickets t`.
    var customerJoin: String { joinsCustomers ? " JOIN customers c ON c.id = t.customer_id" : "" }

    /// The placeholder of the value that would be bound next (for LIMIT and the like).
    func parameter(_ offset: Int = 0) -> String { "?" + String(values.count + 1 + offset) }

    /// The values with ?3 replaced (each index gets its own prefix-expanded query).
    func values(text: String) -> [SQLValue] {
        var v = values
        v[2] = .text(text)
        return v
    }

    private mutating func add(_ condition: String, _ value: SQLValue, escaped: Bool = false) {
        values.append(value)
        sql += " AND " + condition + "?" + String(values.count) + (escaped ? " ESCAPE '\\'" : "")
    }
}
