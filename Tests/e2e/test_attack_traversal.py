"""Attack: path traversal to files outside what may be served.

Requests go out byte for byte (no client normalisation). None may answer 200 with a
file's content or fail with a 5xx. The guest of the ticket under attack holds a valid
session, so the app's own checks, not a missing cookie, are what refuse.
"""
import hashlib
import os

import pytest

import helpers
from attack_helpers import (attachment_files, attachment_links, create_ticket_raw, csrf_pair, file_part, guest_cookie,
                            multipart_body, new_ticket_parts, post_raw_multipart, raw)
from helpers import page

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SECRETS = [b"SQLite format 3", b"$2y$", b"$2a$", b"$2b$", b"ghost:", b"alice:", b"root:x:0:0",
           b"nav.home = ", b"@name = ", b"[core]", b"swift-tools-version", b"BEGIN IMMEDIATE"]


@pytest.fixture(scope="module")
def target():
    """A ticket with one attachment, its guest cookie and the attachment's hash."""
    c = helpers.Client()
    secret = b"TRAVERSAL-ATTACHMENT-" + os.urandom(8).hex().encode()
    t = helpers.create_ticket(c, files=[("t.txt", secret, "text/plain")])
    href = attachment_links(page(c.get("/ticket/" + t.number)))["t.txt"]
    sha = helpers.db_query("SELECT sha256 FROM attachments WHERE id = ?", (int(href.rsplit("/", 1)[1]),))[0]["sha256"]
    yield {"number": t.number, "fid": href.rsplit("/", 1)[1], "cookie": guest_cookie(c, t.number),
           "sha": sha, "secret": secret}
    c.close()


def assert_no_file(r, path, extra=()):
    assert r.status < 500, "%s -> %d" % (path, r.status)
    assert r.status != 200, "%s answered 200 (%d bytes)" % (path, len(r.content))
    for s in SECRETS + list(extra):
        assert s not in r.content, "%s leaked %r" % (path, s)


ATTACHMENT_PATHS = [
    "{f}/../../../etc/passwd",
    "..%2f..%2f..%2fetc%2fpasswd",
    "%2e%2e/%2e%2e/%2e%2e/data/taquilla.sqlite",
    "%2e%2e%2f%2e%2e%2fdata%2fusers.htpasswd",
    "%252e%252e%252fdata%252fusers.htpasswd",
    "..%5c..%5cdata%5cusers.htpasswd",
    "..\\..\\data\\users.htpasswd",
    "%c0%ae%c0%ae/%c0%ae%c0%ae/data/users.htpasswd",
    "%c0%ae%c0%ae%c0%af%c0%ae%c0%ae%c0%afdata%c0%afusers.htpasswd",
    "{f}%00",
    "{f}%00.txt",
    "{f}%2500",
    "{f}/../../../../data/users.htpasswd",
    "{f}/..%2f..%2f..%2f..%2fdata%2fusers.htpasswd",
    "{f};/../../data/users.htpasswd",
    "{sha}",
    "{sha2}/{sha}",
    "../../../data/attachments/{sha2}/{sha}",
    "-1", "0", "9223372036854775808", "99999999999999999999999", "0x1", "1e0", "{f}.0", " {f}",
]


@pytest.mark.parametrize("tail", ATTACHMENT_PATHS)
def test_traversal_attachment_download(target, tail):
    t = target
    sha2 = "%s/%s" % (t["sha"][:2], t["sha"][2:4])
    path = "/ticket/%s/file/%s" % (t["number"], tail.format(f=t["fid"], sha=t["sha"], sha2=sha2))
    r = raw(path.replace(" ", "%20"), headers=[("Cookie", "tq_guest=" + t["cookie"])])
    assert_no_file(r, path, [t["secret"]])


def test_traversal_attachment_own_file_still_served(target):
    """Control: the same cookie downloads the ticket's own file by its id."""
    t = target
    r = raw("/ticket/%s/file/%s" % (t["number"], t["fid"]), headers=[("Cookie", "tq_guest=" + t["cookie"])])
    assert r.status == 200 and r.content == t["secret"]


STATIC_PATHS = [
    "/static/../data/taquilla.sqlite",
    "/static/%2e%2e/data/taquilla.sqlite",
    "/static/%2e%2e%2fdata%2ftaquilla.sqlite",
    "/static/..%2f..%2flang%2fen.lang",
    "/static/..%252f..%252fdata%252fusers.htpasswd",
    "/static/..\\..\\data\\users.htpasswd",
    "/static/%5c..%5c..%5cdata%5cusers.htpasswd",
    "/static/%c0%ae%c0%ae/data/users.htpasswd",
    "/static/%e0%80%ae%e0%80%ae/lang/en.lang",
    "/static/taquilla.css%00.html",
    "/static/taquilla.css/..%2f..%2f..%2fdata/users.htpasswd",
    "/static/./../lang/en.lang",
    "/static/....//....//data/users.htpasswd",
    "/static//../../lang/es.lang",
    "/static/%2E%2E/%2E%2E/etc/passwd",
    "/static/..;/data/users.htpasswd",
    "/static/../../../../../../etc/passwd",
    "/static/../Package.swift",
    "/static/../../Package.swift",
    "/static/../../install.sh",
    "/static/../../.git/config",
    "/static/../../Sources/Core/Web/App.swift",
    "/static/../../data/users.htpasswd",
]


