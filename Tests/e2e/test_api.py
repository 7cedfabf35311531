"""The JSON API /api/v1 through the real web server (nginx, Apache FastCGI, Apache CGI).

What only a live server can show: the bearer key in Authorization reaches the app
(nginx passes it only under /api/, Apache needs CGIPassAuth), /api is not behind HTTP
Basic, and concurrent retries with one Idempotency-Key open one ticket. Per endpoint:
auth failures, scopes, error format, pagination, rate limit, Accept-Language.
"""
import base64
import concurrent.futures
import hashlib
import json
import re

import pytest

import helpers

SCOPES = "tickets:create,tickets:read,mail:read"


def make_key(cli, scopes=SCOPES, name=None):
    out = cli("apikey", "create", name or helpers.unique("key"), "--scopes", scopes).stdout
    m = re.search(r"^key: (tq_[0-9A-Z]+)$", out, re.M)
    assert m, out
    return m.group(1)


@pytest.fixture(scope="module")
def key(cli):
    return make_key(cli)


@pytest.fixture
def api(new_client, key):
    c = new_client()
    c.headers["Authorization"] = "Bearer " + key
    c.headers["Accept-Language"] = "en"
    return c


def ticket_body(**over):
    v = helpers.default_ticket_values()
    v.update(over)
    return v


def error_code(resp):
    assert resp.headers["Content-Type"].startswith("application/json"), resp.text[:200]
    body = resp.json()
    assert set(body) == {"error"}
    assert set(body["error"]) >= {"code", "message", "field"}
    return body["error"]["code"]


def test_create_then_read_through_the_web_server(api, db):
    r = api.post("/api/v1/tickets", json=ticket_body(subject="API e2e"))
    assert r.status_code == 201, r.text
    created = r.json()
    assert helpers.NUMBER_RE.match(created["number"])
    assert helpers.CODE_RE.match(created["access_code"])
    assert r.headers["Location"] == "/api/v1/tickets/" + created["number"]
    row = db.ticket(created["number"])
    assert row["source"] == "api"
    got = api.get(created["api_url"])
    assert got.status_code == 200
    assert got.json()["subject"] == "API e2e"
    assert [m["kind"] for m in got.json()["messages"]] == ["customer"]
    # The customer's own page accepts the code the API gave.
    guest = helpers.Client()
    page = guest.get("/ticket/%s?code=%s" % (created["number"], created["access_code"]))
    assert page.status_code == 303


def test_api_is_not_behind_basic_auth_and_needs_a_key(new_client):
    c = new_client()
    doc = c.get("/api/v1/openapi.json")
    assert doc.status_code == 200
    assert doc.json()["openapi"].startswith("3.")
    for auth in [None, "Bearer tq_WRONG", "Basic " + base64.b64encode(b"admin:adminpass1").decode()]:
        r = c.get("/api/v1/tickets", headers={"Authorization": auth} if auth else {})
        assert r.status_code == 401, auth
        assert r.headers["WWW-Authenticate"].startswith("Bearer")
        assert error_code(r) == "unauthorized"


def test_revoked_key_and_missing_scope(cli, new_client, db):
    limited = make_key(cli, scopes="tickets:read")
    c = new_client()
    c.headers["Authorization"] = "Bearer " + limited
    r = c.post("/api/v1/tickets", json=ticket_body())
    assert r.status_code == 403 and error_code(r) == "forbidden"
    assert c.get("/api/v1/mail").status_code == 403
    assert c.get("/api/v1/tickets").status_code == 200
    key_id = db.one("SELECT id FROM api_keys WHERE key_hash = ?", (hashlib.sha256(limited.encode()).digest(),))["id"]
    cli("apikey", "revoke", key_id)
    assert c.get("/api/v1/tickets").status_code == 401
    assert "%d\trevoked\t" % key_id in cli("apikey", "list").stdout
    again = cli("apikey", "revoke", key_id, check=False)
    assert again.returncode != 0 and "already revoked" in again.stderr


def test_cli_refuses_bad_key_requests(cli, db):
    before = db.count("SELECT count(*) FROM api_keys")
    bad = cli("apikey", "create", "x", "--scopes", "tickets:delete", check=False)
    assert bad.returncode != 0 and "scope" in bad.stderr
    missing = cli("apikey", "revoke", "999999", check=False)
    assert missing.returncode != 0 and "no API key" in missing.stderr
    assert db.count("SELECT count(*) FROM api_keys") == before


