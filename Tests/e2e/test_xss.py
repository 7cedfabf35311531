"""User input is HTML-escaped everywhere it is shown."""
import html

import pytest

import helpers
from helpers import XSS_IMG, XSS_SCRIPT, default_ticket_values, page, submit_new, unique

RAW = [XSS_SCRIPT, "<img src=x onerror=alert(1)>", "<script>"]
ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"
ESCAPED_IMG = "&lt;img src=x onerror=alert(1)&gt;"


def assert_no_raw(text, where):
    for raw in RAW:
        assert raw not in text, "raw %r in %s" % (raw, where)


def xss_values():
    tag = unique("x")
    return default_ticket_values(
        name=XSS_IMG + " " + XSS_SCRIPT,
        subject=XSS_SCRIPT + " " + XSS_IMG + " " + tag,
        message="Hola " + XSS_SCRIPT + "\n" + XSS_IMG,
    )


def test_xss_on_confirmation_and_ticket_page(new_client):
    c = new_client()
    vals = xss_values()
    r = submit_new(c, vals)
    assert r.status_code == 200, helpers.form_errors(page(r))
    assert_no_raw(r.text, "confirmation page")
    number = page(r).text_of("ticket-number")

    r = c.get("/ticket/" + number)
    assert r.status_code == 200
    assert_no_raw(r.text, "ticket page")
    assert ESCAPED_SCRIPT in r.text and ESCAPED_IMG in r.text, \
        "escaped payload not found on the ticket page"
    p = page(r)
    # Parsed back, the text is exactly what was typed.
    assert p.text_of("ticket-subject") == vals["subject"]
    bodies = [n.text() for n in p.all("div", cls="message-body")]
    assert any(XSS_SCRIPT in b and XSS_IMG in b for b in bodies), bodies
    # No element or attribute was injected.
    assert not [n for n in p.all("img") if n.get("onerror")]
    assert not [n for n in p.all("script") if "alert(1)" in n.text()]


def test_xss_in_redisplayed_form(client):
    """422 re-shows every value in value="" attributes / textarea: escaped."""
    vals = xss_values()
    vals["email"] = "bad email " + XSS_IMG
    r = submit_new(client, vals)
    assert r.status_code == 422
    assert_no_raw(r.text, "422 form")
    p = page(r)
    f = p.form("new-ticket")
    for k in ("name", "subject", "message", "email"):
        assert f.fields.get(k) == vals[k], "%s re-shown as %r" % (k, f.fields.get(k))
    assert not [n for n in p.all("img") if n.get("onerror")]


def test_xss_in_reply(ticket):
    c = ticket.client
    r = c.get("/ticket/" + ticket.number)
    f = page(r).form("reply")
    fields = dict(f.fields)
    fields.pop("files", None)
    fields["message"] = "Respuesta " + XSS_IMG + XSS_SCRIPT
    r = c.post(f.action, files=helpers.multipart(fields))
    assert r.status_code == 303
    r = c.get("/ticket/" + ticket.number)
    assert_no_raw(r.text, "ticket page after reply")
    bodies = [n.text() for n in page(r).all("div", cls="message-body")]
    assert any(fields["message"] in b for b in bodies)


def test_xss_in_lookup_form(client):
    """Whatever is typed into the lookup form is not reflected raw."""
    r = helpers.lookup(client, XSS_IMG, XSS_SCRIPT)
    assert r.status_code in (403, 422)
    assert_no_raw(r.text, "lookup error page")
