-- A database as migration 001_schema left it, with data: the upgrade test starts here.
PRAGMA foreign_keys = OFF;
CREATE TABLE api_idempotency(
        api_key_id INTEGER NOT NULL REFERENCES api_keys(id) ON DELETE CASCADE,
        idempotency_key TEXT NOT NULL,
        ticket_id INTEGER REFERENCES tickets(id) ON DELETE CASCADE,
        response TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (api_key_id, idempotency_key)
    );
CREATE TABLE api_keys(
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        key_hash BLOB NOT NULL UNIQUE CHECK (length(key_hash) = 32),
        scopes TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        revoked_at INTEGER,
        last_used_at INTEGER
    );
CREATE TABLE attachments(
        id INTEGER PRIMARY KEY,
        message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
        ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
        filename TEXT NOT NULL CHECK (length(filename) BETWEEN 1 AND 255),
        content_type TEXT NOT NULL,
        size INTEGER NOT NULL CHECK (size >= 0),
        sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
        content_id TEXT,
        created_at INTEGER NOT NULL
    );
CREATE TABLE audit_log(
        id INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        operator_id INTEGER,
        actor TEXT NOT NULL,
        action TEXT NOT NULL CHECK (length(action) BETWEEN 1 AND 60),
        ticket_id INTEGER,
        ticket_number TEXT,
        before_value TEXT,
        after_value TEXT,
        ip TEXT NOT NULL DEFAULT ''
    );
CREATE TABLE customers(
        id INTEGER PRIMARY KEY,
        email TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(email) BETWEEN 3 AND 254),
        name TEXT NOT NULL,
        phone TEXT NOT NULL DEFAULT '',
        address TEXT NOT NULL DEFAULT '',
        city TEXT NOT NULL DEFAULT '',
        country TEXT NOT NULL DEFAULT '',
        project_id INTEGER REFERENCES projects(id) ON DELETE SET NULL,
        language TEXT NOT NULL DEFAULT 'es',
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
    );
INSERT INTO "customers" VALUES(1,'ana@example.es','Ana','','','','',NULL,'es',1700000000,1700000000);
CREATE TABLE group_members(
        group_id INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
        operator_id INTEGER NOT NULL REFERENCES operators(id) ON DELETE CASCADE,
        PRIMARY KEY (group_id, operator_id)
    );
CREATE TABLE groups(
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 100),
        email TEXT NOT NULL DEFAULT '',
        notify_new INTEGER NOT NULL DEFAULT 0 CHECK (notify_new IN (0, 1)),
        public INTEGER NOT NULL DEFAULT 1 CHECK (public IN (0, 1)),
        position INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL
    );
INSERT INTO "groups" VALUES(1,'Reservas','',0,1,0,1700000000);
CREATE TABLE inbound_mail(
        id INTEGER PRIMARY KEY,
        received_at INTEGER NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('pop3', 'imap', 'pipe', 'api')),
        mailbox_uid TEXT,
        mail_message_id TEXT,
        sha256 TEXT NOT NULL,
        size INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('imported', 'quarantined', 'ignored', 'duplicate')),
        error TEXT,
        ticket_id INTEGER REFERENCES tickets(id) ON DELETE SET NULL,
        UNIQUE (source, mailbox_uid)
    );
CREATE TABLE mail_templates(
        key TEXT NOT NULL CHECK (key IN ('confirmation', 'reply', 'notify_operator', 'notify_group')),
        language TEXT NOT NULL,
        subject TEXT NOT NULL,
        body TEXT NOT NULL,
        PRIMARY KEY (key, language)
    );
CREATE TABLE messages(
        id INTEGER PRIMARY KEY,
        ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('customer', 'reply', 'note', 'event')),
        operator_id INTEGER REFERENCES operators(id) ON DELETE SET NULL,
        author_name TEXT NOT NULL,
        body_text TEXT NOT NULL,
        body_html TEXT,
        source TEXT NOT NULL CHECK (source IN ('web', 'email', 'api', 'desk', 'system')),
        mail_message_id TEXT UNIQUE,
        event_code TEXT,
        created_at INTEGER NOT NULL
    );
INSERT INTO "messages" VALUES(1,1,'customer',NULL,'Ana','¿Dónde está mi pedido?',NULL,'web',NULL,NULL,1700000000);
CREATE TABLE operators(
        id INTEGER PRIMARY KEY,
        username TEXT NOT NULL UNIQUE CHECK (length(username) BETWEEN 1 AND 64),
        display_name TEXT NOT NULL,
        email TEXT NOT NULL DEFAULT '',
        role TEXT NOT NULL CHECK (role IN ('operator', 'admin')),
        language TEXT NOT NULL DEFAULT 'es',
        signature_html TEXT NOT NULL DEFAULT '',
        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
    );
CREATE TABLE outbox(
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('confirmation', 'reply', 'notify_operator', 'notify_group', 'test', 'bounce_reply')),
        ticket_id INTEGER REFERENCES tickets(id) ON DELETE SET NULL,
        message_id INTEGER REFERENCES messages(id) ON DELETE SET NULL,
        to_addr TEXT NOT NULL CHECK (length(to_addr) BETWEEN 3 AND 254),
        to_name TEXT NOT NULL DEFAULT '',
        subject TEXT NOT NULL,
        body_text TEXT NOT NULL,
        body_html TEXT,
        secret TEXT,
        mail_message_id TEXT,
        in_reply_to TEXT,
        status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sending', 'sent', 'failed')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL,
        last_error TEXT,
        created_at INTEGER NOT NULL,
        sent_at INTEGER
    );
