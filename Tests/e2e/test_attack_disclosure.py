"""Attack: making the app disclose or misdirect secrets (access codes, internals).

Host-header poisoning of the links in outgoing mail, access codes at rest and in logs,
caching of pages that show a code, cookie attributes, error pages, methods.
"""
import glob
import os
import re

import pytest

import helpers
from attack_helpers import cookie_header, csrf_pair, multipart_body, new_ticket_parts, raw, server_log_dir
from helpers import page, set_cookie_headers, unique


def open_with_host(client, host, extra_headers=()):
    """POST /new by hand with the given Host header (the browser's cookies go along)."""
    _, token = csrf_pair(client)
    subject = "host " + unique()
    parts, _ = new_ticket_parts(token, subject=subject, email="%s@example.com" % unique("h"))
    body, ctype = multipart_body(parts)
    r = raw("/new", method="POST", body=body, host=host,
            headers=[("Content-Type", ctype), ("Cookie", cookie_header(client))] + list(extra_headers))
    assert r.status == 200, "POST /new with Host %r -> %d" % (host, r.status)
    number = helpers.Page(r.text).text_of("ticket-number")
    mail = helpers.db_query("SELECT o.body_text FROM outbox o JOIN tickets t ON t.id = o.ticket_id "
                            "WHERE t.number = ? AND o.kind = 'confirmation'", (number,))
    assert len(mail) == 1
    return number, mail[0]["body_text"]


def test_mail_link_ignores_host_header(client):
    number, body = open_with_host(client, "evil.example")
    assert "evil.example" not in body, "the mail links to the attacker's host:\n%s" % body


def test_mail_link_ignores_forwarded_host(client):
    number, body = open_with_host(client, "127.0.0.1", [("X-Forwarded-Host", "evil.example"),
                                                        ("Forwarded", "host=evil.example")])
    assert "evil.example" not in body
    assert "/ticket/%s?code={access_code}" % number in body


def test_mail_link_uses_base_url_when_set(client, setting):
    setting("base_url", "https://help.example.org/")
    number, body = open_with_host(client, "evil.example")
    assert "https://help.example.org/ticket/%s?code={access_code}" % number in body
    assert "evil.example" not in body


def test_access_code_only_hashed_at_rest(client, db):
    """The code is in no column of tickets, messages or the mail body; only in
    outbox.secret, which the sender clears once the mail has gone."""
    t = helpers.create_ticket(client)
    plain = t.code.replace("-", "")
    row = db.ticket(t.number)
    assert len(bytes(row["access_hash"])) == 32
    for table in ("tickets", "messages", "customers", "attachments", "rate_limits", "settings"):
        for r in db.query("SELECT * FROM %s" % table):
            for k, v in r.items():
                s = bytes(v).decode("latin-1") if isinstance(v, (bytes, memoryview)) else str(v)
                assert t.code not in s and plain not in s, "the access code is stored in %s.%s" % (table, k)
    mail = db.one("SELECT body_text, subject, secret FROM outbox WHERE ticket_id = ?", (row["id"],))
    assert t.code not in mail["body_text"] and t.code not in mail["subject"]
    assert mail["secret"] == t.code


def test_access_code_not_in_app_or_error_logs(ticket, client):
    """The app's own log and the error logs (where the app's stderr goes) never get the
    code, right or wrong (only the servers' access logs do, see below)."""
    client.get("/ticket/%s?code=%s" % (ticket.number, ticket.code))
    client.get("/ticket/%s?code=%s" % (ticket.number, helpers.other_code(ticket.code)))
    helpers.lookup(client, ticket.number, helpers.other_code(ticket.code))
    logs = [os.path.join(helpers.DATA_DIR, "taquilla.log")] + \
        [p for p in glob.glob(os.path.join(server_log_dir(), "*")) if "access" not in os.path.basename(p)]
    logs = [p for p in logs if os.path.isfile(p)]
    assert logs, "no log files found"
    for path in logs:
        with open(path, "rb") as f:
            data = f.read()
        for code in (ticket.code, helpers.other_code(ticket.code)):
            assert code.encode() not in data, "an access code is in %s" % os.path.basename(path)


