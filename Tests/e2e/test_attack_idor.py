"""Attack: a guest of ticket A reaching ticket B (insecure direct object references).

A and B are opened by two browsers, each with an attachment whose bytes are unique.
The guest of A then changes the number, the file id, both, or replays A's session
cookie on B's paths. Nothing of B may come back, and B must not change.
"""
from dataclasses import dataclass

import pytest

import helpers
from attack_helpers import attachment_links, csrf_pair, guest_cookie, snapshot, ticket_messages
from helpers import page, unique, unused_number


@dataclass
class Side:
    t: helpers.Ticket
    client: helpers.Client
    file_href: str
    file_id: int
    secret: bytes
    cookie: str


def open_side(new_client, label):
    c = new_client()
    secret = ("%s-SECRET-%s" % (label, unique())).encode()
    t = helpers.create_ticket(c, subject="idor %s %s" % (label, unique()),
                              message="private message of %s %s" % (label, unique()),
                              files=[("%s.txt" % label, secret, "text/plain")])
    href = attachment_links(page(c.get("/ticket/" + t.number)))["%s.txt" % label]
    cookie = guest_cookie(c, t.number)
    assert cookie, "no tq_guest cookie for %s" % t.number
    return Side(t, c, href, int(href.rsplit("/", 1)[1]), secret, cookie)


@pytest.fixture
def ab(new_client):
    return open_side(new_client, "A"), open_side(new_client, "B")


def leaks_b(resp, b):
    body = resp.content
    return [x for x in (b.secret, b.t.values["subject"].encode(), b.t.values["message"].encode())
            if x in body]


def assert_denied(resp, b, what, allowed=(403, 404)):
    assert resp.status_code in allowed, "%s -> %d" % (what, resp.status_code)
    assert not leaks_b(resp, b), "%s leaked %r" % (what, leaks_b(resp, b))


def test_idor_other_ticket_page(ab):
    a, b = ab
    assert_denied(a.client.get("/ticket/" + b.t.number), b, "A's guest on B's page", (403,))
    # A's own page is still fine (the guest is a real, logged-in guest).
    assert a.client.get("/ticket/" + a.t.number).status_code == 200


def test_idor_other_ticket_reply(ab, db):
    a, b = ab
    f = page(a.client.get("/ticket/" + a.t.number)).form("reply")
    fields = dict(f.fields)          # A's valid csrf token
    fields.pop("files", None)
    fields["message"] = "written into B by A " + unique()
    before = ticket_messages(db, b.t.number)
    r = a.client.post("/ticket/%s/reply" % b.t.number, files=helpers.multipart(fields))
    assert_denied(r, b, "A's guest replying to B", (403,))
    assert ticket_messages(db, b.t.number) == before


def test_idor_other_ticket_file(ab):
    a, b = ab
    assert_denied(a.client.get(b.file_href), b, "A's guest downloading B's file", (403,))


@pytest.mark.parametrize("spelling", ["%d", "+%d", "0%d", "%d/", "00%d"])
def test_idor_other_file_id_under_own_path(ab, spelling):
    """B's file id on A's path: A's session is valid for the path, the file is not A's."""
    a, b = ab
    path = "/ticket/%s/file/%s" % (a.t.number, spelling % b.file_id)
    assert_denied(a.client.get(path), b, path)


def test_idor_file_id_enumeration_under_own_path(ab, db):
    a, b = ab
    top = db.count("SELECT MAX(id) FROM attachments")
    opened = []
    for i in range(1, top + 3):
        r = a.client.get("/ticket/%s/file/%d" % (a.t.number, i))
        assert r.status_code in (200, 403, 404), (i, r.status_code)
        if r.status_code == 200:
            opened.append(i)
        assert b.secret not in r.content
    assert opened == [a.file_id], "A's session opened files %r (own file is %d)" % (opened, a.file_id)


def test_idor_cookie_replayed_on_other_path(ab, new_client, db):
    """A's session cookie sent (by hand) to every path of B."""
    a, b = ab
    thief = new_client()
    hdr = {"Cookie": "tq_guest=" + a.cookie}
    assert_denied(thief.get("/ticket/" + b.t.number, headers=hdr), b, "A's cookie on B's page", (403,))
    assert_denied(thief.get(b.file_href, headers=hdr), b, "A's cookie on B's file", (403,))
    _, token = csrf_pair(thief)
    before = snapshot(db)
    r = thief.post("/ticket/%s/reply" % b.t.number,
                   files=helpers.multipart({"csrf": token, "message": "via A's cookie"}),
                   headers={"Cookie": "tq_guest=%s; tq_csrf=%s" % (a.cookie, thief.cookies.get("tq_csrf"))})
    assert_denied(r, b, "A's cookie replying to B", (403,))
    assert snapshot(db) == before
    # The same cookie is accepted on A's own path (so it was a valid cookie).
    assert thief.get("/ticket/" + a.t.number, headers=hdr).status_code == 200


def test_idor_duplicate_guest_cookies(ab, new_client):
    """Two tq_guest cookies for B's path, A's first (cookie order games): refused."""
    a, b = ab
    r = new_client().get("/ticket/" + b.t.number, headers={"Cookie": "tq_guest=%s; tq_guest=%s" % (a.cookie, "x")})
    assert_denied(r, b, "two tq_guest cookies", (403,))


@pytest.mark.parametrize("mutation", ["expiry+1", "expiry-far-future", "mac-of-a-other-expiry",
                                      "no-mac", "no-expiry", "empty", "dot", "huge", "negative"])
def test_idor_tampered_session_cookie(ab, new_client, mutation):
    a, b = ab
    expires, mac = a.cookie.split(".", 1)
    value = {
        "expiry+1": "%d.%s" % (int(expires) + 1, mac),
        "expiry-far-future": "99999999999.%s" % mac,
        "mac-of-a-other-expiry": "%d.%s" % (int(expires) - 86400, mac),
        "no-mac": expires,
        "no-expiry": "." + mac,
        "empty": "",
        "dot": ".",
        "huge": "9" * 40 + "." + mac,
        "negative": "-1." + mac,
    }[mutation]
    c = new_client()
    for t in (a, b):
        r = c.get("/ticket/" + t.t.number, headers={"Cookie": "tq_guest=" + value})
        assert r.status_code == 403, "%s cookie on %s -> %d" % (mutation, t.t.number, r.status_code)
        assert t.secret not in r.content and t.t.values["subject"].encode() not in r.content


def test_idor_existing_and_unknown_tickets_answer_alike(ab, new_client):
    """Without a session, B and a number that does not exist get the same answers
    (no way to learn which numbers exist)."""
    a, b = ab
    c = new_client()
    n = unused_number()
    for suffix in ("", "/file/%d" % b.file_id):
        r1, r2 = c.get("/ticket/" + b.t.number + suffix), c.get("/ticket/" + n + suffix)
        assert r1.status_code == r2.status_code == 403, (suffix, r1.status_code, r2.status_code)
        e1, e2 = error_text(r1), error_text(r2)
        assert e1 and e1 == e2, "different answers: %r / %r" % (e1, e2)
    _, token = csrf_pair(c)
    r1 = c.post("/ticket/%s/reply" % b.t.number, files=helpers.multipart({"csrf": token, "message": "x"}))
    r2 = c.post("/ticket/%s/reply" % n, files=helpers.multipart({"csrf": token, "message": "x"}))
    assert r1.status_code == r2.status_code == 403
    assert error_text(r1) and error_text(r1) == error_text(r2)


def error_text(resp):
    p = page(resp)
    return p.text_of("lookup-error") or p.text_of("error-message")
