"""A customer's browser, spoken straight over the FastCGI socket: keeps its cookies,
takes the CSRF token from /new, opens tickets (multipart, optionally with files) and
posts guest replies. Each request is one FastCGI connection."""
import os
import re
import secrets

import fcgi_client

TOKEN_RE = re.compile(rb'name="csrf" value="([^"]+)"')
NUMBER_RE = re.compile(rb'id="ticket-number"[^>]*>(\d{8})<')
CODE_RE = re.compile(rb'id="access-code"[^>]*>([0-9A-Z-]+)<')
STORAGE_EN = b"The server has run out of storage space"


def multipart(fields, files=()):
    """(body, content type) for fields and (name, bytes, type) files."""
    boundary = "----faults" + secrets.token_hex(12)
    out = []
    for name, value in fields.items():
        out.append(('--%s\r\nContent-Disposition: form-data; name="%s"\r\n\r\n' % (boundary, name)).encode())
        out.append(value.encode() + b"\r\n")
    for filename, data, ctype in files:
        out.append(('--%s\r\nContent-Disposition: form-data; name="files"; filename="%s"\r\nContent-Type: %s\r\n\r\n'
                    % (boundary, filename, ctype)).encode())
        out.append(data + b"\r\n")
    out.append(("--%s--\r\n" % boundary).encode())
    return b"".join(out), "multipart/form-data; boundary=" + boundary


def ticket_fields(subject, token):
    return {"csrf": token, "website": "", "name": "Carmen Núñez", "email": "carmen@example.com",
            "phone": "+34 600 123 456", "city": "Sevilla", "country": "España", "subject": subject,
            "message": "La impresora del aula 3 no imprime.\n" + subject}


class Guest:
    """One browser: a cookie jar (paths ignored) and the CSRF token of its last /new."""

    def __init__(self, socket, remote_addr="127.0.0.1", timeout=30):
        self.socket = socket
        self.remote_addr = remote_addr
        self.timeout = timeout
        self.cookies = {}
        self.token = None

    def params(self, method, uri, length=0, content_type=""):
        p = {"REQUEST_METHOD": method, "REQUEST_URI": uri, "QUERY_STRING": uri.partition("?")[2],
             "REMOTE_ADDR": self.remote_addr, "HTTP_HOST": "localhost", "HTTP_ACCEPT_LANGUAGE": "en",
             "CONTENT_LENGTH": str(length)}
        if content_type:
            p["CONTENT_TYPE"] = content_type
        if self.cookies:
            p["HTTP_COOKIE"] = "; ".join("%s=%s" % kv for kv in self.cookies.items())
        return p

    def connection(self):
        return fcgi_client.Connection(self.socket, timeout=self.timeout)

    def finish(self, conn):
        """The response of a connection whose request was sent; raises if the
        connection closed before the end of the response."""
        status, headers, body = conn.response()
        if not conn.complete:
            raise ConnectionError("the connection closed before a complete response")
        cookie = headers.get("set-cookie")
        if cookie:
            name, _, value = cookie.split(";")[0].partition("=")
            self.cookies[name.strip()] = value.strip()
        return status, headers, body

    def request(self, method, uri, body=b"", content_type=""):
        conn = self.connection()
        conn.begin(self.params(method, uri, len(body), content_type))
        conn.send_body(body, end=True)
        return self.finish(conn)

    def load_form(self):
        status, _, page = self.request("GET", "/new")
        assert status == 200, "GET /new -> %d" % status
        self.token = TOKEN_RE.search(page).group(1).decode()

    def new_ticket_body(self, subject, files=()):
        if self.token is None:
            self.load_form()
        return multipart(ticket_fields(subject, self.token), files)

    def open_ticket(self, subject, files=()):
        """(status, number or None, page)."""
        body, ctype = self.new_ticket_body(subject, files)
        status, _, page = self.request("POST", "/new", body, ctype)
        m = NUMBER_RE.search(page) if status == 200 else None
        return status, (m.group(1).decode() if m else None), page

    def lookup(self, number, code):
        """Status of trading a ticket number and access code for a session (303 when right)."""
        if self.token is None:
            self.load_form()
        body, ctype = multipart({"csrf": self.token, "number": number, "code": code})
        status, _, _ = self.request("POST", "/ticket", body, ctype)
        return status

    def reply(self, number, text):
        """Status of a guest reply (303 when stored); needs the session of open_ticket."""
        body, ctype = multipart({"csrf": self.token, "message": text})
        status, _, _ = self.request("POST", "/ticket/%s/reply" % number, body, ctype)
        return status


def random_file(size):
    return ("f-%s.txt" % secrets.token_hex(4), os.urandom(size), "text/plain")
