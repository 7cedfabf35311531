"""Attack: getting into /desk/ and /admin/ without being the right operator.

The web server authenticates (HTTP Basic, 401) and passes REMOTE_USER; the app maps
it to an operator (403 for a name it does not know, 403 for an operator on admin
pages). No request header may stand in for REMOTE_USER.
"""
import base64

import pytest

import helpers
from attack_helpers import ADMIN, ALICE, GHOST, raw

DESK_MARK = 'id="operator-name"'      # only the desk/admin pages carry it


def b64(s):
    return base64.b64encode(s if isinstance(s, bytes) else s.encode()).decode()


def assert_not_in(resp_status, body, what):
    assert resp_status != 200, "%s answered 200" % what
    assert resp_status < 500, "%s answered %d" % (what, resp_status)
    text = body if isinstance(body, str) else body.decode("utf-8", "replace")
    assert DESK_MARK not in text, "%s shows the desk" % what


PROTECTED = ["/desk/", "/admin/", "/desk", "/admin", "/desk/tickets", "/admin/audit",
             "/desk/ticket/12345678", "/admin/settings"]


@pytest.mark.parametrize("path", PROTECTED)
def test_auth_no_credentials(client, path):
    r = client.get(path)
    assert r.status_code == 401, "%s -> %d" % (path, r.status_code)
    assert r.headers.get("WWW-Authenticate", "").lower().startswith("basic")
    assert_not_in(r.status_code, r.text, path)


def test_auth_no_credentials_post(client):
    r = client.post("/desk/ticket/12345678/action", data={"do": "claim"})
    assert r.status_code == 401
    r = client.post("/desk/", data={"x": "1"})
    assert r.status_code == 401


VARIANTS = ["//desk/", "/%64esk/", "/%64%65%73%6b/", "/desk/.", "/desk/%2e", "/x/../desk/",
            "/%2e/desk/", "/./admin/", "/%61dmin/", "/admin/./", "/admin//", "/desk%2f",
            "/ticket/../desk/", "/static/../admin/", "/DESK/", "/Admin/", "/desk;x/", "/desk%00/",
            "/desk%20/", "/desk\\"]


@pytest.mark.parametrize("path", VARIANTS)
def test_auth_path_variants(path):
    """Spellings that reach (or almost reach) the desk: never the desk without credentials."""
    r = raw(path)
    assert_not_in(r.status, r.content, path)
    assert r.status in (400, 401, 403, 404), "%s -> %d" % (path, r.status)


@pytest.mark.parametrize("creds", [("alice", "wrong-password"), ("admin", "alicepass1"),
                                   ("alice", "adminpass1"), ("nobody", "alicepass1"),
                                   ("ghost", "wrong"), ("alice", ""), ("", "alicepass1"),
                                   ("ALICE", "alicepass1"), ("alice ", "alicepass1"),
                                   ("alice", "alicepass1 ")])
def test_auth_wrong_credentials(client, creds):
    for path in ("/desk/", "/admin/"):
        r = client.get(path, auth=creds)
        assert r.status_code == 401, "%r on %s -> %d" % (creds, path, r.status_code)
        assert_not_in(r.status_code, r.text, path)


@pytest.mark.parametrize("path", ["/desk/", "/admin/"])
def test_auth_ghost_refused_by_app(client, path):
    """Known to the web server, unknown to the app."""
    r = client.get(path, auth=GHOST)
    assert r.status_code == 403, r.status_code
    assert_not_in(r.status_code, r.text, path)


def test_auth_operator_on_admin(client):
    r = client.get("/admin/", auth=ALICE)
    assert r.status_code == 403, r.status_code
    assert_not_in(r.status_code, r.text, "/admin/ as alice")
    assert client.get("/admin/", auth=ADMIN).status_code == 200


def test_auth_operator_on_admin_audit(client):
    r = client.get("/admin/audit", auth=ALICE)
    assert_not_in(r.status_code, r.text, "/admin/audit as alice")
    assert r.status_code == 403, "/admin/audit as alice -> %d" % r.status_code


IDENTITY_HEADERS = ["Remote-User", "X-Remote-User", "X-Forwarded-User", "X-Auth-User",
                    "X-User", "Auth-User", "X-Authenticated-User", "Redirect-Remote-User"]


