"""Shared helpers for the Taquilla end-to-end suite (no fixtures here)."""
import http.client
import os
import re
import secrets
import sqlite3
import subprocess
import time
import urllib.parse
from dataclasses import dataclass, field
from html.parser import HTMLParser

import requests
from requests.adapters import HTTPAdapter

BASE_URL = os.environ.get("E2E_BASE_URL", "http://127.0.0.1:18081").rstrip("/")
DATA_DIR = os.environ.get("E2E_DATA", "")
SETUP = os.environ.get("E2E_SETUP", "unknown")
TAQUILLA_BIN = os.environ.get("TAQUILLA_BIN", "")
RUN_USER = os.environ.get("E2E_RUN_USER", "www-data")
HTDOCS = os.environ.get("TAQUILLA_HTDOCS") or os.path.join(
    os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "htdocs")

NUMBER_RE = re.compile(r"^\d{8}$")
CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_RE = re.compile(r"^[0-9A-HJKMNP-TV-Z]+(?:-[0-9A-HJKMNP-TV-Z]+)*$")

SERVER_HEADERS = {
    "Content-Security-Policy":
        "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}

XSS_SCRIPT = "<script>alert(1)</script>"
XSS_IMG = '"><img src=x onerror=alert(1)>'


def unique(prefix="e2e"):
    return "%s-%s" % (prefix, secrets.token_hex(4))


# --------------------------------------------------------------- headers
def header_values(headers, name):
    """All values of a header (duplicates kept) from a urllib3/http.client header map."""
    if hasattr(headers, "getlist"):
        return list(headers.getlist(name))
    if hasattr(headers, "get_all"):
        return list(headers.get_all(name) or [])
    return [v for k, v in headers if k.lower() == name.lower()]


def security_header_problems(headers):
    """Problems with the security headers of one response (empty list = fine).

    Each of the four must be present exactly once (not duplicated by server
    + app). The app contract allows frame-ancestors 'none' in the CSP in
    place of X-Frame-Options.
    """
    problems = []
    csp = header_values(headers, "Content-Security-Policy")
    if len(csp) != 1:
        problems.append("Content-Security-Policy present %d times %r" % (len(csp), csp))
    elif "unsafe-inline" in csp[0]:
        problems.append("Content-Security-Policy allows 'unsafe-inline': %r" % csp[0])
    nosniff = header_values(headers, "X-Content-Type-Options")
    if len(nosniff) != 1 or nosniff[0].strip().lower() != "nosniff":
        problems.append("X-Content-Type-Options must be one 'nosniff', got %r" % nosniff)
    ref = header_values(headers, "Referrer-Policy")
    if len(ref) != 1 or not ref[0].strip():
        problems.append("Referrer-Policy must be present once, got %r" % ref)
    xfo = header_values(headers, "X-Frame-Options")
    if len(xfo) > 1:
        problems.append("X-Frame-Options present %d times %r" % (len(xfo), xfo))
    elif xfo and xfo[0].strip().upper() != "DENY":
        problems.append("X-Frame-Options is %r, not DENY" % xfo[0])
    elif not xfo and not (len(csp) == 1 and re.search(r"frame-ancestors\s+'none'", csp[0])):
        problems.append("neither X-Frame-Options: DENY nor CSP frame-ancestors 'none'")
    return problems


# --------------------------------------------------------------- HTTP client
class SourceAddressAdapter(HTTPAdapter):
    """Connect from a given loopback address (so REMOTE_ADDR differs)."""

    def __init__(self, source_ip, **kw):
        self._source_ip = source_ip
        super().__init__(**kw)

    def init_poolmanager(self, *args, **kw):
        kw["source_address"] = (self._source_ip, 0)
        super().init_poolmanager(*args, **kw)


class Client(requests.Session):
    """requests.Session bound to the server under test.

    * paths ("/new") are resolved against BASE_URL;
    * redirects are NOT followed unless allow_redirects=True is passed;
    * every response (redirect hops too) has its security headers checked;
      problems are collected in .violations and reported at test teardown.
    """

    def __init__(self, source_ip=None):
        super().__init__()
        self.base_url = BASE_URL
        self.violations = []
        self.seen = 0
        if source_ip:
            adapter = SourceAddressAdapter(source_ip)
            self.mount("http://", adapter)

    def get(self, url, **kw):
        # requests.Session.get would default allow_redirects to True
        kw.setdefault("allow_redirects", False)
        return self.request("GET", url, **kw)

    def request(self, method, url, *args, **kw):
        if url.startswith("/"):
            url = self.base_url + url
        kw.setdefault("allow_redirects", False)
        kw.setdefault("timeout", 60)
        resp = super().request(method, url, *args, **kw)
        for r in list(resp.history) + [resp]:
            self.seen += 1
            for p in security_header_problems(r.raw.headers if r.raw is not None else r.headers):
                self.violations.append("%s %s -> %d: %s" % (
                    r.request.method, r.request.path_url, r.status_code, p))
        return resp


def raw_request(path, method="GET", headers=None, host="127.0.0.1"):
    """Send the path byte-for-byte (requests/urllib3 would normalise "..")."""
    u = urllib.parse.urlsplit(BASE_URL)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
    try:
        conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        conn.putheader("Host", "%s:%d" % (host, u.port))
        for k, v in (headers or {}).items():
            conn.putheader(k, v)
        conn.endheaders()
        resp = conn.getresponse()
        body = resp.read()
        return resp.status, resp.msg, body
    finally:
        conn.close()


# --------------------------------------------------------------- HTML
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
        "meta", "source", "track", "wbr"}


