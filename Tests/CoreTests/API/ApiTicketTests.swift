import Testing
@testable import Core

/// The ticket endpoints in-process: create (validation, confirmation mail, attachments,
/// idempotency), read (public messages only), customer messages, search and paging.
@Suite struct ApiTicketTests {
    @Test func creatingATicketQueuesTheConfirmationAndGivesTheCodeOnce() throws {
        let api = try ApiTestClient()
        let r = api.request("POST", "/api/v1/tickets", json: ApiTestClient.ticket)
        #expect(r.status == 201)
        let body = try r.json()
        let number = try #require(body["number"]?.string)
        let code = try #require(body["access_code"]?.string.flatMap(AccessCode.init(typed:)))
        #expect(body["status"]?.string == "open")
        #expect(r.header("Location") == "/api/v1/tickets/" + number)
        let row = try #require(try api.site.env.db.queryOne("SELECT access_hash, source, subject FROM tickets WHERE number = ?", number))
        #expect(code.matches(hash: row.bytes("access_hash")))
        #expect(row.string("source") == "api")
        #expect(row.string("subject") == "La impresora no imprime")
        let mail = try #require(try api.site.env.db.queryOne("SELECT kind, secret, to_addr FROM outbox"))
        #expect(mail.string("kind") == "confirmation")
        #expect(mail.string("secret") == code.display)
        #expect(mail.string("to_addr") == "lucia@example.com")
        #expect(try api.site.env.db.scalar("SELECT source FROM messages").string == "api")
    }

