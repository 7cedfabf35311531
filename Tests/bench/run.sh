#!/usr/bin/env bash
# Taquilla performance benchmark (never part of the pass/fail tests).
#
#   Tests/bench/run.sh            (or ./install.sh bench)
#
# Builds the release binary, seeds a generated help desk (10,000 tickets) in a temp data
# dir, starts nginx + spawn-fcgi (4 workers) on 127.0.0.1, and measures with wrk
# (-t2 -c16, fixed duration): the new-ticket form, the guest ticket view, the desk queue,
# a 20-message ticket, ticket creation (POST /new), and for ratios that survive a noisy
# machine nginx serving a static 2 KB file and a minimal C libfcgi responder reading one
# SQLite row (Tests/bench/baseline/fcgi_row.c); desk search throughput (wrk) and the
# latency of search, queue and stats pages one request at a time (latency.py). Then
# plain-CGI cold start (hyperfine), worker memory, and prints one table. Everything it starts is stopped at the end, also
# on failure or Ctrl-C. Must run as root (the servers drop to www-data).
#
# Environment:
#   BENCH_DURATION=10      seconds per wrk run           BENCH_WARMUP=1   warm-up seconds
#   BENCH_THREADS=2        wrk threads                    BENCH_CONNECTIONS=16
#   BENCH_TICKETS=10000    generated tickets              BENCH_WORKERS=4  FastCGI workers
#   BENCH_PORT=18090       nginx port (and the next one, for the HTTP Basic row)
#   BENCH_CGI_RUNS=200     plain-CGI cold starts timed by hyperfine
#   BENCH_CASES="static baseline new guest guest20 desk deskticket create apicreate auth searchwrk search cgi mail"
#   BENCH_TIME_LIMIT=300   seconds for everything after the build (watchdog; plus 1 s per 1,000 tickets)
#   BENCH_DATA=DIR         seed into DIR and keep it; a later run with the same DIR reuses it
#                          (the 1M-ticket run: BENCH_TICKETS=1000000 BENCH_WORKERS=1 BENCH_CASES=search)
#   BENCH_LATENCY_ROUNDS=20  rounds over each latency class (search, queue, stats)
#   TAQUILLA_BIN           use this binary instead of building one
#   BENCH_KEEP=1           keep the temp dir (data, logs, raw wrk output)
#   BENCH_PROFILE=callgrind  profile one case instead (BENCH_PROFILE_CASE=new|guest|guest20|desk|search|create|apicreate,
#                          BENCH_PROFILE_REQUESTS=2000): see "profile mode" below
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
DURATION=${BENCH_DURATION:-10}
WARMUP=${BENCH_WARMUP:-1}
THREADS=${BENCH_THREADS:-2}
CONNS=${BENCH_CONNECTIONS:-16}
TICKETS=${BENCH_TICKETS:-10000}
WORKERS=${BENCH_WORKERS:-4}
PORT=${BENCH_PORT:-18090}
AUTHPORT=$((PORT + 1))
CGI_RUNS=${BENCH_CGI_RUNS:-200}
CASES=" ${BENCH_CASES:-static baseline new guest guest20 desk deskticket create apicreate auth searchwrk search cgi mail} "
TIME_LIMIT=${BENCH_TIME_LIMIT:-$((300 + TICKETS / 1000))}
RUN_USER=www-data
DESK_USER=bench
PYTHON=${PYTHON:-python3}
ACCEPT_LANGUAGE="es-ES,es;q=0.9,en;q=0.8"