class Node:
    def __init__(self, tag, attrs, parent=None):
        self.tag = tag
        self.attrs = {k: (v if v is not None else "") for k, v in attrs}
        self.parent = parent
        self.children = []

    def text(self):
        out = []
        for c in self.children:
            out.append(c if isinstance(c, str) else c.text())
        return "".join(out)

    def iter(self):
        for c in self.children:
            if isinstance(c, Node):
                yield c
                yield from c.iter()

    def classes(self):
        return self.attrs.get("class", "").split()

    def get(self, name, default=None):
        return self.attrs.get(name, default)

    def __repr__(self):
        return "<%s %r>" % (self.tag, self.attrs)


class _Builder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", [])
        self.cur = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs, self.cur)
        self.cur.children.append(node)
        if tag not in VOID:
            self.cur = node

    def handle_startendtag(self, tag, attrs):
        self.cur.children.append(Node(tag, attrs, self.cur))

    def handle_endtag(self, tag):
        n = self.cur
        while n is not None and n.tag != tag:
            n = n.parent
        if n is not None and n.parent is not None:
            self.cur = n.parent

    def handle_data(self, data):
        self.cur.children.append(data)


@dataclass
class Form:
    node: Node
    fields: dict = field(default_factory=dict)     # name -> value (first)
    types: dict = field(default_factory=dict)      # name -> input type / tag
    options: dict = field(default_factory=dict)    # select name -> [values]

    @property
    def action(self):
        return self.node.get("action")

    @property
    def method(self):
        return (self.node.get("method") or "get").lower()

    @property
    def enctype(self):
        return (self.node.get("enctype") or "").lower()


class Page:
    def __init__(self, text):
        self.html = text
        b = _Builder()
        b.feed(text)
        b.close()
        self.root = b.root

    def all(self, tag=None, cls=None):
        for n in self.root.iter():
            if tag and n.tag != tag:
                continue
            if cls and cls not in n.classes():
                continue
            yield n

    def by_id(self, ident):
        for n in self.root.iter():
            if n.get("id") == ident:
                return n
        return None

    def text_of(self, ident):
        n = self.by_id(ident)
        return None if n is None else n.text().strip()

    @property
    def lang(self):
        for n in self.all("html"):
            return n.get("lang")
        return None

    def form(self, ident):
        node = self.by_id(ident)
        if node is None or node.tag != "form":
            return None
        f = Form(node)
        for n in node.iter():
            name = n.get("name")
            if not name:
                continue
            if n.tag == "input":
                t = (n.get("type") or "text").lower()
                f.types.setdefault(name, t)
                if t in ("checkbox", "radio") and "checked" not in n.attrs:
                    continue
                f.fields.setdefault(name, n.get("value", ""))
            elif n.tag == "textarea":
                f.types.setdefault(name, "textarea")
                f.fields.setdefault(name, n.text().replace("\r\n", "\n").lstrip("\n"))
            elif n.tag == "select":
                f.types.setdefault(name, "select")
                opts = [o for o in n.iter() if o.tag == "option"]
                values = [o.get("value", o.text().strip()) for o in opts]
                f.options[name] = values
                sel = [o for o in opts if "selected" in o.attrs]
                chosen = sel[0] if sel else (opts[0] if opts else None)
                f.fields.setdefault(
                    name, "" if chosen is None else chosen.get("value", chosen.text().strip()))
        return f


def page(resp):
    return Page(resp.text)


# --------------------------------------------------------------- data
def db_query(sql, params=()):
    """Read-only query on <datadir>/taquilla.sqlite.

    Opened with effective uid/gid of the app user when running as root, so
    SQLite's -shm/-wal helpers are never created root-owned.
    """
    path = os.path.join(DATA_DIR, "taquilla.sqlite")
    uri = "file:%s?mode=ro" % urllib.parse.quote(path)
    switched = False
    if os.geteuid() == 0:
        import pwd
        pw = pwd.getpwnam(RUN_USER)
        os.setegid(pw.pw_gid)
        os.seteuid(pw.pw_uid)
        switched = True
    try:
        con = sqlite3.connect(uri, uri=True, timeout=10)
        try:
            con.row_factory = sqlite3.Row
            return [dict(r) for r in con.execute(sql, params).fetchall()]
        finally:
            con.close()
    finally:
        if switched:
            os.seteuid(0)
            os.setegid(0)


