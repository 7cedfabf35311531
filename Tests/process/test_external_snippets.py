"""The snippet panel's external source over real HTTP: a JSON server on 127.0.0.1 answers
the query; its snippets appear sanitized beside the local ones, and the query reaches it."""
import http.server
import json
import threading

from conftest import run_cli
from test_faces import cgi


class SnippetSource(http.server.BaseHTTPRequestHandler):
    seen = []

    def do_GET(self):
        SnippetSource.seen.append(self.path)
        body = json.dumps([{"title": "Hotel Luna", "body": "<p>Calle Luna 3 <script>alert(1)</script></p>"}]).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_external_snippets_are_fetched_and_sanitized(data_dir):
    server = http.server.HTTPServer(("127.0.0.1", 0), SnippetSource)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        run_cli(data_dir, "user", "add", "ana", "--password", "anapass123")
        run_cli(data_dir, "setting", "set", "snippet_url", "http://127.0.0.1:%d/snippets" % server.server_port)
        status, _, page = cgi(data_dir, "/desk/snippets?q=luna", extra={"REMOTE_USER": "ana"})
        assert status == 200
        assert b"Hotel Luna" in page
        assert b"Calle Luna 3" in page and b"alert(1)" not in page
        assert SnippetSource.seen == ["/snippets?q=luna"]
    finally:
        server.shutdown()
