"""The binary's three faces and its worker lifecycle."""
import os
import signal
import subprocess
import time

from conftest import BIN, alive, run_cli
import fcgi_client


def cgi(data, uri, method="GET", body=b"", extra=None):
    env = {"GATEWAY_INTERFACE": "CGI/1.1", "REQUEST_METHOD": method, "REQUEST_URI": uri,
           "QUERY_STRING": uri.partition("?")[2], "REMOTE_ADDR": "127.0.0.1", "HTTP_HOST": "localhost",
           "CONTENT_LENGTH": str(len(body)), "TAQUILLA_DATA": data, "PATH": "/usr/bin:/bin"}
    env.update(extra or {})
    out = subprocess.run([BIN], env=env, input=body, capture_output=True, timeout=30).stdout
    head, _, page = out.partition(b"\r\n\r\n")
    status = int(head.split(b"\r\n")[0].split()[1])
    return status, head.decode(), page


def test_cli_face_without_gateway(data_dir):
    first = run_cli(data_dir, "check", check=False)
    assert first.returncode != 0 and "FAIL  at least one operator exists" in first.stdout
    run_cli(data_dir, "user", "add", "ana", "--password", "anapass123")
    out = run_cli(data_dir, "check")
    assert "ok    schema is at" in out.stdout and "FAIL" not in out.stdout
    bad = run_cli(data_dir, "user", "add", "x", "--role", "god", check=False)
    assert bad.returncode != 0 and "role" in bad.stderr


def test_cgi_face_serves_pages_and_refuses_desk_without_remote_user(data_dir):
    status, head, page = cgi(data_dir, "/new", extra={"HTTP_ACCEPT_LANGUAGE": "es"})
    assert status == 200 and b"Asunto" in page
    assert "Content-Security-Policy:" in head
    status, _, page = cgi(data_dir, "/desk/")
    assert status == 403
    run_cli(data_dir, "user", "add", "ana", "--password", "anapass123")
    assert cgi(data_dir, "/desk/", extra={"REMOTE_USER": "ana"})[0] == 200
    assert cgi(data_dir, "/admin/", extra={"REMOTE_USER": "ana"})[0] == 403


def test_cgi_refuses_oversized_body_before_reading_it(data_dir):
    status, _, page = cgi(data_dir, "/new", method="POST", extra={"CONTENT_LENGTH": str(200 * 1024 * 1024)})
    assert status == 413


def test_fastcgi_workers_serve_and_a_dead_worker_is_replaced(fastcgi):
    app = fastcgi(workers=3)
    assert len(app.workers()) == 3
    for _ in range(20):
        status, headers, body = fcgi_client.get(app.socket, "/")
        assert status == 200 and b"<html" in body
    victim = app.workers()[0]
    os.kill(victim, signal.SIGKILL)
    deadline = time.time() + 5
    while (victim in app.workers() or len(app.workers()) < 3) and time.time() < deadline:
        time.sleep(0.05)
    assert victim not in app.workers() and len(app.workers()) == 3
    assert fcgi_client.get(app.socket, "/")[0] == 200


def test_sigterm_finishes_the_request_in_flight_then_exits(fastcgi, data_dir):
    app = fastcgi(workers=2)
    workers = app.workers()
    # Start a POST, send half of its body, then ask the server to stop.
    body = b"number=12345678&code=AAAA&csrf=x"
    conn = fcgi_client.Connection(app.socket)
    conn.begin({"REQUEST_METHOD": "POST", "REQUEST_URI": "/ticket", "QUERY_STRING": "", "REMOTE_ADDR": "127.0.0.1",
                "HTTP_HOST": "localhost", "CONTENT_TYPE": "application/x-www-form-urlencoded",
                "CONTENT_LENGTH": str(len(body))})
    conn.send_body(body[:10])
    time.sleep(0.3)
    os.kill(app.pid, signal.SIGTERM)
    time.sleep(0.5)
    assert any(alive(w) for w in workers), "the busy worker must not die with a request half read"
    conn.send_body(body[10:], end=True)
    status, headers, page = conn.response()
    assert status == 422  # a complete answer (the CSRF check refuses the made-up token)
    assert "content-security-policy" in headers
    deadline = time.time() + 10
    while (alive(app.pid) or any(alive(w) for w in workers)) and time.time() < deadline:
        time.sleep(0.05)
    assert not alive(app.pid) and not any(alive(w) for w in workers)


def test_startup_failure_answers_503_and_logs_the_request_id(tmp_path):
    data = str(tmp_path)
    os.mkdir(os.path.join(data, "taquilla.sqlite"))  # a directory where the database should be
    status, head, page = cgi(data, "/")
    assert status == 503
    request_id = page.decode().rsplit("(", 1)[1].split(")")[0]
    assert len(request_id) == 12
    with open(os.path.join(data, "taquilla.log")) as f:
        log = f.read()
    assert f"req={request_id}" in log and "ERROR" in log


def test_mail_parse_prints_json_for_a_corpus_message():
    import json
    corpus = os.path.join(os.path.dirname(__file__), "../../../shared/mail-corpus/mikel-mail/attachment_emails/attachment_with_quoted_filename.eml")
    if not os.path.exists(corpus):
        import pytest
        pytest.skip("mail corpus not beside the repository")
    out = subprocess.run([BIN, "mail", "parse", corpus, "--json"], capture_output=True, check=True, timeout=30).stdout
    parsed = json.loads(out)
    assert parsed["subject"] == "Eelanalüüsi päring"
    assert [a["type"] for a in parsed["attachments"]] == ["image/jpeg"]
    assert len(parsed["attachments"][0]["sha256"]) == 64
    bad = subprocess.run([BIN, "mail", "parse", "/nonexistent.eml"], capture_output=True, text=True, timeout=30)
    assert bad.returncode != 0 and "cannot read" in bad.stderr
