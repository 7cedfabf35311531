"""`taquilla maintain` on a real data directory whose full-text index was written one ticket
per transaction (as the desk writes it): it merges the segments down, prints what it did,
and the index still answers the same searches and passes FTS5's integrity check."""
import os
import re
import sqlite3

from conftest import run_cli


def test_maintain_merges_the_search_index(data_dir):
    db = sqlite3.connect(os.path.join(data_dir, "taquilla.sqlite"), isolation_level=None)
    status = db.execute("SELECT id FROM statuses WHERE code = 'open'").fetchone()[0]
    db.execute("INSERT INTO customers(email, name, created_at, updated_at) VALUES ('c@example.org', 'C', 0, 0)")
    for i in range(60):
        db.execute("BEGIN")
        db.execute("""INSERT INTO tickets(number, access_hash, customer_id, subject, contact_name, status_id, client_ip,
                      source, created_at, updated_at) VALUES (?, zeroblob(32), 1, ?, 'C', ?, 'ip', 'web', ?, ?)""",
                   (str(10000001 + i), "Pedido %d" % i, status, i, i))
        db.execute("""INSERT INTO messages(ticket_id, kind, author_name, body_text, source, created_at)
                      VALUES (last_insert_rowid(), 'customer', 'C', ?, 'web', ?)""", ("factura número %d tornillo" % i, i))
        db.execute("COMMIT")
    query = "SELECT rowid FROM message_search WHERE message_search MATCH 'tornillo' ORDER BY rowid DESC"
    before = [r[0] for r in db.execute(query)]
    db.close()

    out = run_cli(data_dir, "maintain").stdout
    merged = {m.group(1): (int(m.group(2)), int(m.group(3)))
              for m in re.finditer(r"^(\w+): (\d+) segments before, (\d+) after", out, re.M)}
    assert set(merged) == {"message_search"}
    for index, (seg_before, seg_after) in merged.items():
        assert seg_before > seg_after >= 1, (index, out)

    db = sqlite3.connect(os.path.join(data_dir, "taquilla.sqlite"), isolation_level=None)
    assert [r[0] for r in db.execute(query)] == before and len(before) == 60
    db.execute("INSERT INTO message_search(message_search, rank) VALUES ('integrity-check', 1)")
    # A second run has nothing left to merge.
    again = run_cli(data_dir, "maintain").stdout
    assert all(m.group(1) == m.group(2) for m in re.finditer(r"(\d+) segments before, (\d+) after", again)), again
