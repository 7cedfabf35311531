"""Mailbox fetch benchmark: how fast `taquilla mail fetch` empties a mailbox. Not a test.

    TAQUILLA_BIN=.build/release/taquilla python3 Tests/bench/mail_fetch.py

Starts the private Dovecot of Tests/mailbox (as `nobody` when run as root), puts
MAIL_FETCH_MESSAGES (default 300) customer messages into support@ over LMTP, and times
one `mail fetch` run (cap raised to fit) per variant — POP3, IMAP, IMAPS — each on a fresh
data directory; prints messages/s. Every message opens a ticket (the full processor).
"""
import os
import shutil
import smtplib
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "../mailbox"))
from dovecot import PASSWORD, Dovecot  # noqa: E402

BIN = os.environ.get("TAQUILLA_BIN") or os.path.join(HERE, "../../.build/release/taquilla")
COUNT = int(os.environ.get("MAIL_FETCH_MESSAGES", "300"))
SUPPORT = "support@example.test"


def cli(data, *args):
    subprocess.run([BIN, *args], env=dict(os.environ, TAQUILLA_DATA=data), check=True, capture_output=True, timeout=600)


def fill(dovecot):
    lmtp = smtplib.LMTP("127.0.0.1", dovecot.ports["lmtp"])
    for n in range(COUNT):
        raw = ("From: Customer %d <c%d@customer.example.test>\r\nTo: %s\r\nSubject: Problem %d\r\n"
               "Message-ID: <bench-%d-%s@customer.example.test>\r\nMIME-Version: 1.0\r\n"
               "Content-Type: text/plain; charset=utf-8\r\n\r\nThe printer in room %d does not print.\r\n"
               % (n, n, SUPPORT, n, n, os.urandom(4).hex(), n)).encode()
        lmtp.sendmail("c%d@customer.example.test" % n, [SUPPORT], raw)
    lmtp.quit()


def main():
    work = tempfile.mkdtemp(prefix="taquilla-fetch-bench-")
    cert, key = os.path.join(work, "cert.pem"), os.path.join(work, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1",
                    "-subj", "/CN=localhost"], check=True, capture_output=True)
    dovecot = Dovecot([SUPPORT], cert, key)
    try:
        for protocol, security, port in (("pop3", "none", "pop3"), ("imap", "none", "imap"), ("imap", "tls", "imaps")):
            fill(dovecot)
            data = os.path.join(work, "data-" + port)
            os.makedirs(data)
            cli(data, "migrate")
            for k, v in dict(mailbox_protocol=protocol, mailbox_host="127.0.0.1", mailbox_port=dovecot.ports[port],
                             mailbox_security=security, mailbox_user=SUPPORT, mailbox_password=PASSWORD,
                             mailbox_tls_verify="0", mailbox_fetch_limit=COUNT).items():
                cli(data, "setting", "set", k, str(v))
            start = time.monotonic()
            cli(data, "mail", "fetch")
            seconds = time.monotonic() - start
            print("%-5s %-4s %d messages in %.2f s: %.0f messages/s" % (protocol, security, COUNT, seconds, COUNT / seconds))
    finally:
        dovecot.remove()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