    @Test func invalidTicketsListEveryFailingFieldAndSaveNothing() throws {
        let api = try ApiTestClient()
        let r = api.request("POST", "/api/v1/tickets", json: "{\"name\": \"A\", \"email\": \"not-an-address\", \"group\": 999}")
        #expect(r.status == 422)
        let error = try #require(try r.json()["error"])
        #expect(error["code"]?.string == "validation_failed")
        #expect(error["field"]?.string == "email")
        for field in ["email", "phone", "city", "subject", "message", "group"] { #expect(error["fields"]?[field] != nil, "\(field)") }
        #expect(try api.site.count("tickets") == 0)
        #expect(try api.site.count("outbox") == 0)
    }

    @Test func attachmentsFollowTheUploadPolicy() throws {
        let api = try ApiTestClient(settings: ["attachment_max_bytes": "10"])
        func withFile(_ name: String, _ data: [UInt8]) -> String {
            String(ApiTestClient.ticket.dropLast()) + ", \"attachments\": [{\"name\": \"\(name)\", \"content_type\": \"text/plain\", \"data\": \""
                + Base64.encode(data) + "\"}]}"
        }
        let ok = api.request("POST", "/api/v1/tickets", json: withFile("nota.txt", Array("hola".utf8)))
        #expect(ok.status == 201)
        #expect(try api.site.env.db.scalar("SELECT filename FROM attachments").string == "nota.txt")
        let big = api.request("POST", "/api/v1/tickets", json: withFile("big.txt", Array(repeating: 65, count: 11)))
        #expect(big.status == 422)
        #expect(big.errorCode == "attachment_rejected")
        #expect(api.request("POST", "/api/v1/tickets", json: withFile("x.exe", [1])).errorCode == "attachment_rejected")
        let notBase64 = String(ApiTestClient.ticket.dropLast()) + ", \"attachments\": [{\"name\": \"a.txt\", \"data\": \"@@@\"}]}"
        #expect(api.request("POST", "/api/v1/tickets", json: notBase64).errorCode == "invalid_attachment")
        #expect(try api.site.count("tickets") == 1)
    }

    @Test func aRetryWithTheSameIdempotencyKeyReplaysAndADifferentBodyIsRefused() throws {
        let api = try ApiTestClient()
        let first = api.request("POST", "/api/v1/tickets", json: ApiTestClient.ticket, headers: ["Idempotency-Key": "form-42"])
        let again = api.request("POST", "/api/v1/tickets", json: ApiTestClient.ticket, headers: ["Idempotency-Key": "form-42"])
        #expect(first.status == 201)
        #expect(again.status == 201)
        #expect(again.body == first.body, "same ticket, same code")
        #expect(again.header("Idempotent-Replayed") == "true")
        #expect(try api.site.count("tickets") == 1)
        #expect(try api.site.count("outbox") == 1, "one confirmation only")
        let changed = ApiTestClient.ticket.replacingEvery("Sevilla", with: "Cádiz")
        let conflict = api.request("POST", "/api/v1/tickets", json: changed, headers: ["Idempotency-Key": "form-42"])
        #expect(conflict.status == 422)
        #expect(conflict.errorCode == "idempotency_key_reused")
        let other = try api.newKey([.ticketsCreate])
        #expect(api.request("POST", "/api/v1/tickets", json: ApiTestClient.ticket, key: other, headers: ["Idempotency-Key": "form-42"]).status == 201,
                "keys are per API key")
        #expect(try api.site.count("tickets") == 2)
        #expect(api.request("POST", "/api/v1/tickets", json: ApiTestClient.ticket, headers: ["Idempotency-Key": "bad key"]).errorCode
                == "invalid_idempotency_key")
        api.site.clock.now += IdempotencyStore.retention + 1
        #expect(api.request("POST", "/api/v1/tickets", json: changed, headers: ["Idempotency-Key": "form-42"]).status == 201,
                "an expired key can be used again")
    }

    @Test func readingATicketShowsPublicMessagesButNeverInternalNotes() throws {
        let api = try ApiTestClient()
        let number = try api.createTicket()
        let id = try #require(try api.site.env.db.scalar("SELECT id FROM tickets WHERE number = ?", number).int)
        try api.site.env.db.execute("""
            INSERT INTO messages(ticket_id, kind, author_name, body_text, source, created_at) VALUES (?, 'note', 'Op', 'secreto interno', 'desk', ?)
            """, id, api.site.clock.now)
        let r = api.request("GET", "/api/v1/tickets/" + number)
        #expect(r.status == 200)
        let body = try r.json()
        #expect(body["number"]?.string == number)
        #expect(body["messages"]?.array?.count == 1)
        #expect(body["messages"]?.array?.first?["kind"]?.string == "customer")
        #expect(!r.text.contains("secreto interno"))
        #expect(!r.text.contains("access"), "no access code or hash")
    }

    @Test func aCustomerMessageReopensAWaitingTicket() throws {
        let api = try ApiTestClient()
        let number = try api.createTicket()
        try api.site.env.db.execute("UPDATE tickets SET status_id = (SELECT id FROM statuses WHERE code = 'closed') WHERE number = ?", number)
        api.site.clock.now += 10
        let r = api.request("POST", "/api/v1/tickets/\(number)/messages", json: "{\"message\": \"Sigue sin funcionar\"}")
        #expect(r.status == 201)
        #expect(try r.json()["status"]?.string == "waiting_operator")
        #expect(try api.site.env.db.scalar("SELECT count(*) FROM messages WHERE body_text = 'Sigue sin funcionar' AND source = 'api'").int == 1)
        #expect(api.request("POST", "/api/v1/tickets/\(number)/messages", json: "{\"message\": \"  \"}").errorCode == "message_empty")
        #expect(api.request("POST", "/api/v1/tickets/99999999/messages", json: "{\"message\": \"x\"}").status == 404)
        #expect(api.request("GET", "/api/v1/tickets/\(number)/messages").status == 405)
    }

    @Test func theListFiltersPagesAndRefusesBadParameters() throws {
        let api = try ApiTestClient()
        var numbers: [String] = []
        for city in ["Sevilla", "Cádiz", "Sevilla"] {
            numbers.append(try api.createTicket(ApiTestClient.ticket.replacingEvery("Sevilla", with: city)))
            api.site.clock.now += 5
        }
        let first = try api.request("GET", "/api/v1/tickets?city=Sevilla&per_page=1").json()
        #expect(first["total"] == .number(2))
        #expect(first["tickets"]?.array?.first?["number"]?.string == numbers[2], "most recently updated first")
        let next = try #require(first["next"]?.string)
        #expect(next.contains("page=2") && next.contains("city=Sevilla"))
        let second = try api.request("GET", next).json()
        #expect(second["tickets"]?.array?.first?["number"]?.string == numbers[0])
        #expect(second["next"] == .null)
        #expect(try api.request("GET", "/api/v1/tickets?status=open").json()["total"] == .number(3))
        let found = try api.request("GET", "/api/v1/tickets?q=impresora").json()
        #expect(found["total"] == .number(3))
        #expect(found["total_exact"] == .bool(true), "few matches: the count is exact")
        #expect(try api.request("GET", "/api/v1/tickets?q=nada").json()["total"] == .number(0))
        for bad in ["per_page=0", "per_page=201", "page=x", "group=-1", "status=nonsense", "from=2026-13-01", "date=soon"] {
            let r = api.request("GET", "/api/v1/tickets?" + bad)
            #expect(r.status == 400, "\(bad)")
            #expect(r.errorCode == "invalid_parameter")
        }
    }

    @Test func theMailLogNeverShowsBodiesOrPendingCodes() throws {
        let api = try ApiTestClient()
        let number = try api.createTicket()
        try api.site.env.db.execute("""
            INSERT INTO inbound_mail(received_at, source, mailbox_uid, mail_message_id, sha256, size, status)
            VALUES (?, 'pop3', 'u1', '<m1@example.com>', ?, 120, 'quarantined')
            """, api.site.clock.now, String(repeating: "a", count: 64))
        let out = api.request("GET", "/api/v1/mail?direction=out")
        #expect(out.status == 200)
        let row = try #require(try out.json()["mail"]?.array?.first)
        #expect(row["ticket"]?.string == number)
        #expect(row["status"]?.string == "queued")
        let secret = try #require(try api.site.env.db.scalar("SELECT secret FROM outbox").string)
        #expect(!out.text.contains(secret))
        #expect(!out.text.contains("body"))
        let incoming = try api.request("GET", "/api/v1/mail?direction=in").json()
        #expect(incoming["mail"]?.array?.first?["status"]?.string == "quarantined")
        #expect(api.request("GET", "/api/v1/mail?direction=sideways").errorCode == "invalid_parameter")
    }
}

