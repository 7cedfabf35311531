"""`taquilla mail fetch` against Dovecot over POP3 and IMAP (plain, STARTTLS, TLS):
every message imported once and deleted only afterwards, the per-run cap, the lock,
a run killed midway, and clear errors for bad settings, logins and certificates."""
import os
import signal
import sqlite3
import subprocess
import time

import pytest

from conftest import BIN, SUPPORT, VARIANTS, customer_mail


def imported(site):
    return site.rows("SELECT source, mailbox_uid, sha256 FROM inbound_mail ORDER BY id")


@pytest.mark.parametrize("protocol,security", VARIANTS)
def test_fetch_imports_every_message_once_and_empties_the_mailbox(site, server, protocol, security):
    for n in range(3):
        server.send(customer_mail("Problem %d" % n), SUPPORT)
    server.wait_for(SUPPORT, 3)
    site.use_mailbox(protocol, security)

    result = site.fetch("--verbose")
    assert "imported 3, already imported 0, failed 0" in result.stdout, result.stdout + result.stderr
    rows = imported(site)
    assert [r["source"] for r in rows] == [protocol] * 3
    assert len({r["mailbox_uid"] for r in rows}) == 3
    assert server.messages(SUPPORT) == []

    again = site.fetch("--verbose")
    assert "imported 0" in again.stdout
    assert len(imported(site)) == 3


@pytest.mark.parametrize("protocol", ["pop3", "imap"])
def test_the_cap_leaves_the_rest_for_the_next_run(site, server, protocol):
    for n in range(5):
        server.send(customer_mail("Capped %d" % n), SUPPORT)
    server.wait_for(SUPPORT, 5)
    site.use_mailbox(protocol, mailbox_fetch_limit=2)

    assert "left for the next run 3" in site.fetch("--verbose").stdout
    assert len(imported(site)) == 2
    assert len(server.messages(SUPPORT)) == 3
    site.fetch()
    site.fetch()
    assert len(imported(site)) == 5
    assert server.messages(SUPPORT) == []


@pytest.mark.parametrize("protocol", ["pop3", "imap"])
def test_a_run_killed_midway_imports_everything_exactly_once_later(site, server, protocol):
    total = 12
    for n in range(total):
        server.send(customer_mail("Kill %d" % n), SUPPORT)
    server.wait_for(SUPPORT, total)
    site.use_mailbox(protocol)

    run = subprocess.Popen([BIN, "mail", "fetch", "--pause-after", "400"], env=dict(os.environ, TAQUILLA_DATA=site.data),
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while len(imported(site)) < 3 and time.monotonic() < deadline and run.poll() is None:
        time.sleep(0.05)
    run.send_signal(signal.SIGKILL)
    run.wait()
    done_before = len(imported(site))
    assert 3 <= done_before < total
    assert len(server.messages(SUPPORT)) > 0

    result = site.fetch("--verbose")
    rows = imported(site)
    assert len(rows) == total, result.stdout + result.stderr
    assert len({r["mailbox_uid"] for r in rows}) == total
    assert len({r["sha256"] for r in rows}) == total
    assert len(site.rows("SELECT id FROM tickets")) == total
    assert server.messages(SUPPORT) == []


@pytest.mark.parametrize("protocol", ["pop3", "imap"])
def test_a_temporary_failure_keeps_the_message_unread_for_the_next_run(site, server, protocol):
    server.send(customer_mail("Locked out"), SUPPORT)
    server.wait_for(SUPPORT, 1)
    site.use_mailbox(protocol)
    blocker = sqlite3.connect(os.path.join(site.data, "taquilla.sqlite"), timeout=10, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        result = site.fetch()
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert result.returncode == 0
    assert "kept for the next run" in result.stderr
    assert imported(site) == []
    assert len(server.messages(SUPPORT)) == 1
    if protocol == "imap":  # POP3 servers mark what RETR read; IMAP gets its \\Seen flag cleared
        assert server.unseen(SUPPORT) == 1

    site.fetch()
    assert len(imported(site)) == 1
    assert server.messages(SUPPORT) == []


def test_a_second_run_while_one_is_going_exits_quietly(site, server):
    for n in range(3):
        server.send(customer_mail("Lock %d" % n), SUPPORT)
    server.wait_for(SUPPORT, 3)
    site.use_mailbox("imap")
    first = subprocess.Popen([BIN, "mail", "fetch", "--pause-after", "1500"], env=dict(os.environ, TAQUILLA_DATA=site.data),
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while not imported(site) and time.monotonic() < deadline:
            time.sleep(0.05)
        second = site.fetch("--verbose")
        assert second.returncode == 0
        assert "another 'taquilla mail fetch' is running" in second.stdout
    finally:
        first.wait(timeout=60)
    assert len(imported(site)) == 3


def test_check_counts_without_importing(site, server):
    server.send(customer_mail("Count me"), SUPPORT)
    server.wait_for(SUPPORT, 1)
    site.use_mailbox("pop3")
    result = site.fetch("--check")
    assert "1 message(s) waiting" in result.stdout
    assert imported(site) == []
    assert len(server.messages(SUPPORT)) == 1


def test_no_mailbox_configured_is_not_an_error(site):
    result = site.fetch("--verbose")
    assert result.returncode == 0
    assert "no mailbox configured" in result.stdout


@pytest.mark.parametrize("setting,value,words", [
    ("mailbox_protocol", "smtp", "mailbox_protocol must be none, pop3 or imap"),
    ("mailbox_port", "99999", "mailbox_port must be a number"),
    ("mailbox_security", "ssl", "mailbox_security must be none, starttls or tls"),
    ("mailbox_host", "a/b", "is not a host name"),
])
def test_bad_settings_stop_with_one_clear_line(site, setting, value, words):
    site.use_mailbox("imap")
    site.set(**{setting: value})
    result = site.fetch(check=False)
    assert result.returncode == 1
    assert words in result.stderr


@pytest.mark.parametrize("protocol", ["pop3", "imap"])
def test_a_wrong_password_fails_with_exit_1_and_keeps_the_mail(site, server, protocol):
    server.send(customer_mail("Keep me"), SUPPORT)
    server.wait_for(SUPPORT, 1)
    site.use_mailbox(protocol)
    site.set(mailbox_password="wrong")
    result = site.fetch(check=False)
    assert result.returncode == 1
    assert "127.0.0.1" in result.stderr and ("login" in result.stderr.lower() or "denied" in result.stderr.lower())
    assert len(server.messages(SUPPORT)) == 1


def test_a_self_signed_certificate_is_refused_unless_verification_is_off(site, server):
    server.send(customer_mail("TLS"), SUPPORT)
    server.wait_for(SUPPORT, 1)
    site.use_mailbox("imap", "tls")
    site.set(mailbox_tls_verify=1)
    refused = site.fetch(check=False)
    assert refused.returncode == 1
    assert "certificate" in refused.stderr.lower() or "ssl" in refused.stderr.lower()
    site.set(mailbox_tls_verify=0)
    site.fetch()
    assert len(imported(site)) == 1
