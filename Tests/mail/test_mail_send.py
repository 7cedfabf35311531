"""`taquilla mail send` and `taquilla mail test` against a real SMTP server."""
import os
import re
import subprocess
import time

from conftest import BIN, free_port, run_cli, text_body

MESSAGE_ID_RE = re.compile(r"^<taquilla\.(\d+)\.[0-9a-f]{12}\.[0-9a-f]{16}@example\.org>$")


def smtp_settings(site, server, **more):
    site.set(mail_transport="smtp", smtp_host="127.0.0.1", smtp_port=server if isinstance(server, int) else server.port,
             **more)


def site_cli(site, *args):
    return run_cli(site.data, *args)


def assert_wire_format(raw):
    """CRLF only, no line over 998 bytes, and the message ends with a line break."""
    assert raw.endswith(b"\r\n")
    lines = raw.split(b"\r\n")
    assert all(b"\n" not in line and b"\r" not in line for line in lines), "bare CR or LF in the message"
    assert max(len(line) for line in lines) <= 998


def test_confirmation_is_delivered_and_the_access_code_leaves_the_database(site, smtp):
    server = smtp()
    smtp_settings(site, server)
    number, code = site.open_ticket()
    [row] = site.outbox()
    assert row["status"] == "queued" and row["secret"] == code

    out = site.send()
    assert out.returncode == 0 and out.stdout == "" and out.stderr == ""

    [(meta, raw, message)] = server.messages()
    assert meta["mail_from"] == "helpdesk@example.org" and meta["rcpt_tos"] == ["carmen@example.com"]
    assert message["To"].addresses[0].addr_spec == "carmen@example.com"
    assert message["To"].addresses[0].display_name == "Carmen Núñez"
    assert message["Subject"] == "[#%s] Printer on fire" % number
    assert message["From"].addresses[0].addr_spec == "helpdesk@example.org"
    assert message["From"].addresses[0].display_name == "Ejemplo S.L."
    assert message["Reply-To"].addresses[0].addr_spec == "soporte@example.org"
    assert message["Auto-Submitted"] == "auto-replied"
    assert message["X-Auto-Response-Suppress"] == "All"
    assert message["Date"] is not None
    body = text_body(message)
    assert code in body and "{access_code}" not in body and number in body
    assert_wire_format(raw)

    [row] = site.outbox()
    assert row["status"] == "sent" and row["secret"] is None and row["attempts"] == 1 and row["sent_at"]
    assert "<%s>" % row["mail_message_id"] == message["Message-ID"]
    assert MESSAGE_ID_RE.match(message["Message-ID"]).group(1) == str(row["id"])
    assert code not in str(site.rows("SELECT * FROM outbox"))

    # Nothing is due any more: a second run sends nothing.
    site.send()
    assert len(server.messages()) == 1


def test_server_down_keeps_the_mail_queued_then_delivers_it_when_due(site, smtp):
    port = free_port()  # nothing listens there yet
    site.set(mail_transport="smtp", smtp_host="127.0.0.1", smtp_port=port)
    number, code = site.open_ticket()
    before = int(time.time())

    out = site.send()
    assert out.returncode == 0
    assert "retry #" in out.stderr
    [row] = site.outbox()
    assert row["status"] == "queued" and row["attempts"] == 1
    assert "connect" in row["last_error"].lower()
    assert before + 60 <= row["next_attempt_at"] <= int(time.time()) + 60
    assert row["secret"] == code

    server = smtp(port=port)
    site.send()  # the retry is not due yet
    assert server.messages() == [] and site.outbox()[0]["status"] == "queued"

    site.send("--now", str(row["next_attempt_at"]))
    [(meta, raw, message)] = server.messages()
    assert code in text_body(message)
    [row] = site.outbox()
    assert row["status"] == "sent" and row["attempts"] == 2 and row["secret"] is None and row["last_error"] is None


def test_a_550_answer_fails_the_mail_with_the_server_text(site, smtp):
    server = smtp("--reject", "550 no such user")
    smtp_settings(site, server)
    site.open_ticket()
    out = site.send()
    assert out.returncode == 0 and "failed #" in out.stderr
    [row] = site.outbox()
    assert row["status"] == "failed" and row["attempts"] == 1
    assert row["last_error"] == "550 no such user"
    assert row["secret"] is None
    assert server.messages() == []


