"""Attack: guessing access codes (and ticket numbers) from one address.

lookup_rate_limit is set to 5 failed lookups per address per 15 minutes. Each test
connects from a loopback address of its own (127.0.0.9 … 127.0.0.17, 127.0.1.x), so
buckets never mix with other tests. Once the limit is reached the right code is refused
too (429), and no guest session is handed out.
"""
import concurrent.futures
import threading
import time

import pytest

import helpers
from helpers import lookup, other_code, set_cookie_headers, unused_number

LIMIT = 5


def no_session(resp):
    return not [c for c in set_cookie_headers(resp) if c.startswith("tq_guest")]


def link(client, number, code, method="GET", **kw):
    return client.request(method, "/ticket/%s?code=%s" % (number, code), **kw)


def assert_blocked(resp, what):
    assert resp.status_code == 429, "%s: expected 429, got %d" % (what, resp.status_code)
    assert resp.headers.get("Retry-After", "").isdigit(), "429 without a Retry-After"
    assert no_session(resp), "%s: a session was handed out while blocked" % what


def test_bruteforce_lookup_form(ticket, new_client, setting):
    setting("lookup_rate_limit", str(LIMIT))
    c = new_client(source_ip="127.0.0.9")
    statuses = [lookup(c, ticket.number, other_code(ticket.code)).status_code for _ in range(LIMIT + 2)]
    assert statuses == [403] * LIMIT + [429, 429], statuses
    assert_blocked(lookup(c, ticket.number, ticket.code), "right code through the form")
    assert_blocked(link(c, ticket.number, ticket.code), "right code through the link")
    assert c.get("/ticket/" + ticket.number).status_code == 403


def test_bruteforce_code_link(ticket, new_client, setting):
    setting("lookup_rate_limit", str(LIMIT))
    c = new_client(source_ip="127.0.0.10")
    wrong = other_code(ticket.code)
    statuses = [link(c, ticket.number, wrong).status_code for _ in range(LIMIT + 2)]
    assert statuses == [403] * LIMIT + [429, 429], statuses
    assert_blocked(link(c, ticket.number, ticket.code), "right code through the link")
    assert_blocked(lookup(c, ticket.number, ticket.code), "right code through the form")
    assert c.get("/ticket/" + ticket.number).status_code == 403


def test_bruteforce_form_and_link_share_one_budget(ticket, new_client, setting):
    setting("lookup_rate_limit", str(LIMIT))
    c = new_client(source_ip="127.0.0.11")
    wrong = other_code(ticket.code)
    statuses = [lookup(c, ticket.number, wrong).status_code for _ in range(3)]
    statuses += [link(c, ticket.number, wrong).status_code for _ in range(2)]
    assert statuses == [403] * LIMIT, statuses
    assert_blocked(link(c, ticket.number, wrong), "6th guess through the link")
    assert_blocked(lookup(c, ticket.number, ticket.code), "right code through the form")


def test_bruteforce_ticket_numbers(ticket, new_client, setting):
    """Guessing numbers (in every accepted spelling) spends the same budget."""
    setting("lookup_rate_limit", str(LIMIT))
    c = new_client(source_ip="127.0.0.12")
    n = unused_number()
    guesses = [n, "#" + n, n[:4] + "-" + n[4:], n[:4] + " " + n[4:], "1"]
    statuses = [lookup(c, g, ticket.code).status_code for g in guesses]
    assert statuses == [403] * LIMIT, statuses
    assert_blocked(lookup(c, ticket.number, ticket.code), "right number and code after number guessing")


def test_bruteforce_malformed_codes_count(ticket, new_client, setting):
    """Codes that cannot even be decoded are failures too (no free probing)."""
    setting("lookup_rate_limit", str(LIMIT))
    c = new_client(source_ip="127.0.0.16")
    for code in ["", "x", "!!!!!", ticket.code[:-3], ticket.code + "AAAAA"]:
        assert link(c, ticket.number, code).status_code == 403, code
    assert_blocked(link(c, ticket.number, ticket.code), "right code after malformed ones")


@pytest.mark.parametrize("header", ["X-Forwarded-For", "X-Real-IP", "Forwarded", "Client-IP",
                                    "True-Client-IP", "X-Client-IP"])
