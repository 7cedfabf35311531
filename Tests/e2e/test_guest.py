"""Guests: lookup by number + access code, the mail link, replies, attachments."""
import re

import helpers
from helpers import location_path, lookup, other_code, page, set_cookie_headers, unused_number


def assert_opens_ticket(client, t, resp):
    assert resp.status_code == 303, "expected 303, got %d" % resp.status_code
    assert location_path(resp) == "/ticket/" + t.number, resp.headers.get("Location")
    assert set_cookie_headers(resp), "no Set-Cookie with the guest session"
    r = client.get("/ticket/" + t.number)
    assert r.status_code == 200
    p = page(r)
    assert p.text_of("ticket-subject") == t.values["subject"]
    assert p.by_id("ticket-status") is not None and p.by_id("ticket-status").tag == "span"
    return p


def test_ticket_needs_session(ticket, client):
    r = client.get("/ticket/" + ticket.number)
    assert r.status_code == 403
    assert page(r).form("lookup") is not None, "403 page should offer the lookup form"
    assert ticket.values["subject"] not in r.text


def test_lookup_right_code(ticket, client):
    assert_opens_ticket(client, ticket, lookup(client, ticket.number, ticket.code))


def test_mail_link_right_code(ticket, client):
    r = client.get("/ticket/%s?code=%s" % (ticket.number, ticket.code))
    assert r.status_code == 303
    assert "code" not in r.headers.get("Location", ""), "the code must not stay in the URL"
    assert_opens_ticket(client, ticket, r)


def test_mail_link_wrong_code(ticket, client):
    r = client.get("/ticket/%s?code=%s" % (ticket.number, other_code(ticket.code)))
    assert r.status_code == 403
    r = client.get("/ticket/" + ticket.number)
    assert r.status_code == 403


def test_wrong_code_same_answer_as_wrong_number(ticket, client):
    wrong_code = lookup(client, ticket.number, other_code(ticket.code))
    wrong_number = lookup(client, unused_number(), ticket.code)
    assert wrong_code.status_code == 403
    assert wrong_number.status_code == 403
    e1 = page(wrong_code).by_id("lookup-error")
    e2 = page(wrong_number).by_id("lookup-error")
    assert e1 is not None and e1.tag == "p" and "error" in e1.classes()
    assert e2 is not None
    assert e1.text().strip() and e1.text().strip() == e2.text().strip()
    # No session was handed out.
    assert client.get("/ticket/" + ticket.number).status_code == 403


def test_session_is_per_ticket(new_client):
    c = new_client()
    t1 = helpers.create_ticket(c)
    t2 = helpers.create_ticket(new_client())
    assert c.get("/ticket/" + t1.number).status_code == 200
    assert c.get("/ticket/" + t2.number).status_code == 403


def test_forged_session_cookie(ticket, client):
    for c in set_cookie_headers(ticket.response):
        name = c.split("=", 1)[0].strip()
        if name.lower().startswith("tq_lang") or name.lower().startswith("tq_csrf"):
            continue
        client.cookies.set(name, "forged-" + "A" * 40, path="/ticket/" + ticket.number)
    assert client.get("/ticket/" + ticket.number).status_code == 403


def test_lookup_brute_force_rate_limited(ticket, new_client, setting, cli):
    setting("lookup_rate_limit", "5")
    c = new_client(source_ip="127.0.0.2")     # an address no other test uses
    statuses = [lookup(c, ticket.number, other_code(ticket.code)).status_code
                for _ in range(6)]
    assert statuses == [403] * 5 + [429], statuses
    r = lookup(c, ticket.number, ticket.code)
    assert r.status_code == 429, "right code during the block: %d" % r.status_code
    assert c.get("/ticket/" + ticket.number).status_code == 403
    # Someone else (another address) is not blocked.
    other = new_client(source_ip="127.0.0.6")
    assert lookup(other, ticket.number, ticket.code).status_code == 303
    # With the limit back up, the blocked address gets in again.
    cli("setting", "set", "lookup_rate_limit", "1000")
    assert lookup(c, ticket.number, ticket.code).status_code == 303


def reply(client, t, message, files=None):
    r = client.get("/ticket/" + t.number)
    assert r.status_code == 200
    f = page(r).form("reply")
    assert f is not None, "no <form id=reply>"
    assert f.method == "post" and f.action == "/ticket/%s/reply" % t.number
    assert f.enctype == "multipart/form-data"
    assert f.types.get("message") == "textarea" and f.types.get("files") == "file"
    assert f.fields.get("csrf")
    fields = dict(f.fields)
    fields.pop("files", None)
    fields["message"] = message
    return client.post(f.action, files=helpers.multipart(fields, files))


