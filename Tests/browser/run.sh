#!/usr/bin/env bash
# Real-browser tests of Taquilla: headless Chromium (Selenium) against the nginx setup.
#
#   Tests/browser/run.sh
#
# The server is prepared exactly as for the end-to-end suite (Tests/e2e/run.sh nginx:
# fresh data dir, users admin/alice/bob, nginx + FastCGI on 127.0.0.1:18084), which then
# runs the pytest files of this directory instead of its own (E2E_SUITE). Needs root,
# chromium, chromium-driver (Debian) and selenium (pip); the driver is always
# /usr/bin/chromedriver, so Selenium Manager never downloads anything.
#
# Environment: as for Tests/e2e/run.sh (TAQUILLA_BIN, PYTHON, E2E_PYTEST_ARGS,
# E2E_TESTS, E2E_KEEP), plus
#   BROWSER_PORT          nginx port (default 18084, so it never meets the e2e suite's 18081)
#   BROWSER_TIMEOUT       seconds for the whole step (default 290); then everything stops
#   BROWSER_SCREENSHOTS   where the PNGs go (default <repo>/screenshots/<width>/)
#
# Prints "browser: N passed, M failed" at the end; exits non-zero on failure.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PYTHON=${PYTHON:-python3}

die() { printf 'browser: ERROR: %s\n' "$*" >&2; echo "browser: 0 passed, 1 failed"; exit 1; }

for f in /usr/bin/chromium /usr/bin/chromedriver; do
    [ -x "$f" ] || die "missing $f (apt-get install chromium chromium-driver)"
done
"$PYTHON" -c 'import selenium' 2>/dev/null || die "$PYTHON lacks selenium (pip install selenium)"

# Selenium Manager stays offline even if something asked it.
export SE_OFFLINE=true SE_AVOID_STATS=true
export E2E_SUITE=$HERE E2E_NGINX_PORT=${BROWSER_PORT:-18084} PYTHON

# run.sh stops nginx and the workers on exit, on SIGTERM from timeout too; the
# browser's own conftest quits Chromium on SIGTERM (and kills what is left by pid).
rc=0
out=$(mktemp)
timeout -k 30 "${BROWSER_TIMEOUT:-290}" "$HERE/../e2e/run.sh" nginx 2>&1 | tee "$out" || rc=$?
[ "$rc" -eq 124 ] && printf 'browser: stopped after %s s\n' "${BROWSER_TIMEOUT:-290}" >&2
summary=$(grep -E '^e2e: [0-9]+ passed, [0-9]+ failed$' "$out" | tail -n 1 || true)
rm -f "$out"
echo "browser: ${summary#e2e: }" | sed 's/^browser: $/browser: 0 passed, 1 failed/'
exit "$rc"
