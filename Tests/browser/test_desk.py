"""Operators in a real browser. The administrator first creates a reply template and a
snippet on the admin pages, and each operator sets a signature on /desk/me. Then, at
desktop width in Spanish (alice) and English (bob): dashboard, queue, preview from the
queue, the ticket, take it, template and snippet into the rich editor at the cursor,
typed text, send, change the status — and the stored reply holds all of it plus the
signature. At phone and tablet widths a smoke pass: dashboard, queue and ticket page
render without errors and without horizontal overflow."""
import pytest
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

import helpers
from conftest import Browser, PageProblems

OPERATOR = {"es": "alice", "en": "bob"}
SIGNATURE = {"alice": "<p><b>Alicia</b> · Soporte Taquilla</p>", "bob": "<p><b>Bob</b> · Taquilla Support</p>"}
SIGNATURE_TEXT = {"alice": "<b>Alicia</b> · Soporte Taquilla", "bob": "<b>Bob</b> · Taquilla Support"}
TEMPLATE_NAME = "Acuse de recibo"
TEMPLATE_BODY = "<p>Gracias, {customer_name}: el ticket {ticket_number} ya está en marcha.</p>"
SNIPPET_TITLE = "Horario de atención"
SNIPPET_BODY = "<p>Horario: de lunes a viernes, de 9 a 18 h (Calle Sierpes 1).</p>"
SNIPPET_TEXT = "Horario: de lunes a viernes, de 9 a 18 h (Calle Sierpes 1)."

def filled_template(number, name="Carmen Núñez"):
    return "Gracias, %s: el ticket %s ya está en marcha." % (name, number)


def new_ticket(lang):
    c = helpers.Client()
    assert c.get("/new?lang=" + lang).status_code == 200
    t = helpers.create_ticket(c, subject=helpers.unique("Desk %s" % lang))
    assert helpers.db_query("SELECT language FROM tickets WHERE number = ?", (t.number,))[0]["language"] == lang
    return t


def fill(browser, css, value):
    field = browser.el(css)
    field.clear()
    field.send_keys(value)


@pytest.fixture(scope="module")
def desk_content(driver):
    """The admin creates the template and the snippet, each operator a signature — all in the browser."""
    b = Browser(driver)
    b.reset("desktop")
    b.login("admin")
    b.go("/admin/templates")
    fill(b, "#template-form #f-name", TEMPLATE_NAME)
    Select(b.el("#template-form #f-language")).select_by_value("")
    fill(b, "#template-form #f-body", TEMPLATE_BODY)
    b.page_done("template form", "admin-templates")
    b.click_and_load(b.el("#save-template"))
    assert "done=saved" in b.path, b.path
    b.page_done("template saved", "admin-template-saved")
    rows = helpers.db_query("SELECT id, body_html FROM reply_templates WHERE name = ?", (TEMPLATE_NAME,))
    assert len(rows) == 1 and "{customer_name}" in rows[0]["body_html"], rows

    b.go("/admin/snippets")
    fill(b, "#snippet-form #f-title", SNIPPET_TITLE)
    fill(b, "#snippet-form #f-body", SNIPPET_BODY)
    b.page_done("snippet form", "admin-snippets")
    b.click_and_load(b.el("#save-snippet"))
    assert b.path.startswith("/admin/snippets/") and "done=saved" in b.path, b.path
    b.check("snippet saved")
    assert helpers.db_query("SELECT body_html FROM snippets WHERE title = ?", (SNIPPET_TITLE,)) == [{"body_html": SNIPPET_BODY}]

    for user, lang in (("alice", "es"), ("bob", "en")):
        b.login(user)
        b.go("/desk/me")
        assert b.lang == lang, "%s's desk is in %s" % (user, lang)
        fill(b, "#f-signature", SIGNATURE[user])
        b.click_and_load(b.el("#save-preferences"))
        assert "done=saved" in b.path, b.path
        b.page_done("preferences saved", "%s-desk-preferences" % lang)
        row = helpers.db_query("SELECT signature_html, language FROM operators WHERE username = ?", (user,))[0]
        assert row == {"signature_html": SIGNATURE[user], "language": lang}, row
    b.logout()
    return {"template_id": str(rows[0]["id"])}


def open_desk_ticket(browser, lang, number):
    browser.go("/desk/ticket/%s" % number)
    assert browser.lang == lang
    editor = browser.el("#reply-editor")
    assert editor.get_attribute("contenteditable") == "true"
    assert not browser.el("#reply-body").is_displayed(), "the textarea gives way to the rich editor"
    return editor


def insert_template(browser, template_id):
    before = browser.path
    Select(browser.el("#template")).select_by_value(template_id)
    browser.el("#insert-template").click()
    assert browser.path == before, "with the script, Insert does not post the form"


