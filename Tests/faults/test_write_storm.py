"""Many customers at once: 4 workers, several client threads opening tickets and
posting guest replies in parallel for a bounded time. No request may fail with a 5xx,
and afterwards the rows in the database are exactly the successful responses: nothing
lost, nothing doubled."""
import os
import threading
import time

from conftest import incomplete_tickets, integrity, scalar
from conftest import query
from guest import Guest, multipart, random_file

THREADS = int(os.environ.get("FAULTS_STORM_THREADS", "8"))
SECONDS = float(os.environ.get("FAULTS_STORM_SECONDS", "15"))
MAX_REQUESTS = int(os.environ.get("FAULTS_STORM_REQUESTS", "400"))  # per thread


class Customer(threading.Thread):
    """Opens a ticket, replies to it a few times, opens the next one; every fifth
    write carries a small file. Counts what the server confirmed."""

    def __init__(self, socket, index, deadline):
        super().__init__(daemon=True)
        self.guest = Guest(socket, remote_addr="127.0.%d.%d" % (index // 200, index % 200 + 1))
        self.index = index
        self.deadline = deadline
        self.tickets = {}  # number -> replies confirmed for it, in creation order
        self.files = 0
        self.statuses = {}
        self.errors = []

    def count(self, status):
        self.statuses[status] = self.statuses.get(status, 0) + 1

    def run(self):
        sent = 0
        try:
            while time.time() < self.deadline and sent < MAX_REQUESTS:
                sent += 1
                files = [random_file(500 + sent)] if sent % 5 == 0 else []
                if not self.tickets or sent % 4 == 0:
                    status, number, _ = self.guest.open_ticket("storm %d-%d" % (self.index, sent), files)
                    self.count(status)
                    if status == 200 and number:
                        self.tickets[number] = 0
                        self.files += len(files)
                else:
                    number = list(self.tickets)[-1]
                    body, ctype = multipart({"csrf": self.guest.token, "message": "reply %d-%d" % (self.index, sent)}, files)
                    status, _, _ = self.guest.request("POST", "/ticket/%s/reply" % number, body, ctype)
                    self.count(status)
                    if status == 303:
                        self.tickets[number] += 1
                        self.files += len(files)
        except Exception as e:  # a broken connection is a failure of the run, reported below
            self.errors.append(repr(e))


def test_write_storm_loses_and_doubles_nothing(fastcgi, data_dir):
    server = fastcgi(data_dir, workers=4)
    deadline = time.time() + SECONDS
    customers = [Customer(server.socket, i, deadline) for i in range(THREADS)]
    for c in customers:
        c.start()
    for c in customers:
        c.join(SECONDS + 60)
    assert not any(c.is_alive() for c in customers), "a client thread hung"
    assert [e for c in customers for e in c.errors] == []

    statuses = {}
    for c in customers:
        for status, n in c.statuses.items():
            statuses[status] = statuses.get(status, 0) + n
    assert set(statuses) <= {200, 303}, "unexpected answers: %s" % statuses
    tickets = sum(len(c.tickets) for c in customers)
    replies = sum(sum(c.tickets.values()) for c in customers)
    files = sum(c.files for c in customers)
    assert tickets >= THREADS and replies >= THREADS, statuses

    assert scalar(data_dir, "SELECT count(*) FROM tickets") == tickets
    assert scalar(data_dir, "SELECT count(*) FROM messages WHERE kind = 'customer'") == tickets + replies
    assert scalar(data_dir, "SELECT count(*) FROM outbox") == tickets
    assert scalar(data_dir, "SELECT count(*) FROM attachments") == files
    numbers = [n for c in customers for n in c.tickets]
    assert len(set(numbers)) == len(numbers), "one ticket number was handed out twice"
    # Every ticket holds its first message plus exactly the replies confirmed for it.
    stored = dict(query(data_dir, """
        SELECT t.number, count(m.id) FROM tickets t JOIN messages m ON m.ticket_id = t.id AND m.kind = 'customer'
        GROUP BY t.id"""))
    expected = {n: 1 + r for c in customers for n, r in c.tickets.items()}
    assert stored == expected
    assert incomplete_tickets(data_dir) == []
    assert integrity(data_dir) == ["ok"]
