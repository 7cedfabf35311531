"""Attack: cross-site request forgery against every POST.

Variants (one named test each, per endpoint):
  missing              no csrf field at all
  empty                csrf=""
  forged               the browser's own token with one MAC character changed
  other-browser        a valid token from the attacker's browser (other cookie jar)
  cookie-changed       the browser's own token, replayed after its tq_csrf cookie changed
  naive-double-submit  attacker-chosen tq_csrf cookie and the same value as token
  cross-site           what a forged cross-site form delivers: SameSite=Lax keeps every
                       cookie back, Origin/Referer name the attacker; token from the
                       attacker's own browser
  get                  the same fields as a GET query (no state change on GET)

Each attack is refused and the database shows nothing changed; where the endpoint
exists, a genuine submission from the same browser then succeeds (so the refusal is
the CSRF check, not a broken request).
"""
import pytest

import helpers
from attack_helpers import ALICE, cookie_header, csrf_pair, flip_token, snapshot, ticket_messages
from helpers import default_ticket_values, get_new_form, page, set_cookie_headers, unique

VARIANTS = ["missing", "empty", "forged", "other-browser", "cookie-changed",
            "naive-double-submit", "cross-site", "get"]
EVIL = {"Origin": "http://evil.example", "Referer": "http://evil.example/csrf.html"}


def drop_cookie(client, name):
    for c in list(client.cookies):
        if c.name == name:
            client.cookies.clear(c.domain, c.path, c.name)


def forge(variant, victim, new_client, form_path="/new", form_id="new-ticket"):
    """(client that sends, token or None, extra headers) for one variant."""
    if variant == "missing" or variant == "get":
        csrf_pair(victim, form_path, form_id)            # the victim holds a cookie
        return victim, None, {}
    if variant == "empty":
        csrf_pair(victim, form_path, form_id)
        return victim, "", {}
    if variant == "forged":
        _, token = csrf_pair(victim, form_path, form_id)
        return victim, flip_token(token), {}
    # The attacker's own, valid token: any form gives one (tokens are per browser).
    if variant == "other-browser":
        _, token = csrf_pair(new_client())
        csrf_pair(victim, form_path, form_id)
        return victim, token, {}
    if variant == "cookie-changed":
        old_cookie, token = csrf_pair(victim, form_path, form_id)
        drop_cookie(victim, "tq_csrf")
        victim.get("/")
        assert victim.cookies.get("tq_csrf") not in (None, old_cookie), "no new tq_csrf cookie"
        return victim, token, {}
    if variant == "naive-double-submit":
        value = "A" * 24
        drop_cookie(victim, "tq_csrf")
        victim.cookies.set("tq_csrf", value, path="/")
        assert "tq_csrf=" + value in cookie_header(victim), "the planted cookie would not be sent"
        return victim, value, {}
    if variant == "cross-site":
        _, token = csrf_pair(new_client())
        return new_client(), token, dict(EVIL)
    raise AssertionError(variant)


def assert_refused(r, allowed=(400, 403, 405, 422)):
    assert r.status_code in allowed, "forged request answered %d" % r.status_code
    assert not [c for c in set_cookie_headers(r) if c.startswith("tq_guest")], \
        "a guest session was handed out"


# ---------------------------------------------------------------- POST /new
@pytest.mark.parametrize("variant", VARIANTS)
def test_csrf_new_ticket(new_client, db, variant):
    victim = new_client()
    sender, token, headers = forge(variant, victim, new_client)
    vals = default_ticket_values(subject="csrf-new " + unique())
    fields = dict(vals, website="")
    if token is not None:
        fields["csrf"] = token
    before = snapshot(db)
    if variant == "get":
        r = sender.get("/new", params=fields, headers=headers)
        assert r.status_code == 200 and page(r).by_id("ticket-number") is None, \
            "GET /new with the fields opened a ticket"
    else:
        r = sender.post("/new", files=helpers.multipart(fields), headers=headers)
        assert_refused(r)
        assert page(r).by_id("ticket-number") is None
    assert db.count("SELECT COUNT(*) FROM tickets WHERE subject = ?", (vals["subject"],)) == 0
    assert snapshot(db) == before, "the database changed"
    # The genuine form from the same browser still works.
    ok = helpers.submit_new(victim, default_ticket_values())
    assert ok.status_code == 200, helpers.form_errors(page(ok))


