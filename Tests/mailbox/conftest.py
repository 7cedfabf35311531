"""Mailbox tests: the real taquilla binary (`mail fetch`, `mail send`) against a private
Dovecot (IMAP, POP3, LMTP; see dovecot.py) with an SMTP front (smtp_front.py, aiosmtpd)
that delivers into it, all on 127.0.0.1, on a fresh data directory per test. Mailboxes:
support@example.test (the app's), customer@example.test, operator@example.test.
Needs TAQUILLA_BIN (default: the debug build), Debian's dovecot-core, dovecot-imapd,
dovecot-pop3d, dovecot-lmtpd, python3-aiosmtpd and openssl."""
import email
import email.policy
import imaplib
import importlib.util
import os
import shutil
import smtplib
import socket
import sqlite3
import subprocess
import tempfile
import time

import pytest

from dovecot import PASSWORD, Dovecot, free_port, stop_process

HERE = os.path.dirname(os.path.abspath(__file__))

# The self-signed certificate fixture of the mail suite (openssl), shared rather than copied.
_spec = importlib.util.spec_from_file_location("mail_suite_conftest", os.path.join(HERE, "../mail/conftest.py"))
_mail_suite = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_mail_suite)
certificate = _mail_suite.certificate
text_body = _mail_suite.text_body
BIN = os.environ.get("TAQUILLA_BIN") or os.path.join(HERE, "../../.build/debug/taquilla")
SERVER_PYTHON = os.environ.get("SMTP_PYTHON", "/usr/bin/python3")
SUPPORT, CUSTOMER, OPERATOR = "support@example.test", "customer@example.test", "operator@example.test"

# (protocol, security): how the app reaches its mailbox; TLS ones use the self-signed
# certificate with mailbox_tls_verify = 0.
VARIANTS = [("pop3", "none"), ("imap", "none"), ("pop3", "starttls"), ("imap", "tls")]


def run_cli(data, *args, check=True, timeout=120):
    env = dict(os.environ, TAQUILLA_DATA=data)
    result = subprocess.run([BIN, *args], env=env, capture_output=True, text=True, timeout=timeout)
    if check and result.returncode != 0:
        raise AssertionError("taquilla %s failed (%d): %s %s" % (" ".join(args), result.returncode, result.stdout, result.stderr))
    return result


class SMTPFront:
    """smtp_front.py in a subprocess; can be stopped and started again on the same port."""

    def __init__(self, lmtp_port):
        self.port, self.lmtp_port, self.proc = free_port(), lmtp_port, None
        self.start()

    def start(self):
        self.proc = subprocess.Popen([SERVER_PYTHON, os.path.join(HERE, "smtp_front.py"), "--port", str(self.port),
                                      "--lmtp", str(self.lmtp_port)], stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout.readline().strip() == "READY", "the SMTP front did not start (python3-aiosmtpd?)"

    def stop(self):
        stop_process(self.proc)


class MailServer:
    """Dovecot plus the SMTP front, and helpers to send and read mail as a person would."""

    def __init__(self, cert, key):
        self.dovecot = Dovecot([SUPPORT, CUSTOMER, OPERATOR], cert, key)
        self.front = SMTPFront(self.dovecot.ports["lmtp"])

    def send(self, raw, to, mail_from=CUSTOMER):
        """Sends through the SMTP front (as a customer's mail client would)."""
        with smtplib.SMTP("127.0.0.1", self.front.port, timeout=30) as s:
            s.sendmail(mail_from, [to], raw)

    def messages(self, user):
        """The raw messages in USER's INBOX, oldest first (read over IMAP, left in place)."""
        imap = imaplib.IMAP4("127.0.0.1", self.dovecot.ports["imap"])
        try:
            imap.login(user, PASSWORD)
            imap.select("INBOX", readonly=True)
            _, data = imap.uid("SEARCH", None, "ALL")
            out = []
            for uid in data[0].split():
                _, parts = imap.uid("FETCH", uid, "(BODY.PEEK[])")
                out.append(parts[0][1])
            return out
        finally:
            imap.logout()

    def unseen(self, user):
        """How many messages in USER's INBOX lack the \\Seen flag."""
        imap = imaplib.IMAP4("127.0.0.1", self.dovecot.ports["imap"])
        try:
            imap.login(user, PASSWORD)
            imap.select("INBOX", readonly=True)
            return len(imap.uid("SEARCH", None, "UNSEEN")[1][0].split())
        finally:
            imap.logout()

    def parsed(self, user):
        return [email.message_from_bytes(raw, policy=email.policy.default) for raw in self.messages(user)]

    def wait_for(self, user, count, seconds=20):
        """Waits until USER's INBOX holds at least COUNT messages (LMTP delivery is async to the test)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            found = self.messages(user)
            if len(found) >= count:
                return found
            time.sleep(0.1)
        raise AssertionError("%s has %d messages, expected %d" % (user, len(self.messages(user)), count))

    def close(self):
        self.front.stop()
        self.dovecot.remove()


class Site(_mail_suite.Site):
    """The mail suite's site (settings, tickets opened through CGI, database rows, `send`
    runs `mail send`) whose mail goes out through the SMTP front and whose mailbox is
    support@example.test on Dovecot."""

    def __init__(self, data, server):
        super().__init__(data)
        self.server = server

    def use_mailbox(self, protocol, security="none", **extra):
        ports = self.server.dovecot.ports
        port = ports[protocol + ("s" if security == "tls" else "")]
        self.set(mailbox_protocol=protocol, mailbox_host="127.0.0.1", mailbox_port=port, mailbox_security=security,
                 mailbox_user=SUPPORT, mailbox_password=PASSWORD, mailbox_tls_verify=0 if security != "none" else 1, **extra)

    def fetch(self, *args, check=True):
        return run_cli(self.data, "mail", "fetch", *args, check=check)


@pytest.fixture
def server(certificate):
    s = MailServer(*certificate)
    yield s
    s.close()


@pytest.fixture
def site(server):
    d = tempfile.mkdtemp(prefix="taquilla-mailbox-")
    run_cli(d, "migrate")
    s = Site(d, server)
    s.set(form_min_seconds=0, organisation_name="Ejemplo S.L.", smtp_host="127.0.0.1", smtp_port=server.front.port,
          smtp_security="none", smtp_from=SUPPORT, support_address=SUPPORT)
    yield s
    shutil.rmtree(d, ignore_errors=True)


def customer_mail(subject, body="Hello, my printer is broken.", sender=CUSTOMER, extra=""):
    """A plain customer message (CRLF line ends) with a fresh Message-ID."""
    msgid = "<%s@customer.example.test>" % os.urandom(8).hex()
    return ("From: Carmen <%s>\r\nTo: %s\r\nSubject: %s\r\nMessage-ID: %s\r\nDate: Tue, 24 Nov 2026 10:00:00 +0000\r\n"
            "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n%s\r\n%s\r\n"
            % (sender, SUPPORT, subject, msgid, extra, body)).encode()
