#!/usr/bin/env bash
# End-to-end tests of Taquilla behind real web servers.
#
#   Tests/e2e/run.sh [nginx] [apache] [cgi]      (default: all three, in order)
#
# Runs the same pytest suite (Tests/e2e/test_*.py) against:
#   nginx   nginx on 127.0.0.1:18081, app over FastCGI (spawn-fcgi, unix socket)
#   apache  Apache 2.4 on 127.0.0.1:18082, app over mod_proxy_fcgi (spawn-fcgi)
#   cgi     Apache 2.4 on 127.0.0.1:18083, app run as plain CGI (mod_cgid)
# each with a fresh data dir under one temp dir. Must run as root (servers
# drop to www-data; every CLI call runs as www-data through runuser).
#
# Environment:
#   TAQUILLA_BIN      the binary (default: <repo>/.build/release/taquilla)
#   TAQUILLA_HTDOCS   the htdocs dir served at /static/ (default: <repo>/htdocs)
#   PYTHON            python with pytest and requests (default: python3)
#   E2E_PYTEST_ARGS   extra pytest arguments, e.g. "-x -k lookup" (split on spaces)
#   E2E_TESTS         which test files/ids to run (default: all, split on spaces)
#   E2E_KEEP=1        keep the temp dir (logs, data dirs) even on success
#   E2E_SUITE         the pytest directory to run against the prepared server
#                     (default: Tests/e2e; Tests/browser/run.sh passes its own)
#   E2E_NGINX_PORT    port of the nginx setup (default 18081)
#
# Prints "e2e: N passed, M failed" at the end; exits non-zero if any setup failed.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
TAQUILLA_BIN=${TAQUILLA_BIN:-$REPO/.build/release/taquilla}
HTDOCS=${TAQUILLA_HTDOCS:-$REPO/htdocs}
PYTHON=${PYTHON:-python3}
SUITE=$(cd "${E2E_SUITE:-$HERE}" && pwd)
APACHE_MODDIR=${APACHE_MODDIR:-/usr/lib/apache2/modules}
RUN_USER=www-data
RUN_GROUP=www-data
WORKERS=2

log() { printf 'e2e: %s\n' "$*" >&2; }
die() { log "ERROR: $*"; echo "e2e: 0 passed, 1 failed"; exit 1; }

# ---------------------------------------------------------------- arguments
SETUPS=()
if [ "$#" -eq 0 ]; then
    SETUPS=(nginx apache cgi)
else
    for s in "$@"; do
        case "$s" in
            nginx|apache|cgi) SETUPS+=("$s") ;;
            -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
            *) die "unknown setup '$s' (expected nginx, apache or cgi)" ;;
        esac
    done
fi

