import Testing
@testable import Core

/// Many tickets written straight into a test site's database in one transaction, for
/// tests of what changes with size (bounded counts, bounded search candidates).
enum BulkTickets {
    /// `count` tickets with two "gracias" messages each, created in id order and updated
    /// in a shuffled order; ticket 1 (the oldest) is the only one from Quito and the only
    /// one that says "albaricoque".
    static func site(tickets count: Int) throws -> TestSite {
        let site = try TestSite()
        let db = site.env.db
        let open = try db.scalar("SELECT id FROM statuses WHERE code = 'open'").int ?? 0
        try db.write {
            try db.execute("INSERT INTO customers(id, email, name, created_at, updated_at) VALUES (1, 'c@example.com', 'Cliente', 1, 1)")
            var messageID: Int64 = 0
            for i in 1...Int64(count) {
                let created = 1_700_000_000 + i * 600, updated = 1_700_000_000 + (i * 7_919 % Int64(count)) * 600 + 300
                try db.execute("""
                    INSERT INTO tickets(id, number, access_hash, customer_id, subject, contact_name, contact_city, status_id,
                                        client_ip, source, created_at, updated_at)
                    VALUES (?, ?, zeroblob(32), 1, 'Consulta', 'Cliente', ?, ?, '192.0.2.1', 'web', ?, ?)
                    """, i, String(10_000_000 + i), i == 1 ? "Quito" : "Lima", open, created, updated)
                for text in ["Muchas gracias por la ayuda", i == 1 ? "Gracias, el albaricoque llegó" : "Gracias de nuevo"] {
                    messageID += 1
                    try db.execute("""
                        INSERT INTO messages(id, ticket_id, kind, author_name, body_text, source, created_at)
                        VALUES (?, ?, 'customer', 'Cliente', ?, 'web', ?)
                        """, messageID, i, text, created)
                }
            }
        }
        return site
    }
}
