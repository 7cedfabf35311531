"""Attack: stored and reflected cross-site scripting.

Every page an attacker's text can reach is parsed back: it must be UTF-8 HTML in which
no payload appears raw, no element carries an on* attribute or a javascript: URL, and
the only <script> is <script src="/static/taquilla.js">. Where a value is shown back
(form fields, subject, message, file names) it must read back exactly as typed.
"""
import urllib.parse

import pytest

import helpers
from attack_helpers import (ALICE, assert_clean_html, attachment_links, create_ticket_raw, csrf_pair,
                            multipart_body, new_ticket_parts, part, post_raw_multipart, raw)
from helpers import default_ticket_values, lookup, page, submit_new, unique

# name -> payload; each at most 60 characters (fits the 100-character fields).
PAYLOADS = {
    "script-tag": '<script>alert("x1")</script>',
    "dq-attr-breakout": '"><svg onload=alert(2)>',
    "sq-attr-breakout": "'><img src=x onerror=alert(3)>",
    "js-url": "<a href=javascript:alert(4)>javascript:alert(4)</a>",
    "svg-onload": "<svg/onload=alert(5)><svg><script>alert(5)</script>",
    "textarea-breakout": "</textarea><script>alert(6)</script>",
    "attr-no-brackets": '" autofocus onfocus="alert(7)" x="',
    "title-breakout": "</title><script>alert(8)</script>",
}
IDS = list(PAYLOADS)


def form_value(p, name):
    f = p.form("new-ticket")
    assert f is not None, "the new-ticket form is not shown again"
    return f.fields.get(name)


def desk_page_clean(new_client, payloads, where):
    r = new_client().get("/desk/tickets?open=any", auth=ALICE)
    assert r.status_code == 200, "desk as alice -> %d" % r.status_code
    return assert_clean_html(r, payloads, where)


# ---------------------------------------------------------------- stored, per field
@pytest.mark.parametrize("shape", IDS)
def test_stored_xss_subject(new_client, shape):
    payload = PAYLOADS[shape]
    subject = payload + " " + unique("xs")
    t = helpers.create_ticket(new_client(), subject=subject)
    assert_clean_html(t.response, [payload], "confirmation page")
    r = t.client.get("/ticket/" + t.number)
    p = assert_clean_html(r, [payload], "ticket page")
    assert p.text_of("ticket-subject") == subject, "subject not shown back exactly"
    title = next(p.all("title")).text()
    assert title.startswith(subject), "subject not shown back exactly in <title>: %r" % title
    p = desk_page_clean(new_client, [payload], "desk queue")
    assert subject in p.root.text(), "the subject is not listed on the desk"


@pytest.mark.parametrize("shape", IDS)
def test_stored_xss_message(new_client, shape):
    payload = PAYLOADS[shape]
    message = "Hola\n" + payload + "\n" + payload
    t = helpers.create_ticket(new_client(), message=message)
    r = t.client.get("/ticket/" + t.number)
    p = assert_clean_html(r, [payload], "ticket page")
    bodies = [n.text() for n in p.all("div", cls="message-body")]
    assert message in bodies, "message not shown back exactly: %r" % bodies


@pytest.mark.parametrize("shape", IDS)
def test_stored_xss_name(new_client, shape):
    payload = PAYLOADS[shape]
    t = helpers.create_ticket(new_client(), name=payload)
    assert_clean_html(t.response, [payload], "confirmation page")
    p = assert_clean_html(t.client.get("/ticket/" + t.number), [payload], "ticket page")
    authors = [n.text() for n in p.all("strong", cls="author")]
    assert payload in authors, "name not shown back exactly as the author: %r" % authors


@pytest.mark.parametrize("field", ["name", "city", "country", "subject", "phone", "email"])
@pytest.mark.parametrize("shape", IDS)
def test_reflected_xss_new_ticket_form(client, field, shape):
    """A refused submission shows every value again, inside value="" attributes."""
    payload = PAYLOADS[shape]
    vals = default_ticket_values(**{field: payload})
    if field not in ("phone", "email"):
        vals["email"] = "not-an-email"          # force the 422 re-display
    r = submit_new(client, vals)
    assert r.status_code == 422, "%s=%r -> %d" % (field, payload, r.status_code)
    p = assert_clean_html(r, [payload], "422 form")
    assert form_value(p, field) == payload, "field %s shown back as %r" % (field, form_value(p, field))


@pytest.mark.parametrize("shape", IDS)
def test_reflected_xss_message_textarea(client, shape):
    payload = PAYLOADS[shape]
    vals = default_ticket_values(message=payload, email="not-an-email")
    r = submit_new(client, vals)
    assert r.status_code == 422
    p = assert_clean_html(r, [payload], "422 form")
    assert form_value(p, "message") == payload
    assert len(list(p.all("textarea"))) == 1, "the textarea was broken out of"


