"""Shared helpers for the attack suite (Tests/e2e/test_attack_*.py); no fixtures here.

Everything builds on helpers.py. What this module adds:
  * byte-exact requests (invalid UTF-8 in the request line, headers and bodies);
  * hand-made multipart/form-data bodies (malformed ones included);
  * checks that a page carries no injected markup;
  * database snapshots to prove that an attack changed nothing.
"""
import http.client
from html import escape as _escape
import os
import re
import secrets
import urllib.parse

import requests

import helpers
from helpers import Page, get_new_form, page

ALICE = ("alice", "alicepass1")
ADMIN = ("admin", "adminpass1")
GHOST = ("ghost", "ghostpass1")

# The only <script> element a page may carry.
ALLOWED_SCRIPT_SRC = "/static/taquilla.js"
# Elements that never appear in Taquilla's markup: seeing one means injection.
FOREIGN_TAGS = {"svg", "img", "iframe", "object", "embed", "base", "style", "math", "frame",
                "frameset", "applet", "video", "audio", "source", "marquee", "isindex"}
URL_ATTRS = ("href", "src", "action", "formaction", "data", "xlink:href", "srcdoc", "background")

SQL_ERROR_MARKERS = ("sqlite", "syntax error", "no such table", "no such column",
                     "unrecognized token", "constraint failed", "near \"")


def html_escape(s):
    """The app's escaping: & < > " and ' as &#39; (the same in text and attributes)."""
    return _escape(s, quote=True).replace("&#x27;", "&#39;")


# --------------------------------------------------------------- raw HTTP
class _RawConnection(http.client.HTTPConnection):
    """HTTPConnection that sends the request line byte for byte (latin-1 code points
    stand for the bytes 0x80-0xFF) and does not reject control characters."""

    def _encode_request(self, request):
        return request.encode("latin-1")

    def _validate_path(self, url):
        pass

    def _validate_host(self, host):
        pass


class RawResponse:
    def __init__(self, status, headers, body):
        self.status = status
        self.status_code = status
        self.headers = headers
        self.content = body

    @property
    def text(self):
        return self.content.decode("utf-8", "replace")

    def header_list(self, name):
        return helpers.header_values(self.headers, name)


def raw(path, method="GET", headers=(), body=None, source_ip=None, host=None):
    """Sends one request with the path and header values as given.

    path: str (ASCII) or bytes (any bytes, e.g. b"/ticket/\\xff");
    headers: iterable of (name, value) pairs, values str or bytes (sent as is);
    body: bytes or None. Content-Length is added for a body.
    """
    u = urllib.parse.urlsplit(helpers.BASE_URL)
    conn = _RawConnection(u.hostname, u.port, timeout=60,
                          source_address=(source_ip, 0) if source_ip else None)
    if isinstance(path, bytes):
        path = path.decode("latin-1")
    try:
        conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        conn.putheader("Host", host or "%s:%d" % (u.hostname, u.port))
        names = set()
        for k, v in headers:
            names.add(k.lower())
            conn.putheader(k, v)
        if body is not None and "content-length" not in names:
            conn.putheader("Content-Length", str(len(body)))
        conn.endheaders(body)
        resp = conn.getresponse()
        data = resp.read()
        return RawResponse(resp.status, resp.msg, data)
    finally:
        conn.close()


def cookie_header(client, path="/"):
    """The Cookie header value a browser holding `client`'s jar would send to `path`."""
    prep = client.prepare_request(requests.Request("GET", helpers.BASE_URL + path))
    return prep.headers.get("Cookie", "")


# --------------------------------------------------------------- CSRF material
def csrf_pair(client, path="/new", form_id="new-ticket"):
    """(cookie value, token) of a fresh form for this client."""
    r = client.get(path)
    assert r.status_code == 200, "GET %s -> %d" % (path, r.status_code)
    f = page(r).form(form_id)
    assert f is not None, "no form %s on %s" % (form_id, path)
    cookie = client.cookies.get("tq_csrf")
    assert cookie, "no tq_csrf cookie after GET %s" % path
    return cookie, f.fields["csrf"]


