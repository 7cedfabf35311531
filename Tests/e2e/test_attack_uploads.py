"""Attack: uploads and multipart/form-data bodies.

Too large (web server: 413; app's attachment_max_bytes: 422), too many, wrong types,
malformed bodies sent byte for byte: each gets a 4xx and nothing is created, neither a
database row nor a file under attachments/. Active content (SVG, HTML) comes back only
as a download: attachment, application/octet-stream, nosniff.
"""
import os

import pytest
import requests

import helpers
from attack_helpers import (attachment_files, attachment_links, create_ticket_raw, csrf_pair, file_part,
                            multipart_body, new_ticket_parts, part, post_raw_multipart, snapshot,
                            ticket_messages)
from helpers import page, unique

MB = 1024 * 1024


def assert_nothing_created(db, before_db, before_files, subject=None):
    assert snapshot(db) == before_db, "the database changed: %r -> %r" % (before_db, snapshot(db))
    assert attachment_files() == before_files, "files were written under attachments/"
    if subject:
        assert db.count("SELECT COUNT(*) FROM tickets WHERE subject = ?", (subject,)) == 0


def reply_parts(client, number):
    f = page(client.get("/ticket/" + number)).form("reply")
    assert f is not None
    return [part("csrf", f.fields["csrf"])]


# ---------------------------------------------------------------- sizes and counts
@pytest.mark.parametrize("target", ["new", "reply"])
def test_upload_over_server_limit(ticket, db, target):
    """26 MB, over the web server's 25 MB: the server answers 413 before the app."""
    c = ticket.client
    subject = "oversize " + unique()
    if target == "new":
        _, token = csrf_pair(c)
        parts, _ = new_ticket_parts(token, subject=subject)
        path = "/new"
    else:
        parts = reply_parts(c, ticket.number) + [part("message", subject)]
        path = "/ticket/%s/reply" % ticket.number
    parts.append(file_part("big.pdf", os.urandom(26 * MB), "application/pdf"))
    body, ctype = multipart_body(parts)
    before_db, before_files = snapshot(db), attachment_files()
    try:
        r = post_raw_multipart(c, path, body, ctype)
    except requests.ConnectionError as e:
        pytest.fail("connection dropped instead of a 413 answer: %s" % e)
    assert r.status_code == 413, r.status_code
    assert_nothing_created(db, before_db, before_files, subject)


@pytest.mark.parametrize("target", ["new", "reply"])
def test_upload_over_app_limit(ticket, db, setting, target):
    setting("attachment_max_bytes", "1024")
    c = ticket.client
    subject = "app-limit " + unique()
    if target == "new":
        _, token = csrf_pair(c)
        parts, _ = new_ticket_parts(token, subject=subject)
        path = "/new"
    else:
        parts = reply_parts(c, ticket.number) + [part("message", subject)]
        path = "/ticket/%s/reply" % ticket.number
    ok_part = file_part("ok.pdf", os.urandom(1024), "application/pdf")
    big_part = file_part("big.pdf", os.urandom(1025), "application/pdf")
    body, ctype = multipart_body(parts + [ok_part, big_part])
    before_db, before_files = snapshot(db), attachment_files()
    r = post_raw_multipart(c, path, body, ctype)
    assert r.status_code == 422, r.status_code
    p = page(r)
    err = p.by_id("error-files") or p.by_id("error-form")
    assert err is not None and "big.pdf" in err.text(), "no error naming the file"
    assert_nothing_created(db, before_db, before_files, subject)
    # Control: exactly at the limit is accepted.
    if target == "new":
        ctl_parts, _ = new_ticket_parts(csrf_pair(c)[1])
    else:
        ctl_parts = reply_parts(c, ticket.number) + [part("message", "at limit " + unique())]
    body, ctype = multipart_body(ctl_parts + [ok_part])
    assert post_raw_multipart(c, path, body, ctype).status_code in (200, 303)


def test_upload_too_many_files(client, db):
    _, token = csrf_pair(client)
    subject = "many-files " + unique()
    parts, _ = new_ticket_parts(token, subject=subject)
    limit = int(helpers.run_cli("setting", "get", "attachment_max_files").stdout.strip())
    parts += [file_part("f%d.txt" % i, b"x%d" % i, "text/plain") for i in range(limit + 1)]
    body, ctype = multipart_body(parts)
    before_db, before_files = snapshot(db), attachment_files()
    r = post_raw_multipart(client, "/new", body, ctype)
    assert r.status_code == 422, r.status_code
    assert page(r).by_id("error-files") is not None
    assert_nothing_created(db, before_db, before_files, subject)


def test_upload_files_under_other_field_names_ignored(client, db):
    """File parts not named "files" are neither stored nor counted."""
    _, token = csrf_pair(client)
    parts, vals = new_ticket_parts(token)
    parts += [file_part("x%d.txt" % i, b"other-field-%d" % i, "text/plain", field="file%d" % i) for i in range(20)]
    body, ctype = multipart_body(parts)
    before_files = attachment_files()
    r = post_raw_multipart(client, "/new", body, ctype)
    assert r.status_code == 200, helpers.form_errors(page(r))
    number = page(r).text_of("ticket-number")
    assert db.count("SELECT COUNT(*) FROM attachments a JOIN tickets t ON t.id = a.ticket_id WHERE t.number = ?",
                    (number,)) == 0
    assert attachment_files() == before_files