log() { printf 'bench: %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
want() { [[ "$CASES" == *" $1 "* ]]; }

[ "$(id -u)" -eq 0 ] || die "run as root (nginx and the workers drop to $RUN_USER)"

# ---------------------------------------------------------------- tools
NEED=(wrk hyperfine nginx-light spawn-fcgi apache2-utils curl sqlite3 gcc libc6-dev libfcgi-dev libsqlite3-dev procps)
missing=()
for p in "${NEED[@]}"; do
    [ "$p" = nginx-light ] && command -v nginx >/dev/null 2>&1 && continue
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    # Debian starts nginx on port 80 when it installs it; this script runs its own.
    if [ -e /etc/init.d/nginx ]; then service nginx stop >/dev/null 2>&1 || true; fi
fi
"$PYTHON" -c 'import sqlite3' 2>/dev/null || PYTHON=/usr/bin/python3

# ---------------------------------------------------------------- build
BIN_NOTE=" (TAQUILLA_BIN)"
if [ -z "${TAQUILLA_BIN:-}" ]; then
    BIN_NOTE=" (built from the repository)"
    if ! command -v swift >/dev/null 2>&1; then
        for d in /opt/swift/usr/bin /usr/share/swift/usr/bin; do [ -x "$d/swift" ] && export PATH="$d:$PATH" && break; done
    fi
    command -v swift >/dev/null 2>&1 || die "no Swift toolchain on PATH (or set TAQUILLA_BIN to a built binary)"
    log "building the release binary (swift build -c release --static-swift-stdlib)"
    if ! (cd "$REPO" && swift build -c release --static-swift-stdlib >/tmp/taquilla-bench-build.log 2>&1); then
        grep -E 'error:' /tmp/taquilla-bench-build.log | head -20 >&2 || tail -20 /tmp/taquilla-bench-build.log >&2
        die "the build failed (full log: /tmp/taquilla-bench-build.log)"
    fi
    TAQUILLA_BIN=$REPO/.build/release/taquilla
fi
TAQUILLA_BIN=$(readlink -f "$TAQUILLA_BIN")
[ -x "$TAQUILLA_BIN" ] || die "$TAQUILLA_BIN is not executable"
runuser -u "$RUN_USER" -- test -x "$TAQUILLA_BIN" || die "$RUN_USER cannot execute $TAQUILLA_BIN"

# ---------------------------------------------------------------- work dir, cleanup
WORK=$(mktemp -d /tmp/taquilla-bench.XXXXXX)
chmod 755 "$WORK"
mkdir -p "$WORK/run" "$WORK/logs" "$WORK/static" "$WORK/nginx/tmp"
chmod 755 "$WORK/run" "$WORK/static"
DATA=${BENCH_DATA:-$WORK/data}
RESULTS=$WORK/results.tsv
: >"$RESULTS"
WATCHDOG=
WRK_PID=

stop_pids() { # pid... : TERM, wait up to 10 s, then KILL
    local pid i
    for pid in "$@"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "$@"; do
        for i in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
    done
}
pids_in() { [ -s "$1" ] && grep -E '^[0-9]+$' "$1" || true; }
cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    set +e   # stop everything, whatever fails on the way
    [ -n "$WRK_PID" ] && kill -TERM "$WRK_PID" 2>/dev/null
    [ -n "$WATCHDOG" ] && kill -TERM "$WATCHDOG" 2>/dev/null
    # shellcheck disable=SC2046
    stop_pids $(pids_in "$WORK/nginx/nginx.pid") $(pids_in "$WORK/run/app.pid") $(pids_in "$WORK/run/base.pid")
    if [ "$rc" -ne 0 ] || [ "${BENCH_KEEP:-0}" = 1 ]; then
        log "kept $WORK (data, logs, raw wrk output)"
    else
        rm -rf "$WORK"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM
(
    trap 'kill -TERM "$sleeper" 2>/dev/null; exit 0' TERM
    sleep "$TIME_LIMIT" & sleeper=$!
    wait "$sleeper" && log "time limit of $TIME_LIMIT s reached; stopping" && kill -TERM $$
) &
WATCHDOG=$!

# The app folder (lang/, htdocs/): the repository, unless TAQUILLA_ROOT says otherwise
# (a binary copied elsewhere cannot find it by walking up from its own path).
ROOT=${TAQUILLA_ROOT:-$REPO}
as_app() { runuser -u "$RUN_USER" -- env TAQUILLA_ROOT="$ROOT" TAQUILLA_DATA="$DATA" "$TAQUILLA_BIN" "$@"; }

# ---------------------------------------------------------------- data
if [ -s "$DATA/seed.env" ]; then
    log "reusing the data in $DATA (BENCH_DATA)"
    as_app migrate >"$WORK/logs/prepare.log" 2>&1 || { cat "$WORK/logs/prepare.log" >&2; die "taquilla migrate failed"; }
else
    [ -z "$(ls -A "$DATA" 2>/dev/null)" ] || die "$DATA is neither empty nor a data dir seeded by this script"
    log "seeding $TICKETS tickets into $DATA"
    mkdir -p "$DATA" && chown "$RUN_USER:$RUN_USER" "$DATA" && chmod 750 "$DATA"
    {
        as_app migrate
        as_app user add admin --role admin --password 'bench-admin-1' --name 'Administradora'
        as_app user add "$DESK_USER" --role operator --password 'bench-pass-1' --name 'Operador de Pruebas'
        as_app user add lucia --role operator --password 'bench-pass-2' --name 'Lucía Gómez' --email lucia@example.com
        as_app user add tom --role operator --password 'bench-pass-3' --name 'Tom Walker' --language en
        as_app user add nerea --role operator --password 'bench-pass-4' --name 'Nerea Iglesias'
        as_app setting set form_min_seconds 0
        as_app setting set ticket_rate_limit 1000000000
        as_app setting set reply_rate_limit 1000000000
        as_app setting set lookup_rate_limit 1000000
    } >"$WORK/logs/prepare.log" 2>&1 || { cat "$WORK/logs/prepare.log" >&2; die "preparing the data dir failed"; }
    "$PYTHON" "$HERE/seed.py" "$DATA" --tickets "$TICKETS" --out "$WORK/seed.env.new" >&2
    chown -R "$RUN_USER:$RUN_USER" "$DATA"
    mv "$WORK/seed.env.new" "$DATA/seed.env"
fi
# The API-create case needs a key with its rate limit lifted (made anew on every run).
{
    as_app setting set api_rate_limit 1000000000
    as_app apikey create bench --scopes tickets:create >"$WORK/apikey.txt"
} >>"$WORK/logs/prepare.log" 2>&1 || { cat "$WORK/logs/prepare.log" >&2; die "creating the benchmark API key failed"; }
# shellcheck disable=SC1091
. "$DATA/seed.env"

# A 2 KB static page for nginx alone.
"$PYTHON" - "$WORK/static/bench-2k.html" <<'PY'
import sys
head = "<!doctype html><html lang=\"es\"><head><meta charset=\"utf-8\"><title>Taquilla</title></head><body><p>"
tail = "</p></body></html>\n"
open(sys.argv[1], "w").write(head + "x" * (2048 - len(head) - len(tail)) + tail)
PY

log "building the C baseline (gcc -O2 -lfcgi -lsqlite3)"
gcc -O2 -o "$WORK/fcgi_row" "$HERE/baseline/fcgi_row.c" -lfcgi -lsqlite3

# ---------------------------------------------------------------- servers
for p in "$PORT" "$AUTHPORT"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then die "port $p is in use (set BENCH_PORT)"; fi
done
wait_for_socket() { local i; for i in $(seq 1 100); do [ -S "$1" ] && return 0; sleep 0.1; done; return 1; }

log "starting $WORKERS FastCGI workers, the C baseline (4 processes) and nginx on 127.0.0.1:$PORT"
env TAQUILLA_ROOT="$ROOT" TAQUILLA_DATA="$DATA" TAQUILLA_WORKERS="$WORKERS" \
    spawn-fcgi -s "$WORK/run/app.sock" -M 0660 -u "$RUN_USER" -g "$RUN_USER" -d "$DATA" \
    -P "$WORK/run/app.pid" -- "$TAQUILLA_BIN" >>"$WORK/logs/spawn.log" 2>&1 || die "spawn-fcgi (app) failed"
env BASELINE_DB="$DATA/taquilla.sqlite" BASELINE_ID="$GUEST_ID" \
    spawn-fcgi -s "$WORK/run/base.sock" -M 0660 -u "$RUN_USER" -g "$RUN_USER" -F 4 \
    -P "$WORK/run/base.pid" -- "$WORK/fcgi_row" >>"$WORK/logs/spawn.log" 2>&1 || die "spawn-fcgi (baseline) failed"
wait_for_socket "$WORK/run/app.sock" || die "no app socket"
wait_for_socket "$WORK/run/base.sock" || die "no baseline socket"

sed -e "s|@PORT@|$PORT|g" -e "s|@AUTHPORT@|$AUTHPORT|g" -e "s|@PREFIX@|$WORK/nginx|g" \
    -e "s|@HTDOCS@|$ROOT/htdocs|g" -e "s|@STATICDIR@|$WORK/static|g" \
    -e "s|@APP_SOCKET@|$WORK/run/app.sock|g" -e "s|@BASE_SOCKET@|$WORK/run/base.sock|g" \
    -e "s|@DESK_USER@|$DESK_USER|g" -e "s|@HTPASSWD@|$DATA/users.htpasswd|g" \
    -e "s|@NGINX_WORKERS@|${BENCH_NGINX_WORKERS:-auto}|g" "$HERE/nginx.conf.in" >"$WORK/nginx/nginx.conf"
nginx -t -q -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" 2>>"$WORK/logs/nginx-start.log" || {
    cat "$WORK/logs/nginx-start.log" >&2; die "nginx -t failed"; }
nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" 2>>"$WORK/logs/nginx-start.log" || die "nginx failed to start"
for i in $(seq 1 50); do (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break; sleep 0.1; done

APP_SUP=$(cat "$WORK/run/app.pid")
app_workers() { # the worker processes; with one worker the app serves in its first process
    local children
    children=$(ps -o pid= --ppid "$APP_SUP" | tr -d ' ')
    if [ -n "$children" ]; then echo "$children"; else echo "$APP_SUP"; fi
}
base_procs() { pids_in "$WORK/run/base.pid"; }
nginx_workers() { ps -o pid= --ppid "$(cat "$WORK/nginx/nginx.pid")" | tr -d ' '; }
for i in $(seq 1 50); do [ "$(app_workers | wc -l)" -ge "$WORKERS" ] && break; sleep 0.1; done
[ "$(app_workers | wc -l)" -ge "$WORKERS" ] || die "the app did not start $WORKERS workers (see $DATA/taquilla.log)"

URL=http://127.0.0.1:$PORT
CURL=(curl -sS --max-time 30 -H "Accept-Language: $ACCEPT_LANGUAGE")

# ---------------------------------------------------------------- probes
# Each case is checked once with curl before it is timed, so a wrong cookie or a missing
# route shows as such instead of as a fast stream of errors.
status_of() { "${CURL[@]}" -o "$WORK/probe.html" -w '%{http_code}' "$@" || echo 000; }
die_probe() { log "last answer: $(head -c 300 "$WORK/probe.html" | tr '\n' ' ')"; die "$@"; }
count_in() { grep -o "$1" "$WORK/probe.html" | wc -l; }

[ "$(status_of "$URL/bench-2k.html")" = 200 ] || die_probe "static file probe failed"
[ "$(status_of "$URL/baseline/?id=$GUEST_ID")" = 200 ] || die_probe "C baseline probe failed"
[ "$(status_of "$URL/new")" = 200 ] && [ "$(count_in 'name="csrf"')" = 1 ] || die_probe "GET /new probe failed"

guest_cookie() { # number code -> "tq_guest=...; tq_csrf=..." from the mail-link login
    local headers=$WORK/probe.headers
    "${CURL[@]}" -o /dev/null -D "$headers" "$URL/ticket/$1?code=$2" >/dev/null
    grep -qE '^HTTP/1\.[01] 303' "$headers" || die "login with the access code of ticket $1 failed: $(head -1 "$headers")"
    grep -i '^set-cookie:' "$headers" | sed -E 's/^[Ss]et-[Cc]ookie: *([^;]*);.*/\1/' | tr -d '\r' | paste -sd ';' | sed 's/;/; /g'
}
GUEST_COOKIE=$(guest_cookie "$GUEST_NUMBER" "$GUEST_CODE")
BIG_COOKIE=$(guest_cookie "$BIG_NUMBER" "$BIG_CODE")
[ "$(status_of -H "Cookie: $GUEST_COOKIE" "$URL/ticket/$GUEST_NUMBER")" = 200 ] || die_probe "guest view probe failed"
[ "$(count_in '<article')" = "$GUEST_MESSAGES" ] || die "guest view shows $(count_in '<article') messages, expected $GUEST_MESSAGES"
[ "$(status_of -H "Cookie: $BIG_COOKIE" "$URL/ticket/$BIG_NUMBER")" = 200 ] || die_probe "guest view (20 messages) probe failed"
[ "$(count_in '<article')" = 20 ] || die "the long ticket shows $(count_in '<article') messages, expected 20"

# The desk queue: /desk/tickets where it exists; the desk's entry page (/desk/) lists the
# newest 50 tickets on builds that have no queue route yet.
DESK_QUEUE=
for path in ${BENCH_DESK_QUEUE:-/desk/tickets /desk/}; do
    if [ "$(status_of "$URL$path")" = 200 ]; then DESK_QUEUE=$path; DESK_ROWS=$(count_in '<tr'); break; fi
done
DESK_TICKET=/desk/ticket/$BIG_NUMBER
DESK_TICKET_STATUS=$(status_of "$URL$DESK_TICKET")

# Ticket creation: the cookie and token a browser gets with the form.
"${CURL[@]}" -o "$WORK/form.html" -c "$WORK/cookies.txt" "$URL/new" >/dev/null
CSRF_COOKIE=$(awk '$6 == "tq_csrf" { print $7 }' "$WORK/cookies.txt")
CSRF_TOKEN=$(grep -o 'name="csrf" value="[^"]*"' "$WORK/form.html" | sed 's/.*value="//; s/"$//')
[ -n "$CSRF_COOKIE" ] && [ -n "$CSRF_TOKEN" ] || die "no CSRF cookie/token from GET /new"
[ "$(status_of -H "Cookie: tq_csrf=$CSRF_COOKIE" --data-urlencode "csrf=$CSRF_TOKEN" --data-urlencode "website=" \
    --data-urlencode "name=Sonda" --data-urlencode "email=sonda@bench.example" --data-urlencode "phone=+34 600 000 000" \
    --data-urlencode "city=Madrid" --data-urlencode "subject=Sonda" --data-urlencode "message=Comprobación." "$URL/new")" = 200 ] \
    && [ "$(count_in 'id="ticket-number"')" = 1 ] || die_probe "POST /new probe did not create a ticket"

# ---------------------------------------------------------------- profile mode
# BENCH_PROFILE=callgrind: instead of the timed runs, serve BENCH_PROFILE_REQUESTS
# requests of one case (BENCH_PROFILE_CASE: new, guest, guest20, desk, search, create, apicreate) through
# nginx by a single worker running under valgrind --tool=callgrind, one at a time (ab
# -c1), and print the top of the profile. The callgrind file is kept for kcachegrind.
profile_case() {
    local case=${BENCH_PROFILE_CASE:-new} n=${BENCH_PROFILE_REQUESTS:-2000} path args=()
    case "$case" in
        new) path=/new ;;
        guest) path=/ticket/$GUEST_NUMBER; args=(-H "Cookie: $GUEST_COOKIE") ;;
        guest20) path=/ticket/$BIG_NUMBER; args=(-H "Cookie: $BIG_COOKIE") ;;
        desk) [ -n "$DESK_QUEUE" ] || die "no desk queue route on this build"; path=$DESK_QUEUE ;;
        search) path=/desk/search?q=factura; as_app maintain >/dev/null ;;   # as the timed run does
        create)
            path=/new
            "$PYTHON" -c 'import sys, urllib.parse; sys.stdout.write(urllib.parse.urlencode({"csrf": sys.argv[1], "website": "",
                "name": "Lucía Fernández", "email": "perfil@bench.example", "phone": "+34 600 111 222", "city": "Madrid",
                "country": "España", "subject": "No puedo acceder a mi cuenta",
                "message": "Buenos días, desde ayer no consigo entrar en la aplicación. ¿Podrían revisarlo?"}))' \
                "$CSRF_TOKEN" >"$WORK/post.txt"
            args=(-p "$WORK/post.txt" -T application/x-www-form-urlencoded -C "tq_csrf=$CSRF_COOKIE") ;;
        apicreate)
            path=/api/v1/tickets
            printf '%s' '{"name":"Lucía Fernández","email":"perfil@bench.example","phone":"+34 600 111 222","city":"Madrid","country":"España","subject":"No puedo acceder a mi cuenta","message":"Buenos días, desde ayer no consigo entrar en la aplicación. ¿Podrían revisarlo?"}' >"$WORK/post.txt"
            args=(-p "$WORK/post.txt" -T application/json -H "Authorization: Bearer $(sed -n 's/^key: //p' "$WORK/apikey.txt")") ;;
        *) die "unknown BENCH_PROFILE_CASE '$case' (new, guest, guest20, desk, search, create, apicreate)" ;;
    esac
    command -v valgrind >/dev/null 2>&1 || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends valgrind >/dev/null
    local out=$WORK/profile/callgrind.$case
    mkdir -p "$WORK/profile" && chown "$RUN_USER" "$WORK/profile"
    log "profiling '$case' ($path): $n requests, one worker under valgrind --tool=callgrind"
    stop_pids "$APP_SUP"
    rm -f "$WORK/run/app.sock"
    env TAQUILLA_ROOT="$ROOT" TAQUILLA_DATA="$DATA" TAQUILLA_WORKERS=1 \
        spawn-fcgi -s "$WORK/run/app.sock" -M 0660 -u "$RUN_USER" -g "$RUN_USER" -d "$DATA" -P "$WORK/run/app.pid" \
        -- "$(command -v valgrind)" --tool=callgrind --callgrind-out-file="$out" "$TAQUILLA_BIN" >>"$WORK/logs/spawn.log" 2>&1 \
        || die "spawn-fcgi (valgrind) failed"
    wait_for_socket "$WORK/run/app.sock" || die "no app socket"
    # Under valgrind (and a loaded machine) the worker needs a while to start: wait until it answers.
    local i
    for i in $(seq 1 120); do
        curl -s -o /dev/null -w '%{http_code}' "$URL/new" | grep -q 200 && break
        sleep 0.5
    done
    ab -q -n "$n" -c 1 -H "Accept-Language: $ACCEPT_LANGUAGE" "${args[@]}" "$URL$path" >"$WORK/profile/ab.txt" 2>&1 \
        || { cat "$WORK/profile/ab.txt" >&2; die "ab failed"; }
    if grep -q 'Non-2xx' "$WORK/profile/ab.txt"; then cat "$WORK/profile/ab.txt" >&2; die "non-2xx answers while profiling"; fi
    stop_pids "$(cat "$WORK/run/app.pid")"   # the worker exits and callgrind writes its file
    callgrind_annotate --inclusive=yes "$out" >"$WORK/profile/inclusive.txt" 2>/dev/null
    callgrind_annotate "$out" >"$WORK/profile/self.txt" 2>/dev/null
    local serve
    serve=$(grep -m1 'FastCGIWorkerV5serve' "$WORK/profile/inclusive.txt" | awk '{ gsub(",", "", $1); print $1 }')
    local tidy='s/ \[[^]]*\]$//; s#[^ ]*/Sources/##; s#^(\s*[0-9,]+ \([ 0-9.]+%\)\s+)(\./|\?\?\?:|//<compiler-generated>:)#\1#'
    local demangle=cat
    for d in "$(command -v swift-demangle || true)" /opt/swift/usr/bin/swift-demangle; do
        if [ -n "$d" ] && [ -x "$d" ]; then demangle="$d --simplified --compact"; break; fi
    done
    echo
    echo "callgrind, '$case' ($path), $n requests: $(awk -v s="$serve" -v n="$n" 'BEGIN { printf "%.0f", s / n }') instructions per request (inclusive cost of FastCGIWorker.serve / requests)"
    echo "file: $out"
    echo
    echo "--- inclusive (top 40) ---"
    grep -E '^ *[0-9,]+ \(' "$WORK/profile/inclusive.txt" | sed -n '2,41p' | sed -E "$tidy" | $demangle | cut -c1-200
    echo
    echo "--- self (top 25) ---"
    grep -E '^ *[0-9,]+ \(' "$WORK/profile/self.txt" | sed -n '2,26p' | sed -E "$tidy" | $demangle | cut -c1-200
    BENCH_KEEP=1
}
if [ -n "${BENCH_PROFILE:-}" ]; then
    [ "$BENCH_PROFILE" = callgrind ] || die "BENCH_PROFILE must be 'callgrind'"
    profile_case
    exit 0