/// GET /api/v1/stats over the stats branch's report: periods, figures, bad input.
@Suite struct ApiStatsTests {
    @Test func statsCountTicketsCreatedInTheRangeAndRefuseBadPeriods() throws {
        let api = try ApiTestClient()
        _ = try api.createTicket()
        _ = try api.createTicket()
        let day = TimeFormat.iso(api.site.clock.now).prefix(10)
        let r = api.request("GET", "/api/v1/stats?from=\(day)&to=\(day)")
        #expect(r.status == 200)
        let body = try r.json()
        #expect(body["from"]?.string == String(day))
        #expect(body["population"]?["created"] == .number(2))
        let before = try api.request("GET", "/api/v1/stats?from=2020-01-01&to=2020-01-31").json()
        #expect(before["population"]?["created"] == .number(0))
        #expect(api.request("GET", "/api/v1/stats?period=month").status == 200)
        #expect(api.request("GET", "/api/v1/stats?from=2026-02-30&to=2026-03-01").errorCode == "invalid_parameter")
        #expect(api.request("GET", "/api/v1/stats?from=2026-03-02&to=2026-03-01").errorCode == "invalid_period")
        #expect(api.request("GET", "/api/v1/stats?from=2000-01-01&to=2026-03-01").errorCode == "period_too_long")
        #expect(api.request("GET", "/api/v1/stats?period=decade").errorCode == "invalid_parameter")
        let noScope = try api.newKey([.ticketsRead])
        #expect(api.request("GET", "/api/v1/stats", key: noScope).status == 403)
    }
}
