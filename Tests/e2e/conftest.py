"""Fixtures for the Taquilla end-to-end suite.

Started by Tests/e2e/run.sh, which exports:
  E2E_BASE_URL  e.g. http://127.0.0.1:18081
  E2E_DATA      the app's data dir (taquilla.sqlite, users.htpasswd)
  E2E_SETUP     nginx | apache | cgi
  TAQUILLA_BIN  the binary (CLI calls run as www-data through runuser)
"""
import os

import pytest

import helpers


def pytest_report_header(config):
    return "taquilla e2e: setup=%s base_url=%s data=%s" % (
        helpers.SETUP, helpers.BASE_URL, helpers.DATA_DIR)


def pytest_configure(config):
    if not helpers.DATA_DIR or not helpers.TAQUILLA_BIN:
        raise pytest.UsageError("run through Tests/e2e/run.sh (E2E_DATA/TAQUILLA_BIN unset)")


@pytest.fixture(scope="session")
def base_url():
    return helpers.BASE_URL


@pytest.fixture(scope="session")
def setup_name():
    return helpers.SETUP


@pytest.fixture(scope="session")
def data_dir():
    return helpers.DATA_DIR


class DB:
    """Read-only access to <datadir>/taquilla.sqlite."""

    def query(self, sql, params=()):
        return helpers.db_query(sql, params)

    def one(self, sql, params=()):
        rows = self.query(sql, params)
        assert len(rows) == 1, "expected one row for %r %r, got %d" % (sql, params, len(rows))
        return rows[0]

    def count(self, sql, params=()):
        rows = self.query(sql, params)
        return list(rows[0].values())[0]

    def ticket(self, number):
        rows = self.query("SELECT * FROM tickets WHERE number = ?", (number,))
        return rows[0] if rows else None


@pytest.fixture(scope="session")
def db():
    return DB()


@pytest.fixture(scope="session")
def cli():
    """cli("setting", "set", "k", "v") runs the binary as www-data."""
    return helpers.run_cli


@pytest.fixture
def new_client():
    """Factory of fresh sessions (own cookie jar). new_client(source_ip="127.0.0.2")
    connects from another loopback address. Every response any of them gets
    is checked for the security headers; problems fail the test at teardown."""
    made = []

    def make(source_ip=None):
        c = helpers.Client(source_ip=source_ip)
        made.append(c)
        return c

    yield make
    problems = [v for c in made for v in c.violations]
    for c in made:
        c.close()
    if problems:
        pytest.fail("security headers missing/duplicated on %d response(s):\n  %s" % (
            len(problems), "\n  ".join(problems[:20])), pytrace=False)


@pytest.fixture
def client(new_client):
    return new_client()


@pytest.fixture
def ticket(new_client):
    """A fresh ticket; ticket.client holds its guest session cookie."""
    return helpers.create_ticket(new_client())


@pytest.fixture
def setting(cli):
    """setting(key, value) sets an app setting for this test and restores the
    suite's value afterwards (even when the test fails).

    Keys without a suite value get back the value they had before the test
    (restoring "" would change meaning: an empty attachment_extensions
    accepts every extension)."""
    suite_values = {"form_min_seconds": "0", "ticket_rate_limit": "1000",
                    "lookup_rate_limit": "1000", "reply_rate_limit": "100000"}
    previous = {}

    def set_(key, value):
        if key not in previous:
            previous[key] = suite_values.get(key) if key in suite_values else \
                cli("setting", "get", key).stdout.rstrip("\n")
        cli("setting", "set", key, value)

    yield set_
    for key in reversed(list(previous)):
        cli("setting", "set", key, previous[key])