def flip_token(token):
    """The same token with one MAC character changed (still valid base64url)."""
    i = len(token) - 3
    c = token[i]
    return token[:i] + ("A" if c != "A" else "B") + token[i + 1:]


# --------------------------------------------------------------- multipart by hand
def part(name, value, filename=None, content_type=None, disposition=None):
    """One multipart part as (header bytes, body bytes). Any argument may be bytes."""
    def b(x):
        return x if isinstance(x, bytes) else x.encode("utf-8")
    if disposition is None:
        disposition = b'form-data; name="' + b(name) + b'"'
        if filename is not None:
            disposition += b'; filename="' + b(filename) + b'"'
    head = b"Content-Disposition: " + b(disposition) + b"\r\n"
    if content_type is not None:
        head += b"Content-Type: " + b(content_type) + b"\r\n"
    return head, b(value)


def multipart_body(parts, boundary=None, close=True):
    """(body, content type) from parts made by part()."""
    boundary = boundary or "----tqattack" + secrets.token_hex(8)
    bb = boundary.encode()
    out = b""
    for head, body in parts:
        out += b"--" + bb + b"\r\n" + head + b"\r\n" + body + b"\r\n"
    if close:
        out += b"--" + bb + b"--\r\n"
    return out, "multipart/form-data; boundary=" + boundary


def new_ticket_parts(csrf, **over):
    """The parts of a complete, valid new-ticket submission (values may be bytes)."""
    vals = helpers.default_ticket_values()
    vals.update(over)
    parts = [part("csrf", csrf), part("website", "")]
    for k, v in vals.items():
        if v is not None:
            parts.append(part(k, v))
    return parts, vals


def quoted(name):
    """A quoted-string parameter value (backslash-escaped quote and backslash)."""
    b = name if isinstance(name, bytes) else name.encode("utf-8")
    return b'"' + b.replace(b"\\", b"\\\\").replace(b'"', b'\\"') + b'"'


def file_part(filename, content, content_type="application/octet-stream", field="files"):
    """A file part whose filename is sent exactly (browsers would %-encode quotes)."""
    disp = b'form-data; name="' + field.encode() + b'"; filename=' + quoted(filename)
    return part(field, content, content_type=content_type, disposition=disp)


def create_ticket_raw(client, files=(), **over):
    """Opens a ticket with a hand-made body; files are (filename, bytes, type).
    Returns (number, response); asserts success."""
    _, token = csrf_pair(client)
    parts, vals = new_ticket_parts(token, **over)
    parts += [file_part(n, b, t) for n, b, t in files]
    body, ctype = multipart_body(parts)
    r = post_raw_multipart(client, "/new", body, ctype)
    assert r.status_code == 200, "POST /new -> %d; errors: %s" % (
        r.status_code, helpers.form_errors(page(r)))
    number = page(r).text_of("ticket-number")
    assert number and helpers.NUMBER_RE.match(number), number
    return number, r


def post_raw_multipart(client, path, body, content_type):
    """POST bytes through the client's session (its cookies go along)."""
    return client.post(path, data=body, headers={"Content-Type": content_type})


# --------------------------------------------------------------- markup checks
def _all_nodes(p):
    return list(p.root.iter())


def injection_problems(html, raw_payloads=()):
    """Why this HTML shows signs of injection (empty list = clean)."""
    problems = []
    for payload in raw_payloads:
        # Quotes alone are harmless in text content (only attributes need them
        # escaped, which the parse below checks); a "<" must never come back raw.
        if "<" in payload and payload in html:
            problems.append("raw payload %r in the page" % payload)
    p = Page(html)
    for n in _all_nodes(p):
        for name, value in n.attrs.items():
            if name.lower().startswith("on"):
                problems.append("event handler attribute %s=%r on <%s>" % (name, value, n.tag))
            if name.lower() in URL_ATTRS:
                v = re.sub(r"[\x00-\x20]", "", value).lower()
                if v.startswith(("javascript:", "vbscript:", "data:text/html")):
                    problems.append("script URL %s=%r on <%s>" % (name, value, n.tag))
            if name.lower() == "style" and "expression" in value.lower():
                problems.append("style expression on <%s>" % n.tag)
        if n.tag == "script":
            if n.get("src") != ALLOWED_SCRIPT_SRC or n.text().strip():
                problems.append("foreign <script> %r %r" % (n.attrs, n.text()[:80]))
        if n.tag in FOREIGN_TAGS:
            problems.append("foreign element <%s %r>" % (n.tag, n.attrs))
        if n.tag == "meta" and n.get("http-equiv"):
            problems.append("injected <meta http-equiv=%r>" % n.get("http-equiv"))
        if n.tag == "link" and n.get("href") not in ("/static/taquilla.css", "/static/favicon.svg"):
            problems.append("foreign <link %r>" % n.attrs)
    scripts = [n for n in _all_nodes(p) if n.tag == "script"]
    if len(scripts) > 1:
        problems.append("%d <script> elements" % len(scripts))
    return problems


