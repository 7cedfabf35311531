import Testing
@testable import Core

@Suite("JSON rendering")
struct MailJSONTests {
    @Test func keysInOrderAndNulls() throws {
        let mail = MIMEParser.parse(TestSupport.message(["Subject: hi", "", "body"]))
        let json = MailJSON.render(mail)
        let keys = ["\"from\"", "\"to\"", "\"cc\"", "\"subject\"", "\"date\"", "\"message_id\"", "\"in_reply_to\"",
                    "\"references\"", "\"text\"", "\"html\"", "\"attachments\""]
        var last = json.startIndex
        for key in keys {
            let range = try #require(json.firstRange(of: key), "missing \(key)")
            #expect(range.lowerBound >= last, "\(key) out of order")
            last = range.lowerBound
        }
        #expect(json.contains("\"from\": null"))
        #expect(json.contains("\"date\": null"))
        #expect(json.contains("\"html\": null"))
        #expect(json.contains("\"attachments\": []"))
        let parsed = try #require(JSONValue.parse(json))
        #expect(parsed["subject"]?.string == "hi")
        #expect(parsed["text"]?.string == "body\n")
    }

    @Test func fullDocumentIsValidJSON() throws {
        let raw = TestSupport.message([
            "From: \"Ana \\\"la jefa\\\"\" <ana@example.es>",
            "To: a@x.es, B <b@x.es>",
            "Subject: =?utf-8?Q?Tab=09and_quote_\"_and_backslash_\\_=01?=",
            "Date: Sun, 16 Jun 2013 17:50:12 +0200",
            "Message-ID: <id@x>",
            "References: <r1@x> <r2@x>",
            "Content-Type: multipart/mixed; boundary=j",
            "",
            "--j",
            "Content-Type: text/plain",
            "",
            "línea 1",
            "--j",
            "Content-Type: image/png; name=\"p.png\"",
            "Content-ID: <cid1>",
            "",
            "PNG",
            "--j--",
        ])
        let json = MailJSON.render(MIMEParser.parse(raw))
        let parsed = try #require(JSONValue.parse(json), "invalid JSON:\n\(json)")
        #expect(parsed["from"]?["name"]?.string == "Ana \"la jefa\"")
        #expect(parsed["to"]?.array?.count == 2)
        #expect(parsed["subject"]?.string == "Tab\tand quote \" and backslash \\ \u{1}")
        #expect(json.contains("\\u0001"))
        #expect(parsed["date"]?.string == "2013-06-16T15:50:12Z")
        #expect(parsed["message_id"]?.string == "id@x")
        #expect(parsed["references"]?.array == [.string("r1@x"), .string("r2@x")])
        #expect(parsed["text"]?.string == "línea 1")
        let attachment = try #require(parsed["attachments"]?.array?.first)
        #expect(attachment["name"]?.string == "p.png")
        #expect(attachment["type"]?.string == "image/png")
        #expect(attachment["size"]?.int == 3)
        #expect(attachment["sha256"]?.string == Hex.encode(SHA256.hash(Array("PNG".utf8))))
        #expect(attachment["content_id"]?.string == "cid1")
    }

    @Test func escaping() {
        #expect(MailJSON.string("a\"b\\c\n\r\t\u{0}\u{1F}é") == "\"a\\\"b\\\\c\\n\\r\\t\\u0000\\u001fé\"")
    }
}
