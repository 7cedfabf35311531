"""Mail delivery tests: the real taquilla binary (`mail send`, `mail test`) against a
real SMTP server (aiosmtpd, run by Debian's /usr/bin/python3) on 127.0.0.1, on a fresh
data directory per test. Tickets are opened through the CGI face, as a browser would.
Needs TAQUILLA_BIN (default: the debug build)."""
import email
import email.policy
import glob
import json
import os
import re
import secrets
import shutil
import socket
import sqlite3
import subprocess
import tempfile

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
BIN = os.environ.get("TAQUILLA_BIN") or os.path.join(HERE, "../../.build/debug/taquilla")
SERVER_PYTHON = os.environ.get("SMTP_PYTHON", "/usr/bin/python3")

TOKEN_RE = re.compile(rb'name="csrf" value="([^"]+)"')
NUMBER_RE = re.compile(rb'id="ticket-number"[^>]*>(\d{8})<')
CODE_RE = re.compile(rb'id="access-code"[^>]*>([0-9A-Z-]+)<')


def run_cli(data, *args, check=True):
    env = dict(os.environ, TAQUILLA_DATA=data)
    return subprocess.run([BIN, *args], env=env, check=check, capture_output=True, text=True, timeout=120)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Site:
    """A data directory with settings, tickets opened through CGI, and the outbox."""

    def __init__(self, data):
        self.data = data
        self.cookies = {}

    def set(self, **settings):
        for key, value in settings.items():
            run_cli(self.data, "setting", "set", key, str(value))

    def cgi(self, method, uri, body=b"", content_type="", extra=None):
        env = {"GATEWAY_INTERFACE": "CGI/1.1", "REQUEST_METHOD": method, "REQUEST_URI": uri,
               "QUERY_STRING": uri.partition("?")[2], "REMOTE_ADDR": "127.0.0.1", "HTTP_HOST": "help.example.org",
               "HTTP_ACCEPT_LANGUAGE": "en", "CONTENT_LENGTH": str(len(body)), "TAQUILLA_DATA": self.data,
               "PATH": "/usr/bin:/bin"}
        if content_type:
            env["CONTENT_TYPE"] = content_type
        env.update(extra or {})
        if self.cookies:
            env["HTTP_COOKIE"] = "; ".join("%s=%s" % kv for kv in self.cookies.items())
        out = subprocess.run([BIN], env=env, input=body, capture_output=True, timeout=60).stdout
        head, _, page = out.partition(b"\r\n\r\n")
        for line in head.split(b"\r\n"):
            if line.lower().startswith(b"set-cookie:"):
                name, _, value = line.split(b":", 1)[1].split(b";")[0].strip().partition(b"=")
                self.cookies[name.decode()] = value.decode()
        return int(head.split(b"\r\n")[0].split()[1]), page

    def open_ticket(self, subject="Printer on fire", email_addr="carmen@example.com", name="Carmen Núñez"):
        """Opens a ticket through the web form; returns (number, access code)."""
        status, page = self.cgi("GET", "/new")
        assert status == 200
        token = TOKEN_RE.search(page).group(1).decode()
        fields = {"csrf": token, "website": "", "name": name, "email": email_addr, "phone": "+34 600 123 456", "city": "Sevilla",
                  "country": "España", "subject": subject, "message": "The printer in room 3 is on fire.\n" + subject}
        boundary = "----mail" + secrets.token_hex(8)
        body = b"".join(('--%s\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n' % (boundary, k, v)).encode()
                        for k, v in fields.items()) + ("--%s--\r\n" % boundary).encode()
        status, page = self.cgi("POST", "/new", body, "multipart/form-data; boundary=" + boundary)
        assert status == 200, page[:500]
        return NUMBER_RE.search(page).group(1).decode(), CODE_RE.search(page).group(1).decode()

    def rows(self, sql, *params):
        db = sqlite3.connect(os.path.join(self.data, "taquilla.sqlite"), timeout=10)
        db.row_factory = sqlite3.Row
        try:
            return [dict(r) for r in db.execute(sql, params)]
        finally:
            db.close()

    def execute(self, sql, *params):
        """Writes straight to the database (only to queue unusual rows for a test)."""
        db = sqlite3.connect(os.path.join(self.data, "taquilla.sqlite"), timeout=10)
        try:
            with db:
                db.execute(sql, params)
        finally:
            db.close()

    def outbox(self):
        return self.rows("SELECT * FROM outbox ORDER BY id")

    def send(self, *args, check=True):
        return run_cli(self.data, "mail", "send", *args, check=check)


@pytest.fixture
def site():
    d = tempfile.mkdtemp(prefix="taquilla-mail-")
    run_cli(d, "migrate")
    s = Site(d)
    s.set(form_min_seconds=0, organisation_name="Ejemplo S.L.", smtp_from="helpdesk@example.org",
          support_address="soporte@example.org")
    yield s
    shutil.rmtree(d, ignore_errors=True)


class SMTPServer:
    """aiosmtpd in a subprocess; received messages land in `folder`."""

    def __init__(self, port, folder, *options):
        self.port, self.folder = port, folder
        os.makedirs(folder, exist_ok=True)
        self.proc = subprocess.Popen([SERVER_PYTHON, os.path.join(HERE, "smtp_server.py"), "--port", str(port),
                                      "--folder", folder, *options], stdout=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        assert line.strip() == "READY", "the SMTP server did not start (is python3-aiosmtpd installed?)"

    def messages(self):
        """[(meta dict, raw bytes, parsed message)] in arrival order."""
        out = []
        for path in sorted(glob.glob(os.path.join(self.folder, "*.eml"))):
            with open(path, "rb") as f:
                raw = f.read()
            with open(path[:-4] + ".json") as f:
                meta = json.load(f)
            out.append((meta, raw, email.message_from_bytes(raw, policy=email.policy.default)))
        return out

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


@pytest.fixture
def smtp(tmp_path):
    """start(port=None, *options) -> SMTPServer; every server is stopped at the end."""
    started = []

    def start(*options, port=None):
        server = SMTPServer(port or free_port(), str(tmp_path / ("smtp%d" % len(started))), *options)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def certificate(tmp_path):
    """A self-signed certificate and key made with openssl for this test."""
    cert, key = str(tmp_path / "cert.pem"), str(tmp_path / "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                    "-days", "1", "-subj", "/CN=localhost"], check=True, capture_output=True, timeout=60)
    return cert, key


def text_body(message):
    return message.get_body(preferencelist=("plain",)).get_content()

