/// Everything that happens to one raw inbound message (RFC 5322 bytes from POP3, IMAP or
/// a pipe): keep the raw file, refuse duplicates, sort out automatic mail, find the
/// ticket (`InboundThreading`), then append to it or open a new one with the same
/// confirmation and staff notices as the web form — the ticket change, the message, its
/// files, the outbox rows and the `inbound_mail` row in ONE transaction.
///
/// Contract for callers (the fetcher, `mail pipe`, the quarantine page):
/// - a returned outcome means the message is safe with us: delete it from the mailbox;
/// - a thrown error is temporary (`InboundFailure.isTemporary`: database locked, disk
///   full): nothing was imported, keep the message and try again later — the retry
///   imports it exactly once;
/// - anything permanently wrong (no sender, too large, a processing error) is kept in
///   quarantine with its reason, never dropped.
///
/// Automatic mail (auto-replies, bulk, bounces, see `AutoMessage`) never gets a
/// confirmation; a human sender gets at most `InboundLimits.confirmationsPerHour`.
public struct InboundMailProcessor {
    let env: Environment
    /// Whether each raw file is fsynced before its import commits. Keep the default
    /// wherever the message is acknowledged right after `process` returns (mailbox delete,
    /// MTA exit 0); a bulk import may turn it off and `sync()` once before acknowledging.
    let durableRawFiles: Bool

    public init(env: Environment, durableRawFiles: Bool = true) {
        self.env = env
        self.durableRawFiles = durableRawFiles
    }

    public func process(raw: [UInt8], source: InboundSource, mailboxUID: String?) throws -> InboundOutcome {
        // A (source, uid) seen before is refused inside the import's transaction (`InboundImport`).
        try run(raw: raw, source: source.rawValue, mailboxUID: mailboxUID, existing: nil)
    }

    /// Runs a quarantined message again (after an admin raised a limit or a bug was
    /// fixed); its row is updated in place. Nil when `inboundID` is not in quarantine.
    public func reprocess(inboundID: Int64) throws -> InboundOutcome? {
        guard let row = try InboundMailStore(db: env.db).find(id: inboundID), row.status == "quarantined" else { return nil }
        let raw = try env.rawMailFiles.read(sha256: row.sha256)
        return try run(raw: raw, source: row.source, mailboxUID: nil, existing: inboundID)
    }

    private func run(raw: [UInt8], source: String, mailboxUID: String?, existing: Int64?) throws -> InboundOutcome {
        let now = env.clock()
        let settings = try env.currentSettings()
        let limits = InboundLimits(settings: settings)
        let sha = try AttachmentFiles(directory: env.paths.rawMail, durable: durableRawFiles).store(raw)
        var entry = InboundMailStore.Entry(source: source, mailboxUID: mailboxUID, mailMessageID: nil, sha256: sha, size: raw.count,
                                           from: "", subject: "")
        if raw.count > limits.maxBytes {
            let head = MIMEParser.parse(Self.header(of: raw))
            entry.mailMessageID = head.messageID.map { String($0.prefix(900)) }
            entry.from = head.from?.address ?? ""
            entry.subject = head.subject
            return try quarantine(entry, existing: existing, reason: "too_large", now: now)
        }
        let mail = MIMEParser.parse(raw)
        entry.mailMessageID = mail.messageID.map { String($0.prefix(900)) }
        entry.from = mail.from?.address ?? ""
        entry.subject = mail.subject
        do {
            return try env.db.write {
                try InboundImport(env: env, settings: settings, limits: limits, mail: mail, entry: entry, existing: existing, now: now).run()
            }
        } catch let rejection as InboundRejection {
            return try quarantine(entry, existing: existing, reason: rejection.code, now: now)
        } catch where InboundFailure.isTemporary(error) {
            throw error
        } catch {
            env.log.error("inbound mail \(sha) quarantined: \(error)")
            return try quarantine(entry, existing: existing, reason: "error: \(error)", now: now)
        }
    }

    /// Keeps the message in quarantine — unless its mailbox uid or Message-ID is already
    /// known (a second delivery of an oversize message is a duplicate, not a second entry).
    private func quarantine(_ entry: InboundMailStore.Entry, existing: Int64?, reason: String, now: Int64) throws -> InboundOutcome {
        let store = InboundMailStore(db: env.db)
        let id: Int64? = try env.db.write {
            if existing == nil, let uid = entry.mailboxUID, try store.seen(source: entry.source, mailboxUID: uid) { return nil }
            if existing == nil, let messageID = entry.mailMessageID, try store.seen(messageID: messageID) { return nil }
            return try store.record(entry, existing: existing, status: "quarantined", error: String(reason.prefix(500)),
                                    ticketID: nil, messageID: nil, now: now)
        }
        guard let id else { return .duplicate }
        return .quarantined(inboundID: id, reason: reason)
    }

    /// The header block of a message (up to the first empty line, at most 256 KiB), to
    /// name the sender of a message too large to parse whole.
    static func header(of raw: [UInt8]) -> [UInt8] {
        let limit = min(raw.count, 256 * 1024)
        var i = 0
        while i + 1 < limit {
            if raw[i] == 10 && (raw[i + 1] == 10 || (raw[i + 1] == 13 && i + 2 < limit && raw[i + 2] == 10)) { return Array(raw[..<(i + 1)]) }
            i += 1
        }
        return Array(raw[..<limit])
    }
}
