@testable import Core

/// A site plus helpers to write raw messages and run them through the processor.
final class InboundSite {
    let site: TestSite
    var env: Environment { site.env }
    var db: Database { site.env.db }
    var processor: InboundMailProcessor { InboundMailProcessor(env: site.env) }

    init(settings: [String: String] = ["form_min_seconds": "0"]) throws {
        site = try TestSite(settings: settings)
    }

    /// A plain-text message; `headers` are added after the standard ones.
    static func mail(from: String = "Lucía Pérez <lucia@example.com>", to: String = "soporte@help.example.org",
                     subject: String = "Impresora rota", messageID: String? = nil, headers: [String] = [],
                     body: String = "La impresora no imprime.\n") -> [UInt8] {
        var lines = ["From: " + from, "To: " + to, "Subject: " + subject, "Date: Mon, 23 Nov 2026 10:00:00 +0000"]
        if let messageID { lines.append("Message-ID: <" + messageID + ">") }
        lines += headers
        lines += ["MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit", "", body]
        return Array(lines.joined(separator: "\r\n").utf8)
    }

    /// A multipart message with an HTML part and files (name, type, bytes, content id).
    static func multipart(from: String = "Lucía Pérez <lucia@example.com>", subject: String = "Con adjuntos",
                          messageID: String? = nil, text: String, html: String,
                          files: [(name: String, type: String, bytes: [UInt8], cid: String?)]) -> [UInt8] {
        var out = ["From: " + from, "To: soporte@help.example.org", "Subject: " + subject, "MIME-Version: 1.0"]
        if let messageID { out.append("Message-ID: <" + messageID + ">") }
        out += ["Content-Type: multipart/mixed; boundary=\"b1\"", "", "--b1",
                "Content-Type: multipart/alternative; boundary=\"b2\"", "", "--b2",
                "Content-Type: text/plain; charset=utf-8", "", text, "--b2",
                "Content-Type: text/html; charset=utf-8", "", html, "--b2--"]
        for f in files {
            out += ["--b1", "Content-Type: " + f.type + "; name=\"" + f.name + "\"",
                    "Content-Disposition: " + (f.cid == nil ? "attachment" : "inline") + "; filename=\"" + f.name + "\"",
                    "Content-Transfer-Encoding: base64"]
            if let cid = f.cid { out.append("Content-ID: <" + cid + ">") }
            out += ["", Base64.encodeLines(f.bytes)]
        }
        out.append("--b1--")
        return Array((out.joined(separator: "\r\n") + "\r\n").utf8)
    }

    @discardableResult
    func pipe(_ raw: [UInt8], uid: String? = nil, source: InboundSource = .pipe) throws -> InboundOutcome {
        try processor.process(raw: raw, source: source, mailboxUID: uid)
    }

    func count(_ sql: String, _ values: SQLBindable...) throws -> Int64 {
        try db.query(sql, values: values.map(\.sqlValue)).first?[0].int ?? -1
    }

    /// Pretends the outbox row `id` was sent: gives it a signed Message-ID, as the sender does.
    func markSent(outboxID id: Int64) throws -> String {
        let key = try SettingsStore(db: db).load().secret
        let mid = SignedMessageID.make(outboxID: id, domain: "help.example.org", key: key)
        try db.execute("UPDATE outbox SET mail_message_id = ?, status = 'sent' WHERE id = ?", mid, id)
        return mid
    }

    func ticketNumber(_ outcome: InboundOutcome) -> String? {
        switch outcome {
        case .created(_, let n), .appended(_, let n): return n
        default: return nil
        }
    }

    /// The access code of a ticket from its confirmation (the outbox's secret column).
    func accessCode(ticketID: Int64) throws -> String? {
        try db.scalar("SELECT secret FROM outbox WHERE ticket_id = ? AND kind = 'confirmation'", ticketID).string
    }
}