@pytest.mark.parametrize("header", IDENTITY_HEADERS)
def test_auth_forged_identity_header(header):
    for path in ("/desk/", "/admin/"):
        r = raw(path, headers=[(header, "admin")])
        assert r.status == 401, "%s: %s -> %d" % (header, path, r.status)
        assert_not_in(r.status, r.content, path)


@pytest.mark.parametrize("header", ["Remote-User", "X-Remote-User", "X-Forwarded-User"])
def test_auth_identity_header_does_not_override(client, header):
    """Authenticated as someone, claiming to be admin in a header: still that someone."""
    r = client.get("/admin/", auth=ALICE, headers={header: "admin"})
    assert r.status_code == 403, "alice + %s: admin -> %d" % (header, r.status_code)
    r = client.get("/desk/", auth=GHOST, headers={header: "alice"})
    assert r.status_code == 403, "ghost + %s: alice -> %d" % (header, r.status_code)


def test_auth_underscore_header_dropped():
    """REMOTE_USER as a header name with underscores (HTTP_REMOTE_USER after mapping)."""
    r = raw("/desk/", headers=[("REMOTE_USER", "admin"), ("Remote_User", "admin")])
    assert r.status in (400, 401), r.status
    assert_not_in(r.status, r.content, "/desk/ with REMOTE_USER header")


BAD_AUTH = {
    "not-base64": "Basic !!!!",
    "no-colon": "Basic " + b64("admin"),
    "scheme-only": "Basic",
    "empty-credentials": "Basic ",
    "long": "Basic " + "A" * 6000,
    "bearer": "Bearer " + b64("admin:adminpass1"),
    "empty-password": "Basic " + b64("alice:"),
    "empty-user": "Basic " + b64(":alicepass1"),
    "padding-inside": "Basic " + b64("alice:wrong")[:8] + "=" + b64("alice:wrong")[8:],
    "space-inside": "Basic " + b64("admin:adminpass1")[:6] + " " + b64("admin:adminpass1")[6:].replace("=", "") + "x",
    "nul-in-user": "Basic " + b64(b"alice\x00:alicepass1"),
    "nul-then-password": "Basic " + b64(b"alice:\x00alicepass1"),
    "invalid-utf8": "Basic " + b64(b"\xff\xfe:\xff"),
    "two-colons": "Basic " + b64("alice:alicepass1:admin"),
    "digest": 'Digest username="admin", realm="Taquilla", nonce="x", uri="/admin/", response="0"',
    "no-padding": "Basic " + b64("admin:adminpass").rstrip("="),
}


@pytest.mark.parametrize("kind", list(BAD_AUTH))
def test_auth_bad_authorization_header(kind):
    for path in ("/desk/", "/admin/"):
        r = raw(path, headers=[("Authorization", BAD_AUTH[kind])])
        assert r.status in (400, 401), "%s on %s -> %d" % (kind, path, r.status)
        assert_not_in(r.status, r.content, path)


def test_auth_guest_session_does_not_open_desk(ticket):
    """A guest's cookies are worth nothing on the desk."""
    r = ticket.client.get("/desk/")
    assert r.status_code == 401


def test_auth_removed_operator_locked_out(client, cli):
    cli("user", "add", "carol", "--role", "operator", "--password", "bobpass123")
    try:
        assert client.get("/desk/", auth=("carol", "bobpass123")).status_code == 200
    finally:
        cli("user", "remove", "carol")
    r = client.get("/desk/", auth=("carol", "bobpass123"))
    assert r.status_code in (401, 403), r.status_code
    assert_not_in(r.status_code, r.text, "/desk/ as removed carol")


@pytest.mark.xfail(strict=True, reason=(
    "WEAKNESS: operator passwords can be guessed without limit: neither the shipped nginx/"
    "Apache configurations nor the app throttle failed HTTP Basic logins on /desk/ and "
    "/admin/ (20 wrong passwords from one address, then the right one is accepted at once)"))
def test_auth_operator_password_bruteforce_throttled(new_client):
    c = new_client(source_ip="127.0.0.18")
    statuses = [c.get("/desk/", auth=("alice", "guess-%02d" % i)).status_code for i in range(20)]
    assert set(statuses) <= {401, 403, 429}, statuses
    r = c.get("/desk/", auth=ALICE)
    assert r.status_code != 200, "after 20 failed logins the next attempt went straight in"
