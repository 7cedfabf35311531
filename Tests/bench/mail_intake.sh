#!/usr/bin/env bash
# Mail intake benchmark (issue 6 target: >= 500 messages/s parsed and stored). Not a test.
#
#   Tests/bench/mail_intake.sh
#
# Builds the release binary (unless TAQUILLA_BIN is set), generates messages — new
# tickets from distinct senders, replies carrying a ticket tag, HTML mail with an
# attachment — plus the shared corpus (../shared/mail-corpus, when present), and prints
# messages/s for:
#   (a) in-process: `taquilla mail import FILE...` (one process, one processor);
#   (b) per message: `taquilla mail pipe` once per message (process start, open, import).
# Each run gets a fresh data directory. Everything lives in a temp dir, removed at the end.
#
# Environment: MAIL_BENCH_MESSAGES=2000 (generated, case a), MAIL_BENCH_PIPED=300 (case b),
#              MAIL_BENCH_CORPUS=DIR (default: ../shared/mail-corpus beside the repo), BENCH_KEEP=1,
#              MAIL_BENCH_TSV=FILE (also append both rates as rows for Tests/bench/table.py)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
# The catalogs (lang/) are the repository's, also when TAQUILLA_BIN is a binary copied elsewhere.
export TAQUILLA_ROOT=${TAQUILLA_ROOT:-$REPO}
MESSAGES=${MAIL_BENCH_MESSAGES:-2000}
PIPED=${MAIL_BENCH_PIPED:-300}
CORPUS=${MAIL_BENCH_CORPUS:-}
for candidate in "$REPO/../shared/mail-corpus" "$REPO/../../shared/mail-corpus"; do
    [[ -z "$CORPUS" && -d "$candidate" ]] && CORPUS=$candidate
done
PYTHON=${PYTHON:-python3}

log() { printf 'mail bench: %s\n' "$*" >&2; }

if [[ -z "${TAQUILLA_BIN:-}" ]]; then
    log "building the release binary (static Swift stdlib, as install.sh does)"
    (cd "$REPO" && swift build -c release --static-swift-stdlib --product taquilla >&2)
    TAQUILLA_BIN="$REPO/.build/release/taquilla"
fi
WORK=$(mktemp -d /tmp/taquilla-mail-bench.XXXXXX)
cleanup() { if [[ -z "${BENCH_KEEP:-}" ]]; then rm -rf "$WORK"; else log "kept $WORK"; fi; }
trap cleanup EXIT

log "generating $MESSAGES messages in $WORK/msgs"
"$PYTHON" - "$WORK/msgs" "$MESSAGES" "$CORPUS" <<'PY'
import base64, os, shutil, sys
out, count, corpus = sys.argv[1], int(sys.argv[2]), sys.argv[3]
os.makedirs(out)
pdf = base64.encodebytes(b"%PDF-1.4\n" + os.urandom(6000)).decode()
for i in range(count):
    kind = i % 4
    head = "From: Cliente %d <cliente%d@example.com>\r\nTo: soporte@example.org\r\nMessage-ID: <bench-%d@example.com>\r\nDate: Tue, 24 Nov 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\n" % (i, i % 500, i)
    if kind == 3:
        body = ("Subject: =?utf-8?Q?Factura_n=C2=BA_%d?=\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\n"
                "Content-Type: text/html; charset=utf-8\r\n\r\n<p>Hola, <b>adjunto</b> la factura %d.</p><script>x()</script>\r\n"
                "--b\r\nContent-Type: application/pdf; name=\"f%d.pdf\"\r\nContent-Disposition: attachment; filename=\"f%d.pdf\"\r\n"
                "Content-Transfer-Encoding: base64\r\n\r\n%s--b--\r\n") % (i, i, i, i, pdf)
    else:
        body = ("Subject: Consulta %d sobre el pedido\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
                "Buenos días,\r\n\r\nel pedido %d no ha llegado todavía. ¿Pueden revisarlo?\r\n\r\nGracias\r\n"
                "El lun, 23 nov 2026, Soporte escribió:\r\n> Texto citado\r\n> más texto\r\n") % (i, i)
    with open(os.path.join(out, "g%06d.eml" % i), "w", newline="") as f:
        f.write(head + body)
n = 0
if os.path.isdir(corpus):
    for root, _, files in os.walk(corpus):
        for name in files:
            if name.endswith(".eml"):
                shutil.copy(os.path.join(root, name), os.path.join(out, "c%05d.eml" % n)); n += 1
print(n, file=open(os.path.join(out, "..", "corpus-count"), "w"))
PY
CORPUS_COUNT=$(cat "$WORK/corpus-count")

fresh() {
    local d="$WORK/data-$1"
    mkdir -p "$d"
    TAQUILLA_DATA="$d" "$TAQUILLA_BIN" migrate >/dev/null
    echo "$d"
}

log "(a) in-process: mail import of $((MESSAGES + CORPUS_COUNT)) files"
DATA=$(fresh import)
IMPORT_LINE=$(cd "$WORK/msgs" && TAQUILLA_DATA="$DATA" "$TAQUILLA_BIN" mail import --quiet ./*.eml | tail -1)
TICKETS=$("$PYTHON" -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from tickets').fetchone()[0])" "$DATA/taquilla.sqlite")

log "(b) one process per message: mail pipe x $PIPED"
DATA=$(fresh pipe)
start=$(date +%s%N)
for f in $(ls "$WORK/msgs"/g*.eml | head -n "$PIPED"); do
    TAQUILLA_DATA="$DATA" "$TAQUILLA_BIN" mail pipe < "$f"
done
end=$(date +%s%N)
PIPE_RATE=$(( PIPED * 1000000000 / (end - start) ))

printf '\n%-44s %s\n' "mail intake (release binary)" "result"
printf '%-44s %s\n' "(a) mail import, one process" "$IMPORT_LINE ($TICKETS tickets; $CORPUS_COUNT corpus files)"
printf '%-44s %s\n' "(b) mail pipe, one process per message" "$PIPED messages in $(( (end - start) / 1000000 )) ms: $PIPE_RATE messages/s"
if [[ -n "${MAIL_BENCH_TSV:-}" ]]; then
    IMPORT_RATE=$(sed -n 's/.*: \([0-9]*\) messages\/s$/\1/p' <<<"$IMPORT_LINE")
    printf 'rate\t%s\t%s\t500\t%s\n' "mail intake, mail import (one process)" "${IMPORT_RATE:-0}" \
        "$((MESSAGES + CORPUS_COUNT)) messages parsed, threaded and stored, $TICKETS tickets" >>"$MAIL_BENCH_TSV"
    printf 'rate\t%s\t%s\t500\t%s\n' "mail intake, mail pipe (process per message)" "$PIPE_RATE" \
        "$PIPED messages, one taquilla process each" >>"$MAIL_BENCH_TSV"
fi
