"""Attack: broken and hostile text encodings.

Invalid UTF-8 (0xFF 0xFE, overlong forms, CESU-8 surrogates, lone continuation bytes,
truncated and out-of-range sequences) in every form field, the path, the query, cookies,
headers and multipart file names: never a 5xx, pages still render as valid UTF-8, and
whatever is stored reads back as valid UTF-8. Then Unicode that is valid but long in
disguise (combining marks, ZWJ sequences) against the length limits.
"""
import urllib.parse

import pytest

import helpers
from attack_helpers import (assert_clean_html, attachment_links, csrf_pair, file_part, multipart_body,
                            new_ticket_parts, part, post_raw_multipart, raw, ticket_messages)
from helpers import lookup, page, unique

BAD = {
    "ff-fe": b"\xff\xfe",
    "overlong-slash": b"\xc0\xaf",
    "overlong-3byte": b"\xe0\x80\xaf",
    "cesu-surrogate-pair": b"\xed\xa0\xbd\xed\xb8\x80",
    "lone-surrogate": b"\xed\xa0\x80",
    "lone-continuation": b"\x80\xbf",
    "truncated": b"\xe2\x82",
    "five-byte": b"\xf8\x88\x80\x80\x80",
    "above-u10ffff": b"\xf4\x90\x80\x80",
}
IDS = list(BAD)


def strict_utf8(value, what):
    if value is None:
        return
    b = bytes(value)
    try:
        b.decode("utf-8", "strict")
    except UnicodeDecodeError as e:
        raise AssertionError("%s stored as invalid UTF-8 %r: %s" % (what, b[:80], e))
    assert b"\x00" not in b, "%s stored with a NUL byte" % what


def stored_ticket_blobs(db, number):
    rows = db.query("""SELECT CAST(t.subject AS BLOB) subject, CAST(t.contact_name AS BLOB) name,
                              CAST(t.contact_city AS BLOB) city, CAST(t.contact_country AS BLOB) country,
                              CAST(t.contact_phone AS BLOB) phone, CAST(c.name AS BLOB) customer_name,
                              CAST(c.email AS BLOB) email
                       FROM tickets t JOIN customers c ON c.id = t.customer_id WHERE t.number = ?""", (number,))
    assert len(rows) == 1
    out = dict(rows[0])
    for i, m in enumerate(db.query("""SELECT CAST(m.body_text AS BLOB) b, CAST(m.author_name AS BLOB) a
                                      FROM messages m JOIN tickets t ON t.id = m.ticket_id
                                      WHERE t.number = ?""", (number,))):
        out["message%d" % i], out["author%d" % i] = m["b"], m["a"]
    for i, o in enumerate(db.query("""SELECT CAST(o.subject AS BLOB) s, CAST(o.body_text AS BLOB) b,
                                             CAST(o.to_name AS BLOB) n
                                      FROM outbox o JOIN tickets t ON t.id = o.ticket_id
                                      WHERE t.number = ?""", (number,))):
        out["outbox_subject%d" % i], out["outbox_body%d" % i], out["outbox_name%d" % i] = o["s"], o["b"], o["n"]
    for i, a in enumerate(db.query("""SELECT CAST(a.filename AS BLOB) f FROM attachments a
                                      JOIN tickets t ON t.id = a.ticket_id WHERE t.number = ?""", (number,))):
        out["filename%d" % i] = a["f"]
    return out


def assert_all_stored_valid(db, number):
    for k, v in stored_ticket_blobs(db, number).items():
        strict_utf8(v, k)


def assert_renders(resp, where):
    assert resp.status_code < 500, "%s -> %d" % (where, resp.status_code)
    if "text/html" in resp.headers.get("Content-Type", ""):
        assert_clean_html(resp, (), where)


# ---------------------------------------------------------------- form fields
@pytest.mark.parametrize("shape", IDS)
def test_invalid_utf8_new_ticket_fields(client, db, shape):
    """Invalid bytes inside name, city, country, subject and message (multipart)."""
    bad = BAD[shape]
    _, token = csrf_pair(client)
    tag = unique("enc")
    vals = {k: b"Texto " + bad + b" fin" for k in ("name", "city", "country", "message")}
    vals["subject"] = b"Asunto " + bad + b" " + tag.encode()
    parts, _ = new_ticket_parts(token, **vals)
    body, ctype = multipart_body(parts)
    r = post_raw_multipart(client, "/new", body, ctype)
    assert_renders(r, "POST /new")
    assert r.status_code == 200, helpers.form_errors(page(r))
    number = page(r).text_of("ticket-number")
    assert_all_stored_valid(db, number)
    subject = db.ticket(number)["subject"]
    assert subject.startswith("Asunto ") and subject.endswith(tag), subject
    assert_renders(client.get("/ticket/" + number), "ticket page")