fi

# ---------------------------------------------------------------- measuring
TICK=$(getconf CLK_TCK)
cpu_ticks() { # pid... -> utime+stime summed, in clock ticks
    local pid total=0 t
    for pid in "$@"; do
        t=$(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null | awk '{ print $12 + $13 }') || t=0
        total=$((total + ${t:-0}))
    done
    echo "$total"
}

# run_wrk KEY "case name" TARGET|- NOTE PIDS-FUNCTION PATH [wrk args...]
run_wrk() {
    local key=$1 name=$2 target=$3 note=$4 pidsf=$5 path=$6
    shift 6
    local out=$WORK/logs/wrk-$key.txt pids before after requests
    log "$name: ${WARMUP} s warm-up, ${DURATION} s measured"
    if [ "$WARMUP" != 0 ]; then
        wrk -t"$THREADS" -c"$CONNS" -d"${WARMUP}s" -H "Accept-Language: $ACCEPT_LANGUAGE" "$@" "$URL$path" >/dev/null 2>&1 || true
    fi
    pids=$($pidsf)
    # shellcheck disable=SC2086
    before=$(cpu_ticks $pids)
    wrk -t"$THREADS" -c"$CONNS" -d"${DURATION}s" -H "Accept-Language: $ACCEPT_LANGUAGE" \
        -s "${WRK_SCRIPT:-$HERE/report.lua}" "$@" "$URL$path" >"$out" 2>&1 &
    WRK_PID=$!
    wait "$WRK_PID" || true
    WRK_PID=
    # shellcheck disable=SC2086
    after=$(cpu_ticks $pids)
    local line
    # A Lua error does not stop wrk (it goes on with plain GETs): refuse such a run.
    if grep -qE 'attempt to|\.lua:[0-9]+:' "$out"; then cat "$out" >&2; die "the wrk script failed for $name"; fi
    line=$(grep '^WRK_RESULT' "$out") || { cat "$out" >&2; die "wrk gave no result for $name"; }
    eval "${line#WRK_RESULT }"   # requests= duration_us= p50_us= p99_us= connect= read= write= status= timeout=
    # shellcheck disable=SC2154
    local rps errors cpu
    rps=$(awk -v r="$requests" -v d="$duration_us" 'BEGIN { printf "%.1f", r * 1e6 / d }')
    errors=$((connect + read + write + status + timeout))
    cpu=$(awk -v a="$after" -v b="$before" -v t="$TICK" -v r="$requests" 'BEGIN { if (r > 0) printf "%.0f", (a - b) * 1e6 / t / r; else print "-" }')
    printf 'wrk\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$rps" "$p50_us" "$p99_us" "$cpu" "$errors" "$target" "$note" >>"$RESULTS"
    eval "RPS_$key=$rps"
    LAST_REQUESTS=$requests
}