def insert_snippet(browser, query):
    browser.el("#snippet-panel summary").click()
    q = browser.el("#snippet-q")
    q.send_keys(query)
    q.send_keys(Keys.ENTER)
    browser.wait(lambda: browser.els("#snippet-results li.snippet .snippet-insert"), what="snippet search results")
    items = [li for li in browser.els("#snippet-results li.snippet") if SNIPPET_TITLE in li.text]
    assert items, "the snippet is found by %r" % query
    items[0].find_element("css selector", ".snippet-insert").click()


def editor_text(browser):
    return browser.js("return document.getElementById('reply-editor').textContent")


@pytest.mark.parametrize("lang", ["es", "en"])
def test_operator_works_a_ticket_at_desktop_width(browser, desk_content, lang):
    user = OPERATOR[lang]
    op = helpers.db_query("SELECT id, display_name FROM operators WHERE username = ?", (user,))[0]
    t = new_ticket(lang)
    n = t.number
    browser.reset("desktop")
    browser.login(user)
    shot = lambda name: "%s-desk-%s" % (lang, name)  # noqa: E731

    browser.go("/desk/")
    assert browser.lang == lang
    browser.page_done("dashboard", shot("dashboard"))

    browser.click_and_load(browser.el("nav.desk-nav a[href='/desk/tickets']"))
    assert browser.path.startswith("/desk/tickets")
    browser.page_done("queue", shot("queue"))

    # Preview from the queue: the number is a link; the script shows the ticket below.
    browser.el("#queue tr[data-number='%s'] a.ticket-link" % n).click()
    browser.wait(lambda: browser.els("#preview.open .preview-body[data-number='%s']" % n), what="the preview")
    assert browser.path.startswith("/desk/tickets"), "the click previews instead of navigating"
    preview = browser.el("#preview").text
    assert t.values["subject"] in preview and "La impresora del aula 3 no imprime." in preview, preview
    browser.page_done("queue preview", shot("queue-preview"))

    browser.click_and_load(browser.el("#preview .preview-body h2 a"))
    assert browser.path == "/desk/ticket/%s" % n
    assert browser.el("#reply-editor").get_attribute("contenteditable") == "true"
    browser.page_done("ticket", shot("ticket"))

    browser.click_and_load(browser.el("#do-claim"))
    assert "done=claim" in browser.path
    assert op["display_name"] in browser.el("#ticket-holder").text
    assert helpers.db_query("SELECT operator_id FROM tickets WHERE number = ?", (n,))[0]["operator_id"] == op["id"]
    assert not browser.els("#do-claim"), "taken: no more Take button"
    browser.page_done("ticket taken")

    # The reply: typed text, the template and the snippet at the cursor, more text.
    typed1, typed2 = helpers.unique("Primero"), helpers.unique("Segundo")
    editor = browser.el("#reply-editor")
    editor.click()
    editor.send_keys(typed1 + " ")
    insert_template(browser, desk_content["template_id"])
    browser.check("template inserted")
    editor.send_keys(" " + typed2 + " ")
    insert_snippet(browser, "Sierpes")
    browser.check("snippet inserted")
    text = editor_text(browser)
    for part in (typed1, filled_template(n), typed2, SNIPPET_TEXT):
        assert part in text, "%r missing from the editor: %r" % (part, text)
    browser.page_done("reply drafted", shot("ticket-draft"))

    browser.click_and_load(browser.el("#send-reply"))
    assert "done=reply" in browser.path, browser.path
    browser.page_done("reply sent")
    replies = helpers.db_query("SELECT m.body_html, m.operator_id FROM messages m JOIN tickets t ON t.id = m.ticket_id "
                               "WHERE t.number = ? AND m.kind = 'reply'", (n,))
    assert len(replies) == 1, replies
    stored = replies[0]["body_html"]
    assert replies[0]["operator_id"] == op["id"]
    for part in (filled_template(n), SNIPPET_TEXT, typed1, typed2, SIGNATURE_TEXT[user]):
        assert part in stored, "%r missing from the stored reply: %r" % (part, stored)
    assert stored.index(typed2) > stored.index(filled_template(n)) > stored.index(typed1), stored
    assert stored.index(SIGNATURE_TEXT[user]) > stored.index(typed2), "the signature comes last: %r" % stored
    assert typed2 in browser.els("#timeline .message-reply")[-1].text

    # Change the status in the properties form.
    in_process = helpers.db_query("SELECT id FROM statuses WHERE code = 'in_process'")[0]["id"]
    status = Select(browser.el("#properties #p-status"))
    assert status.first_selected_option.get_attribute("value") != str(in_process)
    status.select_by_value(str(in_process))
    label = status.first_selected_option.text
    browser.click_and_load(browser.el("#save-properties"))
    assert "done=update" in browser.path, browser.path
    assert helpers.db_query("SELECT status_id FROM tickets WHERE number = ?", (n,))[0]["status_id"] == in_process
    assert browser.el("#ticket-status").text == label
    assert label == {"es": "En proceso", "en": "In process"}[lang]
    browser.page_done("status changed", shot("ticket-updated"))