@pytest.mark.parametrize("name", ["evil.exe", "evil.php", "evil.html", "evil.svg", "evil.js", "evil.pdf.exe",
                                  "evil", "evil.pdf.", ".htaccess", "evil.PHP", "evil.pHtml", "evil.sh"])
def test_upload_disallowed_extension(client, db, name):
    _, token = csrf_pair(client)
    subject = "ext " + unique()
    parts, _ = new_ticket_parts(token, subject=subject)
    parts.append(file_part(name, b"<?php system($_GET['c']); ?>", "application/octet-stream"))
    body, ctype = multipart_body(parts)
    before_db, before_files = snapshot(db), attachment_files()
    r = post_raw_multipart(client, "/new", body, ctype)
    assert r.status_code == 422, "%s -> %d" % (name, r.status_code)
    assert page(r).by_id("error-files") is not None
    assert_nothing_created(db, before_db, before_files, subject)


def test_upload_filename_too_long(client, db):
    _, token = csrf_pair(client)
    subject = "long-name " + unique()
    parts, _ = new_ticket_parts(token, subject=subject)
    parts.append(file_part("a" * 252 + ".pdf", b"x", "application/pdf"))
    body, ctype = multipart_body(parts)
    before_db, before_files = snapshot(db), attachment_files()
    r = post_raw_multipart(client, "/new", body, ctype)
    assert r.status_code == 422, r.status_code
    assert_nothing_created(db, before_db, before_files, subject)


# ---------------------------------------------------------------- malformed bodies
def valid_parts(client, subject):
    _, token = csrf_pair(client)
    parts, _ = new_ticket_parts(token, subject=subject)
    return parts + [file_part("ok.pdf", b"%PDF-1.4 fine", "application/pdf")]


def build(kind, parts):
    """(body bytes, Content-Type) of one malformed body made from otherwise valid parts."""
    b = "tqb" + os.urandom(6).hex()
    good, ctype = multipart_body(parts, boundary=b)
    if kind == "missing-boundary":
        return good, "multipart/form-data"
    if kind == "empty-boundary":
        return good, "multipart/form-data; boundary="
    if kind == "boundary-mismatch":
        return good, "multipart/form-data; boundary=" + b + "x"
    if kind == "boundary-too-long":
        long_b = "b" * 71
        return multipart_body(parts, boundary=long_b)[0], "multipart/form-data; boundary=" + long_b
    if kind == "boundary-bad-chars":
        return good.replace(b.encode(), b"a{b}"), 'multipart/form-data; boundary="a{b}"'
    if kind == "truncated":
        return good[:len(good) - 40], ctype
    if kind == "no-closing-delimiter":
        return multipart_body(parts, boundary=b, close=False)[0], ctype
    if kind == "header-without-name":
        return multipart_body(parts + [part("x", b"v", disposition="form-data")], boundary=b)[0], ctype
    if kind == "empty-name":
        return multipart_body(parts + [part("x", b"v", disposition='form-data; name=""')], boundary=b)[0], ctype
    if kind == "no-disposition":
        return multipart_body(parts + [(b"Content-Type: text/plain\r\n", b"v")], boundary=b)[0], ctype
    if kind == "10000-tiny-parts":
        tiny = [part("p%d" % i, b"") for i in range(10000)]
        return multipart_body(parts + tiny, boundary=b)[0], ctype
    if kind == "100kb-part-header":
        head = b'Content-Disposition: form-data; name="x"\r\nX-Padding: ' + b"a" * (100 * 1024) + b"\r\n"
        return multipart_body(parts + [(head, b"v")], boundary=b)[0], ctype
    if kind == "100kb-disposition":
        disp = b'form-data; name="x"; filename="' + b"a" * (100 * 1024) + b'.pdf"'
        return multipart_body(parts + [part("x", b"v", disposition=disp)], boundary=b)[0], ctype
    if kind == "only-preamble":
        return b"just some bytes, no delimiter at all\r\n" * 10, ctype
    raise AssertionError(kind)


MALFORMED = ["missing-boundary", "empty-boundary", "boundary-mismatch", "boundary-too-long", "boundary-bad-chars",
             "truncated", "no-closing-delimiter", "header-without-name", "empty-name", "no-disposition",
             "10000-tiny-parts", "100kb-part-header", "100kb-disposition", "only-preamble"]


@pytest.mark.parametrize("kind", MALFORMED)
def test_malformed_multipart_new_ticket(client, db, kind):
    subject = "malformed " + kind + " " + unique()
    body, ctype = build(kind, valid_parts(client, subject))
    before_db, before_files = snapshot(db), attachment_files()
    r = post_raw_multipart(client, "/new", body, ctype)
    assert 400 <= r.status_code < 500, "%s -> %d" % (kind, r.status_code)
    assert page(r).by_id("ticket-number") is None
    assert_nothing_created(db, before_db, before_files, subject)


