"""Attack: SQL injection through every value a request carries.

Each attack checks: no 500, no SQL error text in the answer, no access or data it should
not give, stored values read back byte for byte (bound, not interpreted), and the
database afterwards: tickets table present, row counts changed only by what the request
legitimately created, quick_check ok.
"""
import urllib.parse

import pytest

import helpers
from attack_helpers import (ADMIN, ALICE, assert_no_sql_error, assert_schema_intact, attachment_links,
                            create_ticket_raw, guest_cookie, snapshot, ticket_messages)
from helpers import default_ticket_values, lookup, page, submit_new, unique

SQLI = {
    "or-true": "' OR '1'='1",
    "or-true-dq": '" OR ""="',
    "drop": "1; DROP TABLE tickets--",
    "drop-quoted": "x'); DROP TABLE tickets;--",
    "union": "1 UNION SELECT number, subject, access_hash FROM tickets--",
    "union-quoted": "' UNION SELECT sqlite_version(), 2, 3--",
    "comment": "admin'--",
    "like-all": "%' OR number LIKE '%",
    "stacked-update": "1'; UPDATE tickets SET subject='pwned'--",
    "blind": "1 AND (SELECT COUNT(*) FROM sqlite_master) > 0",
}
IDS = list(SQLI)


def assert_ok(resp, where, *shown_back):
    """No 500 and no SQL error text (ignoring the payloads the page may show back)."""
    assert resp.status_code < 500, "%s -> %d" % (where, resp.status_code)
    assert_no_sql_error(resp, where, ignore=shown_back)


def assert_untouched(db, before, where, **expected_delta):
    assert_schema_intact(db)
    after = snapshot(db)
    for k, v in before.items():
        allowed = {v + expected_delta.get(k, 0)}
        if k == "customers" and expected_delta.get("tickets"):
            allowed.add(v + 1)                      # a new address adds its customer
        assert after[k] in allowed, "%s: %s went from %d to %d" % (where, k, v, after[k])
    assert db.count("SELECT COUNT(*) FROM tickets WHERE subject = 'pwned'") == 0


# ---------------------------------------------------------------- new-ticket form
@pytest.mark.parametrize("shape", IDS)
def test_sqli_new_ticket_text_fields(client, db, shape):
    """Name, city, country, subject and message carry the payload: stored verbatim."""
    payload = SQLI[shape]
    before = snapshot(db)
    subject = payload + " " + unique("sq")
    vals = default_ticket_values(name=payload, city=payload, country=payload, subject=subject,
                                 message=payload + "\n" + payload)
    r = submit_new(client, vals)
    assert_ok(r, "POST /new")
    assert r.status_code == 200, helpers.form_errors(page(r))
    number = page(r).text_of("ticket-number")
    row = db.ticket(number)
    assert row is not None
    assert (row["subject"], row["contact_name"], row["contact_city"], row["contact_country"]) == \
        (subject, payload, payload, payload), "values not stored verbatim"
    msgs = ticket_messages(db, number)
    assert [m["body_text"] for m in msgs] == [vals["message"]]
    assert_untouched(db, before, "new ticket", tickets=1, messages=1, outbox=1)


@pytest.mark.parametrize("field", ["phone", "email"])
@pytest.mark.parametrize("shape", ["or-true", "drop", "union"])
def test_sqli_new_ticket_validated_fields(client, db, field, shape):
    """Phone and e-mail are validated: the payload is refused with 422, nothing written."""
    payload = SQLI[shape]
    before = snapshot(db)
    r = submit_new(client, default_ticket_values(**{field: payload}))
    assert_ok(r, "POST /new")
    assert r.status_code == 422
    assert page(r).by_id("error-" + field) is not None
    assert_untouched(db, before, "refused ticket")


def test_sqli_email_local_part(client, db):
    """A quote and = are legal in a local part: the address is stored as typed, and
    matches no other customer."""
    before = snapshot(db)
    email = "x'or'1'='1%s@example.com" % unique("q").replace("-", "")
    t = helpers.create_ticket(client, email=email)
    row = db.one("SELECT c.email FROM tickets t JOIN customers c ON c.id = t.customer_id WHERE t.number = ?",
                 (t.number,))
    assert row["email"] == email
    assert_untouched(db, before, "new ticket", tickets=1, messages=1, outbox=1)


@pytest.mark.parametrize("field", ["group", "project"])
@pytest.mark.parametrize("shape", ["or-true", "drop", "union", "blind"])
def test_sqli_group_project_ids(client, db, field, shape):
    """Select values that are not ids: ignored or refused, never interpreted."""
    before = snapshot(db)
    vals = default_ticket_values()
    r = submit_new(client, vals, override={field: SQLI[shape]})
    assert_ok(r, "POST /new")
    assert r.status_code in (200, 422), r.status_code
    if r.status_code == 200:
        row = db.ticket(page(r).text_of("ticket-number"))
        assert row[field + "_id"] is None, "%s_id stored as %r" % (field, row[field + "_id"])
        assert_untouched(db, before, "new ticket", tickets=1, messages=1, outbox=1)
    else:
        assert_untouched(db, before, "refused ticket")


