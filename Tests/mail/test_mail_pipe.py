"""`taquilla mail pipe`: one message on stdin, as an MTA alias or transport runs it.
Real binary, real data directory; exit codes are the sysexits MTAs act on
(0 safe with us, 65 too large, 75 try again later)."""
import os
import sqlite3
import subprocess

from conftest import BIN


def pipe(site, raw, *args):
    env = dict(os.environ, TAQUILLA_DATA=site.data)
    return subprocess.run([BIN, "mail", "pipe", *args], env=env, input=raw, capture_output=True, timeout=120)


def message(subject="Factura duplicada", message_id="pipe-1@example.com", sender="Marta Gil <marta@example.com>",
            body="Me han cobrado dos veces.", extra=""):
    return ("From: %s\r\nTo: soporte@example.org\r\nSubject: %s\r\nMessage-ID: <%s>\r\n%sMIME-Version: 1.0\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n\r\n%s\r\n" % (sender, subject, message_id, extra, body)).encode()


def test_a_message_on_stdin_opens_a_ticket_with_a_confirmation(site):
    out = pipe(site, message(), "--verbose")
    assert out.returncode == 0, out.stderr
    assert out.stdout.decode().startswith("new ticket ")
    [ticket] = site.rows("SELECT id, number, source, subject FROM tickets")
    assert ticket["source"] == "email" and ticket["subject"] == "Factura duplicada"
    [mail] = site.rows("SELECT kind, to_addr, in_reply_to, secret FROM outbox")
    assert mail["kind"] == "confirmation" and mail["to_addr"] == "marta@example.com"
    assert mail["in_reply_to"] == "pipe-1@example.com" and mail["secret"]
    [row] = site.rows("SELECT status, source, sha256 FROM inbound_mail")
    assert row["status"] == "imported" and row["source"] == "pipe"
    assert os.path.exists(os.path.join(site.data, "mail", row["sha256"][:2], row["sha256"][2:4], row["sha256"]))


def test_the_same_message_twice_is_imported_once_and_exits_zero(site):
    assert pipe(site, message()).returncode == 0
    again = pipe(site, message(), "--verbose")
    assert again.returncode == 0 and again.stdout.decode().strip() == "duplicate"
    assert len(site.rows("SELECT id FROM tickets")) == 1
    assert len(site.outbox()) == 1


def test_a_reply_with_the_ticket_tag_is_appended(site):
    pipe(site, message())
    [ticket] = site.rows("SELECT number FROM tickets")
    reply = message(subject="Re: [#%s] Factura duplicada" % ticket["number"], message_id="pipe-2@example.com",
                    body="Adjunto el extracto.\r\n\r\nOn Tue, 24 Nov 2026, Soporte wrote:\r\n> Gracias por escribirnos")
    out = pipe(site, reply, "--verbose")
    assert out.returncode == 0 and out.stdout.decode().startswith("added to ticket " + ticket["number"])
    texts = [r["body_text"] for r in site.rows("SELECT body_text FROM messages ORDER BY id")]
    assert texts[-1] == "Adjunto el extracto."
    assert len(site.outbox()) == 1, "no second confirmation"


def test_too_large_exits_65_with_a_message_and_keeps_it_in_quarantine(site):
    site.set(mail_max_bytes=2048)
    out = pipe(site, message(body="x" * 10000))
    assert out.returncode == 65
    assert b"too large" in out.stderr and b"2048" in out.stderr
    [row] = site.rows("SELECT status, error FROM inbound_mail")
    assert row["status"] == "quarantined" and row["error"] == "too_large"
    assert site.rows("SELECT id FROM tickets") == [] and site.outbox() == []


def test_garbage_is_quarantined_and_exits_zero(site):
    out = pipe(site, b"\x00\x01 this is not a mail\r\n")
    assert out.returncode == 0, out.stderr
    [row] = site.rows("SELECT status, error FROM inbound_mail")
    assert row["status"] == "quarantined" and row["error"] == "no_sender"


def test_auto_replies_get_no_confirmation(site):
    out = pipe(site, message(extra="Auto-Submitted: auto-replied\r\n", sender="vacaciones@example.com"))
    assert out.returncode == 0
    assert len(site.rows("SELECT id FROM tickets")) == 1
    assert site.outbox() == []


def test_a_locked_database_exits_75_and_the_retry_imports_once(site):
    site.set(mail_max_bytes=30000000)
    holder = sqlite3.connect(os.path.join(site.data, "taquilla.sqlite"), timeout=1, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        env = dict(os.environ, TAQUILLA_DATA=site.data)
        out = subprocess.run([BIN, "mail", "pipe"], env=env, input=message(), capture_output=True, timeout=120)
        assert out.returncode == 75, (out.returncode, out.stderr)
        assert b"try again later" in out.stderr
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert site.rows("SELECT id FROM tickets") == []
    assert pipe(site, message()).returncode == 0
    assert len(site.rows("SELECT id FROM tickets")) == 1
    assert len(site.rows("SELECT id FROM inbound_mail")) == 1