def test_bruteforce_forwarded_headers_ignored(ticket, new_client, setting, header):
    """A different claimed client address on every try does not reset the budget."""
    setting("lookup_rate_limit", str(LIMIT))
    ip = "127.0.0.%d" % (30 + ["X-Forwarded-For", "X-Real-IP", "Forwarded", "Client-IP",
                                "True-Client-IP", "X-Client-IP"].index(header))
    c = new_client(source_ip=ip)
    wrong = other_code(ticket.code)
    for i in range(LIMIT):
        value = ("for=198.51.100.%d" if header == "Forwarded" else "198.51.100.%d") % (i + 1)
        assert link(c, ticket.number, wrong, headers={header: value}).status_code == 403
    r = link(c, ticket.number, ticket.code, headers={header: "203.0.113.99" if header != "Forwarded"
                                                    else "for=203.0.113.99"})
    assert_blocked(r, "right code with %s spoofed" % header)


def test_bruteforce_fresh_browser_each_try(ticket, new_client, setting):
    """Dropping cookies between tries changes nothing: the budget is per address."""
    setting("lookup_rate_limit", str(LIMIT))
    wrong = other_code(ticket.code)
    for _ in range(LIMIT):
        assert lookup(new_client(source_ip="127.0.0.14"), ticket.number, wrong).status_code == 403
    assert_blocked(lookup(new_client(source_ip="127.0.0.14"), ticket.number, ticket.code), "fresh browser")


def test_bruteforce_head_requests_count(ticket, new_client, setting):
    """HEAD runs the same lookup as GET (it must cost the same)."""
    setting("lookup_rate_limit", str(LIMIT))
    c = new_client(source_ip="127.0.0.15")
    wrong = other_code(ticket.code)
    statuses = [link(c, ticket.number, wrong, method="HEAD").status_code for _ in range(LIMIT)]
    assert statuses == [403] * LIMIT, statuses
    assert_blocked(link(c, ticket.number, ticket.code), "GET with the right code after HEAD guesses")


def test_bruteforce_success_does_not_reset(ticket, new_client, setting):
    """An attacker with a ticket of their own cannot refill the budget by opening it."""
    setting("lookup_rate_limit", str(LIMIT))
    c = new_client(source_ip="127.0.0.17")
    own = helpers.create_ticket(new_client())
    victim_wrong = other_code(ticket.code)
    for _ in range(LIMIT - 1):
        assert link(c, ticket.number, victim_wrong).status_code == 403
    assert link(c, own.number, own.code).status_code == 303
    assert link(c, ticket.number, victim_wrong).status_code == 403
    assert_blocked(link(c, ticket.number, victim_wrong), "guess after a successful lookup")


LOOKUP_WINDOW = 900  # seconds; GuestPages.lookupWindow


def clear_of_window_edge():
    """Waits out the last seconds of a rate-limit window: a burst that straddles two fixed
    windows may rightly be counted against both (up to twice the limit), which is the
    documented price of fixed windows, not the race this test looks for."""
    left = LOOKUP_WINDOW - time.time() % LOOKUP_WINDOW
    if left < 5:
        time.sleep(left + 0.5)


@pytest.mark.skipif(helpers.SETUP != "cgi", reason=(
    "the race needs two requests to check the counter before either records its failure; "
    "with 2 FastCGI workers that window is rarely hit (seen on Apache, about 1 burst in 8), "
    "so the check would be flaky there; one process per request (CGI) shows it every time"))
def test_bruteforce_parallel_burst(ticket, setting):
    setting("lookup_rate_limit", str(LIMIT))
    wrong = other_code(ticket.code)
    evaluated = []
    for rnd in range(25):
        clear_of_window_edge()
        clients = [helpers.Client(source_ip="127.0.1.%d" % (rnd + 1)) for _ in range(10)]
        try:
            for cl in clients:
                cl.get("/ticket")                      # connections open before the burst
            barrier = threading.Barrier(len(clients))

            def guess(cl):
                barrier.wait()
                return link(cl, ticket.number, wrong).status_code

            with concurrent.futures.ThreadPoolExecutor(len(clients)) as ex:
                statuses = list(ex.map(guess, clients))
        finally:
            for cl in clients:
                cl.close()
        assert set(statuses) <= {403, 429}, statuses
        evaluated.append(statuses.count(403))
        if evaluated[-1] > LIMIT:
            break
    assert max(evaluated) <= LIMIT, \
        "a burst of 10 parallel guesses had up to %d evaluated (limit %d): %r" % (max(evaluated), LIMIT, evaluated)
