/// The original bytes of every inbound message are kept under `data/mail/` (data/ is
/// never web-served), in the same content-addressed layout as attachments
/// (`ab/cd/<sha256>`): the same message fetched twice is one file, no name comes from the
/// sender, and the file is written before the row that points to it (an orphan left by
/// a failed transaction is harmless and reused by the retry). Kept so the full message
/// stays viewable after quoted history was stripped, and so a quarantined message can be
/// processed again.
///
/// Raw files are fsynced before the import commits (the mailbox or MTA drops its copy
/// right after), except in a bulk import that syncs once at the end: two fsyncs per message
/// cut the intake rate on a busy disk to a fifth (see README, Incoming mail).
extension Paths {
    public var rawMail: String { data + "/mail" }
}

extension Environment {
    public var rawMailFiles: AttachmentFiles { AttachmentFiles(directory: paths.rawMail) }
}