@pytest.mark.parametrize("field", ["city", "country"])
def test_stored_xss_city_country(new_client, field):
    """Accepted values are stored; nothing that shows the ticket runs them."""
    payload = " ".join(PAYLOADS[k] for k in ("dq-attr-breakout", "sq-attr-breakout"))
    t = helpers.create_ticket(new_client(), **{field: payload})
    assert_clean_html(t.response, [payload], "confirmation page")
    assert_clean_html(t.client.get("/ticket/" + t.number), [payload], "ticket page")
    desk_page_clean(new_client, [payload], "desk queue")


def test_stored_xss_email_localpart(new_client, db):
    """Quotes, = and backquotes are legal in a local part: stored, never markup."""
    email = "x'onmouseover='alert`1`'%s@example.com" % unique("m").replace("-", "")
    t = helpers.create_ticket(new_client(), email=email)
    assert_clean_html(t.response, [], "confirmation page")
    p = page(t.response)
    assert email in p.root.text(), "the confirmation does not show the address back exactly"
    assert db.count("SELECT COUNT(*) FROM customers WHERE email = ?", (email,)) == 1


# ---------------------------------------------------------------- attachments
FILENAME_PAYLOADS = {
    "dq-img": '"><img src=x onerror=alert(1)>.pdf',
    "sq-svg": "'><svg onload=alert(2)>.pdf",
    "script-comment": "<script>alert(3)<!--.pdf",
    "textarea": "</textarea><script>alert(4)<!--.pdf",
    "js-url": "javascript:alert(5).pdf",
}


def sanitized_name(name):
    """What the app keeps of an uploaded name: the last path component."""
    return name.replace("\\", "/").rsplit("/", 1)[-1]


@pytest.mark.parametrize("shape", list(FILENAME_PAYLOADS))
def test_stored_xss_attachment_filename(new_client, shape):
    """The file name is the download link's text on the guest page."""
    name = FILENAME_PAYLOADS[shape]
    shown = sanitized_name(name)
    c = new_client()
    number, _ = create_ticket_raw(c, files=[(name, b"%PDF-1.4 x", "application/pdf")])
    p = assert_clean_html(c.get("/ticket/" + number), [shown], "ticket page")
    links = attachment_links(p)
    assert shown in links, "download link text is not the file name: %r" % links
    href = links[shown]
    assert href.startswith("/ticket/%s/file/" % number), href
    d = c.get(href)
    assert d.status_code == 200
    cd = d.headers.get("Content-Disposition", "")
    assert cd.lower().startswith("attachment;"), cd
    ascii_name = cd.split('filename="', 1)[1].split('"', 1)[0]
    assert len(ascii_name) == len(shown.encode()), "ASCII fallback name %r for %r" % (ascii_name, shown)


def test_stored_xss_attachment_filename_rfc5987(new_client):
    """filename*=UTF-8''… is decoded: the decoded payload is escaped like any other."""
    c = new_client()
    cookie, token = csrf_pair(c)
    payload = '"><img src=x onerror=alert(9)>.pdf'
    encoded = urllib.parse.quote(payload, safe="")
    subject = "rfc5987 " + unique()
    parts, _ = new_ticket_parts(token, subject=subject)
    parts.append(part("files", b"%PDF-1.4", content_type="application/pdf",
                      disposition="form-data; name=\"files\"; filename=\"plain.pdf\"; "
                                  "filename*=UTF-8''" + encoded))
    body, ctype = multipart_body(parts)
    r = post_raw_multipart(c, "/new", body, ctype)
    assert r.status_code == 200, r.status_code
    number = page(r).text_of("ticket-number")
    p = assert_clean_html(c.get("/ticket/" + number), [payload], "ticket page")
    assert payload in attachment_links(p), attachment_links(p)


def test_attachment_name_cannot_break_content_disposition(new_client):
    name = 'evil.html"; filename="evil.html; x=.pdf'
    c = new_client()
    number, _ = create_ticket_raw(c, files=[(name, b"<script>alert(1)</script>", "text/html")])
    links = attachment_links(page(c.get("/ticket/" + number)))
    assert name in links, links
    d = c.get(links[name])
    assert d.status_code == 200
    cd = d.headers.get("Content-Disposition", "")
    params = [s.strip().split("=", 1)[0].lower() for s in cd.split(";")[1:]]
    assert params == ["filename", "filename*"], "extra Content-Disposition parameters: %r" % cd
    assert 'filename="evil.html"' not in cd, cd
    assert d.headers.get("Content-Type") == "application/octet-stream"


