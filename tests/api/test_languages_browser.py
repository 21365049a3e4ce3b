"""Every page in a real browser (headless Chromium), in French, Swedish, English, and in the
pseudo-language `qps`, where every catalogue string is wrapped in ⟦…⟧.

In `qps`, any visible piece of interface text outside ⟦…⟧ was not taken from the catalogues: a
hard-coded string, which no translation can reach. Text from the data is marked with its
`lang`, names, codes and IRIs with `translate="no"`, dates with <time>: those are not interface.
With tests/test_locale.py (every catalogue string translated, placeholders kept), this proves
that a French or Swedish page shows no interface string in another language; the fr/sv/en runs
also check <html lang> and that no English message appears untranslated.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from babel.messages.pofile import read_po

from kg import locale
from tests.browser import launch, needs_chromium

pytestmark = needs_chromium

PAGES = [
    "/",
    "/compare?at=2015-01-01",
    "/coverage",
    "/gaps?reference=SE&target=FR",
    "/timeline?jurisdiction=FR",
    "/documents",
    "/documents/an-17-14232",
    "/brief?document=an-17-14232",
    "/documents/sha256-a7e5bdb2d98ecee4947d",  # the minister's answer: claims, context
    "/brief?document=sha256-a7e5bdb2d98ecee4947d",
    "/id/document/an-17-14232/mention/1",  # a resource with no name: its IRI as title
    "/graph?view=alignment",
    "/graph?view=regime&jurisdiction=SE",
    "/recommendations?jurisdiction=FR",
    "/graph?view=recommendations&jurisdiction=FR",
    "/sparql",
    "/ontology",
    "/id/offence/fr/recours-prostitution-mineur",
    "/fragments?predicate=pkg:topic",
]

#: The visible interface text of a page: not data (an element with its own lang), names and
#: codes (translate="no"), dates (<time>), code or scripts; with labels read by assistive
#: technologies and placeholders.
VISIBLE_TEXT = """() => {
  const skip = 'script, style, textarea, code, pre, kbd, time, [translate="no"]';
  const outside = (el) => !el.closest(skip) && !el.closest("[lang]:not(html)");
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent.replace(/\\s+/g, " ").trim();
    if (text && outside(node.parentElement)) out.push(text);
  }
  for (const el of document.querySelectorAll("[aria-label], [placeholder], [title]")) {
    for (const name of ["aria-label", "placeholder", "title"]) {
      if (el.hasAttribute(name) && outside(el)) out.push(el.getAttribute(name));
    }
  }
  return out;
}"""

#: What may stand outside ⟦…⟧ in qps: digits, punctuation, symbols and spaces (values).
NOT_WORDS = re.compile(r"^[\d\W_]*$")
BRACKETED = re.compile(r"⟦[^⟦⟧]*⟧")


def unwrapped(texts: list[str]) -> list[str]:
    """Texts with words outside ⟦…⟧ (placeholders filled inside a message stay inside it,
    messages nest when one fills another's placeholder)."""
    bad = []
    for text in texts:
        bare = text
        while BRACKETED.search(bare):
            bare = BRACKETED.sub("", bare)
        if not NOT_WORDS.match(bare):
            bad.append(text)
    return bad


def english_messages() -> dict[str, dict[str, str]]:
    """For fr and sv: each English message (over 3 words) whose translation differs."""
    found: dict[str, dict[str, str]] = {}
    for lang in ("fr", "sv"):
        with locale.catalogue_path(lang).open("rb") as po:
            catalogue = read_po(po, locale=lang)
        found[lang] = {
            m.id: m.string
            for m in catalogue
            if isinstance(m.id, str)
            and len(re.sub(r"\{\w+(?:![rs])?\}", "", m.id).split()) > 3
            and m.string != m.id
        }
    return found


def load(page, base: str, path: str, lang: str) -> None:
    separator = "&" if "?" in path else "?"
    page.goto(f"{base}{path}{separator}lang={lang}")
    page.wait_for_load_state("networkidle")


@pytest.fixture(scope="module")
def browser_page(live_server: str) -> Iterator[object]:
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser.new_context().new_page()
        browser.close()


def test_every_interface_string_comes_from_the_catalogues(browser_page, live_server: str):
    problems = {}
    for path in PAGES:
        load(browser_page, live_server, path, locale.PSEUDO)
        if bad := unwrapped(browser_page.evaluate(VISIBLE_TEXT)):
            problems[path] = bad[:6]
    assert problems == {}


@pytest.mark.parametrize("lang", ["fr", "sv", "en"])
def test_each_page_speaks_the_language(browser_page, live_server: str, lang: str):
    english = english_messages().get(lang, {})
    problems = {}
    for path in PAGES:
        load(browser_page, live_server, path, lang)
        assert browser_page.evaluate("document.documentElement.lang") == lang, path
        text = " ".join(browser_page.evaluate(VISIBLE_TEXT))
        left = [m for m in english if m in text]  # an English sentence left untranslated
        if left:
            problems[path] = left[:5]
    assert problems == {}


def test_the_pseudo_language_is_off_by_default(client):
    assert '<html lang="en">' in client.get("/coverage?lang=qps").text


def test_the_switch_changes_the_language_and_keeps_the_page(browser_page, live_server: str):
    load(browser_page, live_server, "/coverage", "en")
    browser_page.click('.language-switch a[hreflang="sv"]')
    browser_page.wait_for_load_state("networkidle")
    assert browser_page.url.split("?")[0].endswith("/coverage")
    assert browser_page.evaluate("document.documentElement.lang") == "sv"
    browser_page.goto(f"{live_server}/compare")  # the cookie remembers the choice
    assert browser_page.evaluate("document.documentElement.lang") == "sv"


def test_the_query_catalogue_loads_in_every_language(browser_page, live_server: str):
    """The editor's catalogue asks the API in the page's language (English for the
    pseudo-language, which the API does not know) and marks the titles with it, so a chosen
    query's description is data in its language, not interface text."""
    errors: list[str] = []
    browser_page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    for lang, expected in (("fr", "fr"), ("sv", "sv"), (locale.PSEUDO, "en")):
        load(browser_page, live_server, "/sparql", lang)
        first = browser_page.locator("#catalogue button").first
        assert first.get_attribute("lang") == expected
        first.click()
        assert browser_page.locator("#query-description span").get_attribute("lang") == expected
        if lang == locale.PSEUDO:
            assert unwrapped(browser_page.evaluate(VISIBLE_TEXT)) == []
    assert errors == []