def test_template_goes_in_at_the_cursor(browser, desk_content):
    t = new_ticket("es")
    browser.login("alice")
    editor = open_desk_ticket(browser, "es", t.number)
    editor.click()
    editor.send_keys("ANTES ")
    insert_template(browser, desk_content["template_id"])
    editor.send_keys(" DESPUES")
    browser.check("template inserted")
    text = editor_text(browser)
    assert text.index("ANTES") < text.index(filled_template(t.number)) < text.index("DESPUES"), text


def test_snippet_goes_in_at_the_cursor(browser, desk_content):
    t = new_ticket("es")
    browser.login("alice")
    editor = open_desk_ticket(browser, "es", t.number)
    editor.click()
    editor.send_keys("PRIMERA LINEA ")
    insert_snippet(browser, "Sierpes")
    browser.check("snippet inserted")
    text = editor_text(browser)
    assert SNIPPET_TEXT in text, text
    assert text.index("PRIMERA LINEA") < text.index(SNIPPET_TEXT), (
        "the snippet went in before the text typed earlier, not at the cursor: %r" % text)


@pytest.mark.parametrize("what", ["template", "snippet"])
def test_inserting_into_the_editor_violates_no_csp(browser, desk_content, what):
    t = new_ticket("es")
    browser.login("alice")
    editor = open_desk_ticket(browser, "es", t.number)
    editor.click()
    editor.send_keys("Hola. ")
    if what == "template":
        insert_template(browser, desk_content["template_id"])
        expected = filled_template(t.number)
    else:
        insert_snippet(browser, "Sierpes")
        expected = SNIPPET_TEXT
    browser.wait(lambda: expected in editor_text(browser), what="the inserted text")
    browser.check("%s inserted" % what)


def test_a_new_snippet_opens_after_saving(browser, desk_content):
    browser.login("admin")
    browser.go("/admin/snippets")
    title = helpers.unique("Despedida")
    fill(browser, "#snippet-form #f-title", title)
    fill(browser, "#snippet-form #f-body", "<p>Un saludo cordial.</p>")
    browser.click_and_load(browser.el("#save-snippet"))
    snippet_id = helpers.db_query("SELECT id FROM snippets WHERE title = ?", (title,))[0]["id"]
    assert browser.path == "/admin/snippets/%d?done=saved" % snippet_id, (
        "the new snippet (id %d) is not what the admin sees after saving: %s" % (snippet_id, browser.path))
    assert browser.el("h1").text == title
    browser.page_done("snippet saved", "admin-snippet-saved")


def test_queue_preview_shows_up_on_a_phone(browser):
    for _ in range(8):          # a list longer than the phone's screen
        new_ticket("es")
    browser.reset("phone")
    browser.login("alice")
    browser.go("/desk/tickets")
    link = browser.el("#queue tbody tr[data-number] a.ticket-link")
    number = link.text.strip()
    link.click()
    browser.wait(lambda: browser.els("#preview.open .preview-body[data-number='%s']" % number), what="the preview")
    browser.check("queue preview")
    top, height = browser.js("return [document.getElementById('preview').getBoundingClientRect().top, window.innerHeight]")
    browser.shot("es-desk-queue-preview")
    assert 0 <= top < height, "the preview opened %dpx down the page, below the %dpx screen" % (top, height)


@pytest.fixture(scope="module")
def smoke_ticket():
    return new_ticket("es")


@pytest.mark.parametrize("width", ["phone", "tablet"])
@pytest.mark.parametrize("lang", ["es", "en"])
def test_desk_pages_fit_small_screens(browser, smoke_ticket, lang, width):
    browser.reset(width)
    browser.login(OPERATOR[lang])
    for path, name, marker in (("/desk/", "dashboard", ".tiles"), ("/desk/tickets", "queue", "#queue table.queue"),
                               ("/desk/ticket/%s" % smoke_ticket.number, "ticket", "#reply-editor")):
        browser.go(path)
        assert browser.lang == lang
        assert browser.el(marker).is_displayed(), "%s: %s is not shown" % (path, marker)
        if name == "queue":
            assert browser.els("#queue tr[data-number='%s']" % smoke_ticket.number), "the ticket is in the queue"
        browser.page_done(name, "%s-desk-%s" % (lang, name))
