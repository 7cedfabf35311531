extension Migrations {
    /// Statistics: two small tables kept by triggers in the same transaction as every ticket
    /// change and every audit row, so the figures can never drift from the log, and a stats
    /// page for a year reads a few thousand counter rows instead of millions of events.
    ///
    /// - `stats_daily`: counters per UTC day (`unix seconds / 86400`), per operator (`0` is the
    ///   ticket population, not an operator), per metric. Metrics: `created`, `closed`,
    ///   `reopened` (population, from the tickets' own `created_at`/`closed_at`); per operator
    ///   `action:<audit action>` for every audit row, `answered` (this operator's first reply on
    ///   a ticket), `closed` (an audit `status` change into a closed status), `taken` (a claim, or
    ///   an assignment to them), `reassigned_away` (a claim or assignment that took a ticket
    ///   they held); population breakdowns `status:<id>`, `group:<id>`, `project:<id>`,
    ///   `priority:<id>`, `country:<text>` (empty after the colon = none) count tickets created
    ///   that day by their current value: a change moves the count, a purge removes it.
    /// - `stats_responders`: which operators have replied to which ticket (for `answered`).
    /// - `stats_tickets`: per ticket, its creation, its first operator reply and its first close
    ///   (from the audit log) with who did them: the durations behind median and p90.
    ///   `response_key`/`close_key` hold `operator << 40 | seconds from creation` (seconds
    ///   clamped to 0…2^40−1), the one integer per ticket a report reads and sorts.
    ///
    /// Edge cases: a purged ticket keeps its counters and its `stats_tickets` row (like the
    /// audit log); an operator removed later keeps their rows under their old id; tickets
    /// that existed before this migration get their history rebuilt from the audit log and,
    /// for the population, from their current `closed_at` (earlier reopenings are not known).
    static let statistics006 = """
    CREATE TABLE stats_daily(
        day INTEGER NOT NULL,
        operator_id INTEGER NOT NULL,
        metric TEXT NOT NULL,
        count INTEGER NOT NULL,
        PRIMARY KEY (day, operator_id, metric)
    ) WITHOUT ROWID;

    CREATE TABLE stats_tickets(
        ticket_id INTEGER PRIMARY KEY,
        created_at INTEGER NOT NULL,
        first_response_at INTEGER,
        first_response_by INTEGER,
        first_close_at INTEGER,
        first_close_by INTEGER,
        response_key INTEGER,
        close_key INTEGER
    );
    -- Who has replied to which ticket, so "answered" (an operator's first reply on a ticket)
    -- is one key lookup, whatever indexes a bulk load has dropped from audit_log.
    CREATE TABLE stats_responders(
        ticket_id INTEGER NOT NULL,
        operator_id INTEGER NOT NULL,
        PRIMARY KEY (ticket_id, operator_id)
    ) WITHOUT ROWID;

    CREATE INDEX stats_tickets_response ON stats_tickets(first_response_at, response_key) WHERE first_response_at IS NOT NULL;
    CREATE INDEX stats_tickets_response_by ON stats_tickets(first_response_by, first_response_at, response_key)
        WHERE first_response_at IS NOT NULL;
    CREATE INDEX stats_tickets_close ON stats_tickets(first_close_at, close_key) WHERE first_close_at IS NOT NULL;
    CREATE INDEX stats_tickets_close_by ON stats_tickets(first_close_by, first_close_at, close_key) WHERE first_close_at IS NOT NULL;
    CREATE INDEX tickets_open_age ON tickets(closed_at, created_at);

    INSERT INTO stats_tickets(ticket_id, created_at) SELECT id, created_at FROM tickets;
    UPDATE stats_tickets SET (first_response_at, first_response_by) = (
        SELECT a.at, a.operator_id FROM audit_log a
        WHERE a.ticket_id = stats_tickets.ticket_id AND a.action = 'reply' AND a.operator_id IS NOT NULL ORDER BY a.at, a.id LIMIT 1);
    UPDATE stats_tickets SET (first_close_at, first_close_by) = (
        SELECT a.at, a.operator_id FROM audit_log a
        WHERE a.ticket_id = stats_tickets.ticket_id AND a.action = 'status' AND a.operator_id IS NOT NULL
          AND a.after_value IN (SELECT code FROM statuses WHERE is_open = 0) ORDER BY a.at, a.id LIMIT 1);
    UPDATE stats_tickets SET response_key = (first_response_by << 40) | min(max(first_response_at - created_at, 0), 1099511627775)
        WHERE first_response_at IS NOT NULL;
    UPDATE stats_tickets SET close_key = (first_close_by << 40) | min(max(first_close_at - created_at, 0), 1099511627775)
        WHERE first_close_at IS NOT NULL;

    INSERT INTO stats_responders SELECT DISTINCT ticket_id, operator_id FROM audit_log
        WHERE action = 'reply' AND operator_id IS NOT NULL AND ticket_id IS NOT NULL;
    INSERT INTO stats_daily SELECT created_at / 86400, 0, 'created', count(*) FROM tickets GROUP BY 1;
    INSERT INTO stats_daily SELECT closed_at / 86400, 0, 'closed', count(*) FROM tickets WHERE closed_at IS NOT NULL GROUP BY 1;
    INSERT INTO stats_daily SELECT at / 86400, operator_id, 'action:' || action, count(*) FROM audit_log
        WHERE operator_id IS NOT NULL GROUP BY 1, 2, 3;
    INSERT INTO stats_daily SELECT first / 86400, operator_id, 'answered', count(*) FROM (
        SELECT operator_id, min(at) AS first FROM audit_log
        WHERE action = 'reply' AND operator_id IS NOT NULL AND ticket_id IS NOT NULL GROUP BY ticket_id, operator_id) GROUP BY 1, 2;
    INSERT INTO stats_daily SELECT at / 86400, operator_id, 'closed', count(*) FROM audit_log
        WHERE action = 'status' AND operator_id IS NOT NULL AND after_value IN (SELECT code FROM statuses WHERE is_open = 0)
        GROUP BY 1, 2;
    INSERT INTO stats_daily SELECT a.at / 86400, o.id, 'taken', count(*) FROM audit_log a JOIN operators o ON o.username = a.after_value
        WHERE a.action IN ('claim', 'assign') AND a.before_value IS NOT a.after_value GROUP BY 1, 2;
    INSERT INTO stats_daily SELECT a.at / 86400, o.id, 'reassigned_away', count(*) FROM audit_log a JOIN operators o ON o.username = a.before_value
        WHERE a.action IN ('claim', 'assign') AND a.before_value IS NOT a.after_value GROUP BY 1, 2;
    INSERT INTO stats_daily SELECT created_at / 86400, 0, 'status:' || coalesce(status_id, ''), count(*) FROM tickets GROUP BY 1, 3;
    INSERT INTO stats_daily SELECT created_at / 86400, 0, 'group:' || coalesce(group_id, ''), count(*) FROM tickets GROUP BY 1, 3;
    INSERT INTO stats_daily SELECT created_at / 86400, 0, 'project:' || coalesce(project_id, ''), count(*) FROM tickets GROUP BY 1, 3;
    INSERT INTO stats_daily SELECT created_at / 86400, 0, 'priority:' || coalesce(priority_id, ''), count(*) FROM tickets GROUP BY 1, 3;
    INSERT INTO stats_daily SELECT created_at / 86400, 0, 'country:' || coalesce(contact_country, ''), count(*) FROM tickets GROUP BY 1, 3;

    CREATE TRIGGER stats_ticket_breakdown_insert AFTER INSERT ON tickets BEGIN
        INSERT INTO stats_daily(day, operator_id, metric, count) VALUES (new.created_at / 86400, 0, 'status:' || coalesce(new.status_id, ''), 1)
            ON CONFLICT(day, operator_id, metric) DO UPDATE SET count = count + excluded.count;
        INSERT INTO stats_daily(day, operator_id, metric, count) VALUES (new.created_at / 86400, 0, 'group:' || coalesce(new.group_id, ''), 1)
            ON CONFLICT(day, operator_id, metric) DO UPDATE SET count = count + excluded.count;
        INSERT INTO stats_daily(day, operator_id, metric, count) VALUES (new.created_at / 86400, 0, 'project:' || coalesce(new.project_id, ''), 1)
            ON CONFLICT(day, operator_id, metric) DO UPDATE SET count = count + excluded.count;
        INSERT INTO stats_daily(day, operator_id, metric, count) VALUES (new.created_at / 86400, 0, 'priority:' || coalesce(new.priority_id, ''), 1)
            ON CONFLICT(day, operator_id, metric) DO UPDATE SET count = count + excluded.count;
        INSERT INTO stats_daily(day, operator_id, metric, count) VALUES (new.created_at / 86400, 0, 'country:' || coalesce(new.contact_country, ''), 1)
            ON CONFLICT(day, operator_id, metric) DO UPDATE SET count = count + excluded.count;
    END;
    CREATE TRIGGER stats_ticket_breakdown_delete AFTER DELETE ON tickets BEGIN
        INSERT INTO stats_daily(day, operator_id, metric, count) VALUES (old.created_at / 86400, 0, 'status:' || coalesce(old.status_id, ''), -1)
            ON CONFLICT(day, operator_id, metric) DO UPDATE SET count = count + excluded.count;
        INSERT INTO stats_daily(day, operator_id, metric, count) VALUES (old.created_at / 86400, 0, 'group:' || coalesce(old.group_id, ''), -1)
            ON CONFLICT(day, operator_id, metric) DO UPDATE SET count = count + excluded.count;
        INSERT INTO stats_daily(day, operator_id, metric, count) VALUES (old.created_at / 86400, 0, 'project:' || coalesce(old.project_id, ''), -1)
            ON CONFLICT(day, operator_id, metric) DO UPDATE SET count = count + excluded.count;
        INSERT INTO stats_daily(day, operator_id, metric, count) VALUES (old.created_at / 86400, 0, 'priority:' || coalesce(old.priority_id, ''), -1)
            ON CONFLICT(day, operator_id, metric) DO UPDATE SET count = count + excluded.count;
        INSERT INTO stats_daily(day, operator_id, metric, count) VALUES (old.created_at / 86400, 0, 'country:' || coalesce(old.contact_country, ''), -1)
            ON CONFLICT(day, operator_id, metric) DO UPDATE SET count = count + excluded.count;
    END;
    CREATE TRIGGER stats_ticket_breakdown_status AFTER UPDATE OF status_id ON tickets WHEN old.status_id IS NOT new.status_id BEGIN
        INSERT INTO stats_daily(day, operator_id, metric, count) VALUES (old.created_at / 86400, 0, 'status:' || coalesce(old.status_id, ''), -1)
            ON CONFLICT(day, operator_id, metric) DO UPDATE SET count = count + excluded.count;
        INSERT INTO stats_daily(day, operator_id, metric, count) VALUES (new.created_at / 86400, 0, 'status:' || coalesce(new.status_id, ''), 1)
            ON CONFLICT(day, operator_id, metric) DO UPDATE SET count = count + excluded.count;
    END;
    CREATE TRIGGER stats_ticket_breakdown_group AFTER UPDATE OF group_id ON tickets WHEN old.group_id IS NOT new.group_id BEGIN
        INSERT INTO stats_daily(day, operator_id, metric, count) VALUES (old.created_at / 86400, 0, 'group:' || coalesce(old.group_id, ''), -1)
            ON CONFLICT(day, operator_id, metric) DO UPDATE SET count = count + excluded.count;
        INSERT INTO stats_daily(day, operator_id, metric, count) VALUES (new.created_at / 86400, 0, 'group:' || coalesce(new.group_id, ''), 1)
            ON CONFLICT(day, operator_id, metric) DO UPDATE SET count = count + excluded.count;
    END;
    CREATE TRIGGER stats_ticket_breakdown_project AFTER UPDATE OF project_id ON tickets WHEN old.project_id IS NOT new.project_id BEGIN
        INSERT INTO stats_daily(day, operator_id, metric, count) VALUES (old.created_at / 86400, 0, 'project:' || coalesce(old.project_id, ''), -1)
            ON CONFLICT(day, operator_id, metric) DO UPDATE SET count = count + excluded.count;
        INSERT INTO stats_daily(day, operator_id, metric, count) VALUES (new.created_at / 86400, 0, 'project:' || coalesce(new.project_id, ''), 1)
            ON CONFLICT(day, operator_id, metric) DO UPDATE SET count = count + excluded.count;
    END;
    CREATE TRIGGER stats_ticket_breakdown_priority AFTER UPDATE OF priority_id ON tickets WHEN old.priority_id IS NOT new.priority_id BEGIN
        INSERT INTO stats_daily(day, operator_id, metric, count) VALUES (old.created_at / 86400, 0, 'priority:' || coalesce(old.priority_id, ''), -1)
            ON CONFLICT(day, operator_id, metric) DO UPDATE SET count = count + excluded.count;
        INSERT INTO stats_daily(day, operator_id, metric, count) VALUES (new.created_at / 86400, 0, 'priority:' || coalesce(new.priority_id, ''), 1)
            ON CONFLICT(day, operator_id, metric) DO UPDATE SET count = count + excluded.count;
    END;
    CREATE TRIGGER stats_ticket_breakdown_country AFTER UPDATE OF contact_country ON tickets WHEN old.contact_country IS NOT new.contact_country BEGIN
        INSERT INTO stats_daily(day, operator_id, metric, count) VALUES (old.created_at / 86400, 0, 'country:' || coalesce(old.contact_country, ''), -1)
            ON CONFLICT(day, operator_id, metric) DO UPDATE SET count = count + excluded.count;
        INSERT INTO stats_daily(day, operator_id, metric, count) VALUES (new.created_at / 86400, 0, 'country:' || coalesce(new.contact_country, ''), 1)
            ON CONFLICT(day, operator_id, metric) DO UPDATE SET count = count + excluded.count;
    END;

    CREATE TRIGGER stats_ticket_created AFTER INSERT ON tickets BEGIN
        INSERT INTO stats_daily(day, operator_id, metric, count) VALUES (new.created_at / 86400, 0, 'created', 1)
            ON CONFLICT(day, operator_id, metric) DO UPDATE SET count = count + 1;
        INSERT OR IGNORE INTO stats_tickets(ticket_id, created_at) VALUES (new.id, new.created_at);
    END;
    CREATE TRIGGER stats_ticket_created_closed AFTER INSERT ON tickets WHEN new.closed_at IS NOT NULL BEGIN
        INSERT INTO stats_daily(day, operator_id, metric, count) VALUES (new.closed_at / 86400, 0, 'closed', 1)
            ON CONFLICT(day, operator_id, metric) DO UPDATE SET count = count + 1;
    END;
    CREATE TRIGGER stats_ticket_closed AFTER UPDATE OF closed_at ON tickets
        WHEN old.closed_at IS NULL AND new.closed_at IS NOT NULL BEGIN
        INSERT INTO stats_daily(day, operator_id, metric, count) VALUES (new.closed_at / 86400, 0, 'closed', 1)
            ON CONFLICT(day, operator_id, metric) DO UPDATE SET count = count + 1;
    END;
    CREATE TRIGGER stats_ticket_reopened AFTER UPDATE OF closed_at ON tickets
        WHEN old.closed_at IS NOT NULL AND new.closed_at IS NULL BEGIN
        INSERT INTO stats_daily(day, operator_id, metric, count) VALUES (new.updated_at / 86400, 0, 'reopened', 1)
            ON CONFLICT(day, operator_id, metric) DO UPDATE SET count = count + 1;
    END;

    CREATE TRIGGER stats_audit_action AFTER INSERT ON audit_log WHEN new.operator_id IS NOT NULL BEGIN
        INSERT INTO stats_daily(day, operator_id, metric, count) VALUES (new.at / 86400, new.operator_id, 'action:' || new.action, 1)
            ON CONFLICT(day, operator_id, metric) DO UPDATE SET count = count + 1;
    END;
    CREATE TRIGGER stats_audit_reply AFTER INSERT ON audit_log
        WHEN new.action = 'reply' AND new.operator_id IS NOT NULL AND new.ticket_id IS NOT NULL BEGIN
        UPDATE stats_tickets SET first_response_at = new.at, first_response_by = new.operator_id,
                response_key = (new.operator_id << 40) | min(max(new.at - created_at, 0), 1099511627775)
            WHERE ticket_id = new.ticket_id AND first_response_at IS NULL;
        INSERT INTO stats_daily(day, operator_id, metric, count) SELECT new.at / 86400, new.operator_id, 'answered', 1
            WHERE NOT EXISTS (SELECT 1 FROM stats_responders WHERE ticket_id = new.ticket_id AND operator_id = new.operator_id)
            ON CONFLICT(day, operator_id, metric) DO UPDATE SET count = count + 1;
        INSERT OR IGNORE INTO stats_responders(ticket_id, operator_id) VALUES (new.ticket_id, new.operator_id);
    END;
    CREATE TRIGGER stats_audit_close AFTER INSERT ON audit_log
        WHEN new.action = 'status' AND new.operator_id IS NOT NULL
         AND new.after_value IN (SELECT code FROM statuses WHERE is_open = 0) BEGIN
        UPDATE stats_tickets SET first_close_at = new.at, first_close_by = new.operator_id,
                close_key = (new.operator_id << 40) | min(max(new.at - created_at, 0), 1099511627775)
            WHERE ticket_id = new.ticket_id AND first_close_at IS NULL;
        INSERT INTO stats_daily(day, operator_id, metric, count) VALUES (new.at / 86400, new.operator_id, 'closed', 1)
            ON CONFLICT(day, operator_id, metric) DO UPDATE SET count = count + 1;
    END;
    CREATE TRIGGER stats_audit_holder AFTER INSERT ON audit_log
        WHEN new.action IN ('claim', 'assign') AND new.before_value IS NOT new.after_value BEGIN
        INSERT INTO stats_daily(day, operator_id, metric, count) SELECT new.at / 86400, id, 'taken', 1
            FROM operators WHERE username = new.after_value
            ON CONFLICT(day, operator_id, metric) DO UPDATE SET count = count + 1;
        INSERT INTO stats_daily(day, operator_id, metric, count) SELECT new.at / 86400, id, 'reassigned_away', 1
            FROM operators WHERE username = new.before_value
            ON CONFLICT(day, operator_id, metric) DO UPDATE SET count = count + 1;
    END;
    """
}
