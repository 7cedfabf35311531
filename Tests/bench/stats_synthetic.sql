-- Synthetic data behind the statistics figures in the README (1,000,000 tickets over two
-- years, 3.2 million audit rows, written as plain SQL so migration 006's triggers keep the
-- statistics exactly as the desk's own writes would). Use on a freshly migrated data
-- directory with operators op1…op20 added:
--
--   export TAQUILLA_DATA=/tmp/synth; taquilla migrate
--   for i in $(seq 1 20); do taquilla user add op$i --role operator --password "pw-op$i-123456"; done
--   sqlite3 /tmp/synth/taquilla.sqlite < Tests/bench/stats_synthetic.sql
--   Tests/bench/stats_bench.sh /tmp/synth/taquilla.sqlite 20 year 2025-06-01
--
-- Ticket i is created at 1730000000 + 63·i, claimed and answered by op(1 + i mod 20) within
-- a day, noted when i mod 3 = 0 and closed within ten days unless i mod 10 = 0.
PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -400000;
BEGIN;
INSERT INTO customers(email, name, created_at, updated_at) VALUES ('c@example.org', 'C', 0, 0);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000)
INSERT INTO tickets(number, access_hash, customer_id, subject, contact_name, contact_country, status_id, group_id, priority_id,
                    client_ip, source, created_at, updated_at)
SELECT 10000000 + i, zeroblob(32), 1, 'Subject', 'C', CASE i % 5 WHEN 0 THEN 'ES' WHEN 1 THEN 'MX' WHEN 2 THEN 'AR' WHEN 3 THEN 'US' ELSE '' END,
       1, NULL, 1 + i % 4, '192.0.2.1', 'web', 1730000000 + i * 63, 1730000000 + i * 63 FROM n;
INSERT INTO audit_log(at, operator_id, actor, action, ticket_id, ticket_number, before_value, after_value)
SELECT t.created_at + 60 + (t.id * 7919) % 86400, 1 + t.id % 20, 'op' || (1 + t.id % 20), 'claim', t.id, t.number, NULL, 'op' || (1 + t.id % 20) FROM tickets t;
INSERT INTO audit_log(at, operator_id, actor, action, ticket_id, ticket_number, before_value, after_value)
SELECT t.created_at + 60 + (t.id * 7919) % 86400, 1 + t.id % 20, 'op' || (1 + t.id % 20), 'reply', t.id, t.number, NULL, '1' FROM tickets t;
INSERT INTO audit_log(at, operator_id, actor, action, ticket_id, ticket_number, before_value, after_value)
SELECT t.created_at + 3600 + (t.id * 104729) % 864000, 1 + t.id % 20, 'op' || (1 + t.id % 20), 'note', t.id, t.number, NULL, '2' FROM tickets t WHERE t.id % 3 = 0;
INSERT INTO audit_log(at, operator_id, actor, action, ticket_id, ticket_number, before_value, after_value)
SELECT t.created_at + 7200 + (t.id * 104729) % 864000, 1 + t.id % 20, 'op' || (1 + t.id % 20), 'status', t.id, t.number, 'open', 'closed' FROM tickets t WHERE t.id % 10 <> 0;
UPDATE tickets SET status_id = (SELECT id FROM statuses WHERE code = 'closed'), closed_at = created_at + 7200 + (id * 104729) % 864000,
       updated_at = created_at + 7200 + (id * 104729) % 864000 WHERE id % 10 <> 0;
COMMIT;
PRAGMA journal_mode = WAL;
SELECT count(*) FROM tickets; SELECT count(*) FROM audit_log; SELECT count(*) FROM stats_daily; SELECT date(min(created_at),'unixepoch'), date(max(created_at),'unixepoch') FROM tickets;
