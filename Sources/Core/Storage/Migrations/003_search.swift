extension Migrations {
    /// Full-text search: FTS5 indexes over message bodies and ticket subjects, with the
    /// text itself left in `messages`/`tickets` (external content, so nothing is stored
    /// twice). Triggers keep them in sync inside the same transaction as every write.
    /// `remove_diacritics 2` folds accents and case: "camion" finds "camión".
    static let search003 = """
    CREATE VIRTUAL TABLE message_search USING fts5(
        body_text, content = 'messages', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER messages_search_insert AFTER INSERT ON messages BEGIN
        INSERT INTO message_search(rowid, body_text) VALUES (new.id, new.body_text);
    END;
    CREATE TRIGGER messages_search_delete AFTER DELETE ON messages BEGIN
        INSERT INTO message_search(message_search, rowid, body_text) VALUES ('delete', old.id, old.body_text);
    END;
    CREATE TRIGGER messages_search_update AFTER UPDATE OF body_text ON messages BEGIN
        INSERT INTO message_search(message_search, rowid, body_text) VALUES ('delete', old.id, old.body_text);
        INSERT INTO message_search(rowid, body_text) VALUES (new.id, new.body_text);
    END;
    INSERT INTO message_search(message_search) VALUES ('rebuild');

    CREATE VIRTUAL TABLE ticket_search USING fts5(
        subject, content = 'tickets', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER tickets_search_insert AFTER INSERT ON tickets BEGIN
        INSERT INTO ticket_search(rowid, subject) VALUES (new.id, new.subject);
    END;
    CREATE TRIGGER tickets_search_delete AFTER DELETE ON tickets BEGIN
        INSERT INTO ticket_search(ticket_search, rowid, subject) VALUES ('delete', old.id, old.subject);
    END;
    CREATE TRIGGER tickets_search_update AFTER UPDATE OF subject ON tickets BEGIN
        INSERT INTO ticket_search(ticket_search, rowid, subject) VALUES ('delete', old.id, old.subject);
        INSERT INTO ticket_search(rowid, subject) VALUES (new.id, new.subject);
    END;
    INSERT INTO ticket_search(ticket_search) VALUES ('rebuild');
    """
}