export BENCH_LUA_DIR=$HERE
want static && run_wrk static "static 2 KB file (nginx alone)" - "CPU: nginx workers" nginx_workers /bench-2k.html
want baseline && run_wrk baseline "C libfcgi + SQLite row (baseline)" - "CPU: the 4 C processes" base_procs "/baseline/?id=$GUEST_ID"
want new && run_wrk new "GET /new (form, first visit)" 15000 "" app_workers /new
want guest && run_wrk guest "GET /ticket/N guest view (${GUEST_MESSAGES} msgs)" 10000 "" app_workers "/ticket/$GUEST_NUMBER" \
    -H "Cookie: $GUEST_COOKIE"
want guest20 && run_wrk guest20 "GET /ticket/N guest view (20 msgs)" - "" app_workers "/ticket/$BIG_NUMBER" \
    -H "Cookie: $BIG_COOKIE"
if want desk; then
    if [ -n "$DESK_QUEUE" ]; then
        run_wrk desk "GET $DESK_QUEUE desk queue" 5000 "$DESK_ROWS table rows; REMOTE_USER set by nginx" app_workers "$DESK_QUEUE"
    else
        printf 'na\t%s\t%s\n' "desk queue" "n/a: neither /desk/tickets nor /desk/ answers 200 on this build" >>"$RESULTS"
    fi
