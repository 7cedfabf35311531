"""`taquilla stats` and Tests/bench/stats_bench.sh against a real SQLite file written the
way the desk writes it (ticket rows, then audit rows; migration 006's triggers keep the
statistics)."""
import json
import os
import sqlite3
import subprocess

from conftest import BIN, run_cli

DAY = 86_400
# 2026-11-02 00:00 UTC, a Monday.
MONDAY = 1_793_577_600


def seed(data):
    run_cli(data, "user", "add", "ana", "--role", "operator", "--password", "pw-ana-123456", "--name", "Ana")
    db = sqlite3.connect(os.path.join(data, "taquilla.sqlite"))
    ana = db.execute("SELECT id FROM operators WHERE username = 'ana'").fetchone()[0]
    status = dict(db.execute("SELECT code, id FROM statuses"))
    db.execute("INSERT INTO customers(email, name, created_at, updated_at) VALUES ('c@example.org', 'C', 0, 0)")
    for i, (created, reply_after) in enumerate([(MONDAY, 600), (MONDAY + DAY, 1800), (MONDAY + 2 * DAY, 60)]):
        db.execute("""INSERT INTO tickets(number, access_hash, customer_id, subject, contact_name, contact_country, status_id,
                      client_ip, source, created_at, updated_at) VALUES (?, zeroblob(32), 1, 's', 'C', 'ES', ?, 'ip', 'web', ?, ?)""",
                   (str(10000001 + i), status["open"], created, created))
        tid = db.execute("SELECT last_insert_rowid()").fetchone()[0]
        db.execute("""INSERT INTO audit_log(at, operator_id, actor, action, ticket_id, ticket_number, before_value, after_value)
                      VALUES (?, ?, 'ana', 'reply', ?, ?, NULL, '1')""", (created + reply_after, ana, tid, str(10000001 + i)))
    db.commit()
    db.close()


def test_json_report_for_a_week(data_dir):
    seed(data_dir)
    out = run_cli(data_dir, "stats", "--period", "week", "--date", "2026-11-04", "--json").stdout
    report = json.loads(out)
    assert report["from"] == "2026-11-02" and report["to"] == "2026-11-08" and report["unit"] == "week"
    ana = next(o for o in report["operators"] if o["username"] == "ana")
    assert ana["replies"] == 3 and ana["answered"] == 3
    assert ana["first_response"] == {"count": 3, "median_seconds": 600, "p90_seconds": 1800}
    assert report["population"]["created"] == 3
    assert [b["created"] for b in report["population"]["buckets"]] == [1, 1, 1, 0, 0, 0, 0]


def test_one_operator_and_text_output(data_dir):
    seed(data_dir)
    text = run_cli(data_dir, "stats", "--period", "custom", "--from", "2026-11-01", "--to", "2026-11-30", "--operator", "ana").stdout
    assert "2026-11-01 to 2026-11-30" in text
    assert "ana: taken 0, answered 3" in text
    assert "tickets created" not in text, "one operator: no population"


def test_bad_input_exits_with_a_message(data_dir):
    for args, message in [(["--period", "custom", "--from", "2026-02-30", "--to", "2026-03-01"], "--from must be a real date"),
                          (["--period", "custom", "--from", "2026-03-02", "--to", "2026-03-01"], "--from must not be after --to"),
                          (["--operator", "nobody"], "no operator named nobody"),
                          (["--database", "/nonexistent/x.sqlite"], "")]:
        r = run_cli(data_dir, "stats", *args, check=False)
        assert r.returncode != 0, args
        assert message in r.stderr, (args, r.stderr)


def test_bench_script_prints_percentiles(data_dir):
    seed(data_dir)
    script = os.path.join(os.path.dirname(__file__), "../bench/stats_bench.sh")
    r = subprocess.run([script, os.path.join(data_dir, "taquilla.sqlite"), "3"], capture_output=True, text=True, timeout=120,
                       env=dict(os.environ, TAQUILLA_BIN=BIN))
    assert r.returncode == 0, r.stderr
    assert "3 tickets" in r.stdout
    lines = [line for line in r.stdout.splitlines() if "p50" in line]
    assert len(lines) == 4 and all("p99" in line for line in lines), "wall and CPU lines for both reports"
    assert sum("cpu" in line for line in lines) == 2
    assert "one operator (ana" in r.stdout