def test_a_refused_recipient_does_not_spoil_the_next_mail_on_the_same_connection(site, smtp):
    server = smtp("--reject", "550 5.1.1 no such user", "--reject-only", "bad@example.com")
    smtp_settings(site, server)
    site.open_ticket(email_addr="bad@example.com")
    site.open_ticket(email_addr="good@example.com")
    site.send()
    first, second = site.outbox()
    assert first["status"] == "failed" and first["last_error"] == "550 5.1.1 no such user"
    assert second["status"] == "sent"
    assert [m["rcpt_tos"] for m, _, _ in server.messages()] == [["good@example.com"]]


def test_lines_starting_with_a_dot_arrive_intact(site, smtp):
    server = smtp()
    smtp_settings(site, server)
    body = "Line one\n.\n..two dots\n.three\nend"
    site.execute("INSERT INTO outbox(kind, to_addr, to_name, subject, body_text, next_attempt_at, created_at) "
                 "VALUES ('reply', 'x@example.com', '', 'dots', ?, 0, 0)", body)
    site.send()
    [(meta, raw, message)] = server.messages()
    assert text_body(message).replace("\r\n", "\n").rstrip("\n") == body
    assert message["Auto-Submitted"] is None  # an operator's reply is not automatic


def test_starttls_with_a_self_signed_certificate(site, smtp, certificate):
    server = smtp("--tls", *certificate)
    smtp_settings(site, server, smtp_security="starttls")
    site.open_ticket()

    # Certificates are checked unless smtp_tls_verify = 0: the self-signed one is refused.
    site.send()
    [row] = site.outbox()
    assert row["status"] == "queued" and row["attempts"] == 1 and "certificate" in row["last_error"].lower()

    site.set(smtp_tls_verify=0)
    site.send("--now", str(row["next_attempt_at"]))
    [(meta, raw, message)] = server.messages()
    assert meta["tls"] is True
    assert site.outbox()[0]["status"] == "sent"


def test_plain_smtp_to_a_server_that_requires_starttls_is_not_sent(site, smtp, certificate):
    server = smtp("--tls", *certificate)
    smtp_settings(site, server)  # smtp_security none
    site.open_ticket()
    site.send()
    [row] = site.outbox()
    assert server.messages() == []
    # A 530 is about the settings, not the mail: it waits for them to be fixed.
    assert row["status"] == "queued" and row["attempts"] == 1
    assert row["last_error"] == "check smtp_security, smtp_user and smtp_password: 530 Must issue a STARTTLS command first"


def test_smtp_auth_with_user_and_password(site, smtp, certificate):
    server = smtp("--tls", *certificate, "--auth", "mailer:s3cret pass")
    smtp_settings(site, server, smtp_security="starttls", smtp_tls_verify=0, smtp_user="mailer", smtp_password="wrong")
    site.open_ticket(subject="first")
    site.open_ticket(subject="second", email_addr="luis@example.com")

    # A refused login is the settings' fault: the mail waits, and the run stops at once.
    out = site.send()
    assert out.returncode == 0
    first, second = site.outbox()
    assert first["status"] == "queued" and first["attempts"] == 1 and "535" in first["last_error"]
    assert second["status"] == "queued" and second["attempts"] == 0 and second["last_error"] is None

    site.set(smtp_password="s3cret pass")
    listed = site_cli(site, "setting", "list").stdout
    assert "smtp_user = mailer" in listed and "s3cret" not in listed and "smtp_password = (set" in listed
    site.send("--now", str(first["next_attempt_at"]))
    received = server.messages()
    assert sorted(m["rcpt_tos"][0] for m, _, _ in received) == ["carmen@example.com", "luis@example.com"]
    assert all(m["login"] == "mailer" and m["tls"] for m, _, _ in received)
    assert [r["status"] for r in site.outbox()] == ["sent", "sent"]