def test_sqli_attachment_filename(new_client, db):
    name = "x'); DROP TABLE attachments;--.pdf"
    c = new_client()
    before = snapshot(db)
    number, _ = create_ticket_raw(c, files=[(name, b"%PDF-1.4", "application/pdf")])
    rows = db.query("SELECT a.filename FROM attachments a JOIN tickets t ON t.id = a.ticket_id WHERE t.number = ?",
                    (number,))
    assert [r["filename"] for r in rows] == [name]
    assert name in attachment_links(page(c.get("/ticket/" + number)))
    assert_untouched(db, before, "new ticket", tickets=1, messages=1, outbox=1, attachments=1)


def test_sqli_multipart_field_names(client, db):
    """Odd field names are looked up, never spliced into SQL."""
    before = snapshot(db)
    vals = default_ticket_values()
    form = helpers.get_new_form(client)
    fields = dict(form.fields)
    fields.pop("files", None)
    fields.update(vals)
    fields["subject'; DROP TABLE tickets--"] = "x"
    fields["1 OR 1=1"] = "y"
    r = client.post("/new", files=helpers.multipart(fields))
    assert_ok(r, "POST /new")
    assert r.status_code == 200
    assert_untouched(db, before, "new ticket", tickets=1, messages=1, outbox=1)


# ---------------------------------------------------------------- guest lookup
@pytest.mark.parametrize("shape", IDS)
def test_sqli_lookup_number(ticket, client, db, shape):
    before = snapshot(db)
    for number in (SQLI[shape], ticket.number + SQLI[shape]):
        r = lookup(client, number, ticket.code)
        assert_ok(r, "lookup", number)
        assert r.status_code == 403, "number %r -> %d" % (number, r.status_code)
        assert not [c for c in helpers.set_cookie_headers(r) if c.startswith("tq_guest")]
    assert client.get("/ticket/" + ticket.number).status_code == 403
    assert_untouched(db, before, "lookup")


@pytest.mark.parametrize("shape", IDS)
def test_sqli_lookup_code(ticket, client, db, shape):
    before = snapshot(db)
    for code in (SQLI[shape], ticket.code + SQLI[shape], SQLI[shape] + ticket.code):
        r = lookup(client, ticket.number, code)
        assert_ok(r, "lookup", code)
        assert r.status_code == 403, "code %r -> %d" % (code, r.status_code)
    assert client.get("/ticket/" + ticket.number).status_code == 403
    assert ticket.values["subject"] not in client.get("/ticket/" + ticket.number).text
    assert_untouched(db, before, "lookup")


@pytest.mark.parametrize("shape", IDS)
def test_sqli_code_query_parameter(ticket, client, db, shape):
    before = snapshot(db)
    r = client.get("/ticket/%s?code=%s" % (ticket.number, urllib.parse.quote(SQLI[shape])))
    assert_ok(r, "?code=")
    assert r.status_code == 403
    assert "tq_guest" not in r.headers.get("Set-Cookie", "")
    assert_untouched(db, before, "?code=")


# ---------------------------------------------------------------- paths
@pytest.mark.parametrize("shape", IDS)
def test_sqli_ticket_number_in_path(ticket, db, shape):
    """Guest holding a valid session for its ticket, payload in or after the number."""
    c = ticket.client
    before = snapshot(db)
    q = urllib.parse.quote(SQLI[shape], safe="")
    for path in ("/ticket/" + q, "/ticket/%s%s" % (ticket.number, q), "/ticket/%s/reply" % q,
                 "/ticket/%s/file/1" % q):
        r = c.get(path)
        assert_ok(r, path)
        assert r.status_code in (403, 404, 405), "%s -> %d" % (path, r.status_code)
        assert ticket.values["subject"] not in r.text
    assert_untouched(db, before, "paths")


@pytest.mark.parametrize("shape", IDS)
def test_sqli_file_id_in_path(new_client, db, shape):
    c = new_client()
    t = helpers.create_ticket(c, files=[("mine.txt", b"own bytes", "text/plain")])
    other = helpers.create_ticket(new_client(), files=[("theirs.txt", b"SECRET-OF-B", "text/plain")])
    before = snapshot(db)
    q = urllib.parse.quote(SQLI[shape], safe="")
    for fid in (q, "1" + q, "1%20OR%201=1"):
        r = c.get("/ticket/%s/file/%s" % (t.number, fid))
        assert_ok(r, "file id %s" % fid)
        assert r.status_code in (403, 404), "file id %r -> %d" % (fid, r.status_code)
        assert b"SECRET-OF-B" not in r.content and b"own bytes" not in r.content
    assert other.number
    assert_untouched(db, before, "file ids")


# ---------------------------------------------------------------- cookies
@pytest.mark.parametrize("shape", ["or-true", "drop", "union-quoted"])
def test_sqli_lang_cookie(client, db, shape):
    before = snapshot(db)
    r = client.get("/new", headers={"Cookie": "tq_lang=" + urllib.parse.quote(SQLI[shape])})
    assert_ok(r, "tq_lang")
    assert r.status_code == 200 and page(r).lang in ("es", "en")
    assert_untouched(db, before, "tq_lang cookie")


