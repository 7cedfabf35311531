"""Attack: CR/LF typed into a customer's name or subject must never become a header of
the mail the help desk sends (header injection: adding Bcc recipients, forging From)."""
from test_mail_send import smtp_settings


def test_crlf_in_subject_and_name_never_reaches_a_header(site, smtp):
    server = smtp()
    smtp_settings(site, server)
    number, _ = site.open_ticket(subject="Hola\r\nBcc: victim@evil.example\r\nX-Injected: 1",
                                 name="Mallory\r\nFrom: ceo@example.org")
    site.send()
    [(meta, raw, message)] = server.messages()
    assert meta["rcpt_tos"] == ["carmen@example.com"], "no extra recipient"
    assert message["Bcc"] is None and message["X-Injected"] is None
    assert len(message.get_all("From")) == 1
    assert message["From"].addresses[0].addr_spec == "helpdesk@example.org"
    header_block = raw.split(b"\r\n\r\n", 1)[0]
    for line in header_block.split(b"\r\n"):
        assert not line.lower().startswith((b"bcc:", b"x-injected:")), line
    assert message["Subject"] == "[#%s] Hola Bcc: victim@evil.example X-Injected: 1" % number
