"""Landing page and the new-ticket form's shape."""
from helpers import page


def test_landing_links(client):
    r = client.get("/")
    assert r.status_code == 200
    assert "text/html" in r.headers.get("Content-Type", "")
    hrefs = {a.get("href") for a in page(r).all("a")}
    assert "/new" in hrefs, "landing page lacks a link to /new: %r" % hrefs
    assert "/ticket" in hrefs, "landing page lacks a link to /ticket: %r" % hrefs


def test_new_form_shape(client):
    r = client.get("/new")
    assert r.status_code == 200
    assert client.cookies.get("tq_csrf"), "GET /new must set cookie tq_csrf"
    f = page(r).form("new-ticket")
    assert f is not None
    assert f.method == "post"
    assert f.action == "/new"
    assert f.enctype == "multipart/form-data"
    for name in ("name", "email", "phone", "city", "country"):
        assert f.types.get(name) in ("text", "email", "tel"), "%s: %r" % (name, f.types.get(name))
    assert f.types.get("subject") in ("text",), f.types.get("subject")
    assert f.types.get("message") == "textarea"
    # Department and project selects appear only once an admin has defined some;
    # a fresh installation has none, and an empty choice would only confuse customers.
    assert "group" not in f.types and "project" not in f.types
    assert f.types.get("files") == "file"
    files_input = next(n for n in f.node.iter() if n.tag == "input" and n.get("name") == "files")
    assert "multiple" in files_input.attrs, "file input must allow several files"
    assert f.types.get("csrf") == "hidden" and f.fields.get("csrf")
    assert f.types.get("website") == "text", "honeypot 'website' must be a text input"
    assert f.fields.get("website", "") == ""


def test_lookup_form_shape(client):
    r = client.get("/ticket")
    assert r.status_code == 200
    f = page(r).form("lookup")
    assert f is not None
    assert f.method == "post" and f.action == "/ticket"
    assert "number" in f.types and "code" in f.types
    assert f.types.get("csrf") == "hidden" and f.fields.get("csrf")