@pytest.mark.parametrize("shape", ["or-true", "drop", "union-quoted"])
def test_sqli_guest_cookie(ticket, new_client, db, shape):
    """A payload as the guest session cookie opens nothing."""
    before = snapshot(db)
    q = urllib.parse.quote(SQLI[shape], safe="")
    r = new_client().get("/ticket/" + ticket.number, headers={"Cookie": "tq_guest=" + q})
    assert_ok(r, "tq_guest")
    assert r.status_code == 403
    assert ticket.values["subject"] not in r.text
    assert guest_cookie(ticket.client, ticket.number)
    assert_untouched(db, before, "tq_guest cookie")


# ---------------------------------------------------------------- replies
@pytest.mark.parametrize("shape", ["drop-quoted", "stacked-update", "union-quoted"])
def test_sqli_reply_message(ticket, db, shape):
    payload = SQLI[shape]
    c = ticket.client
    before = snapshot(db)
    f = page(c.get("/ticket/" + ticket.number)).form("reply")
    fields = dict(f.fields)
    fields.pop("files", None)
    fields["message"] = payload
    r = c.post(f.action, files=helpers.multipart(fields))
    assert r.status_code == 303, r.status_code
    assert ticket_messages(db, ticket.number)[-1]["body_text"] == payload
    assert_untouched(db, before, "reply", messages=1)


# ---------------------------------------------------------------- operators' queue
DESK_PARAMS = ["status", "group", "project", "operator", "sort", "dir", "page", "q"]


def desk_get(client, db, url, hashes, payload):
    r = client.get(url, auth=ALICE)
    assert_ok(r, url, payload)
    assert r.status_code in (200, 400, 404, 422), "%s -> %d" % (url, r.status_code)
    low = r.text.lower()
    assert not [h for h in hashes if h in low], "an access-code hash leaked into %s" % url
    return r


@pytest.mark.parametrize("path", ["/desk/tickets", "/desk/"])
@pytest.mark.parametrize("shape", IDS)
def test_sqli_desk_queue_filters(new_client, db, path, shape):
    """Every queue filter carries the payload at once, as alice (HTTP Basic costs a
    bcrypt check per request, so one request per payload)."""
    payload = SQLI[shape]
    helpers.create_ticket(new_client())               # at least one ticket to leak
    hashes = [bytes(r["access_hash"]).hex() for r in db.query("SELECT access_hash FROM tickets")]
    before = snapshot(db)
    q = "&".join("%s=%s" % (k, urllib.parse.quote(payload)) for k in DESK_PARAMS)
    desk_get(new_client(), db, path + "?" + q, hashes, payload)
    assert_untouched(db, before, "desk filters")


@pytest.mark.parametrize("param", DESK_PARAMS)
def test_sqli_desk_queue_single_filter(new_client, db, param):
    """One filter at a time (a handler may stop at the first bad one)."""
    hashes = [bytes(r["access_hash"]).hex() for r in db.query("SELECT access_hash FROM tickets")]
    before = snapshot(db)
    c = new_client()
    for shape in ("or-true", "union-quoted", "drop"):
        desk_get(c, db, "/desk/tickets?%s=%s" % (param, urllib.parse.quote(SQLI[shape])), hashes, SQLI[shape])
    assert_untouched(db, before, "desk filter " + param)


@pytest.mark.parametrize("shape", ["or-true", "drop", "union"])
def test_sqli_admin_query_parameters(client, db, shape):
    before = snapshot(db)
    q = "&".join("%s=%s" % (k, urllib.parse.quote(SQLI[shape])) for k in ("sort", "page", "user", "id"))
    for path in ("/admin/", "/admin/audit"):
        r = client.get(path + "?" + q, auth=ADMIN)
        assert_ok(r, path, SQLI[shape])
        assert r.status_code in (200, 400, 404, 422)
    assert_untouched(db, before, "admin parameters")


@pytest.mark.parametrize("shape", ["or-true", "drop"])
def test_sqli_desk_action_post(client, new_client, db, shape):
    """A desk POST with the payload in every field changes nothing."""
    t = helpers.create_ticket(new_client())
    before = snapshot(db)
    row = db.ticket(t.number)
    data = {k: SQLI[shape] for k in ("do", "operator", "status", "group", "csrf", "ticket")}
    for path in ("/desk/ticket/%s/action" % t.number, "/desk/ticket/%s/action" % urllib.parse.quote(SQLI[shape], safe="")):
        r = client.post(path, data=data, auth=ALICE)
        assert_ok(r, path)
        assert r.status_code in (400, 403, 404, 405, 422), "%s -> %d" % (path, r.status_code)
    after = db.ticket(t.number)
    assert (after["operator_id"], after["status_id"], after["group_id"]) == \
        (row["operator_id"], row["status_id"], row["group_id"])
    assert_untouched(db, before, "desk action")
