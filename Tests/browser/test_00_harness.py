"""The checks the other tests rely on do catch what they are meant to catch: a CSP
violation, an uncaught JavaScript error and a page wider than the phone."""
import pytest

from conftest import PageProblems


def test_served_pages_carry_the_strict_csp_the_checks_assume(browser):
    browser.go("/new")
    # An inline script is what the policy forbids: it must not run.
    browser.js("var s = document.createElement('script'); s.textContent = 'window.__inlineRan = 1';"
               "document.body.appendChild(s);")
    assert browser.js("return window.__inlineRan === undefined"), "an inline script ran: no CSP in force"
    with pytest.raises(PageProblems, match="script-src"):
        browser.check("inline script")


def test_a_javascript_error_fails_the_check(browser):
    browser.go("/ticket")
    browser.js("setTimeout(function () { throw new Error('deliberate-harness-error'); }, 0)")
    browser.wait(lambda: browser.js("return (window.__tqProblems || []).length > 0"), what="the error to be seen")
    with pytest.raises(PageProblems, match="deliberate-harness-error"):
        browser.check("thrown error")


def test_a_page_wider_than_the_phone_fails_the_layout_check(browser):
    browser.use_width("phone")
    browser.go("/")
    browser.assert_no_overflow("landing page")          # the real page fits
    browser.js("var d = document.createElement('div'); d.style.width = '900px'; d.style.height = '1px';"
               "d.id = 'too-wide'; document.querySelector('main').appendChild(d);")
    with pytest.raises(AssertionError, match="horizontal overflow"):
        browser.assert_no_overflow("with a 900px element")
