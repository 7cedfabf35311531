import Testing
@testable import Core

/// `Database.each` and `RowCursor`: every row reaches the callback, columns read by index
/// as integers, text and optional text (NULL is nil, or "" and 0), and the count returned.
@Suite struct RowCursorTests {
    @Test func columnsReadByIndex() throws {
        try withDatabase { (db: Database, _: String) throws in
            var seen: [(Int64, String, String?, Int64)] = []
            let count = try db.each("""
                SELECT 7, 'camión', NULL, NULL UNION ALL SELECT 8, '', 'x', 3 UNION ALL SELECT ?, ?, ?, ?
                """, values: [.integer(9), .text("año"), .text("ñ"), .integer(-1)]) { r in
                seen.append((r.int(0), r.string(1), r.optionalString(2), r.int(3)))
                #expect(r.string(2) == (r.optionalString(2) ?? ""))
            }
            #expect(count == 3)
            #expect(seen.map(\.0) == [7, 8, 9])
            #expect(seen.map(\.1) == ["camión", "", "año"])
            #expect(seen.map(\.2) == [nil, "x", "ñ"])
            #expect(seen.map(\.3) == [0, 3, -1])
        }
    }
}
