/// One result row, addressed by column index or by column name.
/// Reading a missing column or the wrong type gives a neutral value (0, "", nil),
/// never a crash: the schema's NOT NULL constraints are the guarantee, not this type.
public struct Row: Sendable {
    let columns: [String]
    public let values: [SQLValue]

    public subscript(_ index: Int) -> SQLValue { index < values.count ? values[index] : .null }

    public subscript(_ name: String) -> SQLValue {
        guard let i = columns.firstIndex(of: name) else { return .null }
        return values[i]
    }

    public func int(_ name: String) -> Int64 { self[name].int ?? 0 }
    public func optionalInt(_ name: String) -> Int64? { self[name].int }
    public func string(_ name: String) -> String { self[name].string ?? "" }
    public func optionalString(_ name: String) -> String? { self[name].string }
    public func bool(_ name: String) -> Bool { (self[name].int ?? 0) != 0 }
    public func bytes(_ name: String) -> [UInt8] { self[name].bytes ?? [] }
}
