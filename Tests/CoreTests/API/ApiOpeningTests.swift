import Testing
@testable import Core

/// `ApiOpening`: its wire form round-trips (and refuses what is not one), and a batch
/// written in one transaction gives each opening its own outcome: the others commit when
/// one is a replay, reuses a key, draws a taken number or is over the rate limit.
@Suite struct ApiOpeningTests {
    private func opening(_ api: ApiTestClient, number: String, key: String? = nil, hash: String = "h1",
                         limit: Int = 1000, email: String = "lucia@example.com") throws -> ApiOpening {
        var input = NewTicketInput()
        input.name = "Lucía Pérez"; input.email = email; input.phone = "+34 600 111 222"; input.city = "Sevilla"
        input.country = "España"; input.subject = "La impresora no imprime \(number)"; input.message = "Desde ayer no imprime."
        let address = try #require(EmailAddress(email))
        let mail = OutboxStore.Mail(kind: "confirmation", ticketID: 0, to: address, toName: input.name,
                                    subject: "[#\(number)] Recibido", bodyText: "Su código: {access_code}")
        return ApiOpening(apiKeyID: api.keyID, rateLimit: limit, now: api.site.clock.now, idempotencyKey: key, requestHash: hash,
                          number: try #require(TicketNumber(number)), code: AccessCode.random(),
                          ticket: TicketStore.NewTicket(input: input, email: address, files: [], clientIP: "192.0.2.7",
                                                        language: "es", source: "api"),
                          mails: [mail], body: "{\"number\":\"\(number)\"}")
    }

    private func count(_ api: ApiTestClient, _ sql: String) throws -> Int64 { try api.site.env.db.scalar(sql).int ?? -1 }

    @Test func theWireFormRoundTrips() throws {
        let api = try ApiTestClient()
        var o = try opening(api, number: "12345678", key: "k-1")
        o.ticket.input.groupID = 3
        let back = try #require(ApiOpening(wire: o.wire))
        #expect(back.wire == o.wire)
        #expect(back.code.bytes == o.code.bytes && back.number == o.number && back.ticket.input.groupID == 3)
        #expect(back.mails.count == 1 && back.mails[0].bodyText == "Su código: {access_code}")
        for outcome: ApiOpening.Outcome in [.opened(ticketID: 42), .replayed(status: 201, body: "{\"a\":\"ñ\"}"), .keyReused,
                                            .rateLimited, .numberTaken, .failed(.busy), .failed(.full), .failed(.internal)] {
            #expect(ApiOpening.Outcome(wire: outcome.wire) == outcome)
        }
    }

    @Test func whatIsNotAnOpeningIsRefused() throws {
        let api = try ApiTestClient()
        let wire = try opening(api, number: "12345678").wire
        let text = String(decoding: wire, as: UTF8.self)
        #expect(ApiOpening(wire: Array(text.replacingOccurrences(of: "\"v\":1", with: "\"v\":2").utf8)) == nil)
        #expect(ApiOpening(wire: Array(wire.dropLast())) == nil)
        #expect(ApiOpening(wire: Array(text.replacingOccurrences(of: "\"number\":\"12345678\"", with: "\"number\":\"x\"").utf8)) == nil)
        #expect(ApiOpening.Outcome(wire: Array("{\"v\":1}".utf8)) == nil)
    }

    @Test func aBatchGivesEachOpeningItsOwnOutcome() throws {
        let api = try ApiTestClient()
        let env = api.site.env
        let tickets = try count(api, "SELECT count(*) FROM tickets"), mails = try count(api, "SELECT count(*) FROM outbox")
        let first = try opening(api, number: "11111111", key: "retry-1")
        let batch = [
            first,
            try opening(api, number: "22222222", key: "retry-1"),              // same key and body: the first's answer
            try opening(api, number: "33333333", key: "retry-1", hash: "h2"),  // same key, other body
            try opening(api, number: "11111111"),                              // the first's number
            try opening(api, number: "44444444", email: "otro@example.com"),
        ]
        let outcomes = ApiOpening.writeBatch(batch, env: env)
        guard case .opened(let id1) = outcomes[0], case .opened(let id5) = outcomes[4] else {
            Issue.record("outcomes: \(outcomes)"); return
        }
        #expect(outcomes[1] == .replayed(status: 201, body: first.body))
        #expect(outcomes[2] == .keyReused)
        #expect(outcomes[3] == .numberTaken)
        #expect(try count(api, "SELECT count(*) FROM tickets") == tickets + 2)
        #expect(try count(api, "SELECT count(*) FROM outbox") == mails + 2)
        #expect(try env.tickets.id(number: first.number, accessHash: first.code.hash) == id1)
        #expect(try env.db.scalar("SELECT ticket_id FROM outbox WHERE ticket_id = ?", id5).int == id5)
        #expect(try env.db.scalar("SELECT secret FROM outbox WHERE ticket_id = ?", id1).string == first.code.display)
        // Every opening but the taken number counted against the key: 4 of 5.
        #expect(try env.db.scalar("SELECT sum(count) FROM rate_limits WHERE bucket = ?", "api:\(api.keyID)").int == 4)
    }

    @Test func overTheLimitNothingIsOpenedButTheCountStays() throws {
        let api = try ApiTestClient()
        let before = try count(api, "SELECT count(*) FROM tickets")
        let outcomes = ApiOpening.writeBatch([try opening(api, number: "55555555", limit: 1),
                                              try opening(api, number: "66666666", limit: 1)], env: api.site.env)
        #expect(outcomes.count == 2 && outcomes[1] == .rateLimited)
        #expect(try count(api, "SELECT count(*) FROM tickets") == before + 1)
        #expect(try api.site.env.db.scalar("SELECT sum(count) FROM rate_limits WHERE bucket = ?", "api:\(api.keyID)").int == 2)
    }
}
