"""`taquilla backup` while a writer posts tickets through the FastCGI socket, then
`taquilla restore` into a fresh data folder."""
import hashlib
import os
import threading
import time

from conftest import incomplete_tickets, integrity, query, run_cli, scalar
from guest import CODE_RE, Guest, random_file

COUNTS = {
    "tickets": "SELECT count(*) FROM tickets",
    "messages": "SELECT count(*) FROM messages",
    "attachments": "SELECT count(*) FROM attachments",
    "outbox": "SELECT count(*) FROM outbox",
}


class Writer(threading.Thread):
    """Posts tickets (every third one with a small attachment) until stopped."""

    def __init__(self, socket, limit=2000):
        super().__init__(daemon=True)
        self.guest = Guest(socket)
        self.stop = threading.Event()
        self.limit = limit
        self.created = {}  # number -> the time the response arrived
        self.codes = {}  # number -> access code
        self.failures = []

    def run(self):
        i = 0
        while not self.stop.is_set() and i < self.limit:
            i += 1
            files = [random_file(2000 + i)] if i % 3 == 0 else []
            try:
                status, number, page = self.guest.open_ticket("backup load %d" % i, files)
            except Exception as e:  # reported by the test, not lost in the thread
                self.failures.append(repr(e))
                continue
            if status == 200 and number:
                self.created[number] = time.time()
                self.codes[number] = CODE_RE.search(page).group(1).decode()
            else:
                self.failures.append(status)


def counts(data):
    return {k: scalar(data, sql) for k, sql in COUNTS.items()}


def attachment_files(data):
    """{sha256: bytes} of every file the database points to (asserting each exists)."""
    out = {}
    for (sha,) in query(data, "SELECT DISTINCT sha256 FROM attachments"):
        path = os.path.join(data, "attachments", sha[:2], sha[2:4], sha)
        assert os.path.isfile(path), "attachment %s is missing from %s" % (sha, data)
        with open(path, "rb") as f:
            content = f.read()
        assert hashlib.sha256(content).hexdigest() == sha, "attachment %s does not match its name" % sha
        out[sha] = content
    return out


def manifest(dest):
    with open(os.path.join(dest, "manifest.txt")) as f:
        return dict(line.split(" = ", 1) for line in f.read().splitlines() if " = " in line)


def test_backup_under_load_is_consistent_and_restores(fastcgi, data_dir, workdir):
    server = fastcgi(data_dir, workers=4)
    writer = Writer(server.socket)
    writer.start()
    try:
        deadline = time.time() + 60
        while len(writer.created) < 30 and time.time() < deadline and writer.is_alive():
            time.sleep(0.05)
        assert len(writer.created) >= 30, "the writer could not create tickets: %s" % writer.failures[:5]

        dest = os.path.join(workdir, "backup")
        os.mkdir(dest)
        before = scalar(data_dir, COUNTS["tickets"])
        started = time.time()
        # Small steps with pauses, so the copy takes long enough for writes to land in between.
        backup = run_cli(data_dir, "backup", dest, "--step-pages", "2", "--step-pause-ms", "10")
        finished = time.time()
        after = scalar(data_dir, COUNTS["tickets"])
    finally:
        writer.stop.set()
        writer.join(30)
    assert not writer.failures, writer.failures[:5]
    written_during = [n for n, t in writer.created.items() if started < t < finished]
    assert written_during, "no ticket was created while the backup ran (%.2f s): the test proves nothing" % (finished - started)
    assert "integrity ok" in backup.stdout

    # The backup is a sound snapshot from some moment during the run.
    assert integrity(dest) == ["ok"]
    backed_up = counts(dest)
    assert before <= backed_up["tickets"] <= after, (before, backed_up, after)
    assert incomplete_tickets(dest) == []
    assert backed_up["outbox"] == backed_up["tickets"]
    m = manifest(dest)
    assert int(m["tickets"]) == backed_up["tickets"] and int(m["attachments"]) == backed_up["attachments"]
    files = attachment_files(dest)
    assert len(files) == int(m["attachment_files"]) > 0
    with open(os.path.join(data_dir, "users.htpasswd"), "rb") as a, open(os.path.join(dest, "users.htpasswd"), "rb") as b:
        assert a.read() == b.read()

    # While the workers run, restoring over their data folder is refused and changes nothing.
    settled = scalar(data_dir, COUNTS["tickets"])
    refused = run_cli(data_dir, "restore", dest, check=False)
    assert refused.returncode != 0 and "workers seem to be running" in refused.stderr
    assert scalar(data_dir, COUNTS["tickets"]) == settled

    # A second backup into the same folder copies only the new files.
    some = sorted(files)[0]
    inode = os.stat(os.path.join(dest, "attachments", some[:2], some[2:4], some)).st_ino
    run_cli(data_dir, "backup", dest)
    assert os.stat(os.path.join(dest, "attachments", some[:2], some[2:4], some)).st_ino == inode
    assert counts(dest) == counts(data_dir)
    second = counts(dest)
    files = attachment_files(dest)

    # Restore into a fresh data folder: same counts, same files, and it serves.
    fresh = os.path.join(workdir, "restored")
    restored = run_cli(fresh, "restore", dest)
    assert "%d tickets" % second["tickets"] in restored.stdout
    assert counts(fresh) == second
    assert attachment_files(fresh) == files
    assert integrity(fresh) == ["ok"]
    assert scalar(fresh, "PRAGMA journal_mode") == "wal"
    check = run_cli(fresh, "check")
    assert "FAIL" not in check.stdout
    other = fastcgi(fresh, workers=2)
    number = min(writer.created, key=writer.created.get)  # the oldest: surely in the backup
    visitor = Guest(other.socket)
    assert visitor.lookup(number, writer.codes[number]) == 303
    assert visitor.request("GET", "/ticket/%s" % number)[0] == 200
    assert Guest(other.socket).lookup(number, "WRONG-CODE") == 403
