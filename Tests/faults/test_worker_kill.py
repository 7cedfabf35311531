"""SIGKILL of the FastCGI worker that is in the middle of a POST: the client gets a
broken connection it can retry, the database holds each ticket whole or not at all,
and the supervisor's new workers serve the retry."""
import os
import signal
import time

import pytest

from conftest import incomplete_tickets, integrity, query, scalar, socket_fds
from guest import NUMBER_RE, Guest, random_file


def wait_idle(server):
    """Until no worker holds an accepted connection (one that just answered may still
    be closing it), so the next one to hold one is the one serving our request."""
    deadline = time.time() + 5
    while any(socket_fds(pid) >= 2 for pid in server.workers()):
        assert time.time() < deadline, "workers stay busy"
        time.sleep(0.01)


def busy_worker(server):
    """The one worker holding an accepted connection (a second socket besides fd 0);
    call wait_idle before opening that connection."""
    deadline = time.time() + 5
    while time.time() < deadline:
        busy = [pid for pid in server.workers() if socket_fds(pid) >= 2]
        if len(busy) == 1:
            return busy[0]
        time.sleep(0.02)
    raise AssertionError("no single worker holds the connection: %s" % {p: socket_fds(p) for p in server.workers()})


def broken(conn, guest, rest):
    """True when sending the rest and reading the answer fails the way a killed
    peer does (reset, broken pipe, or EOF before the end of the response)."""
    try:
        conn.send_body(rest, end=True)
        guest.finish(conn)
    except (ConnectionError, BrokenPipeError):
        return True
    return False


def ticket_count(data, subject):
    return scalar(data, "SELECT count(*) FROM tickets WHERE subject = ?", (subject,))


def test_worker_killed_while_reading_the_body(fastcgi, data_dir):
    server = fastcgi(data_dir, workers=4)
    guest = Guest(server.socket)
    subject = "killed mid-body"
    body, ctype = guest.new_ticket_body(subject, [random_file(50_000)])
    before = scalar(data_dir, "SELECT count(*) FROM tickets")

    wait_idle(server)
    conn = guest.connection()
    conn.begin(guest.params("POST", "/new", len(body), ctype))
    conn.send_body(body[:len(body) // 2])
    victim = busy_worker(server)
    os.kill(victim, signal.SIGKILL)
    assert broken(conn, guest, body[len(body) // 2:]), "a complete answer came from a killed worker"

    assert ticket_count(data_dir, subject) == 0
    assert scalar(data_dir, "SELECT count(*) FROM tickets") == before
    assert integrity(data_dir) == ["ok"]
    server.wait_for_workers(4, exclude=[victim])

    # The retry (same form, same token) is served by the workers that are left or new.
    status, number, page = guest.open_ticket(subject, [random_file(50_000)])
    assert status == 200 and number, page[-400:]
    assert ticket_count(data_dir, subject) == 1
    assert incomplete_tickets(data_dir) == []


@pytest.mark.parametrize("fraction", [0.1, 0.3, 0.5, 0.7, 0.85, 0.95, 1.1])
def test_worker_killed_while_handling_the_post(fastcgi, data_dir, fraction):
    """The whole body is sent, then the worker is killed at a fraction of the time a
    POST like it takes here: while it parses, hashes and stores the 4 MB file, writes
    the rows, commits or answers. Whatever the moment, the ticket is all there or not
    at all, the client was not told of a ticket that is not there, and the database is
    sound."""
    server = fastcgi(data_dir, workers=2)
    guest = Guest(server.socket)
    started = time.time()
    status, _, _ = guest.open_ticket("timing", [random_file(4 * 1024 * 1024)])
    assert status == 200
    duration = time.time() - started

    subject = "killed while handling %s" % fraction
    body, ctype = guest.new_ticket_body(subject, [random_file(4 * 1024 * 1024)])
    wait_idle(server)
    conn = guest.connection()
    conn.begin(guest.params("POST", "/new", len(body), ctype))
    conn.send_body(body[:1000])
    victim = busy_worker(server)
    sent = time.time()
    conn.send_body(body[1000:], end=True)
    time.sleep(max(0.0, duration * fraction - (time.time() - sent)))
    os.kill(victim, signal.SIGKILL)
    try:
        status, _, page = guest.finish(conn)
        answered = status == 200 and NUMBER_RE.search(page) is not None
    except (ConnectionError, BrokenPipeError):
        answered = False

    stored = ticket_count(data_dir, subject)
    assert stored in (0, 1)
    if answered:
        assert stored == 1, "the client was told the ticket exists, but it does not"
    assert incomplete_tickets(data_dir) == []
    assert integrity(data_dir) == ["ok"]
    for (sha,) in query(data_dir, "SELECT sha256 FROM attachments"):
        assert os.path.isfile(os.path.join(data_dir, "attachments", sha[:2], sha[2:4], sha))

    server.wait_for_workers(2, exclude=[victim])
    if not answered:
        status, number, _ = guest.open_ticket(subject, [random_file(1000)])
        assert status == 200 and number
        assert ticket_count(data_dir, subject) == stored + 1
    assert incomplete_tickets(data_dir) == []
