"""Administration behind the real web server: a password set on the admin page is
accepted by the server itself (nginx or Apache), templates and signatures end up in the
stored reply, snippets are pasted, and every step is in the audit log."""
import re

import helpers
from helpers import page

from test_desk_flow import USERS, act, operator, reply


def admin_post(c, path, fields):
    r = c.get(path.split("?")[0])
    assert r.status_code == 200, (path, r.status_code)
    fields = dict(fields)
    fields["csrf"] = re.search(r'name="csrf" value="([^"]+)"', r.text).group(1)
    return c.post(path, files=helpers.multipart(fields))


def test_password_set_by_admin_is_accepted_by_the_server(new_client, db):
    admin = operator(new_client, "admin")
    r = admin_post(admin, "/admin/operators", {"username": "dora", "display_name": "Dora D", "role": "operator",
                                               "language": "es", "password": "dora-pass-1"})
    assert r.status_code == 200, r.status_code
    dora = new_client()
    dora.auth = ("dora", "dora-pass-1")
    assert dora.get("/desk/").status_code == 200
    dora_id = db.one("SELECT id FROM operators WHERE username = 'dora'")["id"]
    assert admin_post(admin, "/admin/operators/%d" % dora_id, {"do": "password", "password": "dora-pass-2"}).status_code == 200
    assert dora.get("/desk/").status_code == 401, "the old password no longer opens the desk"
    dora.auth = ("dora", "dora-pass-2")
    assert dora.get("/desk/").status_code == 200
    assert admin_post(admin, "/admin/operators/%d" % dora_id, {"do": "disable"}).status_code == 303
    assert dora.get("/desk/").status_code == 403, "a disabled operator passes the server but not the app"


def test_template_signature_and_snippet_reach_the_stored_reply(new_client, ticket, db):
    admin = operator(new_client, "admin")
    assert admin_post(admin, "/admin/templates", {"name": "Saludo", "language": "",
                                                  "body": "<p>Hola {customer_name}, sobre el ticket {ticket_number}:</p>"}).status_code == 303
    assert admin_post(admin, "/admin/snippets", {"title": "Hotel Sol", "body": "<p>Hotel Sol, Calle Sierpes 1</p>"}).status_code == 303
    bob = operator(new_client, "bob")
    assert admin_post(bob, "/desk/me", {"language": "es", "signature": "<p><b>Bob</b> — Soporte</p>"}).status_code == 303
    n = ticket.number
    # Without the script: insert the template, then search and insert the snippet, then send.
    r = bob.get("/desk/ticket/%s" % n)
    form = page(r).form("reply")
    template_id = [v for v in form.options["template"] if v][0]
    fields = dict(form.fields, body="", mode="insert", template=template_id)
    r = bob.post("/desk/ticket/%s/reply" % n, files=helpers.multipart(fields))
    assert r.status_code == 200
    form = page(r).form("reply")
    assert "Hola Carmen Núñez, sobre el ticket %s:" % n in form.fields["body"]
    r = bob.post("/desk/ticket/%s/reply" % n, files=helpers.multipart(dict(form.fields, mode="snippets", snippet_q="Sierpes")))
    snippet = page(r).all("button", cls="snippet-insert")
    snippet_value = next(snippet).get("value")
    form = page(r).form("reply")
    fields = dict(form.fields, snippet_body=snippet_value)
    fields.pop("mode", None)
    r = bob.post("/desk/ticket/%s/reply" % n, files=helpers.multipart(fields))
    form = page(r).form("reply")
    assert "Hotel Sol, Calle Sierpes 1" in form.fields["body"]
    r = bob.post("/desk/ticket/%s/reply" % n, files=helpers.multipart(dict(form.fields, mode="reply")))
    assert r.status_code == 303, r.status_code
    stored = db.one("SELECT m.body_html FROM messages m JOIN tickets t ON t.id = m.ticket_id WHERE t.number = ? AND m.kind = 'reply'", (n,))
    assert "Hola Carmen Núñez, sobre el ticket %s:" % n in stored["body_html"]
    assert "Hotel Sol, Calle Sierpes 1" in stored["body_html"]
    assert "<b>Bob</b> — Soporte" in stored["body_html"], "the signature is appended"
    audit = admin.get("/admin/audit?ticket=%s" % n)
    actions = [tr.get("data-action") for tr in page(audit).all("tr") if tr.get("data-action")]
    assert actions[:2] == ["status", "reply"] and "claim" not in actions[:1]


def test_every_admin_section_answers_in_both_languages(new_client):
    admin = operator(new_client, "admin")
    for path in ["/admin/", "/admin/operators", "/admin/groups", "/admin/templates", "/admin/snippets", "/admin/mail-templates",
                 "/admin/statuses", "/admin/priorities", "/admin/projects", "/admin/customers", "/admin/languages",
                 "/admin/settings", "/admin/audit"]:
        for lang in ("es", "en"):
            r = admin.get(path + "?lang=" + lang)
            assert r.status_code == 200, (path, lang, r.status_code)
            assert page(r).lang == lang
