"""Creating a ticket: success, validation, outbox, and the form's defences."""
import re

import pytest

import helpers
from helpers import (NUMBER_RE, CODE_RE, default_ticket_values, form_errors, get_new_form,
                     page, set_cookie_headers, submit_new, unique)

MANDATORY = ("name", "email", "phone", "city", "subject", "message")


def assert_form_refused(r, status=422):
    assert r.status_code == status, "expected %d, got %d" % (status, r.status_code)
    p = page(r)
    err = p.by_id("error-form")
    assert err is not None and err.tag == "p" and "form-error" in err.classes(), \
        "no <p class=form-error id=error-form>; errors: %r" % form_errors(p)
    assert err.text().strip(), "empty form error"
    assert p.form("new-ticket") is not None, "the form must be shown again"


def no_ticket_with_subject(db, subject):
    return db.count("SELECT COUNT(*) FROM tickets WHERE subject = ?", (subject,)) == 0


def test_confirmation_shows_number_and_code(client, db):
    vals = default_ticket_values()
    r = submit_new(client, vals)
    assert r.status_code == 200, form_errors(page(r))
    p = page(r)
    number = p.text_of("ticket-number")
    code = p.text_of("access-code")
    assert p.by_id("ticket-number").tag == "span"
    assert p.by_id("access-code").tag == "code"
    assert NUMBER_RE.match(number or ""), number
    assert CODE_RE.match(code or ""), code
    assert len(code.replace("-", "")) >= 26, "access code too short: %r" % code
    link = p.by_id("view-ticket")
    assert link is not None and link.tag == "a"
    assert link.get("href") == "/ticket/" + number
    cookies = set_cookie_headers(r)
    scoped = [c for c in cookies if re.search(r";\s*path=/ticket/%s(;|$)" % number, c, re.I)]
    assert scoped, "no Set-Cookie scoped to Path=/ticket/%s: %r" % (number, cookies)
    # The DB has the ticket.
    row = db.ticket(number)
    assert row is not None, "no tickets row with number %s" % number
    assert row["subject"] == vals["subject"]
    # And the confirmation's session opens the ticket straight away.
    r = client.get("/ticket/" + number)
    assert r.status_code == 200
    assert page(r).text_of("ticket-subject") == vals["subject"]


def test_outbox_confirmation_queued(client, db):
    email = "%s@example.org" % unique("outbox")
    t = helpers.create_ticket(client, email=email)
    row = db.ticket(t.number)
    assert row is not None
    rows = db.query("SELECT * FROM outbox WHERE ticket_id = ? AND kind = 'confirmation'",
                    (row["id"],))
    assert len(rows) == 1, "expected one confirmation in outbox, got %r" % rows
    assert rows[0]["to_addr"] == email
    assert rows[0]["status"] == "queued"


def test_client_ip_recorded(new_client, db):
    c = new_client(source_ip="127.0.0.4")
    t = helpers.create_ticket(c)
    assert db.ticket(t.number)["client_ip"] == "127.0.0.4"


def test_browser_style_empty_file_part_accepted(client, db):
    """A browser sends an empty "files" part (filename="") when no file is chosen."""
    vals = default_ticket_values()
    r = submit_new(client, vals, empty_file_part=True)
    assert r.status_code == 200, form_errors(page(r))
    number = page(r).text_of("ticket-number")
    assert db.ticket(number) is not None
    r = client.get("/ticket/" + number)
    assert not list(page(r).all("a", cls="attachment")), "empty file part became an attachment"


@pytest.mark.parametrize("missing", MANDATORY)
def test_missing_field_keeps_input(client, db, missing):
    vals = default_ticket_values(country="Perú")
    vals[missing] = ""
    r = submit_new(client, vals)
    assert r.status_code == 422, "missing %s: got %d" % (missing, r.status_code)
    p = page(r)
    err = p.by_id("error-" + missing)
    assert err is not None and err.tag == "p" and "field-error" in err.classes(), \
        "no <p class=field-error id=error-%s>; errors: %r" % (missing, form_errors(p))
    assert err.text().strip()
    f = p.form("new-ticket")
    assert f is not None
    for k, v in vals.items():
        if k != missing:
            assert f.fields.get(k) == v, "field %s not kept: %r != %r" % (k, f.fields.get(k), v)
    assert f.fields.get("csrf"), "re-shown form lacks a csrf token"
    if missing != "subject":
        assert no_ticket_with_subject(db, vals["subject"])


