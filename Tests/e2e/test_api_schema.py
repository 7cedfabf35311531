"""The OpenAPI document checked against the live API behind nginx with schemathesis:
every operation is fuzzed from the schema, and each response must be documented
(status, content type, body schema) and never a 500. Runs in the nginx setup only
(the same app answers the others); needs `st` (pip install schemathesis).

The "coverage" phase is left out: with schemathesis 4.32 on Python 3.11.7 it stopped
with an internal error inside hypothesis ("AST constructor recursion depth mismatch"
while describing a filter), before sending anything; examples and fuzzing run fully.
"""
import os
import re
import shutil
import subprocess
import sys

import pytest

import helpers


def test_live_responses_match_the_openapi_document(cli, tmp_path):
    if helpers.SETUP != "nginx":
        pytest.skip("schemathesis runs once, against nginx")
    beside = os.path.join(os.path.dirname(sys.executable), "st")
    st = beside if os.access(beside, os.X_OK) else shutil.which("st")
    if not st:
        pytest.skip("schemathesis is not installed (install.sh test installs it)")
    out = cli("apikey", "create", "schemathesis", "--scopes", "tickets:create,tickets:read,stats:read,mail:read").stdout
    key = re.search(r"^key: (\S+)$", out, re.M).group(1)
    cli("setting", "set", "api_rate_limit", "1000000")
    try:
        p = subprocess.run(
            [st, "run", helpers.BASE_URL + "/api/v1/openapi.json", "--url", helpers.BASE_URL,
             "-H", "Authorization: Bearer " + key,
             "--checks", "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,"
                         "response_headers_conformance",
             "--phases", "examples,fuzzing,stateful",
             "--max-examples", os.environ.get("API_SCHEMA_EXAMPLES", "30"), "--seed", "1", "--workers", "2",
             "--report", "junit", "--report-dir", str(tmp_path)],
            capture_output=True, text=True, timeout=900, cwd=str(tmp_path))  # its cache dir goes there
    finally:
        cli("setting", "set", "api_rate_limit", "600")
    print(p.stdout[-6000:])
    assert p.returncode == 0, p.stdout[-6000:] + p.stderr[-2000:]
