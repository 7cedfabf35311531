"""The whole mail loop with real servers: a customer writes to support@ (SMTP front →
Dovecot), `mail fetch` opens the ticket, `mail send` delivers the confirmation to the
customer's mailbox, the customer's reply lands on the same ticket and the operator is
told, the operator's reply with an attachment (posted through the CGI face as REMOTE_USER)
reaches the customer byte for byte; automatic mail gets no answer; SMTP down keeps mail
queued. Over POP3 and IMAP, plain and TLS."""
import os
import re
import secrets

import pytest

from conftest import CUSTOMER, OPERATOR, SUPPORT, VARIANTS, customer_mail, run_cli, text_body

TOKEN_RE = re.compile(rb'name="csrf" value="([^"]+)"')
SEEN_RE = re.compile(rb'name="seen" value="(\d+)"')


def multipart(fields, files=()):
    boundary = "----mailbox" + secrets.token_hex(8)
    parts = [('--%s\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n' % (boundary, k, v)).encode()
             for k, v in fields.items()]
    for name, filename, data in files:
        parts.append(('--%s\r\nContent-Disposition: form-data; name="%s"; filename="%s"\r\n'
                      'Content-Type: application/octet-stream\r\n\r\n' % (boundary, name, filename)).encode() + data + b"\r\n")
    return b"".join(parts) + ("--%s--\r\n" % boundary).encode(), "multipart/form-data; boundary=" + boundary


def as_operator(site, method, uri, body=b"", content_type=""):
    return site.cgi(method, uri, body, content_type, extra={"REMOTE_USER": "ana"})


def operator_post(site, number, path, fields, files=()):
    """GETs the desk ticket page for a CSRF token, then POSTs the form as operator ana."""
    status, page = as_operator(site, "GET", "/desk/ticket/%s" % number)
    assert status == 200, page[:300]
    fields = dict(fields, csrf=TOKEN_RE.search(page).group(1).decode())
    seen = SEEN_RE.search(page)
    if seen and path == "reply":
        fields["seen"] = seen.group(1).decode()
    body, content_type = multipart(fields, files)
    status, page = as_operator(site, "POST", "/desk/ticket/%s/%s" % (number, path), body, content_type)
    assert status in (200, 303), page[:500]


def prepare(site, protocol, security):
    site.set(default_language="en")
    run_cli(site.data, "user", "add", "ana", "--name", "Ana", "--email", OPERATOR, "--language", "en", "--password", "pw-ana-1234")
    site.use_mailbox(protocol, security)


@pytest.mark.parametrize("protocol,security", VARIANTS)
def test_customer_mail_confirmation_reply_notice_and_operator_attachment(site, server, protocol, security):
    prepare(site, protocol, security)

    # a. customer mail → ticket; confirmation with number and code in the customer's mailbox
    server.send(customer_mail("Printer on fire", "The printer in room 3 is on fire."), SUPPORT)
    server.wait_for(SUPPORT, 1)
    site.fetch()
    tickets = site.rows("SELECT id, number, subject FROM tickets")
    assert [t["subject"] for t in tickets] == ["Printer on fire"]
    ticket_id, number = tickets[0]["id"], tickets[0]["number"]
    code = site.rows("SELECT secret FROM outbox WHERE to_addr = ? AND ticket_id = ?", CUSTOMER, ticket_id)[0]["secret"]
    assert code
    site.send()
    confirmation = server.parsed(CUSTOMER)
    assert len(confirmation) == 1
    assert number in confirmation[0]["Subject"]
    assert number in text_body(confirmation[0]) and code in text_body(confirmation[0])
    assert server.messages(SUPPORT) == []

    # the operator takes the ticket, so the customer's answer is announced to her
    operator_post(site, number, "action", {"do": "claim"})

    # b. the customer answers the confirmation → same ticket, operator notified
    reply = customer_mail("Re: " + str(confirmation[0]["Subject"]), "It is still burning.",
                          extra="In-Reply-To: %s\r\nReferences: %s\r\n" % (confirmation[0]["Message-ID"], confirmation[0]["Message-ID"]))
    server.send(reply, SUPPORT)
    server.wait_for(SUPPORT, 1)
    site.fetch()
    assert len(site.rows("SELECT id FROM tickets")) == 1
    texts = [m["body_text"] for m in site.rows("SELECT body_text FROM messages WHERE ticket_id = ? AND kind = 'customer' ORDER BY id", ticket_id)]
    assert len(texts) == 2 and "still burning" in texts[1]
    site.send()
    notices = server.parsed(OPERATOR)
    assert len(notices) == 1 and number in str(notices[0]["Subject"]) + text_body(notices[0])
    assert "still burning" in text_body(notices[0]), text_body(notices[0])

    # c. the operator answers with an attachment → the customer receives the same bytes
    attachment = os.urandom(3000) + b"%PDF-end"
    operator_post(site, number, "reply", {"format": "text", "body": "We sent the fire brigade.", "mode": "reply"},
                  files=[("files", "informe.pdf", attachment)])
    site.send()
    received = server.parsed(CUSTOMER)
    assert len(received) == 2
    answer = received[1]
    assert "fire brigade" in text_body(answer)
    files = [(part.get_filename(), part.get_content()) for part in answer.iter_attachments()]
    assert files == [("informe.pdf", attachment)]


