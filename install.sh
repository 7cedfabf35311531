#!/usr/bin/env bash
# Taquilla installer and test runner.
#
#   ./install.sh              install or upgrade, then serve on http://127.0.0.1:${PORT:-8080}
#   ./install.sh stop         stop what ./install.sh started
#   ./install.sh test         install test dependencies and run every test
#   ./install.sh build        build the release binary only
#   ./install.sh nginx-conf   print an nginx + spawn-fcgi configuration for an existing server
#   ./install.sh apache-conf  print Apache configurations (mod_proxy_fcgi, shared hosting)
#   ./install.sh bench        run the performance benchmark (Tests/bench/run.sh; not a test)
#   ./install.sh bench-mail   mail intake rate (Tests/bench/mail_intake.sh; not a test)
#
# Environment: PORT (default 8080), WEB_USER (default www-data), WORKERS (default 4),
# SERVER_NAME (default localhost, used by the *-conf printouts).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PORT=${PORT:-8080}
WEB_USER=${WEB_USER:-www-data}
WORKERS=${WORKERS:-4}
SERVER_NAME=${SERVER_NAME:-localhost}
DATA="$ROOT/data"
RUN="$DATA/run"
BIN="$ROOT/.build/release/taquilla"

say() { printf '\033[1m==>\033[0m %s\n' "$*"; }
die() { printf 'install.sh: %s\n' "$*" >&2; exit 1; }

BUILD_PACKAGES=(libsqlite3-dev libfcgi-dev libcurl4-openssl-dev libcrypt-dev pkg-config)
RUN_PACKAGES=(nginx-light spawn-fcgi apache2-utils sqlite3 ca-certificates cron)
TEST_PACKAGES=(apache2 fcgiwrap curl python3-pip chromium chromium-driver python3-aiosmtpd openssl
               dovecot-core dovecot-imapd dovecot-pop3d dovecot-lmtpd)

# ----------------------------------------------------------------------------- helpers