@pytest.mark.parametrize("path", STATIC_PATHS)
def test_traversal_static(path):
    r = raw(path)
    assert_no_file(r, path, [b"struct App", b"set -euo pipefail", b"import PackageDescription"])


DATA_LANG_PATHS = [
    "/data/taquilla.sqlite-wal", "/data/taquilla.sqlite-shm", "/data/taquilla.log", "/data/attachments/",
    "/data/attachments/{sha2}/{sha}", "/data/run/", "/DATA/users.htpasswd", "/Data/taquilla.sqlite",
    "/%64ata/users.htpasswd", "/%64%61%74%61/taquilla.sqlite", "/lang/../lang/en.lang",
    "/./data/users.htpasswd", "/data%2fusers.htpasswd", "/lang%2fen.lang", "/lang/en.lang%00",
    "/lang/en.lang.", "/lang/en.lang%20", "/lang/EN.LANG", "/lang//en.lang", "/x/../lang/en.lang",
    "/htdocs/../data/users.htpasswd", "/ticket/../data/users.htpasswd", "/new/../../lang/en.lang",
    "/ticket/{n}/../../data/users.htpasswd", "/ticket/{n}/file/../../../lang/en.lang",
    "//data//users.htpasswd", "/data/./users.htpasswd", "/data/users.htpasswd/",
    "/data/users.htpasswd?x=1", "/data/users.htpasswd#x", "/lang/en.lang;x",
]


@pytest.mark.parametrize("path", DATA_LANG_PATHS)
def test_traversal_data_and_lang(target, path):
    t = target
    p = path.format(sha=t["sha"], sha2="%s/%s" % (t["sha"][:2], t["sha"][2:4]), n=t["number"])
    r = raw(p, headers=[("Cookie", "tq_guest=" + t["cookie"])])
    assert_no_file(r, p, [t["secret"]])


@pytest.mark.parametrize("name, stored", [
    ("../../../data/users.htpasswd.txt", "users.htpasswd.txt"),
    ("..\\..\\..\\data\\taquilla.sqlite.txt", "taquilla.sqlite.txt"),
    ("/etc/passwd.txt", "passwd.txt"),
    ("C:\\Windows\\win.ini.txt", "win.ini.txt"),
    ("%2e%2e%2f%2e%2e%2fx.txt", "%2e%2e%2f%2e%2e%2fx.txt"),
])
def test_traversal_upload_filename(new_client, db, name, stored):
    """An uploaded name never becomes a path: the name is cut to its last component and
    the bytes land only under attachments/, named by their hash."""
    data_dir = helpers.DATA_DIR
    htpasswd = os.path.join(data_dir, "users.htpasswd")
    before_ht = hashlib.sha256(open(htpasswd, "rb").read()).hexdigest()
    before_tree = {os.path.relpath(os.path.join(d, f), data_dir)
                   for d, _, fs in os.walk(data_dir) for f in fs}
    content = b"upload-traversal-" + os.urandom(8).hex().encode()
    c = new_client()
    number, _ = create_ticket_raw(c, files=[(name, content, "text/plain")])
    rows = db.query("SELECT a.filename, a.sha256 FROM attachments a JOIN tickets t ON t.id = a.ticket_id "
                    "WHERE t.number = ?", (number,))
    assert [r["filename"] for r in rows] == [stored]
    sha = hashlib.sha256(content).hexdigest()
    assert rows[0]["sha256"] == sha
    assert hashlib.sha256(open(htpasswd, "rb").read()).hexdigest() == before_ht, "users.htpasswd changed"
    after_tree = {os.path.relpath(os.path.join(d, f), data_dir) for d, _, fs in os.walk(data_dir) for f in fs}
    new = {p for p in after_tree - before_tree
           if not p.startswith("taquilla.sqlite") and p != "taquilla.log"}
    assert new == {os.path.join("attachments", sha[:2], sha[2:4], sha)}, "files created: %r" % new
    assert os.path.join(sha[:2], sha[2:4], sha) in attachment_files()


@pytest.mark.parametrize("name", ["..", ".", "../", "..\\", "/"])
def test_traversal_upload_dot_names(new_client, db, name):
    """Names that are nothing but a path: the part is refused or dropped, never stored
    under a name that could address a directory."""
    c = new_client()
    _, token = csrf_pair(c)
    parts, vals = new_ticket_parts(token, subject="dotname " + helpers.unique())
    content = b"dot-name-" + os.urandom(8).hex().encode()
    parts.append(file_part(name, content, "text/plain"))
    body, ctype = multipart_body(parts)
    before = attachment_files()
    r = post_raw_multipart(c, "/new", body, ctype)
    assert r.status_code in (200, 422), r.status_code
    rows = db.query("SELECT a.filename FROM attachments a JOIN tickets t ON t.id = a.ticket_id "
                    "WHERE t.subject = ?", (vals["subject"],))
    assert rows == [], "stored attachment names %r" % rows
    assert attachment_files() == before, "bytes of a refused file were written"
