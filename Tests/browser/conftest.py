"""Real-browser tests: headless Chromium driven by Selenium against the nginx setup
that Tests/e2e/run.sh prepares (started through Tests/browser/run.sh).

One Chromium for the whole session. Every page is checked after it loads and after
each interaction: a JavaScript error or a Content-Security-Policy violation (from the
console log and from listeners injected before any page script runs) fails the test.
Screenshots go to <repo>/screenshots/<width>/ (BROWSER_SCREENSHOTS overrides).
"""
import atexit
import base64
import math
import os
import re
import signal
import sys
import time

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(REPO, "Tests", "e2e"))

import helpers  # noqa: E402  (Tests/e2e/helpers.py: BASE_URL, db_query, create_ticket…)

from selenium import webdriver  # noqa: E402
from selenium.common.exceptions import TimeoutException  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

CHROMIUM = os.environ.get("BROWSER_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("BROWSER_CHROMEDRIVER", "/usr/bin/chromedriver")
SHOTS = os.environ.get("BROWSER_SCREENSHOTS") or os.path.join(REPO, "screenshots")

# name -> (width, height, mobile emulation)
WIDTHS = {"phone": (390, 844, True), "tablet": (768, 1024, True), "desktop": (1366, 900, False)}
PASSWORDS = {"admin": "adminpass1", "alice": "alicepass1", "bob": "bobpass123"}

# Before any page script: collect CSP violations and uncaught errors in the page itself,
# so they are seen even if the console log format changes.
COLLECTOR = r"""
window.__tqProblems = [];
window.addEventListener('securitypolicyviolation', function (e) {
  window.__tqProblems.push('CSP violation: ' + e.effectiveDirective + ' blocked ' + (e.blockedURI || '?') +
    ' in ' + e.sourceFile + ':' + e.lineNumber + ':' + e.columnNumber + (e.sample ? ' sample ' + e.sample : ''));
}, true);
window.addEventListener('error', function (e) {
  if (e.target && e.target !== window) {
    window.__tqProblems.push('resource failed: <' + e.target.tagName.toLowerCase() + '> ' + (e.target.src || e.target.href || ''));
  } else {
    window.__tqProblems.push('JavaScript error: ' + e.message + ' at ' + e.filename + ':' + e.lineno + ':' + e.colno);
  }
}, true);
window.addEventListener('unhandledrejection', function (e) {
  window.__tqProblems.push('unhandled promise rejection: ' + (e.reason && e.reason.stack || e.reason));
});
"""

# Browsers ask every site for /favicon.ico; Taquilla has none (404). Not a page error.
IGNORED_CONSOLE = [re.compile(r"/favicon\.ico - Failed to load resource")]


class PageProblems(AssertionError):
    pass


class Browser:
    """The driver plus the checks every test uses."""

    def __init__(self, driver):
        self.d = driver
        self.base = helpers.BASE_URL
        self.width_name = "desktop"
        self.seen = []          # every console entry, for the report on failure

    # ------------------------------------------------------------ state
    def reset(self, width="desktop"):
        """Fresh state between tests: no cookies, no credentials, empty logs."""
        self.d.execute_cdp_cmd("Network.clearBrowserCookies", {})
        self.logout()
        self.d.get("about:blank")
        self.d.get_log("browser")
        self.use_width(width)

    def use_width(self, name):
        w, h, mobile = WIDTHS[name]
        self.d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": w, "height": h, "deviceScaleFactor": 1, "mobile": mobile})
        self.d.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": mobile})
        self.width_name = name

    def login(self, user):
        """HTTP Basic on every request (navigations and the script's fetch calls)."""
        token = base64.b64encode(("%s:%s" % (user, PASSWORDS[user])).encode()).decode()
        self.d.execute_cdp_cmd("Network.setExtraHTTPHeaders", {"headers": {"Authorization": "Basic " + token}})

    def logout(self):
        self.d.execute_cdp_cmd("Network.setExtraHTTPHeaders", {"headers": {}})

    def delete_cookie(self, name, path):
        self.d.execute_cdp_cmd("Network.deleteCookies", {"name": name, "url": self.base + path})

    # ------------------------------------------------------------ navigation
    def go(self, path, allow=()):
        self.d.get(self.base + path)
        self.loaded()
        return self.check("GET " + path, allow=allow)

    def loaded(self, timeout=30):
        WebDriverWait(self.d, timeout).until(
            lambda d: d.execute_script("return document.readyState") == "complete")

    def click_and_load(self, element, timeout=30):
        """Click something that navigates; wait until the new document has loaded."""
        old = self.d.find_element(By.TAG_NAME, "html")
        element.click()
        WebDriverWait(self.d, timeout).until(lambda d: _stale(old))
        self.loaded(timeout)

    def wait(self, cond, timeout=15, what="condition"):
        try:
            return WebDriverWait(self.d, timeout).until(lambda d: cond())
        except TimeoutException:
            raise AssertionError("timed out after %ss waiting for %s on %s" % (timeout, what, self.d.current_url))

    def el(self, css):
        return self.d.find_element(By.CSS_SELECTOR, css)

    def els(self, css):
        return self.d.find_elements(By.CSS_SELECTOR, css)

    def js(self, script, *args):
        return self.d.execute_script(script, *args)

    @property
    def lang(self):
        return self.js("return document.documentElement.lang")

    @property
    def path(self):
        return self.js("return location.pathname + location.search")

    # ------------------------------------------------------------ checks
    def problems(self, allow=()):
        """(problems, allowed) since the last call: console errors, CSP violations."""
        found = []
        for e in self.d.get_log("browser"):
            self.seen.append(e)
            msg = e.get("message", "")
            if any(p.search(msg) for p in IGNORED_CONSOLE):
                continue
            if e.get("level") == "SEVERE" or "Content Security Policy" in msg or e.get("source") == "security":
                found.append("console %s/%s: %s" % (e.get("level"), e.get("source"), msg))
        try:
            found += self.js("var p = window.__tqProblems || []; window.__tqProblems = []; return p;") or []
        except Exception as exc:   # a page without the collector (about:blank, a download)
            found.append("could not read the page's problem list: %s" % exc)
        allowed = [p for p in found if any(re.search(a, p) for a in allow)]
        return [p for p in found if p not in allowed], allowed

    def check(self, where, allow=()):
        """Fail on any JavaScript error or CSP violation; return what `allow` let through."""
        time.sleep(0.05)   # let queued console messages arrive
        bad, allowed = self.problems(allow)
        if bad:
            raise PageProblems("%s (%s, %s): %d problem(s) in the browser:\n  %s" % (
                where, self.width_name, self.d.current_url, len(bad), "\n  ".join(bad)))
        return allowed

    def overflow(self):
        """(document width, viewport width) as the page lays out now."""
        return self.js("""return [Math.max(document.body.scrollWidth, document.documentElement.scrollWidth),
                                  window.innerWidth]""")

    def assert_no_overflow(self, where):
        width = WIDTHS[self.width_name][0]
        content, inner = self.overflow()
        wide = self.js("""var w = document.documentElement.clientWidth, out = [];
            document.querySelectorAll('body *').forEach(function (e) {
              var r = e.getBoundingClientRect();
              if (r.right > w + 1 && out.length < 5) { out.push(e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
                (e.className && e.className.baseVal === undefined ? '.' + String(e.className).split(' ').join('.') : '') +
                ' right=' + Math.round(r.right)); }
            }); return out;""")
        assert content <= width and inner == width, (
            "%s at %s: the page is %dpx wide (viewport %dpx, device %dpx) — horizontal overflow; widest: %s" % (
                where, self.width_name, content, inner, width, wide))

    def shot(self, name):
        """Full-page PNG to screenshots/<width>/<name>.png."""
        folder = os.path.join(SHOTS, self.width_name)
        os.makedirs(folder, exist_ok=True)
        m = self.d.execute_cdp_cmd("Page.getLayoutMetrics", {})
        size = m.get("cssContentSize") or m["contentSize"]
        w = max(WIDTHS[self.width_name][0], math.ceil(size["width"]))
        h = min(max(WIDTHS[self.width_name][1], math.ceil(size["height"])), 8000)
        png = self.d.execute_cdp_cmd("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": w, "height": h, "scale": 1}})
        path = os.path.join(folder, re.sub(r"[^A-Za-z0-9_.-]+", "-", name) + ".png")
        with open(path, "wb") as f:
            f.write(base64.b64decode(png["data"]))
        return path

    def page_done(self, where, shot=None, overflow=True, allow=()):
        """After a page loaded or changed: check the log, the width, take the picture."""
        allowed = self.check(where, allow=allow)
        if shot:
            self.shot(shot)
        if overflow:
            self.assert_no_overflow(where)
        return allowed


