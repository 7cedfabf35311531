/// A ticket's public number: eight digits, first one non-zero, so it reads well on the
/// phone ("cuatro ocho dos siete…") and fits a mail subject tag `[#48271930]`.
/// Random rather than sequential so numbers leak nothing about volume; uniqueness is
/// enforced by the database and a collision simply draws again.
public struct TicketNumber: Hashable, Sendable, CustomStringConvertible {
    public let value: String

    /// Accepts what a person may type: spaces, dashes and a leading '#' are ignored.
    public init?(_ text: String) {
        let digits = text.utf8.filter { $0 != 32 && $0 != 45 && $0 != 35 }
        guard digits.count == 8, digits.allSatisfy({ $0 >= 48 && $0 <= 57 }), digits.first != 48 else { return nil }
        value = String(decoding: digits, as: UTF8.self)
    }

    /// A number as stored (UTF-8 bytes of a database column): exactly eight digits, the
    /// first non-zero, or nil. No separators are skipped; one String is made, only when valid.
    init?(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.count == 8, bytes[0] != 48, bytes.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        value = String(decoding: bytes, as: UTF8.self)
    }

    public static func random() -> TicketNumber {
        var digits = [UInt8]()
        digits.append(UInt8(49 + SecureRandom.uniform(9)))
        for _ in 0..<7 { digits.append(UInt8(48 + SecureRandom.uniform(10))) }
        return TicketNumber(String(decoding: digits, as: UTF8.self))!
    }

    public var description: String { value }
}
