/// Keeps the full-text index (`message_search`) in few segments, run by
/// `taquilla maintain` (hourly from cron). Every write transaction adds a small FTS5
/// segment and automerge (16, migration 007) merges a level only once it holds 16, so a
/// busy desk's index drifts to 20–40 segments, and a search reads every segment for every
/// word: at 10,000 tickets the newest 64 matches of a prefix's three words cost 742 k
/// instructions with 23 segments against 266 k with 3.
/// This merges each index with FTS5's 'merge' command and `usermerge` 2 until no level holds
/// more than one segment, `pagesPerStep` pages per write transaction, so the desk's own
/// writes wait at most one step.
///
/// Edge cases: a merged level's segment lands one level down, so like a binary counter
/// the big bottom segment is rewritten only when every level above it has filled, and an
/// hourly run mostly costs what was written since the last one; the first run on an index
/// built in bulk merges it all (345 steps at a million tickets). An interrupted run leaves
/// a valid index (each step commits) and the next run continues.
public struct SearchIndexMaintenance {
    public let db: Database
    public static let indexes = ["message_search"]
    public static let pagesPerStep = 500

    public init(db: Database) { self.db = db }

    /// One index's segments per level (bottom level last), as FTS5 stores them.
    public struct Shape: Sendable, Equatable {
        public let segmentsPerLevel: [Int]
        public var segments: Int { segmentsPerLevel.reduce(0, +) }
    }

    /// What a run did to one index.
    public struct Result: Sendable {
        public let index: String
        public let before: Shape
        public let after: Shape
        public let steps: Int
    }

    public func run() throws -> [Result] {
        try Self.indexes.map { index in
            let before = try shape(index)
            try db.execute("INSERT INTO " + index + "(" + index + ", rank) VALUES ('usermerge', 2)")
            var steps = 0
            while true {
                let changed = try db.write { () throws -> Int in
                    let start = db.totalChanges
                    try db.execute("INSERT INTO " + index + "(" + index + ", rank) VALUES ('merge', ?)", Self.pagesPerStep)
                    return db.totalChanges - start
                }
                steps += 1
                if changed < 2 { break }   // FTS5's documented sign that nothing was left to merge
            }
            return Result(index: index, before: before, after: try shape(index), steps: steps)
        }
    }

    /// The segment counts from the index's structure record (row 10 of `<index>_data`):
    /// a 4-byte cookie, then varints: levels, segments, write counter, and per level the
    /// merge state, its segment count and each segment's id, first and last page.
    public func shape(_ index: String) throws -> Shape {
        guard Self.indexes.contains(index) else { return Shape(segmentsPerLevel: []) }
        guard case .blob(let record) = try db.scalar("SELECT block FROM " + index + "_data WHERE id = 10") else {
            return Shape(segmentsPerLevel: [])
        }
        var reader = VarintReader(bytes: record, offset: 4)
        let levels = reader.next(), _ = reader.next(), _ = reader.next()
        var perLevel: [Int] = []
        for _ in 0..<min(levels, 64) {
            _ = reader.next()
            let count = reader.next()
            perLevel.append(count)
            for _ in 0..<min(count, 10_000) * 3 { _ = reader.next() }
        }
        return Shape(segmentsPerLevel: perLevel)
    }
}

/// SQLite's big-endian varints (7 bits a byte, high bit = more; the ninth byte gives all 8
/// bits). Reading past the end yields 0, so a damaged record gives a short shape, never a trap.
struct VarintReader {
    let bytes: [UInt8]
    var offset: Int

    mutating func next() -> Int {
        var value: UInt64 = 0
        for i in 0..<9 {
            guard offset < bytes.count else { return 0 }
            let byte = bytes[offset]
            offset += 1
            if i == 8 { return Int(truncatingIfNeeded: value << 8 | UInt64(byte)) }
            value = value << 7 | UInt64(byte & 0x7F)
            if byte & 0x80 == 0 { break }
        }
        return Int(truncatingIfNeeded: value)
    }
}