def test_invalid_email_keeps_input(client, db):
    vals = default_ticket_values(email="not-an-email")
    r = submit_new(client, vals)
    assert r.status_code == 422
    p = page(r)
    assert p.by_id("error-email") is not None, form_errors(p)
    f = p.form("new-ticket")
    for k, v in vals.items():
        assert f.fields.get(k) == v, "field %s not kept: %r != %r" % (k, f.fields.get(k), v)
    assert no_ticket_with_subject(db, vals["subject"])


def test_resubmit_after_error_succeeds(client):
    vals = default_ticket_values(city="")
    r = submit_new(client, vals)
    assert r.status_code == 422
    form = page(r).form("new-ticket")
    vals["city"] = "Córdoba"
    r = submit_new(client, vals, form=form)
    assert r.status_code == 200, form_errors(page(r))
    assert NUMBER_RE.match(page(r).text_of("ticket-number") or "")


def test_honeypot(client, db):
    vals = default_ticket_values()
    r = submit_new(client, vals, override={"website": "http://spam.example/"})
    assert_form_refused(r)
    assert no_ticket_with_subject(db, vals["subject"])


def test_min_fill_time(client, db, setting):
    setting("form_min_seconds", "2")
    vals = default_ticket_values()
    form = get_new_form(client)
    r = submit_new(client, vals, form=form)
    assert_form_refused(r)
    assert no_ticket_with_subject(db, vals["subject"])
    # A human-paced submission of a fresh form goes through.
    form = get_new_form(client)
    helpers.wait(2.5)
    r = submit_new(client, vals, form=form)
    assert r.status_code == 200, form_errors(page(r))


def test_csrf_missing(client, db):
    vals = default_ticket_values()
    r = submit_new(client, vals, drop=("csrf",))
    assert_form_refused(r)
    assert no_ticket_with_subject(db, vals["subject"])


def test_csrf_forged(client, db):
    vals = default_ticket_values()
    form = get_new_form(client)
    real = form.fields["csrf"]
    forged = ("A" if real[:1] != "A" else "B") + real[1:]
    r = submit_new(client, vals, form=form, override={"csrf": forged})
    assert_form_refused(r)
    assert no_ticket_with_subject(db, vals["subject"])


def test_csrf_without_cookie(new_client, db):
    """A valid-looking token taken from someone else's form, no tq_csrf cookie."""
    victim, attacker = new_client(), new_client()
    form = get_new_form(attacker)
    vals = default_ticket_values()
    r = submit_new(victim, vals, form=form)
    assert_form_refused(r)
    assert no_ticket_with_subject(db, vals["subject"])


def test_csrf_of_other_session(new_client, db):
    """Token from one browser, cookie from another: refused."""
    a, b = new_client(), new_client()
    form_a = get_new_form(a)
    get_new_form(b)                      # b gets its own tq_csrf cookie
    vals = default_ticket_values()
    r = submit_new(b, vals, form=form_a)
    assert_form_refused(r)
    assert no_ticket_with_subject(db, vals["subject"])


def test_ticket_rate_limit(new_client, db, setting):
    setting("ticket_rate_limit", "1")
    c = new_client(source_ip="127.0.0.3")   # an address no other test uses
    first = submit_new(c, default_ticket_values())
    assert first.status_code == 200, form_errors(page(first))
    vals = default_ticket_values()
    r = submit_new(c, vals)
    assert_form_refused(r, status=429)
    assert no_ticket_with_subject(db, vals["subject"])
    # Other addresses are not affected.
    other = new_client(source_ip="127.0.0.5")
    assert submit_new(other, default_ticket_values()).status_code == 200
