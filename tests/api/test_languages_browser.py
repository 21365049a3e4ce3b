"""Every page in French, Swedish and English in a real browser: no interface string in
another language. Text from the data is marked with its `lang`, codes and IRIs with
`translate="no"`, dates with <time>; every other piece of visible text must be one of the
catalogue's messages in the page's language (placeholders filled)."""

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
    "/graph?view=alignment",
    "/graph?view=regime&jurisdiction=SE",
    "/sparql",
    "/ontology",
    "/id/offence/fr/recours-prostitution-mineur",
    "/fragments?predicate=pkg:topic",
]

#: The visible text of a page, leaving out what is not interface: data (an element with its
#: own lang), names and codes (translate="no"), dates (<time>), code and scripts.
VISIBLE_TEXT = """() => {
  const skip = 'script, style, textarea, code, pre, kbd, time, [translate="no"]';
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent.replace(/\\s+/g, " ").trim();
    const el = node.parentElement;
    if (!text || el.closest(skip)) continue;
    const owner = el.closest("[lang]");
    if (owner && owner !== document.documentElement) continue;
    out.push(text);
  }
  for (const el of document.querySelectorAll("[aria-label], [placeholder], [title]")) {
    if (el.closest(skip)) continue;
    for (const name of ["aria-label", "placeholder", "title"]) {
      if (el.hasAttribute(name) && !el.closest("[lang]:not(html)")) out.push(el.getAttribute(name));
    }
  }
  return out;
}"""

SEPARATORS = re.compile(r"\s*(?:[·—:;,()→–/]|\s-\s)\s*")
VALUE = re.compile(r"^[\d\s\W]*$")  # numbers, symbols, punctuation


def patterns(lang: str) -> list[re.Pattern[str]]:
    """Each message of the catalogue (its translation, or the English msgid) as a pattern
    whose placeholders match anything."""
    messages: list[str] = []
    with locale.catalogue_path("fr").open("rb") as po:
        catalogue = read_po(po, locale="fr")
    for message in catalogue:
        if not message.id:
            continue
        if lang == "en":
            messages += [message.id] if isinstance(message.id, str) else list(message.id)
        elif lang == "fr":
            messages += (
                [message.string] if isinstance(message.string, str) else list(message.string)
            )
    if lang == "sv":
        with locale.catalogue_path("sv").open("rb") as po:
            for message in read_po(po, locale="sv"):
                if message.id:
                    strings = message.string
                    messages += [strings] if isinstance(strings, str) else list(strings)
    found = []
    for text in {m for m in messages if m}:
        parts = re.split(r"\{\w+(?:![rs])?\}", text)
        found.append(re.compile("^" + "(.+?)".join(re.escape(p) for p in parts) + "$", re.S))
    return found


def foreign(texts: list[str], known: list[re.Pattern[str]]) -> list[str]:
    """The pieces of text that are neither a catalogue message nor a value."""
    bad = []
    for text in texts:
        if VALUE.match(text) or any(p.match(text) for p in known):
            continue
        pieces = [p for p in SEPARATORS.split(text) if p and not VALUE.match(p)]
        if all(
            any(k.match(p) or k.match(p + ":") or k.match(p + ".") for k in known) for p in pieces
        ):
            continue
        bad.append(text)
    return bad


@pytest.fixture(scope="module")
def browser_page(live_server: str) -> Iterator[object]:
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser.new_context().new_page()
        browser.close()


@pytest.mark.parametrize("lang", ["fr", "sv", "en"])
def test_no_interface_string_in_another_language(browser_page, live_server: str, lang: str):
    known = patterns(lang)
    problems = {}
    for path in PAGES:
        separator = "&" if "?" in path else "?"
        browser_page.goto(f"{live_server}{path}{separator}lang={lang}")
        browser_page.wait_for_load_state("networkidle")
        assert browser_page.evaluate("document.documentElement.lang") == lang, path
        bad = foreign(browser_page.evaluate(VISIBLE_TEXT), known)
        if bad:
            problems[path] = bad[:8]
    assert problems == {}


def test_the_switch_changes_the_language_and_keeps_the_page(browser_page, live_server: str):
    browser_page.goto(f"{live_server}/coverage?lang=en")
    browser_page.click('.language-switch a[hreflang="sv"]')
    browser_page.wait_for_load_state("networkidle")
    assert browser_page.url.split("?")[0].endswith("/coverage")
    assert browser_page.evaluate("document.documentElement.lang") == "sv"
    browser_page.goto(f"{live_server}/compare")  # the cookie remembers the choice
    assert browser_page.evaluate("document.documentElement.lang") == "sv"
