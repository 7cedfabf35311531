/// Ordered multi-map of form field names to values, from a query string or an
/// `application/x-www-form-urlencoded` body (or built from multipart fields).
///
/// Edge cases: a name may repeat (`all(_:)` returns every value in order, the
/// subscript the first); pairs are separated by `&` only; empty pairs
/// (`a=1&&b=2`) and pairs with an empty name (`=x`) are skipped; a name
/// without `=` has the empty value. At most `maxParsedFields` pairs are kept,
/// the rest of the input is ignored. Lookups are linear, which is fine at this size.
public struct FormFields: Sendable, Equatable {
    /// Fields beyond this count are ignored by `parseURLEncoded(_:)`.
    public static let maxParsedFields = 1_000

    private struct Entry: Sendable, Equatable {
        var name: String
        var value: String
    }

    private var entries: [Entry] = []

    public init() {}

    /// The first value for `name`, or nil when the field is absent.
    public subscript(_ name: String) -> String? {
        entries.first { $0.name == name }?.value
    }

    /// Every value for `name`, in input order.
    public func all(_ name: String) -> [String] {
        entries.filter { $0.name == name }.map(\.value)
    }

    /// Distinct field names in order of first appearance.
    public var names: [String] {
        var seen = Set<String>()
        return entries.map(\.name).filter { seen.insert($0).inserted }
    }

    /// Adds a value after any existing ones.
    public mutating func append(_ value: String, for name: String) {
        entries.append(Entry(name: name, value: value))
    }

    /// Parses `name=value&...` with percent escapes and `+` as space.
    public static func parseURLEncoded(_ bytes: some Collection<UInt8>) -> FormFields {
        var fields = FormFields()
        var start = bytes.startIndex
        while start != bytes.endIndex, fields.entries.count < maxParsedFields {
            let end = bytes[start...].firstIndex(of: UInt8(ascii: "&")) ?? bytes.endIndex
            fields.appendPair(bytes[start..<end])
            start = end == bytes.endIndex ? end : bytes.index(after: end)
        }
        return fields
    }

    private mutating func appendPair(_ pair: some Collection<UInt8>) {
        let separator = pair.firstIndex(of: UInt8(ascii: "=")) ?? pair.endIndex
        let name = PercentCoding.decode(pair[..<separator], plusAsSpace: true)
        guard !name.isEmpty else { return }
        let valueStart = separator == pair.endIndex ? separator : pair.index(after: separator)
        append(PercentCoding.decode(pair[valueStart...], plusAsSpace: true), for: name)
    }
}