@pytest.mark.parametrize("protocol,security", [("pop3", "none"), ("imap", "tls")])
def test_auto_replies_and_bounces_get_no_answer(site, server, protocol, security):
    prepare(site, protocol, security)
    server.send(customer_mail("Printer on fire"), SUPPORT)
    server.wait_for(SUPPORT, 1)
    site.fetch()
    site.send()
    confirmation = server.parsed(CUSTOMER)[0]
    outbox_before = len(site.outbox())

    auto = customer_mail("Out of office: Printer on fire", "I am away until Monday.", extra="Auto-Submitted: auto-replied\r\n")
    server.send(auto, SUPPORT)
    boundary = "bounce" + secrets.token_hex(4)
    bounce = ("From: Mail Delivery System <MAILER-DAEMON@customer.example.test>\r\nTo: %s\r\n"
              "Subject: Undelivered Mail Returned to Sender\r\nMessage-ID: <%s@customer.example.test>\r\n"
              "Auto-Submitted: auto-replied\r\nMIME-Version: 1.0\r\n"
              "Content-Type: multipart/report; report-type=delivery-status; boundary=\"%s\"\r\n\r\n"
              "--%s\r\nContent-Type: text/plain\r\n\r\nYour message could not be delivered.\r\n"
              "--%s\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; customer.example.test\r\n\r\n"
              "Final-Recipient: rfc822; nobody@customer.example.test\r\nAction: failed\r\nStatus: 5.1.1\r\n\r\n"
              "--%s\r\nContent-Type: text/rfc822-headers\r\n\r\nMessage-ID: %s\r\n\r\n--%s--\r\n"
              % (SUPPORT, secrets.token_hex(6), boundary, boundary, boundary, boundary, confirmation["Message-ID"], boundary)).encode()
    server.send(bounce, SUPPORT, mail_from="")
    server.wait_for(SUPPORT, 2)
    site.fetch()
    assert server.messages(SUPPORT) == []
    assert len(site.rows("SELECT id FROM inbound_mail")) == 3
    assert len(site.outbox()) == outbox_before
    site.send()
    assert len(server.messages(CUSTOMER)) == 1


def test_smtp_down_keeps_mail_queued_until_it_is_back(site, server):
    prepare(site, "imap", "none")
    server.send(customer_mail("Printer on fire"), SUPPORT)
    server.wait_for(SUPPORT, 1)
    site.fetch()
    server.front.stop()
    down = site.send("--verbose", check=False)
    assert down.returncode == 0
    assert "retry" in down.stderr
    assert [r["status"] for r in site.outbox()] == ["queued"]
    assert server.messages(CUSTOMER) == []

    server.front.start()
    site.execute("UPDATE outbox SET next_attempt_at = 0")
    up = site.send("--verbose")
    assert "sent 1" in up.stdout
    assert [r["status"] for r in site.outbox()] == ["sent"]
    assert len(server.wait_for(CUSTOMER, 1)) == 1
