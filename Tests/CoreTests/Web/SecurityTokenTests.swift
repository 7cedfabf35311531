import Testing
@testable import Core

@Suite struct CSRFTokenTests {
    let csrf = CSRFToken(secret: Array(repeating: 7, count: 32))

    @Test func validTokenGivesItsIssueTime() {
        let token = csrf.token(cookie: "cookie-value-1234", issuedAt: 1000)
        #expect(csrf.verify(token: token, cookie: "cookie-value-1234", now: 1010) == 1000)
    }

    @Test func refusesOtherCookiesForgeriesAndOldTokens() {
        let token = csrf.token(cookie: "cookie-value-1234", issuedAt: 1000)
        #expect(csrf.verify(token: token, cookie: "cookie-value-9999", now: 1010) == nil)
        #expect(csrf.verify(token: token, cookie: "", now: 1010) == nil)
        #expect(csrf.verify(token: token, cookie: "cookie-value-1234", now: 1000 + 86_401) == nil)
        #expect(csrf.verify(token: token, cookie: "cookie-value-1234", now: 900) == nil, "issued in the future")
        #expect(CSRFToken(secret: Array(repeating: 8, count: 32)).verify(token: token, cookie: "cookie-value-1234", now: 1010) == nil)
        var bytes = Base64.decode(token)!
        bytes[3] ^= 1
        #expect(csrf.verify(token: Base64.encodeURLSafe(bytes), cookie: "cookie-value-1234", now: 1010) == nil, "changed time")
        #expect(csrf.verify(token: "garbage", cookie: "cookie-value-1234", now: 1010) == nil)
    }
}

@Suite struct GuestSessionTests {
    let session = GuestSession(secret: Array(repeating: 1, count: 32))
    let number = TicketNumber("48271930")!
    let hash = Array(repeating: UInt8(9), count: 32)

    @Test func validUntilExpiry() {
        let value = session.value(number: number, accessHash: hash, expires: 2000)
        #expect(session.isValid(value, number: number, accessHash: hash, now: 1999))
        #expect(!session.isValid(value, number: number, accessHash: hash, now: 2000))
    }

    @Test func boundToTicketAndCode() {
        let value = session.value(number: number, accessHash: hash, expires: 2000)
        #expect(!session.isValid(value, number: TicketNumber("48271931")!, accessHash: hash, now: 1))
        #expect(!session.isValid(value, number: number, accessHash: Array(repeating: 8, count: 32), now: 1), "a new code ends old sessions")
        #expect(!session.isValid("3000." + value.split(separator: ".")[1], number: number, accessHash: hash, now: 1), "expiry is signed")
    }
}
