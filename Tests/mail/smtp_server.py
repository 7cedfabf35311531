"""A real SMTP server for the mail tests (aiosmtpd), listening on 127.0.0.1 only.

Run it with Debian's /usr/bin/python3, which sees the python3-aiosmtpd package (a pyenv
python3 earlier on PATH does not). Each accepted message is stored in FOLDER as
NNNN.eml (the raw bytes as received, CRLF line ends, dots unstuffed) with NNNN.json
beside it (envelope sender, recipients, whether TLS was on, the login used). Prints
"READY" on stdout once it accepts connections and stops on SIGTERM or SIGINT.

Options: --reject TEXT answers every RCPT with TEXT (e.g. "550 no such user"), or only
the RCPT of --reject-only ADDRESS;
--tls CERT KEY offers STARTTLS and requires it before MAIL; --auth USER:PASSWORD requires
AUTH (PLAIN or LOGIN, only after STARTTLS).
"""
import argparse
import json
import os
import signal
import ssl
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Handler:
    def __init__(self, folder, reject, reject_only):
        self.folder = folder
        self.reject = reject
        self.reject_only = reject_only
        self.count = 0
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.reject and self.reject_only in (None, address):
            return self.reject
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.count += 1
            number = self.count
        base = os.path.join(self.folder, "%04d" % number)
        login = session.auth_data.login.decode() if isinstance(session.auth_data, LoginPassword) else None
        meta = {"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos, "tls": session.ssl is not None,
                "login": login}
        for suffix, data in ((".eml", envelope.original_content), (".json", json.dumps(meta).encode())):
            with open(base + suffix + ".tmp", "wb") as f:
                f.write(data)
            os.rename(base + suffix + ".tmp", base + suffix)
        return "250 2.0.0 Ok: queued as TEST%04d" % number


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--folder", required=True)
    parser.add_argument("--reject")
    parser.add_argument("--reject-only")
    parser.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    parser.add_argument("--auth")
    args = parser.parse_args()

    options = {}
    if args.tls:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(*args.tls)
        options.update(tls_context=context, require_starttls=True)
    if args.auth:
        user, _, password = args.auth.partition(":")

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = (isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user
                  and auth_data.password.decode() == password)
            return AuthResult(success=ok, handled=False, auth_data=auth_data)

        options.update(authenticator=authenticator, auth_required=True, auth_require_tls=True)

    controller = Controller(Handler(args.folder, args.reject, args.reject_only), hostname="127.0.0.1", port=args.port,
                            ready_timeout=15, **options)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    controller.start()
    print("READY", flush=True)
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