def _stale(element):
    try:
        element.is_enabled()
        return False
    except Exception:
        return True


# ---------------------------------------------------------------- the one browser
_DRIVER = {"driver": None, "pids": []}


def _descendants(pid):
    """Pids of the process tree under pid (chromedriver -> chromium and its helpers)."""
    children = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % entry) as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        for c in children.get(p, []):
            out.append(c)
            todo.append(c)
    return out


def _shutdown():
    """Quit Chromium and chromedriver; kill by pid whatever of them is left."""
    d = _DRIVER["driver"]
    if d is None:
        return
    _DRIVER["driver"] = None
    service_pid = d.service.process.pid if d.service and d.service.process else None
    pids = ([service_pid] if service_pid else []) + (_descendants(service_pid) if service_pid else [])
    try:
        d.quit()
    except Exception:
        pass
    deadline = time.time() + 5
    for pid in pids:
        while time.time() < deadline and _alive(pid):
            time.sleep(0.1)
        if _alive(pid):
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass


def _alive(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _on_term(signum, frame):
    # A timeout (or run.sh's cleanup) sends SIGTERM, maybe twice: stop the browser,
    # then let pytest wind down as after Ctrl-C.
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    _shutdown()
    raise KeyboardInterrupt("SIGTERM")


def pytest_configure(config):
    if not helpers.DATA_DIR or not helpers.TAQUILLA_BIN:
        raise pytest.UsageError("run through Tests/browser/run.sh (E2E_DATA/TAQUILLA_BIN unset)")
    signal.signal(signal.SIGTERM, _on_term)
    atexit.register(_shutdown)


def pytest_unconfigure(config):
    _shutdown()


def pytest_report_header(config):
    return "taquilla browser: base_url=%s data=%s screenshots=%s" % (helpers.BASE_URL, helpers.DATA_DIR, SHOTS)


def pytest_sessionstart(session):
    for name in WIDTHS:   # only this run's pictures in the folder
        folder = os.path.join(SHOTS, name)
        if os.path.isdir(folder):
            for f in os.listdir(folder):
                if f.endswith(".png"):
                    os.remove(os.path.join(folder, f))


@pytest.fixture(scope="session")
def driver():
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--no-first-run", "--no-default-browser-check", "--disable-extensions",
                "--disable-background-networking", "--disable-sync", "--disable-component-update",
                "--disable-features=Translate,OptimizationHints,MediaRouter", "--password-store=basic",
                "--window-size=1366,900"]:
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    # An explicit chromedriver: Selenium Manager must not look for (or download) one.
    service = Service(executable_path=CHROMEDRIVER, log_output=os.devnull)
    d = webdriver.Chrome(service=service, options=options)
    _DRIVER["driver"] = d
    d.set_page_load_timeout(30)
    d.set_script_timeout(30)
    d.execute_cdp_cmd("Network.enable", {})
    d.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": COLLECTOR})
    yield d
    _shutdown()


@pytest.fixture
def browser(driver):
    b = Browser(driver)
    b.reset()
    yield b
    if _DRIVER["driver"] is not None:     # not after a SIGTERM shut the browser down
        b.logout()


@pytest.fixture(scope="session")
def db():
    return helpers.db_query
