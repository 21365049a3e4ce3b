"""Every drafter page on a phone (390 × 844) in French and Swedish, the longest words of the
three: nothing wider than the screen (wide tables scroll inside their own frame), and no error
in the console, the browser's own favicon request included."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.api.test_languages_browser import PAGES
from tests.browser import launch, needs_chromium

pytestmark = needs_chromium

#: The network views have their own screen tests (tests/publish/test_views_browser.py).
DRAFTER_PAGES = [p for p in PAGES if not p.startswith("/graph")]

#: What stands out past the right edge, for the failure message.
WIDER = """() => [document.scrollingElement.scrollWidth - innerWidth,
  Array.from(document.querySelectorAll('body *'))
    .filter(e => e.getBoundingClientRect().right > innerWidth + 1)
    .filter(e => !e.parentElement.closest('*:is(table, pre, .matrix-wrap)'))
    .slice(0, 3).map(e => e.tagName + '.' + e.className)]"""


@pytest.fixture(scope="module")
def phone(live_server: str) -> Iterator[object]:
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
        page.console_errors = []  # type: ignore[attr-defined]
        page.on(  # type: ignore[attr-defined]
            "console", lambda m: m.type == "error" and page.console_errors.append(m.text)
        )
        yield page
        browser.close()


@pytest.mark.parametrize("lang", ["fr", "sv"])
def test_no_page_is_wider_than_a_phone(phone, live_server: str, lang: str) -> None:
    wider, errors = {}, {}
    for path in DRAFTER_PAGES:
        phone.console_errors.clear()
        separator = "&" if "?" in path else "?"
        phone.goto(f"{live_server}{path}{separator}lang={lang}")
        phone.wait_for_load_state("networkidle")
        overflow, culprits = phone.evaluate(WIDER)
        if overflow > 0:
            wider[path] = (overflow, culprits)
        if phone.console_errors:
            errors[path] = list(phone.console_errors)
    assert wider == {}
    assert errors == {}
