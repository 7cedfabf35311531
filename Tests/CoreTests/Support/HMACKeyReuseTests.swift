import Testing
@testable import Core

/// A prepared HMAC key is reused for many messages: every tag must equal the one-shot
/// `mac(key:message:)`, whatever was signed before with the same key.
@Suite struct HMACKeyReuseTests {
    @Test(arguments: [0, 20, 64, 65, 131])
    func reusedKeyGivesTheOneShotTags(_ keyLength: Int) {
        let secret = (0..<keyLength).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        let key = HMACSHA256.Key(secret)
        for message in ["", "csrf|abc|1700000000", String(repeating: "guest|12345678|", count: 9), "ñ"] {
            #expect(key.mac(Array(message.utf8)) == HMACSHA256.mac(key: secret, message: Array(message.utf8)))
        }
        #expect(key.mac(Array("x".utf8)) != HMACSHA256.Key(secret + [1]).mac(Array("x".utf8)))
    }

    @Test func settingsKeyFollowsTheSecret() {
        var settings = Settings(values: ["secret_key": String(repeating: "ab", count: 32)])
        let before = CSRFToken(key: settings.secretKey).token(cookie: "cookie-value-123456", issuedAt: 1_700_000_000)
        #expect(before == CSRFToken(secret: settings.secret).token(cookie: "cookie-value-123456", issuedAt: 1_700_000_000))
        settings.values["secret_key"] = String(repeating: "cd", count: 32)
        let after = CSRFToken(key: settings.secretKey).token(cookie: "cookie-value-123456", issuedAt: 1_700_000_000)
        #expect(after != before)
        #expect(after == CSRFToken(secret: settings.secret).token(cookie: "cookie-value-123456", issuedAt: 1_700_000_000))
    }
}
