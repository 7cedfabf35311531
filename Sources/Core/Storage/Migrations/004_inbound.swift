extension Migrations {
    /// Mail intake: what the quarantine list shows without opening the raw file (sender,
    /// subject) and the message an imported mail became (for the "original" link).
    static let inbound004 = """
    ALTER TABLE inbound_mail ADD COLUMN from_addr TEXT NOT NULL DEFAULT '';
    ALTER TABLE inbound_mail ADD COLUMN subject TEXT NOT NULL DEFAULT '';
    ALTER TABLE inbound_mail ADD COLUMN message_id INTEGER REFERENCES messages(id) ON DELETE SET NULL;
    CREATE INDEX inbound_mail_status ON inbound_mail(status, received_at);
    CREATE INDEX inbound_mail_message ON inbound_mail(message_id);
    """
}