def test_access_code_not_in_server_access_log(ticket, client):
    r = client.get("/ticket/%s?code=%s" % (ticket.number, ticket.code))
    assert r.status_code == 303
    logs = glob.glob(os.path.join(server_log_dir(), "*access*"))
    assert logs, "no access log found in %s" % server_log_dir()
    for path in logs:
        with open(path, "rb") as f:
            assert ticket.code.encode() not in f.read(), "the access code is in %s" % os.path.basename(path)


def test_pages_with_code_not_cacheable(client):
    t = helpers.create_ticket(client)
    for r in (t.response, client.get("/ticket/" + t.number),
              client.get("/ticket/%s?code=%s" % (t.number, t.code))):
        cc = r.headers.get("Cache-Control", "")
        assert "no-store" in cc, "%s: Cache-Control %r" % (r.request.path_url, cc)


def test_guest_cookie_attributes(client):
    t = helpers.create_ticket(client)
    guest = [c for c in set_cookie_headers(t.response) if c.startswith("tq_guest=")]
    assert len(guest) == 1, set_cookie_headers(t.response)
    attrs = {a.strip().split("=", 1)[0].lower(): (a.split("=", 1)[1] if "=" in a else "")
             for a in guest[0].split(";")[1:]}
    assert "httponly" in attrs
    assert attrs.get("samesite", "").lower() in ("lax", "strict")
    assert attrs.get("path") == "/ticket/" + t.number
    assert "domain" not in attrs
    assert 0 < int(attrs.get("max-age", "0")) <= 30 * 86400
    value = guest[0].split(";", 1)[0].split("=", 1)[1]
    assert t.code not in value and t.code.replace("-", "") not in value


def test_csrf_and_lang_cookie_attributes(client):
    r = client.get("/new?lang=en")
    for name in ("tq_csrf", "tq_lang"):
        c = [h for h in set_cookie_headers(r) if h.startswith(name + "=")]
        assert len(c) == 1, set_cookie_headers(r)
        low = c[0].lower()
        assert "httponly" in low and re.search(r"samesite=(lax|strict)", low), c[0]


@pytest.mark.parametrize("method, path", [("PUT", "/new"), ("DELETE", "/ticket/12345678"), ("PATCH", "/ticket"),
                                          ("OPTIONS", "/new"), ("TRACE", "/"), ("PROPFIND", "/"),
                                          ("POST", "/ticket/12345678/file/1"), ("POST", "/")])
def test_unexpected_methods(method, path):
    r = raw(path, method=method, body=b"" if method in ("PUT", "POST", "PATCH") else None)
    assert r.status in (400, 403, 405, 501), "%s %s -> %d" % (method, path, r.status)
    if method == "TRACE":
        assert b"TRACE / HTTP" not in r.content


def test_error_pages_reveal_no_internals(client):
    responses = [client.get("/no-such-%s" % unique()), client.put("/new"),
                 client.post("/new", data=b"--x\r\n", headers={"Content-Type": "multipart/form-data; boundary=y"}),
                 client.get("/ticket/12345678/file/1")]
    for r in responses:
        assert r.status_code < 500
        text = r.text
        for marker in ("/work/", "/tmp/", ".swift", "Fatal error", "DatabaseError", "SQLITE", "Traceback",
                       helpers.DATA_DIR):
            assert marker not in text, "%s %d shows %r" % (r.request.method, r.status_code, marker)


def test_server_header_has_no_version(client):
    r = client.get("/static/taquilla.css")
    server = r.headers.get("Server", "")
    assert not re.search(r"\d+\.\d+", server), "Server header reveals a version: %r" % server
    r = client.get("/")
    assert not re.search(r"\d+\.\d+", r.headers.get("Server", "")), r.headers.get("Server")
    assert "X-Powered-By" not in r.headers
