"""The operator desk behind the real web server: two operators and an admin signing in
with HTTP Basic against the server-auth file, working one ticket under the seed's
claim-and-lock rules, with every step in the audit log."""
import re

import helpers
from helpers import page

USERS = {"alice": "alicepass1", "bob": "bobpass123", "admin": "adminpass1"}


def operator(new_client, name):
    c = new_client()
    c.auth = (name, USERS[name])
    return c


def form_values(resp, form_id):
    f = page(resp).form(form_id)
    assert f is not None, "no form #%s" % form_id
    return dict(f.fields)


def act(c, number, what, **extra):
    r = c.get("/desk/ticket/%s" % number)
    assert r.status_code == 200, r.status_code
    csrf = re.search(r'name="csrf" value="([^"]+)"', r.text).group(1)
    data = {"do": what, "csrf": csrf}
    data.update(extra)
    return c.post("/desk/ticket/%s/action" % number, files=helpers.multipart(data))


def reply(c, number, body, mode="reply", fmt="text", **extra):
    r = c.get("/desk/ticket/%s" % number)
    assert r.status_code == 200, r.status_code
    values = form_values(r, "reply")
    values.update({"body": body, "format": fmt, "mode": mode})
    values.update(extra)
    return c.post("/desk/ticket/%s/reply" % number, files=helpers.multipart(values))


def operator_id(db, name):
    return db.one("SELECT id FROM operators WHERE username = ?", (name,))["id"]


def status_of(db, number):
    return db.one("SELECT s.code FROM tickets t JOIN statuses s ON s.id = t.status_id WHERE t.number = ?", (number,))["code"]


def test_claim_lock_assign_answer_close_delete(new_client, ticket, db):
    alice, bob, admin = operator(new_client, "alice"), operator(new_client, "bob"), operator(new_client, "admin")
    n = ticket.number
    assert act(alice, n, "claim").status_code == 303
    # Bob cannot answer Alice's ticket, nor take or assign it.
    refused = reply(bob, n, "Bob trying to answer")
    assert refused.status_code == 403
    assert page(refused).by_id("error-form") is not None
    assert db.count("SELECT count(*) FROM messages m JOIN tickets t ON t.id = m.ticket_id WHERE t.number = ? AND m.kind = 'reply'", (n,)) == 0
    assert act(bob, n, "claim").status_code == 403
    assert act(bob, n, "assign", operator=str(operator_id(db, "bob"))).status_code == 403
    # Alice cannot close before answering; she assigns to Bob, who answers and closes.
    closed = str(db.one("SELECT id FROM statuses WHERE code = 'closed'")["id"])
    assert act(alice, n, "update", status=closed).status_code == 403
    assert act(alice, n, "assign", operator=str(operator_id(db, "bob"))).status_code == 303
    assert act(bob, n, "update", status=closed).status_code == 403, "Bob has not answered yet"
    assert reply(bob, n, "Hola Carmen, ya está arreglado.").status_code == 303
    assert db.count("SELECT count(*) FROM outbox o JOIN tickets t ON t.id = o.ticket_id WHERE t.number = ? AND o.kind = 'reply'", (n,)) == 1
    assert act(bob, n, "update", status=closed).status_code == 303
    assert status_of(db, n) == "closed"
    # The customer sees the reply on the guest page.
    guest = ticket.client.get("/ticket/%s" % n)
    assert "ya está arreglado" in guest.text
    # Only the admin deletes.
    assert act(bob, n, "delete").status_code == 403
    assert act(admin, n, "delete").status_code == 303
    assert db.ticket(n)["deleted_at"] is not None
    audit = admin.get("/admin/audit?ticket=%s" % n)
    assert audit.status_code == 200
    rows = [(tr.get("data-action")) for tr in page(audit).all("tr") if tr.get("data-action")]
    assert rows == ["delete", "status", "status", "reply", "assign", "claim"], rows


def test_html_reply_arrives_sanitized(new_client, ticket, db):
    alice = operator(new_client, "alice")
    body = '<p onmouseover="steal()">Hola <b>Carmen</b><script>alert(1)</script><a href="javascript:alert(2)">x</a><img src=x onerror=alert(3)></p>'
    assert reply(alice, ticket.number, body, fmt="html").status_code == 303
    stored = db.one("SELECT m.body_html FROM messages m JOIN tickets t ON t.id = m.ticket_id WHERE t.number = ? AND m.kind = 'reply'",
                    (ticket.number,))["body_html"]
    assert "<b>Carmen</b>" in stored
    for bad in ("<script", "onmouseover", "onerror", "javascript:"):
        assert bad not in stored, bad
    shown = alice.get("/desk/ticket/%s" % ticket.number).text
    assert "<script>alert(1)" not in shown and "onerror" not in shown


def test_internal_note_is_never_shown_to_the_customer(new_client, ticket, db):
    bob = operator(new_client, "bob")
    assert reply(bob, ticket.number, "Nota interna: revisar factura", mode="note").status_code == 303
    assert "revisar factura" in bob.get("/desk/ticket/%s" % ticket.number).text
    assert "revisar factura" not in ticket.client.get("/ticket/%s" % ticket.number).text


def test_queue_dashboard_and_preview(new_client, ticket):
    alice = operator(new_client, "alice")
    queue = alice.get("/desk/tickets?unassigned=1")
    assert queue.status_code == 200
    row = [tr for tr in page(queue).all("tr") if tr.get("data-number") == ticket.number]
    assert row and "awaiting" in row[0].classes(), "a new customer ticket is bold until answered"
    preview = alice.get("/desk/ticket/%s/preview" % ticket.number)
    assert preview.status_code == 200 and "impresora" in preview.text.lower()
    assert alice.get("/desk/").status_code == 200


def test_admin_pages_refuse_operators(new_client):
    assert operator(new_client, "alice").get("/admin/audit").status_code == 403
    assert operator(new_client, "admin").get("/admin/audit").status_code == 200