def test_error_format_and_language(api):
    r = api.get("/api/v1/no-such-thing")
    assert r.status_code == 404 and error_code(r) == "not_found"
    en = r.json()["error"]["message"]
    es = api.get("/api/v1/no-such-thing", headers={"Accept-Language": "es"}).json()["error"]["message"]
    assert en != es and es
    r = api.post("/api/v1/tickets", data="{oops", headers={"Content-Type": "application/json"})
    assert r.status_code == 400 and error_code(r) == "invalid_json"
    r = api.post("/api/v1/tickets", data="name=x", headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status_code == 415 and error_code(r) == "unsupported_media_type"
    r = api.post("/api/v1/tickets", json={"name": "X"})
    assert r.status_code == 422 and error_code(r) == "validation_failed"
    assert "email" in r.json()["error"]["fields"]
    r = api.put("/api/v1/tickets", json={})
    assert r.status_code == 405 and "POST" in r.headers["Allow"]


def test_concurrent_retries_with_one_idempotency_key_open_one_ticket(api, db, key):
    idem = helpers.unique("idem")
    body = ticket_body(subject="Idempotent " + idem)

    def send(_):
        c = helpers.Client()
        return c.post("/api/v1/tickets", json=body,
                      headers={"Authorization": "Bearer " + key, "Idempotency-Key": idem})

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(send, range(8)))
    assert {a.status_code for a in answers} == {201}, [a.text for a in answers]
    assert len({a.json()["number"] for a in answers}) == 1
    assert len({a.json()["access_code"] for a in answers}) == 1
    assert sum(a.headers.get("Idempotent-Replayed") == "true" for a in answers) == 7
    assert db.count("SELECT count(*) FROM tickets WHERE subject = ?", (body["subject"],)) == 1
    other = api.post("/api/v1/tickets", json=ticket_body(subject="changed"), headers={"Idempotency-Key": idem})
    assert other.status_code == 422 and error_code(other) == "idempotency_key_reused"


def test_customer_message_and_list_paging(api):
    city = helpers.unique("City")
    numbers = [api.post("/api/v1/tickets", json=ticket_body(city=city)).json()["number"] for _ in range(3)]
    r = api.post("/api/v1/tickets/%s/messages" % numbers[0], json={
        "message": "More details",
        "attachments": [{"name": "log.txt", "content_type": "text/plain", "data": base64.b64encode(b"line 1\n").decode()}]})
    assert r.status_code == 201, r.text
    detail = api.get("/api/v1/tickets/" + numbers[0]).json()
    assert detail["messages"][-1]["body"] == "More details"
    assert detail["messages"][-1]["attachments"][0]["filename"] == "log.txt"
    seen, updated, url = [], [], "/api/v1/tickets?city=%s&per_page=2" % city
    while url:
        page = api.get(url).json()
        assert page["total"] == 3
        seen += [t["number"] for t in page["tickets"]]
        updated += [t["updated_at"] for t in page["tickets"]]
        url = page["next"]
    assert sorted(seen) == sorted(numbers) and len(seen) == 3
    assert updated == sorted(updated, reverse=True), "most recently updated first"
    assert api.get("/api/v1/tickets?per_page=0").status_code == 400


def test_mail_log_hides_codes(api):
    created = api.post("/api/v1/tickets", json=ticket_body()).json()
    out = api.get("/api/v1/mail?direction=out&per_page=200")
    assert out.status_code == 200
    assert created["access_code"] not in out.text
    assert any(m["ticket"] == created["number"] and m["kind"] == "confirmation" for m in out.json()["mail"])
    assert api.get("/api/v1/mail?direction=in").status_code == 200


def test_rate_limit_answers_429_with_retry_after(cli, new_client):
    limited = make_key(cli, scopes="tickets:read")
    cli("setting", "set", "api_rate_limit", "5")
    try:
        c = new_client()
        c.headers["Authorization"] = "Bearer " + limited
        answers = [c.get("/api/v1/tickets?per_page=1") for _ in range(12)]
    finally:
        cli("setting", "set", "api_rate_limit", "600")
    refused = [a for a in answers if a.status_code == 429]
    # 12 requests span at most two one-minute windows of 5: at least 2 are refused.
    assert len(refused) >= 2
    assert all(a.status_code in (200, 429) for a in answers)
    assert 1 <= int(refused[0].headers["Retry-After"]) <= 60
    assert error_code(refused[0]) == "rate_limited"