fi
if want deskticket; then
    if [ "$DESK_TICKET_STATUS" = 200 ]; then
        run_wrk deskticket "GET /desk/ticket/N (20 msgs)" - "" app_workers "$DESK_TICKET"
    else
        printf 'na\t%s\t%s\n' "GET /desk/ticket/N (20 msgs)" \
            "n/a: answers $DESK_TICKET_STATUS on this build (desk ticket page not built yet); see the guest view (20 msgs) row" >>"$RESULTS"
    fi
fi
# Searches run before the creation runs add tickets (the target is for the seeded size),
# after the hourly `taquilla maintain` (cron) has merged the segments the seeding left:
# on the index as the desk keeps it.
if want searchwrk || want search; then
    MAINTAIN=$(as_app maintain 2>&1) || die "taquilla maintain failed: $MAINTAIN"
    log "maintain: $(echo "$MAINTAIN" | tr '\n' ';')"
    MAINTAIN_NOTE="after taquilla maintain ($(echo "$MAINTAIN" | sed -n 's/^message_search: \([0-9]*\) segments before, \([0-9]*\) after.*/message index \1 -> \2 segments/p'))"
fi
if want searchwrk; then
    run_wrk searchwrk "GET /desk/search?q=factura (common term)" 2000 "$MAINTAIN_NOTE" app_workers "/desk/search?q=factura"