apt_install() {
    local missing=()
    for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
    [ ${#missing[@]} -eq 0 ] && return 0
    [ "$(id -u)" -eq 0 ] || die "missing packages (${missing[*]}); run as root or install them with apt"
    say "installing ${missing[*]}"
    # Quiet, non-interactive; the services Debian would start are stopped again below.
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    # Debian starts nginx/apache on port 80 on install; we run our own instances.
    for svc in nginx apache2; do
        if command -v service >/dev/null 2>&1 && [ -e "/etc/init.d/$svc" ]; then service "$svc" stop >/dev/null 2>&1 || true; fi
    done
}

find_swift() {
    if command -v swift >/dev/null 2>&1; then return 0; fi
    for d in /opt/swift/usr/bin /usr/share/swift/usr/bin; do
        if [ -x "$d/swift" ]; then export PATH="$d:$PATH"; return 0; fi
    done
    die "a Swift 6 toolchain is needed to build (https://www.swift.org/install/linux/); put 'swift' on PATH"
}

build_release() {
    apt_install "${BUILD_PACKAGES[@]}"
    find_swift
    say "building the release binary (static Swift standard library)"
    (cd "$ROOT" && swift build -c release --static-swift-stdlib --product taquilla 2>&1 | grep -vE '^\[[0-9]+/[0-9]+\]' || true)
    [ -x "$BIN" ] || die "the build did not produce $BIN"
}

# Creates or migrates data/, owned by the web user; creates the first admin.
prepare_data() {
    id "$WEB_USER" >/dev/null 2>&1 || die "user $WEB_USER does not exist (set WEB_USER)"
    mkdir -p "$DATA" "$RUN"
    chown "$WEB_USER:$WEB_USER" "$DATA"
    chmod 750 "$DATA"
    # Admins save translations from the web pages into lang/.
    chgrp -R "$WEB_USER" "$ROOT/lang" && chmod -R g+w "$ROOT/lang"
    chmod 755 "$RUN"
    # The CLI switches to the data directory's owner by itself when run as root.
    TAQUILLA_DATA="$DATA" "$BIN" migrate
    # Links in mails need the public address; never trust the client's Host header for it.
    if [ -z "$(TAQUILLA_DATA="$DATA" "$BIN" setting get base_url)" ]; then
        TAQUILLA_DATA="$DATA" "$BIN" setting set base_url "http://127.0.0.1:$PORT"
        echo "    base_url set to http://127.0.0.1:$PORT (change it to the public address: taquilla setting set base_url https://…)"
    fi
    if ! TAQUILLA_DATA="$DATA" "$BIN" user list | grep -q .; then
        say "creating the first administrator"
        TAQUILLA_DATA="$DATA" "$BIN" user add admin --role admin --name Administrator | sed 's/^/    /'
        echo "    (log in at /desk/ or /admin/ as 'admin' with the password above; change it with:"
        echo "     $BIN user passwd admin)"
    fi
}

# nginx configuration. $1 = listen address, $2 = FastCGI socket, $3 = "standalone" for a
# complete nginx.conf with its own pid/logs, or "site" for a server block to include.
nginx_config() {
    local listen=$1 socket=$2 mode=$3 log=/var/log/nginx/taquilla-access.log
    [ "$mode" = standalone ] && log=$RUN/nginx-access.log
    if [ "$mode" = standalone ]; then
        cat <<EOF
# Written by install.sh; regenerated on every run.
user $WEB_USER;
worker_processes auto;
pid $RUN/nginx.pid;
error_log $RUN/nginx-error.log warn;
events { worker_connections 1024; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    client_body_temp_path $RUN/tmp-body;
    fastcgi_temp_path $RUN/tmp-fastcgi;
    proxy_temp_path $RUN/tmp-proxy;
    uwsgi_temp_path $RUN/tmp-uwsgi;
    scgi_temp_path $RUN/tmp-scgi;
    sendfile on;
EOF
    fi
    cat <<EOF
    # Taquilla: static files from htdocs/, everything else to the FastCGI workers.
    # data/ and lang/ are outside the web root and denied by name as well.
    # Security headers for what nginx answers itself (static files, 401, 403, 404, 502);
    # the app sets its own, and add_header skips the empty value these maps give then.
    map \$upstream_http_content_security_policy \$taquilla_csp {
        ""      "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";
        default "";
    }
    map \$upstream_http_x_content_type_options \$taquilla_nosniff { "" nosniff; default ""; }
    map \$upstream_http_referrer_policy \$taquilla_referrer { "" same-origin; default ""; }
    map \$upstream_http_x_frame_options \$taquilla_frames { "" DENY; default ""; }
    # No query strings in the log: the mail link carries the access code in ?code=.
    log_format taquilla '\$remote_addr - \$remote_user [\$time_local] "\$request_method \$uri \$server_protocol" \$status \$body_bytes_sent';
    server {
        listen $listen;
        server_name $SERVER_NAME;
        root $ROOT/htdocs;
        server_tokens off;
        access_log $log taquilla;
        client_max_body_size 25m;
        add_header Content-Security-Policy \$taquilla_csp always;
        add_header X-Content-Type-Options \$taquilla_nosniff always;
        add_header Referrer-Policy \$taquilla_referrer always;
        add_header X-Frame-Options \$taquilla_frames always;

        set \$taquilla_user "";
        set \$taquilla_auth "";
        fastcgi_param REQUEST_METHOD  \$request_method;
        fastcgi_param REQUEST_URI     \$request_uri;
        fastcgi_param QUERY_STRING    \$query_string;
        fastcgi_param CONTENT_TYPE    \$content_type;
        fastcgi_param CONTENT_LENGTH  \$content_length;
        fastcgi_param SCRIPT_NAME     "";
        fastcgi_param PATH_INFO       \$uri;
        fastcgi_param DOCUMENT_URI    \$uri;
        fastcgi_param SERVER_NAME     \$server_name;
        fastcgi_param SERVER_PORT     \$server_port;
        fastcgi_param HTTPS           \$https if_not_empty;
        fastcgi_param REMOTE_ADDR     \$remote_addr;
        fastcgi_param REMOTE_USER     \$taquilla_user if_not_empty;
        fastcgi_param HTTP_AUTHORIZATION \$taquilla_auth;
        fastcgi_param HTTP_PROXY      "";

        location /static/ { try_files \$uri =404; expires 1h; }
        location ~ ^/(data|lang)(/|\$) { deny all; }
        location ~ /\. { deny all; }
        location ~ ^/(desk|admin)(/|\$) {
            auth_basic "Taquilla";
            auth_basic_user_file $DATA/users.htpasswd;
            set \$taquilla_user \$remote_user;
            fastcgi_pass unix:$socket;
        }
        # JSON API: bearer keys, no Basic; only here does Authorization reach the app.
        location ^~ /api/ { set \$taquilla_auth \$http_authorization; fastcgi_pass unix:$socket; }
        location / { fastcgi_pass unix:$socket; }
    }
EOF
    if [ "$mode" = standalone ]; then echo "}"; fi
}

start_services() {
    local socket="$RUN/fcgi.sock"
    stop_services quiet
    say "starting $WORKERS FastCGI workers (spawn-fcgi)"
    env TAQUILLA_DATA="$DATA" TAQUILLA_WORKERS="$WORKERS" \
        spawn-fcgi -s "$socket" -M 0660 -u "$WEB_USER" -g "$WEB_USER" -P "$RUN/fcgi.pid" -- "$BIN" >/dev/null
    say "starting nginx on 127.0.0.1:$PORT"
    nginx_config "127.0.0.1:$PORT" "$socket" standalone > "$RUN/nginx.conf"
    nginx -t -q -p "$RUN" -c "$RUN/nginx.conf"
    nginx -p "$RUN" -c "$RUN/nginx.conf"
    local i
    for i in $(seq 1 50); do
        if curl -fsS -o /dev/null "http://127.0.0.1:$PORT/" 2>/dev/null; then break; fi
        sleep 0.1
    done
    curl -fsS -o /dev/null "http://127.0.0.1:$PORT/" || die "the portal does not answer on port $PORT; see $RUN/nginx-error.log and $DATA/taquilla.log"
}

stop_pidfile() {
    local file=$1 pid i
    [ -s "$file" ] || return 0
    pid=$(cat "$file")
    if kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid"
        for i in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
    fi
    rm -f "$file"
}

stop_services() {
    [ "${1:-}" = quiet ] || say "stopping nginx and the FastCGI workers"
    stop_pidfile "$RUN/nginx.pid"
    stop_pidfile "$RUN/fcgi.pid"
    rm -f "$RUN/fcgi.sock"
}

# /etc/cron.d/taquilla: `mail send` every minute, `mail fetch` every 5 minutes and `maintain`
# (full-text index merging) hourly, as the web user. Rewritten only while it carries our
# marker; the send line is left out when a crontab already runs `taquilla mail send` (the
# README used to suggest `crontab -e`).
install_cron() {
    local file=/etc/cron.d/taquilla marker="# written by Taquilla's install.sh"
    if [ -e "$file" ] && ! grep -qF "$marker" "$file"; then
        say "$file exists and was not written by install.sh: left alone"; return
    fi
    local send="* * * * * $WEB_USER TAQUILLA_DATA=$DATA $BIN mail send"
    if crontab -l -u root 2>/dev/null | grep -q 'taquilla mail send' \
        || crontab -l -u "$WEB_USER" 2>/dev/null | grep -q 'taquilla mail send'; then
        send="# mail send: already in a crontab"
    fi
    printf '%s\nSHELL=/bin/sh\n%s\n*/5 * * * * %s TAQUILLA_DATA=%s %s mail fetch\n17 * * * * %s TAQUILLA_DATA=%s %s maintain >/dev/null\n' \
        "$marker" "$send" "$WEB_USER" "$DATA" "$BIN" "$WEB_USER" "$DATA" "$BIN" > "$file"
    chmod 644 "$file"
    say "cron: $file (mail send every minute, mail fetch every 5 minutes, maintain hourly, as $WEB_USER)"
}

# ----------------------------------------------------------------------------- commands

cmd_install() {
    [ "$(id -u)" -eq 0 ] || die "run as root: it installs packages and starts nginx as $WEB_USER"
    apt_install "${BUILD_PACKAGES[@]}" "${RUN_PACKAGES[@]}" curl
    build_release
    prepare_data
    install_cron
    start_services
    TAQUILLA_DATA="$DATA" "$BIN" check | sed 's/^/    /'
    cat <<EOF

Taquilla is running.
  Customers:      http://127.0.0.1:$PORT/            (Español / English)
  Operators:      http://127.0.0.1:$PORT/desk/
  Administrators: http://127.0.0.1:$PORT/admin/
  Data:           $DATA (database, attachments, users.htpasswd, taquilla.log)
  Stop:           ./install.sh stop        Upgrade: git pull && ./install.sh
EOF
}

cmd_test() {
    [ "$(id -u)" -eq 0 ] || die "the tests start nginx and Apache as $WEB_USER: run as root"
    apt_install "${BUILD_PACKAGES[@]}" "${RUN_PACKAGES[@]}" "${TEST_PACKAGES[@]}"
    find_swift
    local python=python3
    if ! "$python" -c 'import pytest, requests' 2>/dev/null; then
        say "installing pytest and requests from PyPI"
        "$python" -m pip install -q pytest requests 2>/dev/null \
            || "$python" -m pip install -q --break-system-packages pytest requests
    fi
    if ! "$python" -c 'import selenium' 2>/dev/null; then
        say "installing selenium from PyPI (the browser tests use Debian's chromium-driver)"
        "$python" -m pip install -q selenium 2>/dev/null \
            || "$python" -m pip install -q --break-system-packages selenium
    fi
    if ! "$python" -c 'import schemathesis' 2>/dev/null; then
        say "installing schemathesis from PyPI (Tests/e2e checks the API against its OpenAPI document)"
        "$python" -m pip install -q schemathesis 2>/dev/null \
            || "$python" -m pip install -q --break-system-packages schemathesis
    fi
    say "unit, storage and in-process request tests (swift test)"
    local unit=0
    # Per-test chatter is dropped; failures and the closing "Test run with N tests" line stay.
    (cd "$ROOT" && swift test 2>&1 | grep -vE '^\[[0-9]+/[0-9]+\]|^(✔|◇) (Suite |Test case|Test "|Test [A-Za-z0-9_]+\()|started\.$') || unit=$?
    build_release
    say "process tests: the binary's FastCGI, CGI and command-line faces"
    local process=0
    TAQUILLA_BIN="$BIN" "$python" -m pytest -c "$ROOT/Tests/process/pytest.ini" "$ROOT/Tests/process" || process=$?
    say "mail tests: taquilla mail send/test against a local SMTP server (aiosmtpd)"
    local mail=0
    TAQUILLA_BIN="$BIN" "$python" -m pytest -c "$ROOT/Tests/mail/pytest.ini" "$ROOT/Tests/mail" || mail=$?
    say "mailbox tests: mail fetch and the whole mail loop against Dovecot (POP3, IMAP, TLS)"
    TAQUILLA_BIN="$BIN" "$python" -m pytest -c "$ROOT/Tests/mailbox/pytest.ini" "$ROOT/Tests/mailbox" || mail=$?
    say "fuzzing: a short run of each harness (Tests/Fuzz/run.sh, libFuzzer + AddressSanitizer)"
    local fuzz=0
    "$ROOT/Tests/Fuzz/run.sh" --runs 20000 --time 20 || fuzz=$?
    say "fault tests: backup under load, killed workers, write storm, full disk"
    local faults=0
    TAQUILLA_BIN="$BIN" "$python" -m pytest -c "$ROOT/Tests/faults/pytest.ini" "$ROOT/Tests/faults" || faults=$?
    say "end-to-end tests behind nginx, Apache and plain CGI"
    local e2e=0
    TAQUILLA_BIN="$BIN" PYTHON="$python" "$ROOT/Tests/e2e/run.sh" || e2e=$?
    say "browser tests: headless Chromium behind nginx (screenshots in screenshots/)"
    local browser=0
    TAQUILLA_BIN="$BIN" PYTHON="$python" "$ROOT/Tests/browser/run.sh" || browser=$?
    if [ "$unit" -ne 0 ] || [ "$process" -ne 0 ] || [ "$mail" -ne 0 ] || [ "$fuzz" -ne 0 ] || [ "$faults" -ne 0 ] || [ "$e2e" -ne 0 ] || [ "$browser" -ne 0 ]; then
        die "tests failed (swift test: $unit, process: $process, mail: $mail, fuzz: $fuzz, faults: $faults, end-to-end: $e2e, browser: $browser)"
    fi
    say "all tests passed"
}

cmd_nginx_conf() {
    cat <<EOF
# --- Taquilla behind nginx + spawn-fcgi ------------------------------------------
# 1. Start the workers (e.g. from systemd or rc.local), as the web user:
#      TAQUILLA_DATA=$DATA TAQUILLA_WORKERS=$WORKERS \\
#        spawn-fcgi -s /run/taquilla.sock -M 0660 -u $WEB_USER -g $WEB_USER -P /run/taquilla.pid -- $BIN
#    Stop with: kill \$(cat /run/taquilla.pid)   (finishes requests in flight)
# 2. Put the block below in the http { } section (e.g. /etc/nginx/conf.d/taquilla.conf),
#    add TLS (listen 443 ssl; ssl_certificate ...), and reload nginx.
# 3. Operators sign in with HTTP Basic against $DATA/users.htpasswd
#    (managed by: $BIN user add|passwd|remove).
EOF
    nginx_config "80" "/run/taquilla.sock" site
}

cmd_apache_conf() {
    cat <<EOF
# --- A. Apache 2.4 + mod_proxy_fcgi (recommended) ----------------------------------
# a2enmod proxy_fcgi headers auth_basic authn_file; start the workers with spawn-fcgi as
# shown by './install.sh nginx-conf' (socket /run/taquilla.sock), then:
<VirtualHost *:80>
    ServerName $SERVER_NAME
    DocumentRoot $ROOT/htdocs
    UseCanonicalName On
    LimitRequestBody 26214400
    # No query strings in the log: the mail link carries the access code in ?code=.
    LogFormat "%h %l %u %t \"%m %U %H\" %>s %b" taquilla
    CustomLog \${APACHE_LOG_DIR}/taquilla-access.log taquilla
    <Directory $ROOT/htdocs>
        Require all granted
        Options -Indexes
    </Directory>
    Header always setifempty Content-Security-Policy "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
    Header always setifempty X-Content-Type-Options nosniff
    Header always setifempty Referrer-Policy same-origin
    Header always setifempty X-Frame-Options DENY
    <LocationMatch "^/(data|lang)(/|$)">
        Require all denied
    </LocationMatch>
    <LocationMatch "^/(desk|admin)(/|$)">
        AuthType Basic
        AuthName "Taquilla"
        AuthUserFile $DATA/users.htpasswd
        Require valid-user
    </LocationMatch>
    <Location "/api/">
        CGIPassAuth On
    </Location>
    ProxyPassMatch ^/static/ !
    ProxyPass / "unix:/run/taquilla.sock|fcgi://localhost/" enablereuse=off
</VirtualHost>

# --- B. Shared hosting with .htaccess ------------------------------------------------
# Copy the folder, build or upload the binary, make data/ writable by the web user, and
# put this .htaccess in the document root (htdocs/). With mod_fcgid use "fcgid-script" as
# the handler (and raise FcgidMaxRequestLen to 26214400); otherwise plain CGI works as is.
#   Options +ExecCGI -Indexes
#   SetEnv TAQUILLA_ROOT $ROOT
#   SetEnv TAQUILLA_DATA $DATA
#   RewriteEngine On
#   RewriteCond %{REQUEST_URI} !^/static/
#   RewriteRule ^ /taquilla.cgi [L]
#   <Files taquilla.cgi>
#       SetHandler cgi-script
#   </Files>
# where htdocs/taquilla.cgi is a copy of (or symlink to) $BIN. The desk and admin
# areas need HTTP Basic in the same .htaccess:
#   <If "%{REQUEST_URI} =~ m#^/(desk|admin)(/|\$)#">
#       AuthType Basic
#       AuthName "Taquilla"
#       AuthUserFile $DATA/users.htpasswd
#       Require valid-user
#   </If>
# The JSON API under /api/ needs the Authorization header passed to the program:
#   CGIPassAuth On
# data/ and lang/ sit outside the document root and are never served.
EOF
}

case "${1:-install}" in
    install) cmd_install ;;
    stop) stop_services ;;
    test) cmd_test ;;
    build) build_release ;;
    nginx-conf) cmd_nginx_conf ;;
    apache-conf) cmd_apache_conf ;;
    bench) exec "$ROOT/Tests/bench/run.sh" ;;
    bench-mail) exec "$ROOT/Tests/bench/mail_intake.sh" ;;
    -h|--help|help) sed -n '2,15p' "$0" ;;
    *) die "unknown command '$1' (see ./install.sh --help)" ;;
esac
