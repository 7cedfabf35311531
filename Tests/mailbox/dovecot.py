"""A private Dovecot (IMAP, POP3, LMTP) for the mailbox tests, on 127.0.0.1 only.

Dovecot refuses to deliver mail as uid 0, so when the tests run as root it runs as
`nobody`; otherwise as the current user. Its own config file (nothing from /etc),
login services without chroot, every service user set to that user, ports above 1024,
users from a passwd-file (PLAIN passwords), Maildir under the test's temporary folder,
and a self-signed certificate for IMAPS / POP3S / STARTTLS.
"""
import grp
import os
import pwd
import socket
import shutil
import subprocess
import tempfile
import time

PASSWORD = "secret-pass"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, proc, seconds=20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return True
        except OSError:
            time.sleep(0.05)
    return False


def stop_process(proc):
    """SIGTERM, then SIGKILL after 15 s; nothing when it is not running."""
    if proc and proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


class Dovecot:
    def __init__(self, users, cert, key):
        # Its own folder under /tmp, reachable by `nobody` (pytest's tmp_path is mode 0700).
        root = self.root = tempfile.mkdtemp(prefix="taquilla-dovecot-")
        self.ports = {name: free_port() for name in ("imap", "imaps", "pop3", "pop3s", "lmtp")}
        if os.geteuid() == 0:
            account = pwd.getpwnam("nobody")
        else:
            account = pwd.getpwuid(os.geteuid())
        self.uid, self.gid = account.pw_uid, account.pw_gid
        self.user, self.group = account.pw_name, grp.getgrgid(account.pw_gid).gr_name
        for sub in ("run", "state", "mail"):
            os.makedirs(os.path.join(root, sub), exist_ok=True)
        with open(os.path.join(root, "passwd"), "w") as f:
            for user in users:
                f.write("%s:{PLAIN}%s::::\n" % (user, PASSWORD))
        with open(cert) as c, open(key) as k, open(os.path.join(root, "cert.pem"), "w") as cc, \
                open(os.path.join(root, "key.pem"), "w") as kk:
            cc.write(c.read())
            kk.write(k.read())
        self.config = os.path.join(root, "dovecot.conf")
        with open(self.config, "w") as f:
            f.write(self.render())
        for dirpath, dirnames, filenames in os.walk(root):
            for name in [dirpath] + [os.path.join(dirpath, n) for n in filenames]:
                os.chown(name, self.uid, self.gid)
        os.chmod(os.path.join(root, "key.pem"), 0o600)
        os.chmod(root, 0o755)
        self.proc = None
        self.start()

    def render(self):
        r, p = self.root, self.ports
        return f"""
base_dir = {r}/run
state_dir = {r}/state
log_path = {r}/dovecot.log
protocols = imap pop3 lmtp
listen = 127.0.0.1
ssl = yes
ssl_cert = <{r}/cert.pem
ssl_key = <{r}/key.pem
disable_plaintext_auth = no
auth_mechanisms = plain login
default_login_user = {self.user}
default_internal_user = {self.user}
default_internal_group = {self.group}
first_valid_uid = 1
mail_location = maildir:{r}/mail/%u
pop3_uidl_format = %08Xu%08Xv
lmtp_save_to_detail_mailbox = no
passdb {{
  driver = passwd-file
  args = scheme=PLAIN {r}/passwd
}}
userdb {{
  driver = static
  args = uid={self.uid} gid={self.gid} home={r}/mail/%u
}}
service imap-login {{
  chroot =
  user = {self.user}
  inet_listener imap {{
    port = {p['imap']}
  }}
  inet_listener imaps {{
    port = {p['imaps']}
    ssl = yes
  }}
}}
service pop3-login {{
  chroot =
  user = {self.user}
  inet_listener pop3 {{
    port = {p['pop3']}
  }}
  inet_listener pop3s {{
    port = {p['pop3s']}
    ssl = yes
  }}
}}
service lmtp {{
  user = {self.user}
  inet_listener lmtp {{
    address = 127.0.0.1
    port = {p['lmtp']}
  }}
  unix_listener lmtp {{
    mode = 0666
  }}
}}
service anvil {{
  chroot =
  user = {self.user}
}}
""" + "".join("service %s {\n  user = %s\n}\n" % (name, self.user) for name in
              ("auth", "auth-worker", "imap", "pop3", "stats", "dict", "dict-async", "config", "log"))

    def _demote(self):
        if os.geteuid() == 0:
            os.setgroups([])
            os.setgid(self.gid)
            os.setuid(self.uid)

    def start(self):
        self.proc = subprocess.Popen(["/usr/sbin/dovecot", "-F", "-c", self.config], preexec_fn=self._demote,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        for name in ("imap", "pop3", "lmtp"):
            if not wait_port(self.ports[name], self.proc):
                self.stop()
                raise RuntimeError("dovecot did not start: " + self.log())

    def log(self):
        path = os.path.join(self.root, "dovecot.log")
        text = open(path).read() if os.path.exists(path) else ""
        if self.proc and self.proc.stderr and self.proc.poll() is not None:
            text += self.proc.stderr.read().decode(errors="replace")
        return text[-3000:]

    def stop(self):
        stop_process(self.proc)

    def remove(self):
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)