fi
if want search; then
    log "latency, one request at a time: search (common, rare, prefix, phrase), queue, stats"
    "$PYTHON" "$HERE/latency.py" "$URL" "$DATA/taquilla.sqlite" "$RESULTS" --rounds "${BENCH_LATENCY_ROUNDS:-20}" \
        || die "the latency run failed"
fi

if want create; then
    before_tickets=$(sqlite3 "file:$DATA/taquilla.sqlite?mode=ro" "SELECT count(*) FROM tickets")
    export BENCH_CSRF_COOKIE=$CSRF_COOKIE BENCH_CSRF_TOKEN=$CSRF_TOKEN
    WRK_SCRIPT=$HERE/create.lua WARMUP=0 run_wrk create "POST /new (create ticket)" 2000 "no-errors" app_workers /new
    after_tickets=$(sqlite3 "file:$DATA/taquilla.sqlite?mode=ro" "SELECT count(*) FROM tickets")
    created=$((after_tickets - before_tickets))
    # wrk counts completed responses; requests in flight when it stops may still commit.
    if [ "$created" -lt "$LAST_REQUESTS" ] || [ "$created" -gt $((LAST_REQUESTS + CONNS)) ]; then
        sed -i '$ s/\tno-errors$/\tno-errors; MISMATCH: '"$created"' tickets in the database for '"$LAST_REQUESTS"' responses/' "$RESULTS"
    else
        sed -i '$ s/\tno-errors$/\tno-errors; '"$created"' tickets created (database count)/' "$RESULTS"
    fi
fi
if want apicreate; then
    BENCH_API_KEY=$(sed -n 's/^key: //p' "$WORK/apikey.txt")
    export BENCH_API_KEY
    [ "$(status_of -H "Authorization: Bearer $BENCH_API_KEY" -H 'Content-Type: application/json' \
        --data '{"name":"Sonda","email":"sonda@bench.example","phone":"+34 600 000 000","city":"Madrid","subject":"Sonda","message":"API."}' \
        "$URL/api/v1/tickets")" = 201 ] || die_probe "POST /api/v1/tickets probe did not create a ticket"
    before_tickets=$(sqlite3 "file:$DATA/taquilla.sqlite?mode=ro" "SELECT count(*) FROM tickets")
    WRK_SCRIPT=$HERE/apicreate.lua WARMUP=0 run_wrk apicreate "POST /api/v1/tickets (API create)" 2000 "no-errors" app_workers /api/v1/tickets
    after_tickets=$(sqlite3 "file:$DATA/taquilla.sqlite?mode=ro" "SELECT count(*) FROM tickets")
    sed -i '$ s/\tno-errors$/\tno-errors; '"$((after_tickets - before_tickets))"' tickets created (database count)/' "$RESULTS"
fi
if want auth; then
    URL_SAVE=$URL; URL=http://127.0.0.1:$AUTHPORT
    if [ -n "$DESK_QUEUE" ] && [ "$(status_of -u "$DESK_USER:bench-pass-1" "$URL$DESK_QUEUE")" = 200 ]; then
        DURATION_SAVE=$DURATION; DURATION=$(( DURATION < 5 ? DURATION : 5 ))
        WARMUP=0 run_wrk auth "GET $DESK_QUEUE with HTTP Basic (bcrypt)" - "nginx checks the bcrypt hash (cost 8) on every request; CPU: nginx workers" \
            nginx_workers "$DESK_QUEUE" -H "Authorization: Basic $(printf '%s' "$DESK_USER:bench-pass-1" | base64)" --timeout 10s
        DURATION=$DURATION_SAVE
        sleep 3   # nginx finishes the bcrypt checks still queued when wrk stops
    fi
    URL=$URL_SAVE
fi

