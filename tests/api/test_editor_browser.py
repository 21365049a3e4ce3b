"""The SPARQL editor and a resource page in a real browser (Debian's headless Chromium), offline."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote, urlparse

import pytest

from tests.browser import launch, needs_chromium

pytestmark = needs_chromium
QUERY = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?code WHERE { ?j a pkg:Jurisdiction ; skos:notation ?code . FILTER (?code IN ("FR", "SE")) }
ORDER BY ?code"""


@pytest.fixture(scope="module")
def browser(live_server) -> Iterator[object]:
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


@pytest.fixture
def page(browser) -> Iterator[object]:
    context = browser.new_context()
    page = context.new_page()
    page.requested = []  # type: ignore[attr-defined]
    page.on("request", lambda request: page.requested.append(request.url))  # type: ignore[attr-defined]
    yield page
    context.close()


def off_site(page, base: str) -> list[str]:
    host = urlparse(base).netloc
    return [u for u in page.requested if urlparse(u).netloc not in (host, "")]


def test_catalogue_entry_fills_the_editor_and_runs_as_a_table(page, live_server):
    page.goto(live_server + "/sparql")
    entry = page.locator('#catalogue button[data-name="max-penalties"]')
    entry.wait_for(timeout=10000)
    entry.click()
    text = page.locator("textarea#query").input_value()
    assert "pkg:hasSanction" in text
    assert "VALUES (?topic ?jurisdiction ?at)" in text
    page.click("button#run")
    page.locator("#results-table tbody tr").first.wait_for(timeout=10000)
    years = page.locator("#results-table tbody tr").all_inner_texts()
    assert len(years) == 3
    headers = page.locator("#results-table th").all_inner_texts()
    column = headers.index("maxImprisonmentYears")
    values = sorted(
        row.locator("td").nth(column).locator("span").first.inner_text()
        for row in page.locator("#results-table tbody tr").all()
    )
    assert values == ["3", "5", "7"]
    assert page.locator('#downloads a[data-format="csv"]').count() == 1
    assert off_site(page, live_server) == []


def test_share_link_round_trips_the_query(page, live_server):
    page.goto(live_server + "/sparql")
    page.fill("textarea#query", QUERY)
    page.click("a#share")
    assert urlparse(page.url).fragment == "query=" + quote(QUERY, safe="-_.!~*'()")
    shared = page.url
    other = page.context.new_page()
    other.goto(shared)
    assert other.locator("textarea#query").input_value() == QUERY
    other.locator("#results-table tbody tr").first.wait_for(timeout=10000)  # it runs on open
    assert other.locator("#results-table tbody").inner_text().split() == ["FR", "SE"]
    other.close()


def test_hostile_query_results_are_text(page, live_server):
    page.goto(live_server + "/sparql")
    page.fill("textarea#query", 'SELECT ?x WHERE { BIND("<img src=x onerror=alert(1)>" AS ?x) }')
    page.click("button#run")
    page.locator("#results-table tbody td").first.wait_for(timeout=10000)
    assert page.locator("#results-table img").count() == 0
    assert page.locator("#results-table tbody td").inner_text() == "<img src=x onerror=alert(1)>"


def test_resource_page_shows_its_labels(page, live_server):
    page.goto(live_server + "/id/offence/fr/recours-prostitution-mineur")
    assert page.locator("h1").inner_text() == "Buying sex from a minor"
    assert page.get_by_text("Recours à la prostitution d'un mineur").count() == 1
    page.locator('a[href^="/id/sanction/fr/"]').first.click()
    page.wait_for_url("**/id/sanction/fr/**")
    assert "Provenance" in page.locator("main").inner_text()
    assert off_site(page, live_server) == []