# ---------------------------------------------------------------- preflight
[ "$(id -u)" -eq 0 ] || die "must run as root (servers and the app run as $RUN_USER)"
case "$TAQUILLA_BIN" in /*) ;; *) TAQUILLA_BIN="$(pwd)/$TAQUILLA_BIN" ;; esac
# Resolved: Apache (CGI) refuses to run a script reached through a symlink
# (.build/release is one), and the CGI config names the binary's directory.
TAQUILLA_BIN=$(readlink -f "$TAQUILLA_BIN" || echo "$TAQUILLA_BIN")
[ -x "$TAQUILLA_BIN" ] || die "TAQUILLA_BIN=$TAQUILLA_BIN is not an executable file (build first)"
[ -d "$HTDOCS/static" ] || log "warning: $HTDOCS/static does not exist; /static/ tests will fail"
for tool in nginx apache2 spawn-fcgi htpasswd runuser curl; do
    command -v "$tool" >/dev/null 2>&1 || die "missing tool '$tool' (apt-get install nginx-light apache2 apache2-utils spawn-fcgi curl)"
done
"$PYTHON" -c 'import pytest, requests' 2>/dev/null \
    || die "$PYTHON lacks pytest/requests (pip install pytest requests)"
[ -r /etc/apache2/envvars ] || die "/etc/apache2/envvars missing (apt-get install apache2)"
# www-data must be able to reach the binary and htdocs.
runuser -u "$RUN_USER" -- test -x "$TAQUILLA_BIN" \
    || die "$RUN_USER cannot execute $TAQUILLA_BIN (check directory permissions)"

WORK=$(mktemp -d /tmp/taquilla-e2e.XXXXXX)
chmod 755 "$WORK"
log "work dir $WORK"

# ---------------------------------------------------------------- cleanup
PIDFILES=()
PYTEST_PID=
stop_pidfile() {
    local f=$1 pid i
    [ -s "$f" ] || return 0
    pid=$(cat "$f" 2>/dev/null || true)
    case "$pid" in ''|*[!0-9]*) return 0 ;; esac
    if kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null || true
        for i in $(seq 1 100); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        if kill -0 "$pid" 2>/dev/null; then
            log "pid $pid ($f) ignored SIGTERM for 10 s, sending SIGKILL"
            kill -KILL "$pid" 2>/dev/null || true
        fi
    fi
    rm -f "$f"
}
stop_all() {
    local i
    # Newest first: web server before the app it talks to.
    for ((i = ${#PIDFILES[@]} - 1; i >= 0; i--)); do
        stop_pidfile "${PIDFILES[$i]}"
    done
    PIDFILES=()
}
ANY_FAILED=0
KEEP_NOTED=0
cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    if [ -n "$PYTEST_PID" ] && kill -0 "$PYTEST_PID" 2>/dev/null; then
        kill -TERM "$PYTEST_PID" 2>/dev/null || true
        wait "$PYTEST_PID" 2>/dev/null || true
    fi
    stop_all
    if [ "$ANY_FAILED" -ne 0 ] || [ "$rc" -ne 0 ] || [ "${E2E_KEEP:-0}" = 1 ]; then
        [ "$KEEP_NOTED" = 1 ] || log "kept $WORK (logs, data dirs)"
    else
        rm -rf "$WORK"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM

# ---------------------------------------------------------------- helpers
render() { # template output VAR=value...
    local tpl=$1 out=$2; shift 2
    local args=() kv
    for kv in "$@"; do
        local k=${kv%%=*} v=${kv#*=}
        v=${v//\\/\\\\}; v=${v//|/\\|}; v=${v//&/\\&}
        args+=(-e "s|@${k}@|${v}|g")
    done
    sed "${args[@]}" "$tpl" >"$out" || return 1
    if grep -n '@[A-Z_]*@' "$out" | grep -v '^[0-9]*:#' >&2; then
        log "unfilled placeholder in $out"; return 1
    fi
}

as_app() { # run the CLI as the app user against DATA
    runuser -u "$RUN_USER" -- env TAQUILLA_DATA="$DATA" "$TAQUILLA_BIN" "$@"
}

wait_for_port() { # port seconds
    local port=$1 n=$(($2 * 10)) i
    for ((i = 0; i < n; i++)); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
        sleep 0.1
    done
    return 1
}

wait_for_socket() { # path seconds
    local sock=$1 n=$(($2 * 10)) i
    for ((i = 0; i < n; i++)); do
        [ -S "$sock" ] && return 0
        sleep 0.1
    done
    return 1
}

port_free() {
    ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

show_logs() { # dir
    local f
    for f in "$1"/logs/*; do
        [ -s "$f" ] || continue
        printf '\n----- %s (last 60 lines) -----\n' "$f" >&2
        tail -n 60 "$f" >&2
    done
}

prepare_data() {
    mkdir -p "$DATA" || return 1
    chown "$RUN_USER:$RUN_GROUP" "$DATA"
    chmod 750 "$DATA"
    # (called in an `||` context, where set -e does not apply: check each)
    as_app migrate || return 1
    as_app user add admin --role admin --password 'adminpass1' --name 'Ada Admin' || return 1
    as_app user add alice --role operator --password 'alicepass1' || return 1
    as_app user add bob --role operator --password 'bobpass123' --name 'Bob Builder' --language en || return 1
    as_app setting set form_min_seconds 0 || return 1
    as_app setting set ticket_rate_limit 1000 || return 1
    as_app setting set lookup_rate_limit 1000 || return 1
    as_app setting set reply_rate_limit 100000 || return 1
    as_app check || { log "warning: 'taquilla check' failed after preparation"; }
    # Known to the web server, unknown to the app.
    local htp="$DATA/users.htpasswd" create=()
    [ -e "$htp" ] || { log "warning: the app wrote no $htp; creating it"; create=(-c); }
    runuser -u "$RUN_USER" -- htpasswd "${create[@]}" -bB "$htp" ghost ghostpass1 || return 1
}

start_app_fcgi() { # setup-dir
    local d=$1 sock=$1/run/app.sock
    local pidf=$d/run/app.pid
    # spawn-fcgi creates the socket, hands it to the app as fd 0 and
    # exits; the app (supervisor) then forks TAQUILLA_WORKERS workers.
    env TAQUILLA_DATA="$DATA" TAQUILLA_WORKERS="$WORKERS" \
        spawn-fcgi -s "$sock" -M 0660 -u "$RUN_USER" -g "$RUN_GROUP" \
        -d "$DATA" -P "$pidf" -- "$TAQUILLA_BIN" >>"$d/logs/app.log" 2>&1 \
        || { log "spawn-fcgi failed"; return 1; }
    PIDFILES+=("$pidf")
    wait_for_socket "$sock" 10 || { log "no FastCGI socket $sock"; return 1; }
    sleep 0.3
    if ! { [ -s "$pidf" ] && kill -0 "$(cat "$pidf")" 2>/dev/null; }; then
        log "the app exited right after spawn-fcgi"; return 1
    fi
    SOCKET=$sock
}

apache_env() { # setup-dir
    local d=$1
    set +u
    # shellcheck disable=SC1091
    . /etc/apache2/envvars
    set -u
    export APACHE_RUN_DIR=$d/run/apache
    export APACHE_PID_FILE=$d/run/apache.pid
    export APACHE_LOCK_DIR=$d/run/lock
    export APACHE_LOG_DIR=$d/logs
    mkdir -p "$APACHE_RUN_DIR" "$APACHE_LOCK_DIR"
    chown "$RUN_USER" "$APACHE_LOCK_DIR"
}

start_nginx() { # setup-dir port
    local d=$1 port=$2
    mkdir -p "$d/nginx/tmp"
    render "$HERE/conf/nginx.conf.in" "$d/nginx/nginx.conf" \
        LISTEN="127.0.0.1:$port" PREFIX="$d/nginx" LOGDIR="$d/logs" \
        HTDOCS="$HTDOCS" SOCKET="$SOCKET" HTPASSWD="$DATA/users.htpasswd" || return 1
    nginx -t -q -p "$d/nginx" -c "$d/nginx/nginx.conf" 2>>"$d/logs/nginx-start.log" \
        || { log "nginx -t failed"; return 1; }
    PIDFILES+=("$d/nginx/nginx.pid")
    nginx -p "$d/nginx" -c "$d/nginx/nginx.conf" 2>>"$d/logs/nginx-start.log" \
        || { log "nginx failed to start"; return 1; }
}

start_apache() { # setup-dir port template
    local d=$1 port=$2 tpl=$3
    (
        apache_env "$d" || exit 1
        render "$HERE/conf/$tpl" "$d/apache.conf" \
            LISTEN="127.0.0.1:$port" MODDIR="$APACHE_MODDIR" HTDOCS="$HTDOCS" \
            SOCKET="${SOCKET:-}" BIN="$TAQUILLA_BIN" BINDIR="$(dirname "$TAQUILLA_BIN")" \
            DATADIR="$DATA" HTPASSWD="$DATA/users.htpasswd" WORKERS="$WORKERS" || exit 1
        apache2 -f "$d/apache.conf" -t 2>>"$d/logs/apache-start.log" \
            || { log "apache2 -t failed"; exit 1; }
        apache2 -f "$d/apache.conf" -k start 2>>"$d/logs/apache-start.log" \
            || { log "apache2 failed to start"; exit 1; }
    ) || return 1
    PIDFILES+=("$d/run/apache.pid")
}

TOTAL_PASSED=0
TOTAL_FAILED=0
RESULTS=()

count_junit() { # xml -> "passed failed"
    "$PYTHON" - "$1" <<'PY'
import sys, xml.etree.ElementTree as ET
try:
    root = ET.parse(sys.argv[1]).getroot()
except Exception:
    print("0 0"); sys.exit(0)
suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
t = f = e = s = 0
for su in suites:
    t += int(su.get("tests", 0)); f += int(su.get("failures", 0))
    e += int(su.get("errors", 0)); s += int(su.get("skipped", 0))
print(t - f - e - s, f + e)
PY
}

run_setup() { # name port
    local name=$1 port=$2 d=$WORK/$1 rc=0 passed failed
    log "=== setup $name on 127.0.0.1:$port ==="
    mkdir -p "$d/logs" "$d/run"
    chmod 755 "$d" "$d/run"
    DATA=$d/data
    SOCKET=

    if ! port_free "$port"; then
        log "port $port is already in use"; rc=1
    fi
    if [ "$rc" -eq 0 ]; then
        prepare_data >>"$d/logs/prepare.log" 2>&1 || { log "data preparation failed"; rc=1; }
    fi
    if [ "$rc" -eq 0 ]; then
        case "$name" in
            nginx)  start_app_fcgi "$d" && start_nginx "$d" "$port" || rc=1 ;;
            apache) start_app_fcgi "$d" && start_apache "$d" "$port" apache-fcgi.conf.in || rc=1 ;;
            cgi)    start_apache "$d" "$port" apache-cgi.conf.in || rc=1 ;;
        esac
    fi
    if [ "$rc" -eq 0 ] && ! wait_for_port "$port" 15; then
        log "$name does not answer on port $port"; rc=1
    fi

    if [ "$rc" -eq 0 ]; then
        local extra=() targets=()
        # shellcheck disable=SC2206
        [ -n "${E2E_PYTEST_ARGS:-}" ] && extra=(${E2E_PYTEST_ARGS})
        # shellcheck disable=SC2206
        targets=(${E2E_TESTS:-.})
        # In the background + wait, so Ctrl-C / SIGTERM run our trap at once.
        (
            cd "$SUITE"
            exec env PYTHONDONTWRITEBYTECODE=1 \
                E2E_SETUP="$name" E2E_BASE_URL="http://127.0.0.1:$port" \
                E2E_DATA="$DATA" TAQUILLA_BIN="$TAQUILLA_BIN" E2E_RUN_USER="$RUN_USER" \
                "$PYTHON" -m pytest -c "$SUITE/pytest.ini" --rootdir "$SUITE" \
                -p no:cacheprovider --junitxml "$d/junit.xml" \
                -o junit_suite_name="$(basename "$SUITE")-$name" "${extra[@]}" "${targets[@]}"
        ) &
        PYTEST_PID=$!
        wait "$PYTEST_PID" || rc=$?
        PYTEST_PID=
        read -r passed failed < <(count_junit "$d/junit.xml")
        if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi  # pytest itself broke
    else
        passed=0; failed=1
    fi

    stop_all
    TOTAL_PASSED=$((TOTAL_PASSED + passed))
    TOTAL_FAILED=$((TOTAL_FAILED + failed))
    if [ "$rc" -ne 0 ]; then
        ANY_FAILED=1
        RESULTS+=("$name: FAILED ($passed passed, $failed failed)")
        log "setup $name failed; logs follow"
        show_logs "$d"
    else
        RESULTS+=("$name: ok ($passed passed)")
    fi
}

for s in "${SETUPS[@]}"; do
    case "$s" in
        nginx)  run_setup nginx "${E2E_NGINX_PORT:-18081}" ;;
        apache) run_setup apache 18082 ;;
        cgi)    run_setup cgi 18083 ;;
    esac
done

for r in "${RESULTS[@]}"; do log "$r"; done
if [ "$ANY_FAILED" -ne 0 ] || [ "${E2E_KEEP:-0}" = 1 ]; then
    log "kept $WORK (logs, data dirs)"
    KEEP_NOTED=1
fi
echo "e2e: $TOTAL_PASSED passed, $TOTAL_FAILED failed"
[ "$ANY_FAILED" -eq 0 ]