# ---------------------------------------------------------------- replies
@pytest.mark.parametrize("shape", ["textarea-breakout", "script-tag", "dq-attr-breakout"])
def test_reflected_xss_reply_textarea(ticket, shape):
    """A refused reply (disallowed file type) shows the typed text again in the textarea."""
    payload = PAYLOADS[shape]
    c = ticket.client
    f = page(c.get("/ticket/" + ticket.number)).form("reply")
    fields = dict(f.fields)
    fields.pop("files", None)
    fields["message"] = payload
    r = c.post(f.action, files=helpers.multipart(fields, [("x.exe", b"MZ", "application/octet-stream")]))
    assert r.status_code == 422, r.status_code
    p = assert_clean_html(r, [payload], "422 ticket page")
    textareas = list(p.all("textarea"))
    assert len(textareas) == 1, "the textarea was broken out of"
    assert textareas[0].text().lstrip("\n") == payload


@pytest.mark.parametrize("shape", ["textarea-breakout", "svg-onload", "sq-attr-breakout"])
def test_stored_xss_reply(ticket, new_client, shape):
    payload = PAYLOADS[shape]
    c = ticket.client
    f = page(c.get("/ticket/" + ticket.number)).form("reply")
    fields = dict(f.fields)
    fields.pop("files", None)
    fields["message"] = payload
    assert c.post(f.action, files=helpers.multipart(fields)).status_code == 303
    p = assert_clean_html(c.get("/ticket/" + ticket.number), [payload], "ticket page")
    assert payload in [n.text() for n in p.all("div", cls="message-body")]


# ---------------------------------------------------------------- reflected: lookup, query, path
@pytest.mark.parametrize("shape", IDS)
def test_reflected_xss_lookup_number(client, shape):
    payload = PAYLOADS[shape]
    r = lookup(client, payload, "AAAAA-BBBBB")
    assert r.status_code == 403, r.status_code
    p = assert_clean_html(r, [payload], "lookup error page")
    f = p.form("lookup")
    assert f.fields.get("number") == payload, "number shown back as %r" % f.fields.get("number")
    assert f.fields.get("code") == "", "the typed code must never be shown back"


def test_reflected_xss_lookup_code(client):
    payload = PAYLOADS["dq-attr-breakout"]
    r = lookup(client, "12345678", payload)
    assert r.status_code == 403
    p = assert_clean_html(r, [payload], "lookup error page")
    assert payload not in r.text


PAGES = ["/", "/new", "/ticket", "/ticket/12345678", "/ticket/12345678/file/1", "/no-such-page"]


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("shape", ["script-tag", "dq-attr-breakout", "sq-attr-breakout", "js-url"])
def test_reflected_xss_lang_parameter(client, path, shape):
    payload = PAYLOADS[shape]
    r = client.get(path + "?lang=" + urllib.parse.quote(payload))
    assert r.status_code < 500, r.status_code
    p = assert_clean_html(r, [payload], path + "?lang=")
    assert p.lang in ("es", "en"), "<html lang=%r>" % p.lang
    assert "tq_lang" not in client.cookies, "an unknown ?lang= must not be stored in a cookie"


@pytest.mark.parametrize("path", PAGES)
def test_reflected_xss_any_query_parameter(client, path):
    payloads = [PAYLOADS[k] for k in ("script-tag", "dq-attr-breakout", "sq-attr-breakout", "title-breakout")]
    q = "&".join("%s=%s" % (k, urllib.parse.quote(v)) for k, v in
                 zip(["x", "q", "number", "next"], payloads))
    r = client.get(path + "?" + q)
    assert r.status_code < 500, r.status_code
    assert_clean_html(r, payloads, path + "?x=")


def test_reflected_xss_code_query_on_ticket(ticket, client):
    payload = PAYLOADS["dq-attr-breakout"]
    r = client.get("/ticket/%s?code=%s" % (ticket.number, urllib.parse.quote(payload)))
    assert r.status_code == 403
    assert_clean_html(r, [payload], "?code= error page")


@pytest.mark.parametrize("shape", ["script-tag", "dq-attr-breakout", "svg-onload"])
def test_reflected_xss_in_path(shape):
    payload = PAYLOADS[shape]
    for path in ("/" + urllib.parse.quote(payload, safe=""),
                 "/ticket/" + urllib.parse.quote(payload, safe=""),
                 "/ticket/12345678/file/" + urllib.parse.quote(payload, safe="")):
        r = raw(path)
        assert r.status < 500, (path, r.status)
        if r.status == 404 and "text/html" in r.headers.get("Content-Type", ""):
            assert payload not in r.text, "payload reflected raw by %s" % path


def test_reflected_xss_lang_cookie(client):
    payload = PAYLOADS["dq-attr-breakout"]
    r = client.get("/new", headers={"Cookie": "tq_lang=" + urllib.parse.quote(payload)})
    assert r.status_code == 200
    p = assert_clean_html(r, [payload], "/new with a tq_lang cookie")
    assert p.lang in ("es", "en")


def test_reflected_xss_accept_language(client):
    payload = '"><script>alert(1)</script>'
    r = client.get("/new", headers={"Accept-Language": payload + ", en;q=0.5"})
    assert r.status_code == 200
    p = assert_clean_html(r, [payload], "/new with Accept-Language")
    assert p.lang in ("es", "en")