def test_guest_reply_appears(ticket):
    c = ticket.client
    text = "Sigue sin funcionar " + helpers.unique("r")
    r = reply(c, ticket, text)
    assert r.status_code == 303
    assert location_path(r) == "/ticket/" + ticket.number
    p = page(c.get("/ticket/" + ticket.number))
    msgs = list(p.all("article", cls="message"))
    assert len(msgs) >= 2, "expected the first message and the reply"
    mine = [m for m in msgs if text in m.text()]
    assert mine, "reply not shown"
    assert "message-customer" in mine[0].classes()
    assert re.match(r"^m\d+$", mine[0].get("id", "")), mine[0].get("id")
    assert any(n.tag == "div" and "message-body" in n.classes() for n in mine[0].iter())
    # The first message is there too, in order before the reply.
    assert ticket.values["message"].split("\n")[0] in msgs[0].text()


def test_reply_needs_session(ticket, client):
    r = client.get("/ticket")
    f = page(r).form("lookup")
    fields = {"csrf": f.fields.get("csrf", ""), "message": "intruso"}
    r = client.post("/ticket/%s/reply" % ticket.number, files=helpers.multipart(fields))
    assert r.status_code in (403, 422), r.status_code
    p = page(ticket.client.get("/ticket/" + ticket.number))
    assert "intruso" not in p.html


def test_reply_without_csrf_refused(ticket):
    c = ticket.client
    r = c.post("/ticket/%s/reply" % ticket.number,
               files=helpers.multipart({"message": "sin token " + helpers.unique()}))
    assert r.status_code in (403, 422), r.status_code
    assert "sin token" not in c.get("/ticket/" + ticket.number).text


ALL_BYTES = bytes(range(256))


def attachments(p):
    return {a.text().strip(): a.get("href") for a in p.all("a", cls="attachment")}


def test_attachment_roundtrip(new_client):
    c = new_client()
    t = helpers.create_ticket(c, files=[("bytes.pdf", ALL_BYTES, "application/octet-stream")])
    p = page(c.get("/ticket/" + t.number))
    links = attachments(p)
    assert "bytes.pdf" in links, links
    href = links["bytes.pdf"]
    assert re.match(r"^/ticket/%s/file/\d+$" % t.number, href), href
    r = c.get(href)
    assert r.status_code == 200
    assert r.content == ALL_BYTES
    cd = r.headers.get("Content-Disposition", "")
    assert cd.lower().startswith("attachment"), cd
    # Without the guest session: refused, no bytes.
    other = new_client()
    r = other.get(href)
    assert r.status_code == 403
    assert ALL_BYTES not in r.content


def test_several_attachments_and_larger_file(new_client):
    c = new_client()
    big = bytes((i * 7 + (i >> 8)) & 0xFF for i in range(3 * 1024 * 1024 + 17))
    t = helpers.create_ticket(c, files=[
        ("uno.txt", "hola ñandú\n".encode(), "text/plain"),
        ("grande.zip", big, "application/octet-stream"),
    ])
    links = attachments(page(c.get("/ticket/" + t.number)))
    assert set(links) >= {"uno.txt", "grande.zip"}, links
    assert c.get(links["uno.txt"]).content == "hola ñandú\n".encode()
    assert c.get(links["grande.zip"]).content == big


def test_reply_with_attachment(ticket):
    c = ticket.client
    r = reply(c, ticket, "Adjunto la captura", files=[("captura.png", ALL_BYTES[::-1], "image/png")])
    assert r.status_code == 303
    links = attachments(page(c.get("/ticket/" + ticket.number)))
    assert "captura.png" in links, links
    d = c.get(links["captura.png"])
    assert d.status_code == 200 and d.content == ALL_BYTES[::-1]
    assert d.headers.get("Content-Disposition", "").lower().startswith("attachment")


def test_attachment_of_other_ticket_refused(new_client):
    c1, c2 = new_client(), new_client()
    t1 = helpers.create_ticket(c1, files=[("a.pdf", b"\x00secret\xff", "application/octet-stream")])
    t2 = helpers.create_ticket(c2)
    href = attachments(page(c1.get("/ticket/" + t1.number)))["a.pdf"]
    file_id = href.rsplit("/", 1)[1]
    # c2 has a valid session, but for another ticket.
    r = c2.get("/ticket/%s/file/%s" % (t2.number, file_id))
    assert r.status_code in (403, 404), r.status_code
    assert b"secret" not in r.content
    r = c2.get(href)
    assert r.status_code == 403