def run_cli(*args, check=True):
    """Run `taquilla ARGS` as the app user with TAQUILLA_DATA set."""
    env = dict(os.environ, TAQUILLA_DATA=DATA_DIR)
    cmd = [TAQUILLA_BIN] + [str(a) for a in args]
    if os.geteuid() == 0:
        cmd = ["runuser", "-u", RUN_USER, "--", "env", "TAQUILLA_DATA=" + DATA_DIR] + cmd
    p = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=60)
    if check and p.returncode != 0:
        raise AssertionError("taquilla %s exited %d\nstdout: %s\nstderr: %s" % (
            " ".join(map(str, args)), p.returncode, p.stdout, p.stderr))
    return p


# --------------------------------------------------------------- ticket flows
def default_ticket_values(**over):
    v = {
        "name": "Carmen Núñez",
        "email": "carmen.nunez@example.com",
        "phone": "+34 600 123 456",
        "city": "Sevilla",
        "country": "España",
        "subject": "Impresora atascada " + unique("s"),
        "message": "La impresora del aula 3 no imprime.\nGracias — Carmen",
    }
    v.update(over)
    return v


def multipart(fields, files=None, empty_file_part=False):
    """Fields as multipart parts (browser-like), plus ("files", (name, bytes, type))."""
    parts = [(k, (None, v)) for k, v in fields.items() if v is not None]
    for f in files or []:
        parts.append(("files", f))
    if empty_file_part and not files:
        parts.append(("files", ("", b"", "application/octet-stream")))
    return parts


def get_new_form(client, lang=None):
    r = client.get("/new" + ("?lang=" + lang if lang else ""))
    assert r.status_code == 200, "GET /new -> %d" % r.status_code
    f = page(r).form("new-ticket")
    assert f is not None, "no <form id=new-ticket> on /new"
    return f


def submit_new(client, values=None, files=None, form=None, drop=(), override=None,
               empty_file_part=False):
    """GET /new (unless form given), fill it, POST it. Returns the response.

    values: field values (defaults from default_ticket_values());
    drop: field names to leave out of the submission entirely;
    override: raw field values applied last (e.g. {"csrf": "forged"}).
    """
    if form is None:
        form = get_new_form(client)
    vals = default_ticket_values() if values is None else values
    fields = dict(form.fields)               # hidden csrf, selects' defaults, website=""
    fields.pop("files", None)
    fields.update(vals)
    fields.setdefault("website", "")
    for k, v in (override or {}).items():
        fields[k] = v
    for k in drop:
        fields.pop(k, None)
    return client.post("/new", files=multipart(fields, files, empty_file_part))


@dataclass
class Ticket:
    number: str
    code: str
    values: dict
    client: Client
    response: requests.Response


def create_ticket(client, files=None, **over):
    vals = default_ticket_values(**over)
    r = submit_new(client, vals, files=files)
    assert r.status_code == 200, "POST /new -> %d; errors: %s" % (
        r.status_code, form_errors(page(r)))
    p = page(r)
    number = p.text_of("ticket-number")
    code = p.text_of("access-code")
    assert number and NUMBER_RE.match(number), "bad ticket number %r" % number
    assert code and CODE_RE.match(code), "bad access code %r" % code
    return Ticket(number, code, vals, client, r)


def form_errors(p):
    out = {}
    for n in p.all(cls="field-error"):
        out[n.get("id")] = n.text().strip()
    for n in p.all(cls="form-error"):
        out[n.get("id")] = n.text().strip()
    return out


def lookup(client, number, code):
    r = client.get("/ticket")
    assert r.status_code == 200, "GET /ticket -> %d" % r.status_code
    f = page(r).form("lookup")
    assert f is not None, "no <form id=lookup> on /ticket"
    fields = dict(f.fields)
    fields.update(number=number, code=code)
    return client.post("/ticket", data=fields)


def location_path(resp):
    loc = resp.headers.get("Location", "")
    u = urllib.parse.urlsplit(loc)
    return u.path + ("?" + u.query if u.query else "")


def set_cookie_headers(resp):
    return header_values(resp.raw.headers, "Set-Cookie")


def other_code(code):
    """The same code with its first symbol changed (still well-formed).

    The first symbol, not the last: the last one may carry padding bits
    that decoding ignores, so changing it can give an equivalent code.
    """
    first = code[0].upper()
    repl = CROCKFORD[(CROCKFORD.index(first) + 1) % len(CROCKFORD)] if first in CROCKFORD else "0"
    return repl + code[1:]


def unused_number():
    used = {str(r["number"]).zfill(8) for r in db_query("SELECT number FROM tickets")}
    n = 10000000
    while str(n) in used:
        n += 7919
    return str(n)


def wait(seconds):
    time.sleep(seconds)