@pytest.mark.parametrize("kind", ["truncated", "no-closing-delimiter", "header-without-name", "10000-tiny-parts",
                                  "100kb-part-header", "boundary-mismatch"])
def test_malformed_multipart_reply(ticket, db, kind):
    c = ticket.client
    text = "malformed reply " + kind + " " + unique()
    parts = reply_parts(c, ticket.number) + [part("message", text),
                                              file_part("ok.pdf", b"%PDF-1.4 fine", "application/pdf")]
    body, ctype = build(kind, parts)
    before_db, before_files = snapshot(db), attachment_files()
    r = post_raw_multipart(c, "/ticket/%s/reply" % ticket.number, body, ctype)
    assert 400 <= r.status_code < 500, "%s -> %d" % (kind, r.status_code)
    assert text not in [m["body_text"] for m in ticket_messages(db, ticket.number)]
    assert_nothing_created(db, before_db, before_files)


def test_malformed_multipart_control(client, db):
    """Control: the same parts, well formed, open a ticket (so the refusals above are
    about the malformation)."""
    subject = "well formed " + unique()
    body, ctype = multipart_body(valid_parts(client, subject))
    r = post_raw_multipart(client, "/new", body, ctype)
    assert r.status_code == 200, helpers.form_errors(page(r))
    assert db.count("SELECT COUNT(*) FROM tickets WHERE subject = ?", (subject,)) == 1


# ---------------------------------------------------------------- active content
ACTIVE = [
    ("evil.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>',
     "image/svg+xml"),
    ("evil.html", b"<!doctype html><script>alert(document.cookie)</script>", "text/html"),
    ("evil.htm", b"<html><body onload=alert(1)>", "TEXT/HTML; charset=utf-8"),
    ("evil.xhtml", b'<html xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></html>',
     "application/xhtml+xml"),
    ("evil.xml", b'<?xml version="1.0"?><x:script xmlns:x="http://www.w3.org/1999/xhtml">alert(1)</x:script>',
     "text/xml"),
]


def assert_download(d, content):
    assert d.status_code == 200
    assert d.content == content
    assert d.headers.get("Content-Disposition", "").lower().startswith("attachment;"), \
        d.headers.get("Content-Disposition")
    assert d.headers.get("Content-Type") == "application/octet-stream", d.headers.get("Content-Type")
    assert helpers.header_values(d.raw.headers, "X-Content-Type-Options") == ["nosniff"]
    csp = d.headers.get("Content-Security-Policy", "")
    assert "sandbox" in csp, "download without a sandboxing CSP: %r" % csp


@pytest.mark.parametrize("name, content, ctype", ACTIVE, ids=[a[0] for a in ACTIVE])
def test_active_content_attachment_is_download(new_client, setting, name, content, ctype):
    setting("attachment_extensions", "pdf txt svg html htm xhtml xml")
    c = new_client()
    number, _ = create_ticket_raw(c, files=[(name, content, ctype)])
    href = attachment_links(page(c.get("/ticket/" + number)))[name]
    assert_download(c.get(href), content)


@pytest.mark.parametrize("name, declared", [("evil.svg", "image/png"), ("evil.html", "text/plain")])
def test_active_content_with_lying_type_is_octet_stream(new_client, setting, name, declared):
    setting("attachment_extensions", "pdf txt svg html")
    c = new_client()
    content = b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>"
    number, _ = create_ticket_raw(c, files=[(name, content, declared)])
    href = attachment_links(page(c.get("/ticket/" + number)))[name]
    assert_download(c.get(href), content)


# ---------------------------------------------------------------- abuse
BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069",
        "\u200e", "\u200f", "\u061c"]


def test_upload_bidi_override_filename(new_client):
    c = new_client()
    name = "factura\u202efdp.zip"
    number, _ = create_ticket_raw(c, files=[(name, b"PK\x03\x04", "application/zip")])
    links = attachment_links(page(c.get("/ticket/" + number)))
    shown = [n for n in links if n.startswith("factura")]
    assert shown, links
    assert not [ch for ch in shown[0] if ch in BIDI], "bidi control kept in the shown name %r" % shown[0]


def test_reply_uploads_are_rate_limited(ticket, new_client, setting):
    setting("reply_rate_limit", "10")
    c = ticket.client
    statuses = []
    for i in range(40):
        f = page(c.get("/ticket/" + ticket.number)).form("reply")
        fields = {"csrf": f.fields["csrf"], "message": "flood %d" % i}
        r = c.post(f.action, files=helpers.multipart(fields, [("f%d.pdf" % i, os.urandom(1024), "application/pdf")]))
        statuses.append(r.status_code)
        if r.status_code == 429:
            break
    assert 429 in statuses, "40 replies with attachments accepted: %r" % sorted(set(statuses))
