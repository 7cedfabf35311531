extension Migrations {
    /// One full-text index for the desk search: every message's text, and with a ticket's
    /// first message (its lowest id) also the ticket's subject, in a second column. The
    /// subject counted as written with the first message before too (`ticket_search` was
    /// a second index, read as a second stream and merged); now one stream, one vocabulary
    /// for prefix words, one FTS insert per ticket less, and a ticket whose subject holds
    /// one word of a search and whose first message the other is found.
    ///
    /// `search_text` is the content the index is built from ('rebuild', 'integrity-check').
    /// A row's rowid (`key`) is its message id shifted left 32 bits, or'd with its ticket id:
    /// rowids still order as message ids (newest first when read backwards), and a search
    /// learns each match's ticket from the rowid instead of looking the message up (580 k
    /// of 1.67 M instructions of a search page at 10,000 tickets). The limit this sets:
    /// message ids below 2^31 and ticket ids below 2^32.
    ///
    /// Edge cases: messages are never moved to another ticket and never deleted one by
    /// one (only with their ticket), so a ticket's first message stays its first. Deleting
    /// a ticket removes its messages' index rows first (`tickets_search_delete`, while the
    /// ticket and all its messages are still there to say which row holds the subject); the
    /// cascade that then deletes the messages finds no ticket and leaves the index alone.
    /// A message deleted on its own (no code does) is removed from the index correctly,
    /// but if it was the first, the subject is no longer searchable.
    static let oneSearchIndex009 = """
    DROP TRIGGER messages_search_insert;
    DROP TRIGGER messages_search_delete;
    DROP TRIGGER messages_search_update;
    DROP TRIGGER tickets_search_insert;
    DROP TRIGGER tickets_search_delete;
    DROP TRIGGER tickets_search_update;
    DROP TABLE message_search;
    DROP TABLE ticket_search;

    CREATE VIEW search_text AS
        SELECT (m.id << 32) | m.ticket_id AS key, m.body_text,
               CASE WHEN EXISTS (SELECT 1 FROM messages f WHERE f.ticket_id = m.ticket_id AND f.id < m.id) THEN ''
                    ELSE coalesce((SELECT subject FROM tickets t WHERE t.id = m.ticket_id), '') END AS subject
        FROM messages m;
    CREATE VIRTUAL TABLE message_search USING fts5(
        body_text, subject, content = 'search_text', content_rowid = 'key', tokenize = 'unicode61 remove_diacritics 2'
    );
    INSERT INTO message_search(message_search, rank) VALUES ('automerge', 16);

    CREATE TRIGGER messages_search_insert AFTER INSERT ON messages BEGIN
        INSERT INTO message_search(rowid, body_text, subject) VALUES ((new.id << 32) | new.ticket_id, new.body_text,
            CASE WHEN EXISTS (SELECT 1 FROM messages f WHERE f.ticket_id = new.ticket_id AND f.id < new.id) THEN ''
                 ELSE coalesce((SELECT subject FROM tickets WHERE id = new.ticket_id), '') END);
    END;
    CREATE TRIGGER messages_search_delete AFTER DELETE ON messages
        WHEN EXISTS (SELECT 1 FROM tickets WHERE id = old.ticket_id) BEGIN
        INSERT INTO message_search(message_search, rowid, body_text, subject) VALUES ('delete', (old.id << 32) | old.ticket_id, old.body_text,
            CASE WHEN EXISTS (SELECT 1 FROM messages f WHERE f.ticket_id = old.ticket_id AND f.id < old.id) THEN ''
                 ELSE (SELECT subject FROM tickets WHERE id = old.ticket_id) END);
    END;
    CREATE TRIGGER messages_search_update AFTER UPDATE OF body_text ON messages BEGIN
        INSERT INTO message_search(message_search, rowid, body_text, subject)
            VALUES ('delete', (old.id << 32) | old.ticket_id, old.body_text,
                CASE WHEN EXISTS (SELECT 1 FROM messages f WHERE f.ticket_id = old.ticket_id AND f.id < old.id) THEN ''
                     ELSE coalesce((SELECT subject FROM tickets WHERE id = old.ticket_id), '') END);
        INSERT INTO message_search(rowid, body_text, subject) VALUES ((new.id << 32) | new.ticket_id, new.body_text,
            CASE WHEN EXISTS (SELECT 1 FROM messages f WHERE f.ticket_id = new.ticket_id AND f.id < new.id) THEN ''
                 ELSE coalesce((SELECT subject FROM tickets WHERE id = new.ticket_id), '') END);
    END;
    CREATE TRIGGER tickets_search_update AFTER UPDATE OF subject ON tickets BEGIN
        INSERT INTO message_search(message_search, rowid, body_text, subject)
            SELECT 'delete', (m.id << 32) | m.ticket_id, m.body_text, old.subject FROM messages m
            WHERE m.id = (SELECT min(id) FROM messages WHERE ticket_id = new.id);
        INSERT INTO message_search(rowid, body_text, subject) SELECT (m.id << 32) | m.ticket_id, m.body_text, new.subject FROM messages m
            WHERE m.id = (SELECT min(id) FROM messages WHERE ticket_id = new.id);
    END;
    CREATE TRIGGER tickets_search_delete BEFORE DELETE ON tickets BEGIN
        INSERT INTO message_search(message_search, rowid, body_text, subject)
            SELECT 'delete', (m.id << 32) | m.ticket_id, m.body_text, CASE WHEN m.id = (SELECT min(id) FROM messages WHERE ticket_id = old.id) THEN old.subject ELSE '' END
            FROM messages m WHERE m.ticket_id = old.id;
    END;
    INSERT INTO message_search(message_search) VALUES ('rebuild');
    """
}
