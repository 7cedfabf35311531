/// The guest's proof of having typed the right access code, kept in a cookie scoped to
/// the ticket's own path (`/ticket/NUMBER`), so one browser can hold sessions for several
/// tickets. The value is an expiry and an HMAC over ticket number, expiry and the stored
/// access-code hash: a regenerated code invalidates every old session; nothing is stored
/// server-side and nothing in the cookie reveals the code.
public struct GuestSession {
    public static let cookieName = "tq_guest"
    public static let lifetime: Int64 = 14 * 86_400

    let key: HMACSHA256.Key

    public init(secret: [UInt8]) { key = HMACSHA256.Key(secret) }
    /// With the site secret's key prepared once per settings load (`Settings.secretKey`).
    public init(key: HMACSHA256.Key) { self.key = key }

    public func value(number: TicketNumber, accessHash: [UInt8], expires: Int64) -> String {
        "\(expires).\(Base64.encodeURLSafe(mac(number: number, accessHash: accessHash, expires: expires)))"
    }

    public func isValid(_ value: String, number: TicketNumber, accessHash: [UInt8], now: Int64) -> Bool {
        let parts = value.split(separator: ".", maxSplits: 1)
        guard parts.count == 2, let expires = Int64(parts[0]), expires > now,
              let given = Base64.decode(String(parts[1])) else { return false }
        return constantTimeEquals(given, mac(number: number, accessHash: accessHash, expires: expires))
    }

    private func mac(number: TicketNumber, accessHash: [UInt8], expires: Int64) -> [UInt8] {
        key.mac(Array("guest|\(number.value)|\(expires)|\(Hex.encode(accessHash))".utf8))
    }
}
