"""The SMTP front of the mailbox tests: an aiosmtpd server on 127.0.0.1 that hands every
accepted message to Dovecot over LMTP, so mail sent to it lands in the Dovecot mailboxes
(the app's `mail send` and the tests' customers both send through it).

Run it with Debian's /usr/bin/python3 (which sees python3-aiosmtpd). Prints "READY" once
it accepts connections; stops on SIGTERM. A recipient Dovecot does not know is refused
at RCPT with Dovecot's answer; Dovecot being down gives a temporary 451.
Usage: smtp_front.py --port PORT --lmtp LMTP_PORT
"""
import argparse
import signal
import smtplib
import threading

from aiosmtpd.controller import Controller


class Handler:
    def __init__(self, lmtp_port):
        self.lmtp_port = lmtp_port

    async def handle_DATA(self, server, session, envelope):
        try:
            lmtp = smtplib.LMTP("127.0.0.1", self.lmtp_port, timeout=30)
            try:
                refused = lmtp.sendmail(envelope.mail_from, envelope.rcpt_tos, envelope.original_content)
            finally:
                lmtp.quit()
        except smtplib.SMTPRecipientsRefused as error:
            code, text = next(iter(error.recipients.values()))
            return "%d %s" % (code, text.decode(errors="replace"))
        except (OSError, smtplib.SMTPException) as error:
            return "451 4.3.0 delivery to the mailbox failed: %s" % error
        if refused:
            return "451 4.3.0 some recipients refused: %s" % refused
        return "250 2.0.0 Ok: delivered to %d mailbox(es)" % len(envelope.rcpt_tos)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--lmtp", type=int, required=True)
    args = parser.parse_args()
    controller = Controller(Handler(args.lmtp), hostname="127.0.0.1", port=args.port, ready_timeout=15)
    controller.start()
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    signal.signal(signal.SIGINT, lambda *_: done.set())
    print("READY", flush=True)
    done.wait()
    controller.stop()


if __name__ == "__main__":
    main()
