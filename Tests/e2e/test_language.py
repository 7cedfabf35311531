"""Spanish / English selection: ?lang= > tq_lang cookie > Accept-Language > es."""
import pytest

from helpers import page


def test_default_is_spanish(client):
    r = client.get("/new")
    assert r.status_code == 200
    p = page(r)
    assert p.lang == "es"
    assert "Asunto" in r.text


@pytest.mark.parametrize("accept, lang, word", [
    ("en", "en", "Subject"),
    ("en-US,en;q=0.9", "en", "Subject"),
    ("es", "es", "Asunto"),
    ("es-ES,es;q=0.9,en;q=0.5", "es", "Asunto"),
])
def test_accept_language(client, accept, lang, word):
    r = client.get("/new", headers={"Accept-Language": accept})
    assert r.status_code == 200
    assert page(r).lang == lang
    assert word in r.text


@pytest.mark.parametrize("lang, word, other", [("en", "Subject", "Asunto"),
                                               ("es", "Asunto", "Subject")])
def test_query_parameter_wins_and_sets_cookie(client, lang, word, other):
    contrary = "es" if lang == "en" else "en"
    r = client.get("/new?lang=" + lang, headers={"Accept-Language": contrary})
    assert r.status_code == 200
    assert page(r).lang == lang
    assert word in r.text and other not in r.text
    assert client.cookies.get("tq_lang") == lang, "?lang= must set cookie tq_lang"
    # The cookie now beats Accept-Language, on any page.
    r = client.get("/new", headers={"Accept-Language": contrary})
    assert page(r).lang == lang
    assert word in r.text
    r = client.get("/", headers={"Accept-Language": contrary})
    assert r.status_code == 200
    assert page(r).lang == lang


def test_language_switcher(client):
    for path in ("/", "/new", "/ticket"):
        p = page(client.get(path))
        navs = [n for n in p.all("nav", cls="lang-switch")]
        assert navs, "no <nav class=lang-switch> on %s" % path
        links = [a for a in navs[0].iter() if a.tag == "a"]
        langs = {a.get("hreflang") for a in links}
        assert {"es", "en"} <= langs, "switcher on %s has hreflang %r" % (path, langs)
        for a in links:
            assert a.get("href"), "switcher link without href on %s" % path


def test_switcher_link_switches(client):
    p = page(client.get("/new"))
    nav = next(p.all("nav", cls="lang-switch"))
    href = next(a.get("href") for a in nav.iter() if a.tag == "a" and a.get("hreflang") == "en")
    if not href.startswith(("/", "http")):
        href = "/new" + href if href.startswith("?") else "/" + href
    r = client.get(href, allow_redirects=True)
    assert r.status_code == 200
    assert page(r).lang == "en"


def test_form_labels_translated(client):
    en = client.get("/new?lang=en")
    es = client.get("/new?lang=es")
    assert "Subject" in en.text and "Asunto" not in en.text
    assert "Asunto" in es.text
