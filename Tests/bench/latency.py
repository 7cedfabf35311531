#!/usr/bin/env python3
"""Times desk pages one request at a time against the benchmark's nginx (which sets
REMOTE_USER) and appends latency rows for table.py.

    latency.py URL DATABASE RESULTS.tsv [--rounds N] [--budget SECONDS]

One keep-alive HTTP connection, so every request waits for the previous one: with a
single worker behind nginx this is the latency of the page itself, without queueing.
Classes (each a set of queries cycled for --rounds rounds; p50/p99 over all of them):
  search common / rare / prefix / phrase   /desk/search?q=...; the rare terms are read
      from the database (reference numbers that a handful of messages or subjects contain,
      and a word that is nowhere), so they exist at any size
  queue                                    /desk/tickets with the usual filters
  stats                                    /admin/stats and /desk/stats for the last year of data (custom range), only if they answer 200
Every answer must be 200 and contain the element that proves the page ran its query
(the search total, the queue table); anything else stops the run with the answer's head.
A class that has used up --budget seconds stops early and says so in its note.
"""
import argparse
import http.client
import sqlite3
import sys
import time
import urllib.parse

ACCEPT_LANGUAGE = "es-ES,es;q=0.9,en;q=0.8"


def percentile(sorted_values, p):
    return sorted_values[min(len(sorted_values) - 1, int(round(p * (len(sorted_values) - 1))))]


class Client:
    """One persistent HTTP/1.1 connection; reconnects if nginx closes it."""

    def __init__(self, url):
        parts = urllib.parse.urlsplit(url)
        self.host, self.port = parts.hostname, parts.port or 80
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=120)

    def get(self, path):
        for attempt in (1, 2):
            try:
                started = time.perf_counter()
                self.conn.request("GET", path, headers={"Accept-Language": ACCEPT_LANGUAGE})
                answer = self.conn.getresponse()
                body = answer.read()
                return answer.status, body, time.perf_counter() - started
            except (http.client.HTTPException, ConnectionError):
                self.conn.close()
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=120)
                if attempt == 2:
                    raise


def rare_terms(db_path):
    """Reference numbers (six digits) that occur in few messages, and subject order numbers."""
    db = sqlite3.connect("file:%s?mode=ro" % db_path, uri=True)
    terms = []
    for (text,) in db.execute("SELECT body_text FROM messages WHERE id IN (SELECT id FROM messages ORDER BY id DESC LIMIT 2000)"
                              " AND body_text LIKE '%-______' ORDER BY id DESC LIMIT 3"):
        terms.append(text.rsplit("-", 1)[1])
    for (text,) in db.execute("SELECT body_text FROM messages WHERE id IN (SELECT id FROM messages ORDER BY id LIMIT 2000)"
                              " AND body_text LIKE '%-______' ORDER BY id LIMIT 2"):
        terms.append(text.rsplit("-", 1)[1])
    for (subject,) in db.execute("SELECT subject FROM tickets WHERE id % 97 = 0 AND subject GLOB '*[0-9][0-9][0-9][0-9][0-9]*' LIMIT 3"):
        terms.append(next(w for w in subject.split() if w.isdigit() and len(w) == 5))
    db.close()
    return terms + ["zzyzxq"]


def year_range(db_path):
    db = sqlite3.connect("file:%s?mode=ro" % db_path, uri=True)
    newest = db.execute("SELECT max(created_at) FROM tickets").fetchone()[0] or int(time.time())
    db.close()
    end = time.gmtime(newest)
    return "%04d-%02d-%02d" % (end.tm_year - 1, end.tm_mon, end.tm_mday), "%04d-%02d-%02d" % end[:3]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("url")
    ap.add_argument("database")
    ap.add_argument("results")
    ap.add_argument("--rounds", type=int, default=20)
    ap.add_argument("--budget", type=float, default=120.0)
    args = ap.parse_args()
    client = Client(args.url)
    search = lambda q: "/desk/search?" + urllib.parse.urlencode({"q": q})
    first, last = year_range(args.database)
    classes = [
        ("search, common terms", 50, 250, "search-total",
         [search(q) for q in ("gracias", "factura", "thanks", "cuenta", "problema error")]),
        ("search, rare terms", 50, 250, "search-total", [search(q) for q in rare_terms(args.database)]),
        ("search, prefix", 50, 250, "search-total", [search(q) for q in ("factur", "contrase", "refun", "devol", "ac")]),
        ("search, phrase", 50, 250, "search-total",
         [search(q) for q in ('"cargo duplicado"', '"month-end closing"', '"nuevo enlace"', '"pedido no ha llegado"')]),
        ("queue page, filtered", 20, None, 'class="queue"',
         ["/desk/tickets", "/desk/tickets?status=2", "/desk/tickets?group=1&open=any", "/desk/tickets?open=0&sort=created",
          "/desk/tickets?operator=2&open=any", "/desk/tickets?unassigned=1&page=3"]),
        ("stats page, one year, all operators (admin)", 200, None, "<svg",
         ["/admin/stats?" + urllib.parse.urlencode({"period": "custom", "from": first, "to": last})]),
        ("stats page, one year, one operator (desk)", 200, None, "<svg",
         ["/desk/stats?" + urllib.parse.urlencode({"period": "custom", "from": first, "to": last})]),
    ]
    with open(args.results, "a", encoding="utf-8") as out:
        for name, p50_target, p99_target, proof, paths in classes:
            if name.startswith("stats"):
                status, _, _ = client.get(paths[0])
                if status != 200:
                    out.write("na\t%s\tn/a: %s answers %d on this build\n" % (name, paths[0].split("?")[0], status))
                    continue
            client.get(paths[0])   # warm the page cache and the worker
            times, worst, started, note = [], {}, time.perf_counter(), "%d queries x %d rounds, one at a time" % (len(paths), args.rounds)
            for round_ in range(args.rounds):
                for path in paths:
                    status, body, seconds = client.get(path)
                    if status != 200 or proof.encode() not in body:
                        sys.exit("latency.py: %s answered %d without %r: %s" % (path, status, proof, body[:300]))
                    times.append(seconds)
                    worst[path] = max(worst.get(path, 0.0), seconds)
                if time.perf_counter() - started > args.budget:
                    note = "stopped after %d rounds (%.0f s budget)" % (round_ + 1, args.budget)
                    break
            times.sort()
            slowest = max(worst, key=worst.get)
            out.write("lat\t%s\t%.0f\t%.0f\t%d\t%s\t%s\t%s; slowest: %s\n" % (
                name, percentile(times, 0.5) * 1e6, percentile(times, 0.99) * 1e6, len(times), p50_target,
                p99_target or "-", note, urllib.parse.unquote_plus(slowest)))
            print("latency: %s p50 %.1f ms p99 %.1f ms" % (name, percentile(times, 0.5) * 1e3, percentile(times, 0.99) * 1e3),
                  file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