# ---------------------------------------------------------------- POST /ticket (lookup)
@pytest.mark.parametrize("variant", VARIANTS)
def test_csrf_lookup(ticket, new_client, db, variant):
    """Login CSRF: even with the right number and code, no session without a valid token."""
    victim = new_client()
    sender, token, headers = forge(variant, victim, new_client, "/ticket", "lookup")
    fields = {"number": ticket.number, "code": ticket.code}
    if token is not None:
        fields["csrf"] = token
    before = snapshot(db)
    if variant == "get":
        r = sender.get("/ticket", params=fields, headers=headers)
        assert r.status_code == 200
        assert not [c for c in set_cookie_headers(r) if c.startswith("tq_guest")]
    else:
        r = sender.post("/ticket", data=fields, headers=headers)
        assert_refused(r)
    assert sender.get("/ticket/" + ticket.number).status_code == 403, "the forged lookup opened the ticket"
    assert snapshot(db) == before
    ok = helpers.lookup(victim, ticket.number, ticket.code)
    assert ok.status_code == 303


# ---------------------------------------------------------------- POST /ticket/N/reply
@pytest.mark.parametrize("variant", VARIANTS)
def test_csrf_reply(ticket, new_client, db, variant):
    victim = ticket.client                                  # holds the guest session
    path = "/ticket/%s" % ticket.number
    sender, token, headers = forge(variant, victim, new_client, path, "reply")
    text = "csrf-reply " + unique()
    fields = {"message": text}
    if token is not None:
        fields["csrf"] = token
    before = snapshot(db)
    if variant == "get":
        r = sender.get(path + "/reply", params=fields, headers=headers)
        assert r.status_code in (404, 405), r.status_code
    else:
        r = sender.post(path + "/reply", files=helpers.multipart(fields), headers=headers)
        assert_refused(r)
    assert text not in [m["body_text"] for m in ticket_messages(db, ticket.number)]
    assert snapshot(db) == before
    # The genuine reply from the victim's page goes through.
    f = page(victim.get(path)).form("reply")
    good = dict(f.fields)
    good.pop("files", None)
    good["message"] = "genuine " + unique()
    assert victim.post(f.action, files=helpers.multipart(good)).status_code == 303


# ---------------------------------------------------------------- desk POSTs
def desk_state(db, number):
    row = db.ticket(number)
    events = db.count("SELECT COUNT(*) FROM messages WHERE ticket_id = ?", (row["id"],))
    audit = db.count("SELECT COUNT(*) FROM audit_log")
    return (row["operator_id"], row["status_id"], row["updated_at"], events, audit)


@pytest.mark.parametrize("variant", VARIANTS)
def test_csrf_desk_claim(ticket, new_client, db, variant):
    """alice's browser holds her Basic credentials, which browsers send cross-site too:
    only the token can tell her own claim from a forged one."""
    victim = new_client()
    sender, token, headers = forge(variant, victim, new_client)
    path = "/desk/ticket/%s/action" % ticket.number
    fields = {"do": "claim"}
    if token is not None:
        fields["csrf"] = token
    before = desk_state(db, ticket.number)
    if variant == "get":
        r = sender.get(path, params=fields, headers=headers, auth=ALICE)
        assert r.status_code in (404, 405), r.status_code
    else:
        r = sender.post(path, data=fields, headers=headers, auth=ALICE)
        assert r.status_code in (400, 403, 404, 405, 422), "forged claim answered %d" % r.status_code
    assert desk_state(db, ticket.number) == before, "the forged claim changed the ticket"
    assert db.ticket(ticket.number)["operator_id"] is None
