/// The original bytes of every inbound message are kept under `data/mail/` (data/ is
/// never web-served), in the same content-addressed layout as attachments
/// (`ab/cd/<sha256>`): the same message fetched twice is one file, no name comes from the
/// sender, and the file is written before the row that points to it (an orphan left by
/// a failed transaction is harmless and reused by the retry). Kept so the full message
/// stays viewable after quoted history was stripped, and so a quarantined message can be
/// processed again.
///
/// Raw files are not fsynced: they get the database's own durability (WAL with
/// `synchronous = NORMAL`: safe when the process crashes, not on power loss), which is
/// what the import transaction has anyway; two fsyncs per message cut the intake rate
/// on a busy disk to a fifth (measured: see README, Incoming mail).
extension Paths {
    public var rawMail: String { data + "/mail" }
}

extension Environment {
    public var rawMailFiles: AttachmentFiles { AttachmentFiles(directory: paths.rawMail, durable: false) }
}
