"""A customer in a real browser: open a ticket on /new, read the number and the code,
look the ticket up with them, reply — in Spanish and in English (chosen with the
language switcher), at phone, tablet and desktop widths. Every page: no JavaScript
error, no CSP violation, no horizontal overflow, a screenshot."""
import pytest

import helpers

OTHER = {"es": "en", "en": "es"}


def switch_language(browser, lang):
    link = browser.el("nav.lang-switch a[hreflang=%s]" % lang)
    browser.click_and_load(link)
    assert browser.lang == lang, "the switcher link to %s gave a page in %r" % (lang, browser.lang)
    assert browser.el("nav.lang-switch a[aria-current=true]").get_attribute("hreflang") == lang
    browser.check("language switch to " + lang)


def fill(browser, css, value):
    field = browser.el(css)
    field.clear()
    field.send_keys(value)


@pytest.mark.parametrize("width", ["phone", "tablet", "desktop"])
@pytest.mark.parametrize("lang", ["es", "en"])
def test_customer_opens_looks_up_and_answers_a_ticket(browser, db, lang, width):
    browser.reset(width)
    shot = lambda name: "%s-customer-%s" % (lang, name)  # noqa: E731

    # The landing page in the other language first and back again, so the switcher is
    # exercised both ways whatever the browser's own language; then the form.
    browser.go("/")
    switch_language(browser, OTHER[lang])
    switch_language(browser, lang)
    browser.page_done("landing page", shot("landing"))
    browser.click_and_load(browser.el("#open-ticket"))
    assert browser.path == "/new"
    assert browser.lang == lang, "the language chosen with the switcher is remembered"
    browser.page_done("new-ticket form", shot("new"))

    subject = helpers.unique("Browser %s %s" % (lang, width))
    message = "Escrito en el navegador (%s, %s).\nSegunda línea — ñ, ü, €." % (lang, width)
    values = {"#f-name": "Lucía Ortega", "#f-email": "lucia.ortega@example.com", "#f-phone": "+34 611 222 333",
              "#f-city": "Granada", "#f-country": "España", "#f-subject": subject, "#f-message": message}
    for css, value in values.items():
        fill(browser, css, value)
    browser.check("filling the form")
    browser.click_and_load(browser.el("#new-ticket button[type=submit]"))

    # Confirmation: number and code, once.
    assert browser.lang == lang
    number = browser.el("#ticket-number").text.strip()
    code = browser.el("#access-code").text.strip()
    assert helpers.NUMBER_RE.match(number), "ticket number %r on the confirmation" % number
    assert helpers.CODE_RE.match(code), "access code %r on the confirmation" % code
    browser.page_done("confirmation", shot("confirmation"))
    rows = db("SELECT subject, contact_name, language FROM tickets WHERE number = ?", (number,))
    assert rows == [{"subject": subject, "contact_name": "Lucía Ortega", "language": lang}], rows

    # Forget the guest session the form opened, then come back with number and code.
    browser.delete_cookie("tq_guest", "/ticket/" + number)
    browser.go("/ticket")
    assert browser.lang == lang, "the language chosen with the switcher is remembered"
    fill(browser, "#f-number", number)
    fill(browser, "#f-code", code)
    browser.page_done("lookup form", shot("lookup"))
    browser.click_and_load(browser.el("#lookup button[type=submit]"))
    assert browser.path == "/ticket/" + number, "the lookup leads to the ticket, not %r" % browser.path
    assert browser.el("#ticket-subject").text == subject
    bodies = [e.text for e in browser.els("article.message .message-body")]
    assert any("Segunda línea — ñ, ü, €." in b for b in bodies), bodies
    browser.page_done("guest ticket view", shot("ticket"))

    # Reply as the guest.
    answer = helpers.unique("Respuesta del cliente")
    fill(browser, "#reply textarea[name=message]", answer)
    browser.check("typing the reply")
    browser.click_and_load(browser.el("#reply button[type=submit]"))
    assert browser.path == "/ticket/" + number
    assert browser.lang == lang
    bodies = [e.text for e in browser.els("article.message-customer .message-body")]
    assert bodies and bodies[-1] == answer, "the reply is the last message on the page: %r" % bodies
    browser.page_done("guest ticket after reply", shot("replied"))
    stored = db("SELECT m.body_text FROM messages m JOIN tickets t ON t.id = m.ticket_id "
                "WHERE t.number = ? AND m.kind = 'customer' ORDER BY m.id", (number,))
    assert [r["body_text"] for r in stored][-1] == answer
    assert len(stored) == 2
