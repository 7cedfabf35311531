"""Process tests: the real taquilla binary started as FastCGI (through spawn-fcgi) and as
plain CGI, on a fresh temporary data directory. Needs TAQUILLA_BIN."""
import os
import shutil
import signal
import subprocess
import tempfile
import time

import pytest

BIN = os.environ.get("TAQUILLA_BIN") or os.path.join(os.path.dirname(__file__), "../../.build/debug/taquilla")


def run_cli(data, *args, check=True):
    env = dict(os.environ, TAQUILLA_DATA=data)
    return subprocess.run([BIN, *args], env=env, check=check, capture_output=True, text=True, timeout=60)


@pytest.fixture
def data_dir():
    d = tempfile.mkdtemp(prefix="taquilla-proc-")
    run_cli(d, "migrate")
    run_cli(d, "setting", "set", "form_min_seconds", "0")
    yield d
    shutil.rmtree(d, ignore_errors=True)


from processes import alive, workers_of, writer_of  # noqa: E402  (shared with Tests/faults)


class FastCGIApp:
    def __init__(self, data, workers, environment=None):
        self.socket = os.path.join(data, "app.sock")
        self.pidfile = os.path.join(data, "app.pid")
        env = dict(os.environ, TAQUILLA_DATA=data, TAQUILLA_WORKERS=str(workers), **(environment or {}))
        subprocess.run(["spawn-fcgi", "-s", self.socket, "-P", self.pidfile, "--", BIN], env=env, check=True,
                       capture_output=True, timeout=30)
        with open(self.pidfile) as f:
            self.pid = int(f.read().strip())
        deadline = time.time() + 10
        while len(workers_of(self.pid)) < workers and time.time() < deadline:
            time.sleep(0.05)

    def workers(self):
        return workers_of(self.pid)

    def writer(self):
        return writer_of(self.pid)

    def stop(self):
        if alive(self.pid):
            os.kill(self.pid, signal.SIGTERM)
            deadline = time.time() + 15
            while alive(self.pid) and time.time() < deadline:
                time.sleep(0.05)
            if alive(self.pid):
                os.kill(self.pid, signal.SIGKILL)


@pytest.fixture
def fastcgi(data_dir):
    started = []

    def start(workers=2, environment=None):
        app = FastCGIApp(data_dir, workers, environment)
        started.append(app)
        return app

    yield start
    for app in started:
        app.stop()
