import Core

/// Hands one fetched message to the inbound processor.
///
/// INTERIM until branch `intake` (InboundMailProcessor) is merged: records the message in
/// `inbound_mail` as 'ignored' so the fetch / delete / dedupe machinery can be tested.
struct InboundImport {
    let db: Database
    let source: String

    init(db: Database, settings: Settings, paths: Paths, source: String) throws {
        self.db = db
        self.source = source
    }

    func process(raw: [UInt8], uid: String) throws -> String {
        try db.write {
            try db.execute("INSERT INTO inbound_mail(received_at, source, mailbox_uid, sha256, size, status) VALUES (?, ?, ?, ?, ?, 'ignored')",
                           TimeFormat.now(), source, uid, Hex.encode(SHA256.hash(raw)), raw.count)
        }
        return "recorded"
    }
}