def assert_clean_html(resp, raw_payloads=(), where=""):
    """The response is UTF-8 HTML with no injected element, attribute or script."""
    ctype = resp.headers.get("Content-Type", "")
    assert ctype.lower().replace(" ", "").startswith("text/html;charset=utf-8"), \
        "%s: Content-Type %r (must name UTF-8 so no charset is sniffed)" % (where, ctype)
    body = resp.content
    try:
        html = body.decode("utf-8")
    except UnicodeDecodeError as e:
        raise AssertionError("%s: the page is not valid UTF-8: %s" % (where, e))
    problems = injection_problems(html, raw_payloads)
    assert not problems, "%s (%d): %s" % (where, resp.status_code, "; ".join(problems[:10]))
    return Page(html)


def assert_no_sql_error(resp, where="", ignore=()):
    """No database error text in the body; `ignore` lists values the page may
    legitimately show back (typed input), removed first in raw and escaped form."""
    text = resp.content.decode("utf-8", "replace")
    for v in ignore:
        if v:
            text = text.replace(html_escape(v), "").replace(v, "")
    low = text.lower()
    for m in SQL_ERROR_MARKERS:
        assert m not in low, "%s: SQL error text %r leaked in the response" % (where, m)


# --------------------------------------------------------------- database state
def snapshot(db):
    """Counts that any successful write would change."""
    return {
        "tickets": db.count("SELECT COUNT(*) FROM tickets"),
        "messages": db.count("SELECT COUNT(*) FROM messages"),
        "attachments": db.count("SELECT COUNT(*) FROM attachments"),
        "customers": db.count("SELECT COUNT(*) FROM customers"),
        "outbox": db.count("SELECT COUNT(*) FROM outbox"),
    }


def assert_schema_intact(db):
    names = {r["name"] for r in db.query("SELECT name FROM sqlite_master WHERE type = 'table'")}
    for t in ("tickets", "messages", "attachments", "customers", "operators", "settings", "outbox"):
        assert t in names, "table %s is gone" % t
    assert db.query("PRAGMA quick_check")[0]["quick_check"] == "ok"


def attachment_files():
    """Every file under <datadir>/attachments (relative paths)."""
    root = os.path.join(helpers.DATA_DIR, "attachments")
    out = set()
    for dirpath, _, files in os.walk(root):
        for f in files:
            out.add(os.path.relpath(os.path.join(dirpath, f), root))
    return out


def ticket_messages(db, number):
    return db.query("""SELECT m.* FROM messages m JOIN tickets t ON t.id = m.ticket_id
                       WHERE t.number = ? ORDER BY m.id""", (number,))


def guest_cookie(resp_or_client, number=None):
    """The tq_guest cookie value from a client's jar (for the ticket's path)."""
    jar = resp_or_client.cookies
    for c in jar:
        if c.name == "tq_guest" and (number is None or c.path == "/ticket/" + number):
            return c.value
    return None


def attachment_links(p):
    return {a.text().strip(): a.get("href") for a in p.all("a", cls="attachment")}


def server_log_dir():
    """run.sh keeps each setup's server logs next to its data dir."""
    return os.path.join(os.path.dirname(helpers.DATA_DIR.rstrip("/")), "logs")


def new_form(client):
    return get_new_form(client)
