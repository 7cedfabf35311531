"""The admin mail page through the CGI face (REMOTE_USER of an admin) against the real
servers: "test mailbox" logs in to Dovecot and shows the count and the server's answer,
"send test mail" reaches the mailbox, a wrong password shows the server's refusal."""
import re

from conftest import OPERATOR, SUPPORT, customer_mail, run_cli

TOKEN_RE = re.compile(rb'name="csrf" value="([^"]+)"')
RESULT_RE = re.compile(rb'id="check-result"[^>]*>([^<]*)<')


def press(site, button, **fields):
    headers = {"REMOTE_USER": "root"}
    status, page = site.cgi("GET", "/admin/mail", extra=headers)
    assert status == 200
    fields = dict(fields, do=button, csrf=TOKEN_RE.search(page).group(1).decode())
    body = "&".join("%s=%s" % kv for kv in fields.items()).encode()
    status, page = site.cgi("POST", "/admin/mail", body, "application/x-www-form-urlencoded", extra=headers)
    assert status == 200, page[:300]
    return RESULT_RE.search(page).group(1).decode()


def test_test_buttons_talk_to_the_real_servers(site, server):
    run_cli(site.data, "user", "add", "root", "--role", "admin", "--email", OPERATOR, "--language", "en", "--password", "pw-root-1234")
    site.use_mailbox("imap", "tls")
    for n in range(2):
        server.send(customer_mail("Waiting %d" % n), SUPPORT)
    server.wait_for(SUPPORT, 2)

    result = press(site, "test_mailbox")
    assert "Messages waiting: 2" in result and "imaps://127.0.0.1" in result
    assert len(server.messages(SUPPORT)) == 2, "the check imports nothing"

    result = press(site, "test_mail", test_to=OPERATOR.replace("@", "%40"))
    assert "was accepted" in result and "250" in result
    [mail] = server.parsed(OPERATOR)
    assert "test mail" in str(mail["Subject"])

    site.set(mailbox_password="wrong")
    result = press(site, "test_mailbox")
    assert "could not be read" in result
    assert site.rows("SELECT count(*) AS n FROM audit_log WHERE action = 'mailbox_test'")[0]["n"] == 2
