#!/bin/sh
# Times the statistics report for a period over an existing database and prints p50/p99.
#
#   Tests/bench/stats_bench.sh DATABASE [RUNS] [PERIOD] [DATE]
#
# DATABASE  a migrated taquilla.sqlite (e.g. one filled by Tests/bench/seed.py); opened read only
# RUNS      how many times to compute each report (default 30; the first run is reported apart, cold cache)
# PERIOD    day|week|month|year (default year)
# DATE      a day inside the period (default: the day of the newest ticket)
#
# Two reports are timed, as the two pages need them: every operator plus the ticket
# population (/admin/stats) and one operator (/desk/stats, the most active one).
# Uses TAQUILLA_BIN (default .build/release/taquilla) and its `stats --repeat` option,
# which measures StatsReport.compute inside the process (no process start-up), as wall
# time and as CPU time (the latter barely moves when other processes share the cores).
set -eu
[ $# -ge 1 ] || { echo "usage: $0 DATABASE [RUNS] [PERIOD] [DATE]" >&2; exit 2; }
DB=$1
RUNS=${2:-30}
PERIOD=${3:-year}
HERE=$(cd "$(dirname "$0")/../.." && pwd)
BIN=${TAQUILLA_BIN:-$HERE/.build/release/taquilla}
[ -f "$DB" ] || { echo "$0: no database at $DB" >&2; exit 2; }
[ -x "$BIN" ] || { echo "$0: no taquilla binary at $BIN (swift build -c release, or set TAQUILLA_BIN)" >&2; exit 2; }
command -v sqlite3 >/dev/null || { echo "$0: needs the sqlite3 command (apt-get install sqlite3)" >&2; exit 2; }
DATE=${4:-$(sqlite3 -readonly "$DB" "SELECT date(max(created_at), 'unixepoch') FROM tickets")}
[ -n "$DATE" ] || { echo "$0: the database has no tickets; pass a DATE" >&2; exit 2; }
BUSIEST=$(sqlite3 -readonly "$DB" "SELECT o.username FROM stats_daily s JOIN operators o ON o.id = s.operator_id
    WHERE s.metric = 'action:reply' GROUP BY o.id ORDER BY sum(s.count) DESC LIMIT 1")
TICKETS=$(sqlite3 -readonly "$DB" "SELECT count(*) FROM tickets")
EVENTS=$(sqlite3 -readonly "$DB" "SELECT count(*) FROM audit_log")
echo "database $DB: $TICKETS tickets, $EVENTS audit rows; period $PERIOD containing $DATE; $RUNS runs each"

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
measure() {  # label, extra arguments...
    label=$1; shift
    "$BIN" stats --database "$DB" --period "$PERIOD" --date "$DATE" --repeat "$RUNS" --json "$@" >"$TMP/out.json" 2>"$TMP/ms.txt" \
        || { cat "$TMP/ms.txt" >&2; exit 1; }
    python3 - "$label" "$TMP/ms.txt" "$TMP/out.json" <<'PY'
import json, sys
label, times, out = sys.argv[1], sys.argv[2], sys.argv[3]
runs = [dict(f.split("=") for f in line.split()) for line in open(times) if line.startswith("ms=")]
report = json.load(open(out))
def pct(values, p):  # nearest rank
    return values[max(0, -(-p * len(values) // 100) - 1)]
pop = report.get("population") or {}
print("%s (%d operators, %s tickets created in the period)" % (label, len(report["operators"]), pop.get("created", "-")))
for kind, name in (("ms", "wall"), ("cpu", "cpu ")):
    values = [float(r[kind]) for r in runs]
    warm = sorted(values[1:] or values)
    print("  %s ms: first (cold) %7.1f   p50 %7.1f   p99 %7.1f   max %7.1f" % (name, values[0], pct(warm, 50), pct(warm, 99), warm[-1]))
PY
}
measure "all operators + population (admin)"
[ -n "$BUSIEST" ] && measure "one operator ($BUSIEST, desk)" --operator "$BUSIEST"
