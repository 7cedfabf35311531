"""The ticket writer beside the FastCGI workers: API ticket openings from several workers at
once are all written, exactly once each, whether the writer answers, is killed in the middle
of a storm (the workers write what it did not answer, after looking each one up), or is
switched off (TAQUILLA_TICKET_WRITER=0)."""
import json
import os
import signal
import sqlite3
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import fcgi_client
from conftest import run_cli
from processes import alive


def api_key(data):
    out = run_cli(data, "apikey", "create", "process-test", "--scopes", "tickets:create").stdout
    run_cli(data, "setting", "set", "api_rate_limit", "100000")
    return next(line.split(": ", 1)[1] for line in out.splitlines() if line.startswith("key: "))


def open_ticket(app, key, n):
    body = json.dumps({"name": "Lucía Pérez", "email": f"writer{n % 7}@example.com", "phone": "+34 600 111 222",
                       "city": "Sevilla", "country": "España", "subject": f"Pedido {n}",
                       "message": f"La factura {n} no llega."}).encode()
    c = fcgi_client.Connection(app.socket, timeout=60)
    c.begin({"REQUEST_METHOD": "POST", "REQUEST_URI": "/api/v1/tickets", "QUERY_STRING": "", "REMOTE_ADDR": "127.0.0.1",
             "HTTP_HOST": "localhost", "CONTENT_TYPE": "application/json", "CONTENT_LENGTH": str(len(body)),
             "HTTP_AUTHORIZATION": "Bearer " + key})
    c.send_body(body, end=True)
    status, _, page = c.response()
    return status, page


def subjects(data):
    db = sqlite3.connect(os.path.join(data, "taquilla.sqlite"))
    try:
        return [r[0] for r in db.execute("SELECT subject FROM tickets WHERE source = 'api'")]
    finally:
        db.close()


def storm(app, key, count, during=None):
    with ThreadPoolExecutor(max_workers=12) as pool:
        futures = [pool.submit(open_ticket, app, key, n) for n in range(count)]
        if during:
            during()
        return [f.result() for f in futures]


def test_openings_from_several_workers_are_written_once_each(fastcgi, data_dir):
    key = api_key(data_dir)
    app = fastcgi(workers=4)
    assert app.writer() is not None and len(app.workers()) == 4
    results = storm(app, key, 300)
    assert [s for s, _ in results] == [201] * 300
    numbers = {json.loads(page)["number"] for _, page in results}
    assert len(numbers) == 300
    assert sorted(subjects(data_dir)) == sorted(f"Pedido {n}" for n in range(300))


def test_a_killed_writer_loses_and_doubles_nothing_and_is_replaced(fastcgi, data_dir):
    key = api_key(data_dir)
    app = fastcgi(workers=4)
    writer = app.writer()
    assert writer is not None

    def kill_writer_soon():
        time.sleep(0.15)
        os.kill(writer, signal.SIGKILL)

    killer = threading.Thread(target=kill_writer_soon)
    killer.start()
    results = storm(app, key, 400)
    killer.join()
    assert [s for s, _ in results] == [201] * 400
    written = subjects(data_dir)
    assert len(written) == 400 and len(set(written)) == 400
    deadline = time.time() + 5
    while (app.writer() in (None, writer)) and time.time() < deadline:
        time.sleep(0.05)
    assert app.writer() not in (None, writer) and not alive(writer)
    assert open_ticket(app, key, 1000)[0] == 201


def test_switched_off_there_is_no_writer_and_workers_write(fastcgi, data_dir):
    key = api_key(data_dir)
    app = fastcgi(workers=2, environment={"TAQUILLA_TICKET_WRITER": "0"})
    assert app.writer() is None and len(app.workers()) == 2
    results = storm(app, key, 40)
    assert [s for s, _ in results] == [201] * 40
    assert len(subjects(data_dir)) == 40
