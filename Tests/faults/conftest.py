"""Fault tests: the real taquilla binary under spawn-fcgi (unix socket only) on a fresh
temporary data directory, while things go wrong: backups under load, workers killed in
the middle of a POST, many writers at once, a full disk. Needs TAQUILLA_BIN and root
(spawn-fcgi; the disk-full test mounts a tmpfs and skips if it may not).

Every test runs under an alarm (FAULTS_TEST_SECONDS, default 180 s), and every server
it started is stopped at teardown, also on failure."""
import importlib.util
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
BIN = os.environ.get("TAQUILLA_BIN") or os.path.join(HERE, "../../.build/debug/taquilla")
TEST_SECONDS = int(os.environ.get("FAULTS_TEST_SECONDS", "180"))

# The process tests' FastCGI client, imported by path (one copy of the protocol code).
_spec = importlib.util.spec_from_file_location("fcgi_client", os.path.join(HERE, "..", "process", "fcgi_client.py"))
fcgi_client = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fcgi_client)
sys.modules["fcgi_client"] = fcgi_client


def run_cli(data, *args, check=True, timeout=120):
    env = dict(os.environ, TAQUILLA_DATA=data)
    p = subprocess.run([BIN, *args], env=env, capture_output=True, text=True, timeout=timeout)
    if check and p.returncode != 0:
        raise AssertionError("taquilla %s exited %d\nstdout: %s\nstderr: %s" % (" ".join(args), p.returncode, p.stdout, p.stderr))
    return p


def prepare(data):
    """A migrated data folder that takes tickets as fast as tests send them."""
    run_cli(data, "migrate")
    run_cli(data, "user", "add", "admin", "--role", "admin", "--password", "adminpass1")
    run_cli(data, "setting", "set", "form_min_seconds", "0")
    run_cli(data, "setting", "set", "ticket_rate_limit", "1000000")
    run_cli(data, "setting", "set", "reply_rate_limit", "1000000")
    run_cli(data, "setting", "set", "lookup_rate_limit", "1000000")


def query(data, sql, params=()):
    """Rows from the live database, read-only, the connection closed at once (an open
    one would count as a worker for `taquilla restore`)."""
    db = sqlite3.connect("file:%s?mode=ro" % os.path.join(data, "taquilla.sqlite"), uri=True, timeout=30)
    try:
        return db.execute(sql, params).fetchall()
    finally:
        db.close()


def scalar(data, sql, params=()):
    return query(data, sql, params)[0][0]


def integrity(data):
    return [r[0] for r in query(data, "PRAGMA integrity_check")]


def incomplete_tickets(data):
    """Tickets missing their first message or their confirmation mail: a half-written
    ticket. Must always be empty."""
    return query(data, """
        SELECT t.number FROM tickets t
        WHERE NOT EXISTS (SELECT 1 FROM messages m WHERE m.ticket_id = t.id AND m.kind = 'customer')
           OR NOT EXISTS (SELECT 1 FROM outbox o WHERE o.ticket_id = t.id AND o.kind = 'confirmation')""")


_spec = importlib.util.spec_from_file_location("processes", os.path.join(HERE, "..", "process", "processes.py"))
processes = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(processes)
workers_of, alive = processes.workers_of, processes.alive


def socket_fds(pid):
    """How many sockets the process has open (fd 0 is the listening one)."""
    n = 0
    try:
        for fd in os.listdir(f"/proc/{pid}/fd"):
            try:
                if os.readlink(f"/proc/{pid}/fd/{fd}").startswith("socket:"):
                    n += 1
            except OSError:
                pass
    except OSError:
        pass
    return n


class FastCGIServer:
    """spawn-fcgi starting the binary with TAQUILLA_WORKERS workers on a unix socket."""

    def __init__(self, data, workers, socket_dir):
        self.data = data
        self.socket = os.path.join(socket_dir, "app-%d.sock" % time.monotonic_ns())
        self.pidfile = self.socket + ".pid"
        self.pid = None
        self.seen = set()
        self.count = workers

    def start(self):
        env = dict(os.environ, TAQUILLA_DATA=self.data, TAQUILLA_WORKERS=str(self.count))
        subprocess.run(["spawn-fcgi", "-s", self.socket, "-P", self.pidfile, "--", BIN], env=env, check=True,
                       capture_output=True, timeout=30)
        with open(self.pidfile) as f:
            self.pid = int(f.read().strip())
        self.wait_for_workers(self.count)
        return self

    def workers(self):
        found = workers_of(self.pid)
        self.seen.update(processes.children_of(self.pid))   # the ticket writer too
        return found

    def wait_for_workers(self, n, exclude=(), seconds=10):
        deadline = time.time() + seconds
        while time.time() < deadline:
            found = self.workers()
            if len(found) >= n and not set(found) & set(exclude):
                return found
            time.sleep(0.05)
        raise AssertionError("expected %d workers (not %s), have %s" % (n, list(exclude), self.workers()))

    def stop(self):
        if self.pid and alive(self.pid):
            os.kill(self.pid, signal.SIGTERM)
            deadline = time.time() + 15
            while alive(self.pid) and time.time() < deadline:
                time.sleep(0.05)
            if alive(self.pid):
                os.kill(self.pid, signal.SIGKILL)
        # Workers the supervisor may have left behind (it was killed, or they hung).
        for pid in self.seen:
            if alive(pid):
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        for path in (self.socket, self.pidfile):
            if os.path.exists(path):
                os.unlink(path)


@pytest.fixture(autouse=True)
def time_limit():
    """Fails a test that runs past TEST_SECONDS instead of hanging the suite."""
    def expired(signum, frame):
        raise TimeoutError("test ran longer than %d s" % TEST_SECONDS)
    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(TEST_SECONDS)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


@pytest.fixture
def workdir():
    d = tempfile.mkdtemp(prefix="taquilla-faults-")
    yield d
    shutil.rmtree(d, ignore_errors=True)


@pytest.fixture
def data_dir(workdir):
    d = os.path.join(workdir, "data")
    os.mkdir(d)
    prepare(d)
    return d


@pytest.fixture
def fastcgi(workdir):
    """Factory: fastcgi(data, workers=4) starts a server; all are stopped at teardown."""
    started = []

    def start(data, workers=4):
        server = FastCGIServer(data, workers, workdir)
        started.append(server)  # before start(), so a failed start is cleaned up too
        return server.start()

    yield start
    for server in reversed(started):
        server.stop()