CREATE TABLE priorities(
        id INTEGER PRIMARY KEY,
        code TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 40),
        position INTEGER NOT NULL DEFAULT 0,
        colour TEXT NOT NULL DEFAULT '#6b7280'
    );
CREATE TABLE priority_names(
        priority_id INTEGER NOT NULL REFERENCES priorities(id) ON DELETE CASCADE,
        language TEXT NOT NULL CHECK (length(language) BETWEEN 2 AND 12),
        name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
        PRIMARY KEY (priority_id, language)
    );
CREATE TABLE projects(
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 100),
        public INTEGER NOT NULL DEFAULT 1 CHECK (public IN (0, 1)),
        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        created_at INTEGER NOT NULL
    );
CREATE TABLE rate_limits(
        bucket TEXT NOT NULL,
        window_start INTEGER NOT NULL,
        count INTEGER NOT NULL CHECK (count >= 0),
        PRIMARY KEY (bucket, window_start)
    ) WITHOUT ROWID;
CREATE TABLE reply_templates(
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        language TEXT NOT NULL DEFAULT '',
        body_html TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
    );
CREATE TABLE schema_migrations(name TEXT PRIMARY KEY NOT NULL, applied_at INTEGER NOT NULL);
INSERT INTO "schema_migrations" VALUES('001_schema',1700000000);
CREATE TABLE settings(
        key TEXT PRIMARY KEY NOT NULL CHECK (length(key) BETWEEN 1 AND 64),
        value TEXT NOT NULL
    );
INSERT INTO "settings" VALUES('organisation_name','Hoteles Sol');
CREATE TABLE snippets(
        id INTEGER PRIMARY KEY,
        title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
        body_html TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
    );
CREATE TABLE status_names(
        status_id INTEGER NOT NULL REFERENCES statuses(id) ON DELETE CASCADE,
        language TEXT NOT NULL CHECK (length(language) BETWEEN 2 AND 12),
        name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
        PRIMARY KEY (status_id, language)
    );
CREATE TABLE statuses(
        id INTEGER PRIMARY KEY,
        code TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 40),
        is_open INTEGER NOT NULL CHECK (is_open IN (0, 1)),
        position INTEGER NOT NULL DEFAULT 0,
        colour TEXT NOT NULL DEFAULT '#6b7280' CHECK (colour GLOB '#[0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F]')
    );
INSERT INTO "statuses" VALUES(1,'open',1,1,'#123456');
CREATE TABLE ticket_participants(
        ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
        email TEXT NOT NULL COLLATE NOCASE,
        name TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (ticket_id, email)
    );
CREATE TABLE tickets(
        id INTEGER PRIMARY KEY,
        number TEXT NOT NULL UNIQUE CHECK (length(number) BETWEEN 4 AND 20),
        access_hash BLOB NOT NULL CHECK (length(access_hash) = 32),
        customer_id INTEGER NOT NULL REFERENCES customers(id),
        subject TEXT NOT NULL CHECK (length(subject) BETWEEN 1 AND 300),
        contact_name TEXT NOT NULL,
        contact_phone TEXT NOT NULL DEFAULT '',
        contact_address TEXT NOT NULL DEFAULT '',
        contact_city TEXT NOT NULL DEFAULT '',
        contact_country TEXT NOT NULL DEFAULT '',
        status_id INTEGER NOT NULL REFERENCES statuses(id),
        priority_id INTEGER REFERENCES priorities(id) ON DELETE SET NULL,
        group_id INTEGER REFERENCES groups(id) ON DELETE SET NULL,
        project_id INTEGER REFERENCES projects(id) ON DELETE SET NULL,
        operator_id INTEGER REFERENCES operators(id) ON DELETE SET NULL,
        client_ip TEXT NOT NULL,
        language TEXT NOT NULL DEFAULT 'es',
        source TEXT NOT NULL CHECK (source IN ('web', 'email', 'api', 'desk')),
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        last_customer_at INTEGER,
        last_operator_at INTEGER,
        first_response_at INTEGER,
        closed_at INTEGER,
        deleted_at INTEGER
    );
INSERT INTO "tickets" VALUES(1,'48271930',X'0000000000000000000000000000000000000000000000000000000000000000',1,'Pedido 1042 sin entregar','Ana','','','','',1,NULL,1,NULL,NULL,'203.0.113.5','es','web',1700000000,1700000100,NULL,NULL,NULL,NULL,NULL);
CREATE INDEX group_members_operator ON group_members(operator_id);
CREATE INDEX tickets_status_updated ON tickets(status_id, updated_at);
CREATE INDEX tickets_operator ON tickets(operator_id, updated_at);
CREATE INDEX tickets_group ON tickets(group_id, updated_at);
CREATE INDEX tickets_customer ON tickets(customer_id);
CREATE INDEX tickets_created ON tickets(created_at);
CREATE INDEX tickets_updated ON tickets(updated_at);
CREATE INDEX messages_ticket ON messages(ticket_id, created_at);
CREATE INDEX attachments_message ON attachments(message_id);
CREATE INDEX attachments_ticket ON attachments(ticket_id);
CREATE INDEX attachments_sha ON attachments(sha256);
CREATE INDEX audit_log_at ON audit_log(at);
CREATE INDEX audit_log_operator ON audit_log(operator_id, at);
CREATE INDEX audit_log_ticket ON audit_log(ticket_id, at);
CREATE INDEX outbox_due ON outbox(status, next_attempt_at);
CREATE INDEX inbound_mail_message_id ON inbound_mail(mail_message_id);
PRAGMA foreign_keys = ON;
