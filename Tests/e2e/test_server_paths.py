"""What the web server itself must do: static files, denied paths, headers."""
import os

import pytest
import requests

import helpers
from helpers import SERVER_HEADERS, header_values, raw_request, security_header_problems

SECRETS = [b"SQLite format 3", b"$2y$", b"$2a$", b"$2b$", b"ghost:"]

DENIED = [
    "/data/taquilla.sqlite",
    "/data/users.htpasswd",
    "/data/",
    "/lang/en.lang",
    "/lang/es.lang",
    "/static/../data/taquilla.sqlite",
    "/static/../data/users.htpasswd",
    "/%2e%2e/data/taquilla.sqlite",
    "/static/%2e%2e/%2e%2e/data/taquilla.sqlite",
    "/static/..%2f..%2fdata/taquilla.sqlite",
    "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/.htpasswd",
    "/.git/config",
    "/.env",
    "/static/.hidden",
]


@pytest.mark.parametrize("path", DENIED)
def test_denied_paths(path):
    status, headers, body = raw_request(path)
    assert status != 200, "%s answered 200" % path
    assert 300 <= status < 600
    for s in SECRETS + [b"root:x:0:0"]:
        assert s not in body, "%s leaked %r" % (path, s)
    assert not security_header_problems(headers), security_header_problems(headers)


@pytest.mark.parametrize("path", ["/data/taquilla.sqlite", "/lang/en.lang", "/.git/config"])
def test_denied_by_server_403(path):
    status, headers, body = raw_request(path)
    assert status in (403, 404), status
    assert status == 403, "the web server should refuse %s with 403, got %d" % (path, status)


def test_static_served_by_server(client):
    r = client.get("/static/taquilla.css")
    assert r.status_code == 200
    assert r.headers.get("Content-Type", "").startswith("text/css")
    with open(os.path.join(helpers.HTDOCS, "static", "taquilla.css"), "rb") as f:
        assert r.content == f.read(), "not the file from htdocs/static"
    for name, value in SERVER_HEADERS.items():
        assert header_values(r.raw.headers, name) == [value], (name, header_values(r.raw.headers, name))


def test_static_missing_404_with_headers(client):
    r = client.get("/static/no-such-file-%s.css" % helpers.unique())
    assert r.status_code == 404
    for name, value in SERVER_HEADERS.items():
        assert header_values(r.raw.headers, name) == [value], name


def test_server_401_carries_headers(client):
    r = client.get("/desk/")
    assert r.status_code == 401
    for name in SERVER_HEADERS:
        assert len(header_values(r.raw.headers, name)) == 1, name


def test_app_headers_not_duplicated(client):
    for path in ("/", "/new", "/ticket", "/ticket/00000000", "/no-such-page"):
        r = client.get(path)
        assert r.status_code < 500, "%s -> %d" % (path, r.status_code)
        assert not security_header_problems(r.raw.headers), (path, security_header_problems(r.raw.headers))


def test_unknown_page_404_from_app(client):
    r = client.get("/no-such-page-%s" % helpers.unique())
    assert r.status_code == 404


def test_body_size_limit_allows_4mb(client):
    """4 MB through the server to the app (below the 25 MB limit) is not refused by it."""
    r = client.post("/new", files=helpers.multipart(
        {"csrf": "x"}, [("blob.bin", b"\0" * (4 * 1024 * 1024), "application/octet-stream")]))
    assert r.status_code not in (413, 502, 503, 504), r.status_code


def test_body_over_25mb_refused_by_server(client):
    """26 MB: the web server answers 413 itself (the app never sees it)."""
    try:
        r = client.post("/new", data=b"\0" * (26 * 1024 * 1024),
                        headers={"Content-Type": "application/octet-stream"})
    except requests.ConnectionError as e:       # server closed while we were still sending
        pytest.fail("connection dropped instead of a 413 answer: %s" % e)
    assert r.status_code == 413, r.status_code