@pytest.mark.parametrize("shape", ["ff-fe", "overlong-slash", "cesu-surrogate-pair"])
def test_invalid_utf8_new_ticket_urlencoded(client, db, shape):
    """The same through an application/x-www-form-urlencoded body (%XX escapes)."""
    bad = urllib.parse.quote_from_bytes(BAD[shape])
    _, token = csrf_pair(client)
    tag = unique("encu")
    fields = {k: urllib.parse.quote(v) for k, v in helpers.default_ticket_values().items()}
    for k in ("name", "city", "country", "message"):
        fields[k] += bad + "x"
    fields["subject"] = "S" + bad + "+" + tag
    fields.update(csrf=token, website="")
    r = client.post("/new", data="&".join("%s=%s" % kv for kv in fields.items()),
                    headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert_renders(r, "POST /new urlencoded")
    assert r.status_code == 200, helpers.form_errors(page(r))
    number = page(r).text_of("ticket-number")
    assert_all_stored_valid(db, number)
    assert db.ticket(number)["subject"].endswith(tag)


@pytest.mark.parametrize("field", ["phone", "email"])
@pytest.mark.parametrize("shape", ["ff-fe", "overlong-3byte", "lone-surrogate"])
def test_invalid_utf8_validated_fields(client, db, field, shape):
    """A phone number with garbage is refused; an address whose local part had garbage
    may be accepted (non-ASCII is allowed there) but is stored as valid UTF-8."""
    _, token = csrf_pair(client)
    subject = "enc-validated " + unique()
    value = {"phone": b"+34 600 " + BAD[shape] + b" 123", "email": b"a" + BAD[shape] + b"@example.com"}[field]
    parts, _ = new_ticket_parts(token, subject=subject, **{field: value})
    body, ctype = multipart_body(parts)
    r = post_raw_multipart(client, "/new", body, ctype)
    assert_renders(r, "POST /new")
    if field == "phone" or r.status_code != 200:
        assert r.status_code == 422, r.status_code
        assert page(r).by_id("error-" + field) is not None
        assert db.count("SELECT COUNT(*) FROM tickets WHERE subject = ?", (subject,)) == 0
    else:
        assert_all_stored_valid(db, page(r).text_of("ticket-number"))


def test_invalid_utf8_field_names(client):
    """Invalid bytes in a part's name: ignored like any unknown field."""
    _, token = csrf_pair(client)
    parts, _ = new_ticket_parts(token)
    parts += [part(b"sub\xffject", b"x"), part(b"\xc0\xaf", b"y")]
    body, ctype = multipart_body(parts)
    r = post_raw_multipart(client, "/new", body, ctype)
    assert_renders(r, "POST /new")
    assert r.status_code == 200


@pytest.mark.parametrize("shape", IDS)
def test_invalid_utf8_lookup_fields(ticket, client, shape):
    _, token = csrf_pair(client, "/ticket", "lookup")
    body = "csrf=%s&number=%s&code=%s" % (token, urllib.parse.quote_from_bytes(BAD[shape] + ticket.number.encode()),
                                          urllib.parse.quote_from_bytes(ticket.code.encode() + BAD[shape]))
    r = client.post("/ticket", data=body, headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert_renders(r, "POST /ticket")
    assert r.status_code == 403, r.status_code
    assert client.get("/ticket/" + ticket.number).status_code == 403


@pytest.mark.parametrize("shape", IDS)
def test_invalid_utf8_reply(ticket, db, shape):
    c = ticket.client
    f = page(c.get("/ticket/" + ticket.number)).form("reply")
    tag = unique("encr")
    body, ctype = multipart_body([part("csrf", f.fields["csrf"]),
                                  part("message", b"Respuesta " + BAD[shape] + b" " + tag.encode())])
    r = post_raw_multipart(c, f.action, body, ctype)
    assert r.status_code == 303, r.status_code
    last = db.query("""SELECT CAST(m.body_text AS BLOB) b FROM messages m JOIN tickets t ON t.id = m.ticket_id
                       WHERE t.number = ? ORDER BY m.id DESC LIMIT 1""", (ticket.number,))[0]["b"]
    strict_utf8(last, "reply body")
    assert bytes(last).endswith(tag.encode())
    assert_renders(c.get("/ticket/" + ticket.number), "ticket page")


# ---------------------------------------------------------------- file names
@pytest.mark.parametrize("shape", IDS)
@pytest.mark.parametrize("form", ["filename", "filename-star"])
def test_invalid_utf8_multipart_filename(client, db, shape, form):
    bad = BAD[shape]
    _, token = csrf_pair(client)
    parts, vals = new_ticket_parts(token, subject="enc-file " + unique())
    if form == "filename":
        parts.append(file_part(b"doc" + bad + b".pdf", b"%PDF-1.4", "application/pdf"))
    else:
        disp = b"form-data; name=\"files\"; filename=\"x.pdf\"; filename*=UTF-8''doc" + \
            urllib.parse.quote_from_bytes(bad).encode() + b".pdf"
        parts.append(part("files", b"%PDF-1.4", content_type="application/pdf", disposition=disp))
    body, ctype = multipart_body(parts)
    r = post_raw_multipart(client, "/new", body, ctype)
    assert_renders(r, "POST /new")
    assert r.status_code in (200, 422), r.status_code
    if r.status_code != 200:
        return
    number = page(r).text_of("ticket-number")
    assert_all_stored_valid(db, number)
    p = assert_clean_html(client.get("/ticket/" + number), (), "ticket page")
    links = attachment_links(p)
    assert len(links) == 1, links
    d = client.get(list(links.values())[0])
    assert d.status_code == 200
    cd = d.raw.headers.get("Content-Disposition", "")
    assert cd.isascii() and cd.lower().startswith("attachment;"), "Content-Disposition %r" % cd


# ---------------------------------------------------------------- path, query, cookies, headers
PATHS = [b"/\xff", b"/ticket/\xff\xfe", b"/ticket/12345678\xc0\xaf", b"/%ff", b"/new%c0%af", b"/ticket/%ed%a0%80",
         b"/\xed\xa0\x80/x", b"/ticket/%f8%88%80%80%80/file/1", b"/new/\x80", b"/static/\xff.css",
         b"/ticket/%e2%82", b"/%c0%ae%c0%ae/new"]


@pytest.mark.parametrize("path", PATHS, ids=[repr(p) for p in PATHS])
def test_invalid_utf8_in_path(path):
    r = raw(path)
    assert r.status < 500, "%r -> %d" % (path, r.status)
    if "text/html" in r.headers.get("Content-Type", ""):
        r.content.decode("utf-8")       # raises if the error page is not UTF-8


QUERIES = [b"/new?lang=\xff", b"/new?lang=%ff%fe", b"/new?x=%ff%fe&y=\xc0\xaf", b"/?\xff=\xfe", b"/new?lang=e%ffs",
           b"/ticket?number=%ed%a0%80", b"/new?%c0%af=%c0%af", b"/new?lang=%e2%82"]


@pytest.mark.parametrize("path", QUERIES, ids=[repr(p) for p in QUERIES])
def test_invalid_utf8_in_query(path):
    r = raw(path)
    assert r.status == 200, "%r -> %d" % (path, r.status)
    html = r.content.decode("utf-8")
    assert helpers.Page(html).lang in ("es", "en")


def test_invalid_utf8_in_code_query(ticket):
    for bad in BAD.values():
        r = raw(b"/ticket/" + ticket.number.encode() + b"?code=" + ticket.code.encode() + bad)
        assert r.status == 403, r.status
        r.content.decode("utf-8")


COOKIES = [b"tq_lang=\xff\xfe", b"tq_lang=e\xc0\xafs", b"tq_csrf=" + b"\xff\xfe" * 10, b"tq_guest=\xc0\xaf.\xed\xa0\x80",
           b"\xff=\xfe", b"tq_csrf=\xed\xa0\x80" * 8 + b"; tq_lang=en", b"tq_guest=1" + b"\x80" * 40]


@pytest.mark.parametrize("cookie", COOKIES, ids=[repr(c) for c in COOKIES])
def test_invalid_utf8_in_cookies(ticket, cookie):
    r = raw("/new", headers=[("Cookie", cookie)])
    assert r.status == 200, r.status
    helpers.Page(r.content.decode("utf-8"))
    r = raw("/ticket/" + ticket.number, headers=[("Cookie", cookie)])
    assert r.status == 403, r.status


def test_invalid_utf8_csrf_cookie_then_post(client, db):
    """A browser whose tq_csrf cookie holds invalid bytes can still not forge, and the
    app does not fail on it."""
    _, token = csrf_pair(client)
    subject = "bad-cookie " + unique()
    parts, _ = new_ticket_parts(token, subject=subject)
    body, ctype = multipart_body(parts)
    r = raw("/new", method="POST", body=body,
            headers=[("Content-Type", ctype), ("Cookie", b"tq_csrf=" + b"\xff\xfe" * 10)])
    assert r.status == 422, r.status
    assert db.count("SELECT COUNT(*) FROM tickets WHERE subject = ?", (subject,)) == 0


@pytest.mark.parametrize("header", ["Accept-Language", "User-Agent", "Referer", "X-Forwarded-For", "Origin"])
def test_invalid_utf8_in_headers(header):
    for bad in (b"\xff\xfe", b"\xc0\xaf", b"\xed\xa0\x80"):
        r = raw("/new", headers=[(header, b"es" + bad)])
        assert r.status == 200, "%s -> %d" % (header, r.status)
        r.content.decode("utf-8")


# ---------------------------------------------------------------- valid but hostile Unicode
def test_control_characters_stripped(client, db):
    """NUL, ESC, DEL, C1 and line separators in single-line fields never reach storage."""
    _, token = csrf_pair(client)
    tag = unique("ctl")
    ctl = b"a\x00b\x1b[31mc\x7fd\xc2\x85e\xe2\x80\xa8f\r\nX-Injected: 1"
    parts, _ = new_ticket_parts(token, name=ctl, city=ctl, subject=ctl + b" " + tag.encode())
    body, ctype = multipart_body(parts)
    r = post_raw_multipart(client, "/new", body, ctype)
    assert r.status_code == 200, helpers.form_errors(page(r))
    number = page(r).text_of("ticket-number")
    blobs = stored_ticket_blobs(db, number)
    for k in ("subject", "name", "city", "outbox_subject0", "outbox_name0"):
        v = bytes(blobs[k])
        for c in (b"\x00", b"\x1b", b"\x7f", b"\xc2\x85", b"\xe2\x80\xa8", b"\r", b"\n"):
            assert c not in v, "%s keeps %r: %r" % (k, c, v)


COMBINING = {
    "nfd-accents": "e\u0301" * 160,                                   # 160 letters, 320 code points
    "zwj-family": "\U0001F468\u200D\U0001F469\u200D\U0001F467\u200D\U0001F466" * 43,  # 43 emoji, 301 code points
}


@pytest.mark.parametrize("shape", list(COMBINING))
def test_subject_in_limit_with_combining_marks(client, db, shape):
    subject = COMBINING[shape]
    r = helpers.submit_new(client, helpers.default_ticket_values(subject=subject))
    assert r.status_code != 500, "a subject of %d code points answered 500" % len(subject)
    assert r.status_code in (200, 422), r.status_code
    if r.status_code == 200:
        assert db.ticket(page(r).text_of("ticket-number"))["subject"] == subject


@pytest.mark.parametrize("field, count", [("name", 20000), ("city", 20000), ("country", 20000),
                                          ("message", 200000)])
def test_length_limit_not_bypassed_by_combining_marks(client, db, field, count):
    value = "a" + "\u0301" * count
    subject = "zalgo " + unique()
    r = helpers.submit_new(client, helpers.default_ticket_values(subject=subject, **{field: value}))
    assert r.status_code < 500, r.status_code
    stored = db.query("SELECT t.contact_name, t.contact_city, t.contact_country FROM tickets t WHERE t.subject = ?",
                      (subject,))
    assert r.status_code == 422, "a %d-code-point %s was accepted (%d stored rows)" % (count + 1, field, len(stored))
