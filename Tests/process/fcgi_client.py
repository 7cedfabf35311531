"""A minimal FastCGI client (responder role) for talking to the taquilla binary
directly over its socket, so tests can control timing (e.g. stop sending the body
half-way) in ways a web server would not let them."""
import socket
import struct

BEGIN_REQUEST, END_REQUEST, PARAMS, STDIN, STDOUT, STDERR = 1, 3, 4, 5, 6, 7


def _record(kind, request_id, content=b""):
    padding = (8 - len(content) % 8) % 8
    return struct.pack("!BBHHBx", 1, kind, request_id, len(content), padding) + content + b"\0" * padding


def _pair(name, value):
    def length(n):
        return struct.pack("!B", n) if n < 128 else struct.pack("!I", n | 0x80000000)
    name, value = name.encode(), value.encode()
    return length(len(name)) + length(len(value)) + name + value


class Connection:
    """One request over one connection: begin(), send_body() in pieces, response()."""

    def __init__(self, path, timeout=10):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(timeout)
        self.sock.connect(path)

    def begin(self, params):
        self.sock.sendall(_record(BEGIN_REQUEST, 1, struct.pack("!HB5x", 1, 0)))
        body = b"".join(_pair(k, v) for k, v in params.items())
        for i in range(0, len(body), 65535):
            self.sock.sendall(_record(PARAMS, 1, body[i:i + 65535]))
        self.sock.sendall(_record(PARAMS, 1))

    def send_body(self, data, end=False):
        for i in range(0, len(data), 65535):
            self.sock.sendall(_record(STDIN, 1, data[i:i + 65535]))
        if end:
            self.sock.sendall(_record(STDIN, 1))

    def response(self):
        """Returns (status, headers dict lower-cased, body bytes). Afterwards `complete`
        tells whether END_REQUEST came (False: the connection closed before it)."""
        self.complete = False
        out, buffer = b"", b""
        while True:
            chunk = self.sock.recv(65536)
            if not chunk:
                break
            buffer += chunk
            done = False
            while len(buffer) >= 8:
                _, kind, _, length, padding = struct.unpack("!BBHHBx", buffer[:8])
                if len(buffer) < 8 + length + padding:
                    break
                content = buffer[8:8 + length]
                buffer = buffer[8 + length + padding:]
                if kind == STDOUT:
                    out += content
                elif kind == END_REQUEST:
                    done = True
                    self.complete = True
            if done:
                break
        self.sock.close()
        head, _, body = out.partition(b"\r\n\r\n")
        headers = {}
        for line in head.decode("latin-1").split("\r\n"):
            if ":" in line:
                k, v = line.split(":", 1)
                headers[k.strip().lower()] = v.strip()
        status = int(headers.get("status", "200").split()[0])
        return status, headers, body


def get(path, uri, extra=None):
    c = Connection(path)
    params = {"REQUEST_METHOD": "GET", "REQUEST_URI": uri, "QUERY_STRING": uri.partition("?")[2],
              "REMOTE_ADDR": "127.0.0.1", "HTTP_HOST": "localhost", "CONTENT_LENGTH": "0"}
    params.update(extra or {})
    c.begin(params)
    c.send_body(b"", end=True)
    return c.response()
