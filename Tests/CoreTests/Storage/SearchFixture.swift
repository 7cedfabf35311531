@testable import Core

/// What the search tests that write tickets straight into a test site share: an admin who
/// sees every ticket, and the customer (id 1) their tickets belong to.
enum SearchFixture {
    static let admin = TicketRules.Actor(id: 1, isAdmin: true, groupIDs: [])

    /// Adds customer 1 and returns the id of the 'open' status (call inside a write).
    static func prepare(_ db: Database) throws -> Int64 {
        try db.execute("INSERT INTO customers(id, email, name, created_at, updated_at) VALUES (1, 'c@example.com', 'Cliente', 1, 1)")
        return try db.scalar("SELECT id FROM statuses WHERE code = 'open'").int ?? 0
    }
}
