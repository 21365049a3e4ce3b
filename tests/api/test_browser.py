"""The pages in a real browser (Debian's headless Chromium driven by Playwright), offline."""

from __future__ import annotations

import json
from collections.abc import Iterator
from urllib.parse import urlparse

import pytest

from tests.browser import launch, needs_chromium

pytestmark = needs_chromium


@pytest.fixture(scope="module")
def page(live_server) -> Iterator[object]:
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        browser = launch(playwright)
        context = browser.new_context()
        page = context.new_page()
        page.requested = []  # type: ignore[attr-defined]
        page.on("request", lambda request: page.requested.append(request.url))  # type: ignore[attr-defined]
        yield page
        browser.close()


def off_site(page, base: str) -> list[str]:
    host = urlparse(base).netloc
    return [u for u in page.requested if urlparse(u).netloc not in (host, "")]


def test_home_form_compares_in_the_browser(page, live_server):
    page.goto(live_server + "/")
    assert page.title() == "Home · policykg"
    assert page.locator("select#topic option").count() >= 11
    page.fill("input#at", "2015-01-01")
    page.click("button[type=submit]")
    page.wait_for_url("**/api/compare**")
    doc = json.loads(page.locator("body").inner_text())
    assert doc["at"] == "2015-01-01"
    assert doc["jurisdictions"] == ["FR", "SE", "UK-EW", "UK-NI", "UK-SCT"]
    assert off_site(page, live_server) == []


def test_sparql_editor_runs_a_query(page, live_server):
    page.goto(live_server + "/sparql")
    assert page.locator("textarea#query").input_value().startswith("PREFIX pkg:")
    page.click("button[type=submit]")
    page.wait_for_url("**/sparql?query=**")
    results = json.loads(page.locator("body").inner_text())
    assert {b["jurisdiction"]["value"] for b in results["results"]["bindings"]} >= {
        "FR",
        "SE",
        "UK-EW",
    }
    assert off_site(page, live_server) == []


def test_openapi_docs_render_offline(page, live_server):
    page.goto(live_server + "/docs")
    page.get_by_text("/api/compare").first.wait_for(timeout=15000)
    assert off_site(page, live_server) == []


def test_openapi_docs_render_in_swedish(page, live_server):
    """Swagger UI reads the translated document (a fresh context: the ?lang= cookie stays
    there); the summary shown is the catalogue's, not the English one."""
    from babel.messages.pofile import read_po

    from kg import locale

    with locale.catalogue_path("sv", "openapi").open("rb") as po:
        swedish = read_po(po, locale="sv")["Compare a topic across jurisdictions as of a date"]
    context = page.context.browser.new_context()
    try:
        docs = context.new_page()
        docs.goto(live_server + "/docs?lang=sv")
        docs.get_by_text(swedish.string).first.wait_for(timeout=15000)
        assert docs.locator("html").get_attribute("lang") == "sv"
        assert docs.title() == locale.translations("sv").gettext("policykg API")
    finally:
        context.close()
