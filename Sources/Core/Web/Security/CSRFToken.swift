/// CSRF protection by signed double submit: the browser holds a random `tq_csrf`
/// cookie (HttpOnly, SameSite=Lax); each form carries a token that is the time it was
/// issued plus an HMAC over that time and the cookie. A forged site can neither read the
/// cookie nor compute the MAC. The issue time also gives the spam guard its "filled in
/// too fast" check. Tokens older than a day are refused (the form is simply re-shown).
public struct CSRFToken {
    public static let cookieName = "tq_csrf"
    static let maxAge: Int64 = 86_400

    let key: HMACSHA256.Key

    public init(secret: [UInt8]) { key = HMACSHA256.Key(secret) }
    /// With the site secret's key prepared once per settings load (`Settings.secretKey`).
    public init(key: HMACSHA256.Key) { self.key = key }

    public static func newCookieValue() -> String { Base64.encodeURLSafe(SecureRandom.bytes(18)) }

    public func token(cookie: String, issuedAt: Int64) -> String {
        var payload = Self.bigEndian(issuedAt)
        payload += mac(cookie: cookie, issuedAt: issuedAt)
        return Base64.encodeURLSafe(payload)
    }

    /// The issue time when the token is valid for this cookie, nil otherwise.
    public func verify(token: String, cookie: String, now: Int64) -> Int64? {
        guard !cookie.isEmpty, token.utf8.count < 100, let bytes = Base64.decode(token), bytes.count == 24 else { return nil }
        var issuedAt: Int64 = 0
        for b in bytes[0..<8] { issuedAt = issuedAt << 8 | Int64(b) }
        guard constantTimeEquals(Array(bytes[8...]), mac(cookie: cookie, issuedAt: issuedAt)) else { return nil }
        guard issuedAt <= now + 60, now - issuedAt <= Self.maxAge else { return nil }
        return issuedAt
    }

    private func mac(cookie: String, issuedAt: Int64) -> [UInt8] {
        Array(key.mac(Array("csrf|\(cookie)|\(issuedAt)".utf8)).prefix(16))
    }

    static func bigEndian(_ v: Int64) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: v >> (56 - 8 * $0)) } }
}