# Worker memory after every run above.
rss_kb=()
for pid in $(app_workers); do rss_kb+=("$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status")"); done
base_rss=$(for pid in $(base_procs); do awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status"; done | sort -n | tail -1)
max_rss=$(printf '%s\n' "${rss_kb[@]}" | sort -n | tail -1)
printf 'rss\t%s\t%s\t25\t%s\n' "worker RSS after the runs (max of ${#rss_kb[@]})" \
    "$(awk -v k="$max_rss" 'BEGIN { printf "%.1f", k / 1024 }')" \
    "each worker: $(printf '%s\n' "${rss_kb[@]}" | awk '{ printf "%s%.1f", (NR > 1 ? ", " : ""), $1 / 1024 }') MB; C baseline process: $(awk -v k="$base_rss" 'BEGIN { printf "%.1f", k / 1024 }') MB" \
    >>"$RESULTS"

if want guest && want baseline; then
    printf 'ratio\t%s\t%s\t0.70\t\n' "guest view / C baseline" \
        "$(awk -v a="$RPS_guest" -v b="$RPS_baseline" 'BEGIN { printf "%.4f", a / b }')" >>"$RESULTS"
fi
if want new && want static; then
    printf 'ratio\t%s\t%s\t-\t\n' "GET /new / static file" \
        "$(awk -v a="$RPS_new" -v b="$RPS_static" 'BEGIN { printf "%.4f", a / b }')" >>"$RESULTS"
fi

# ---------------------------------------------------------------- plain CGI cold start
if want cgi; then
    log "plain CGI cold start: GET /new, $CGI_RUNS runs (hyperfine)"
    CGI_ENV=(GATEWAY_INTERFACE=CGI/1.1 SERVER_SOFTWARE=bench SERVER_PROTOCOL=HTTP/1.1 SERVER_NAME=127.0.0.1 SERVER_PORT=80
             REQUEST_METHOD=GET REQUEST_URI=/new SCRIPT_NAME= PATH_INFO=/new QUERY_STRING= REMOTE_ADDR=127.0.0.1
             HTTP_HOST=127.0.0.1 "HTTP_ACCEPT_LANGUAGE=$ACCEPT_LANGUAGE" TAQUILLA_ROOT="$ROOT" TAQUILLA_DATA="$DATA" PATH=/usr/bin:/bin)
    first=$(runuser -u "$RUN_USER" -- env -i "${CGI_ENV[@]}" "$TAQUILLA_BIN" </dev/null | head -1 | tr -d '\r')
    [ "$first" = "Status: 200 OK" ] || die "plain CGI GET /new answered '$first'"
    mkdir -p "$WORK/cgi" && chown "$RUN_USER" "$WORK/cgi"
    runuser -u "$RUN_USER" -- env -i "${CGI_ENV[@]}" HOME="$WORK/cgi" \
        hyperfine -N --warmup 10 --runs "$CGI_RUNS" --export-json "$WORK/cgi/cgi.json" "$TAQUILLA_BIN" \
        >"$WORK/logs/hyperfine.txt" 2>&1 || { cat "$WORK/logs/hyperfine.txt" >&2; die "hyperfine failed"; }
    "$PYTHON" - "$WORK/cgi/cgi.json" >>"$RESULTS" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
t = sorted(r["times"])
p99 = t[min(len(t) - 1, int(round(0.99 * (len(t) - 1))))]
codes = r.get("exit_codes", [])
errors = sum(1 for c in codes if c != 0)
print("cgi\tplain CGI cold start, GET /new\t%.1f\t%.1f\t%.1f\t%.0f\t%d\t4\t%d runs; CPU = user+system per run" %
      (r["mean"] * 1e6, r["median"] * 1e6, p99 * 1e6, (r["user"] + r["system"]) * 1e6, errors, len(t)))
PY
fi
if want mail; then
    log "mail intake (Tests/bench/mail_intake.sh)"
    TAQUILLA_BIN="$TAQUILLA_BIN" MAIL_BENCH_TSV="$RESULTS" PYTHON="$PYTHON" "$HERE/mail_intake.sh" \
        >"$WORK/logs/mail_intake.txt" 2>&1 || { cat "$WORK/logs/mail_intake.txt" >&2; die "the mail intake benchmark failed"; }
fi

# ---------------------------------------------------------------- report
echo
echo "Taquilla benchmark — $(date -u '+%Y-%m-%d %H:%M UTC'), repository $(git -C "$REPO" describe --always --dirty 2>/dev/null || echo '?')"
echo "binary:  $TAQUILLA_BIN$BIN_NOTE"
echo "machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')), load before the runs: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "         shared with other builds: numbers are noisy; compare the ratios (C baseline, static file), not the absolute req/s"
echo "setup:   nginx $(nginx -v 2>&1 | sed 's/.*nginx\///') (access log off) + spawn-fcgi, $WORKERS workers; wrk -t$THREADS -c$CONNS -d${DURATION}s;" \
     "data: $(sqlite3 "file:$DATA/taquilla.sqlite?mode=ro" "SELECT count(*) FROM tickets") tickets (seeded $SEED_TICKETS, with $SEED_MESSAGES messages); SQLite $(sqlite3 --version | cut -d' ' -f1)"
echo
"$PYTHON" "$HERE/table.py" "$RESULTS"
