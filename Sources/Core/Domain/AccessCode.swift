/// The secret that lets a guest open their ticket: 128 bits from the system CSPRNG,
/// shown as Crockford base32 in groups of five (`7K2QD-…`), typed case-insensitively
/// with or without dashes. Only its SHA-256 is stored; comparison is constant-time.
/// A fast hash is right here: the input has 128 bits of entropy, unlike a password.
public struct AccessCode: Sendable {
    public let bytes: [UInt8]

    public init(bytes: [UInt8]) { self.bytes = bytes }

    public static func random() -> AccessCode { AccessCode(bytes: SecureRandom.bytes(16)) }

    /// Parses typed input; nil when it is not 16 bytes of valid base32.
    public init?(typed: String) {
        guard typed.utf8.count <= 64, let decoded = Crockford32.decode(typed), decoded.count >= 16 else { return nil }
        // 26 symbols carry 130 bits; the top two must be zero padding.
        guard decoded.count == 16 || (decoded.count == 17 && decoded[16] == 0) else { return nil }
        bytes = Array(decoded.prefix(16))
    }

    /// The display form, e.g. `AB12C-DE34F-GH56J-KM78N-PQ9RS-T`.
    public var display: String {
        let plain = Array(Crockford32.encode(bytes))
        var out = ""
        for (i, c) in plain.enumerated() {
            if i > 0 && i % 5 == 0 { out.append("-") }
            out.append(c)
        }
        return out
    }

    public var hash: [UInt8] { SHA256.hash(bytes) }

    public func matches(hash stored: [UInt8]) -> Bool { constantTimeEquals(hash, stored) }
}