def test_mail_test_prints_the_server_answer(site, smtp):
    server = smtp()
    smtp_settings(site, server)
    out = subprocess.run([BIN, "mail", "test", "admin@example.net"], env=dict(os.environ, TAQUILLA_DATA=site.data),
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert re.search(r"accepted: 250 2\.0\.0 Ok: queued as TEST0001", out.stdout)
    [(meta, raw, message)] = server.messages()
    assert meta["rcpt_tos"] == ["admin@example.net"]
    assert message["Auto-Submitted"] == "auto-generated"
    assert MESSAGE_ID_RE.match(message["Message-ID"]).group(1) == "0"
    assert site.outbox() == []


def test_mail_test_reports_a_refusal_with_exit_status_1(site, smtp):
    server = smtp("--reject", "550 no such user")
    smtp_settings(site, server)
    out = subprocess.run([BIN, "mail", "test", "admin@example.net"], env=dict(os.environ, TAQUILLA_DATA=site.data),
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 1 and "550 no such user" in out.stderr


def test_configuration_errors_exit_1_with_a_clear_message(site):
    site.set(mail_transport="smtp")
    site.open_ticket()
    out = site.send(check=False)
    assert out.returncode == 1 and "smtp_host" in out.stderr
    site.set(mail_transport="pigeon")
    out = site.send(check=False)
    assert out.returncode == 1 and "mail_transport must be smtp, sendmail or directory" in out.stderr
    site.set(mail_transport="smtp", smtp_host="127.0.0.1", smtp_security="ssl")
    out = site.send(check=False)
    assert out.returncode == 1 and "smtp_security" in out.stderr
    assert site.outbox()[0]["status"] == "queued" and site.outbox()[0]["attempts"] == 0


def test_two_concurrent_runs_never_send_a_mail_twice(site, smtp):
    server = smtp()
    smtp_settings(site, server)
    for i in range(6):
        site.open_ticket(subject="ticket %d" % i, email_addr="c%d@example.com" % i)
    env = dict(os.environ, TAQUILLA_DATA=site.data)
    runs = [subprocess.Popen([BIN, "mail", "send"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            for _ in range(3)]
    assert [p.wait(timeout=120) for p in runs] == [0, 0, 0]
    site.send()  # picks up anything a locked-out run left
    recipients = sorted(m["rcpt_tos"][0] for m, _, _ in server.messages())
    assert recipients == sorted("c%d@example.com" % i for i in range(6))
    assert {r["status"] for r in site.outbox()} == {"sent"}
    assert os.path.exists(os.path.join(site.data, "mail-send.lock"))


def test_sendmail_transport_pipes_the_message_and_honours_ex_tempfail(site, tmp_path):
    spool = tmp_path / "spool"
    spool.mkdir()
    script = tmp_path / "fake-sendmail"
    script.write_text('#!/bin/sh\nout="%s/$$.eml"\ncat > "$out"\necho "$*" > "$out.args"\n'
                      'code=$(cat "%s/code")\n[ "$code" = 0 ] || echo "deferred: try later"\nexit "$code"\n'
                      % (spool, tmp_path))
    script.chmod(0o755)
    (tmp_path / "code").write_text("75")
    site.set(mail_transport="sendmail", sendmail_command="%s -t -i" % script)
    number, code = site.open_ticket()

    out = site.send()
    [row] = site.outbox()
    assert out.returncode == 0 and row["status"] == "queued" and row["attempts"] == 1
    assert "status 75" in row["last_error"] and "deferred: try later" in row["last_error"]

    for leftover in spool.iterdir():
        leftover.unlink()
    (tmp_path / "code").write_text("0")
    site.send("--now", str(row["next_attempt_at"]))
    [row] = site.outbox()
    assert row["status"] == "sent" and row["secret"] is None
    [delivered] = list(spool.glob("*.eml"))
    raw = delivered.read_bytes()
    assert b"\r" not in raw and b"\nAuto-Submitted: auto-replied\n" in raw and code.encode() in raw
    assert (spool / (delivered.name + ".args")).read_text().strip() == "-t -i"


def test_directory_transport_is_the_default(site):
    number, code = site.open_ticket()
    out = site.send("--verbose")
    assert out.returncode == 0 and "sent 1, retry later 0, failed 0" in out.stdout
    [path] = os.listdir(os.path.join(site.data, "outbox-eml"))
    with open(os.path.join(site.data, "outbox-eml", path), "rb") as f:
        raw = f.read()
    assert_wire_format(raw)
    assert ("[#%s]" % number).encode() in raw
    assert site.outbox()[0]["status"] == "sent"
