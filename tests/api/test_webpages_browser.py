"""The drafter pages in a real browser (Debian's headless Chromium via Playwright), offline:
no failed or off-site request, the date re-renders the matrix, plotly.js draws the chart."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlparse

import pytest

from tests.browser import launch, needs_chromium

pytestmark = needs_chromium


@pytest.fixture(scope="module")
def page(live_server: str) -> Iterator[object]:
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_context().new_page()
        page.requested = []  # type: ignore[attr-defined]
        page.failed = []  # type: ignore[attr-defined]
        page.errors = []  # type: ignore[attr-defined]
        page.on("request", lambda r: page.requested.append(r.url))  # type: ignore[attr-defined]
        page.on("requestfailed", lambda r: page.failed.append(r.url))  # type: ignore[attr-defined]
        page.on("pageerror", lambda e: page.errors.append(str(e)))  # type: ignore[attr-defined]
        page.on(  # type: ignore[attr-defined]
            "response", lambda r: r.status >= 400 and page.failed.append(f"{r.status} {r.url}")
        )
        yield page
        browser.close()


def clean(page, base: str) -> None:
    """Nothing off-site, nothing failed, no script error (a CSP violation would be one)."""
    host = urlparse(base).netloc
    assert [u for u in page.requested if urlparse(u).netloc not in (host, "")] == []
    assert page.failed == [] and page.errors == []


def test_compare_date_rerenders(page, live_server: str) -> None:
    page.goto(live_server + "/compare")
    fr = page.locator('td[data-jurisdiction="FR"]')
    assert "5 years" in fr.inner_text()
    page.fill("input#at", "2015-01-01")
    page.locator("input#at").dispatch_event("change")
    page.wait_for_url("**at=2015-01-01**")
    assert "3 years" in page.locator('td[data-jurisdiction="FR"]').inner_text()
    assert "€45,000" in page.locator('td[data-jurisdiction="FR"]').inner_text()
    assert "2 years" in page.locator('td[data-jurisdiction="SE"]').inner_text()
    href = page.locator("a.download-csv").first.get_attribute("href")
    response = page.request.get(live_server + href)
    assert response.status == 200
    assert "text/csv" in response.headers["content-type"]
    clean(page, live_server)


def test_timeline_chart_draws(page, live_server: str) -> None:
    page.goto(live_server + "/timeline?jurisdiction=FR&jurisdiction=SE")
    page.locator("#timeline-chart .plotly svg.main-svg").first.wait_for(timeout=15000)
    assert page.locator("#timeline-chart .scatterlayer .trace").count() == 2
    clean(page, live_server)


def test_timeline_chart_speaks_the_readers_language(page, live_server: str) -> None:
    """plotly.js knows only English: the axis shows years, and a point's tooltip gives the
    date as the reader writes it, with the reader's colon ("5 mars 2002 : 7 ans")."""
    page.goto(live_server + "/timeline?jurisdiction=FR&lang=fr")
    page.locator("#timeline-chart .scatterlayer .point").first.wait_for(timeout=15000)
    ticks = page.locator("#timeline-chart .xtick").all_text_contents()
    assert ticks and all(tick.isdigit() for tick in ticks), ticks
    page.locator("#timeline-chart .scatterlayer .point").first.hover(force=True)
    tooltip = page.locator("#timeline-chart .hovertext").first
    tooltip.wait_for(timeout=5000)
    assert "5 mars 2002\u00a0: 7 ans" in tooltip.text_content()
    clean(page, live_server)
    page.context.clear_cookies()  # the switch remembers French; the next tests read English


def test_timeline_chart_draws_life_on_its_own_row(page, live_server: str) -> None:
    """England and Wales: life for a child under 13 is drawn on a "life" row, not at some
    number of years on the years axis."""
    page.goto(live_server + "/timeline?jurisdiction=UK-EW&topic=purchase-sex-minor")
    page.locator("#timeline-chart .plotly svg.main-svg").first.wait_for(timeout=15000)
    assert page.locator("#timeline-chart .scatterlayer .trace").count() == 2
    ticks = page.locator("#timeline-chart .y2tick").all_text_contents()  # SVG: no inner_text
    assert any("life imprisonment" in tick for tick in ticks), ticks
    clean(page, live_server)


def test_gaps_page_lists_typed_findings(page, live_server: str) -> None:
    page.goto(live_server + "/gaps?reference=SE&target=FR&at=2026-11-22")
    gaps = page.locator("details.finding.gaps")
    assert gaps.count() >= 1
    assert page.locator('details.finding.gaps[data-dimension="max-custody"]').count() >= 1
    assert "no prison (fine only)" in page.locator("main").inner_text()
    assert page.locator("ul.alignments li").count() >= 1
    clean(page, live_server)


def test_document_highlights(page, live_server: str) -> None:
    page.goto(live_server + "/documents/an-17-14232")
    figures = page.locator("mark.hl-figures")
    assert figures.count() >= 2
    assert "plus de 11 000" in figures.first.inner_text()
    assert page.locator("mark.hl-questions").count() >= 5
    clean(page, live_server)


def test_coverage_cell_opens_its_comparison(page, live_server: str) -> None:
    page.goto(live_server + "/coverage")
    cells = page.locator("table.coverage td.cell")
    topics = page.request.get(live_server + "/api/topics").json()["topics"]
    assert len(topics) >= 12  # the topics of docs/api.md §4 and enforcement
    assert cells.count() == len(topics) * 7
    # the five national jurisdictions have no unknown cell today
    for code in ("FR", "SE", "UK-EW", "UK-SCT", "UK-NI"):
        assert page.locator(f'td.cell.unknown[data-jurisdiction="{code}"]').count() == 0
    assert "unverified" in page.locator("#totals").inner_text()
    page.locator('td[data-jurisdiction="UK-SCT"][data-topic="reporting-duty"] a').click()
    page.wait_for_url("**/compare?topic=reporting-duty&jurisdiction=UK-SCT**")
    assert "Stated absence" in page.locator('td[data-jurisdiction="UK-SCT"]').inner_text()
    clean(page, live_server)


def test_recommendations_page_filters_and_speaks_french(page, live_server: str) -> None:
    page.goto(live_server + "/recommendations?lang=fr")
    rows = page.locator("table.recommendations tbody tr")
    everything = rows.count()
    assert everything >= 20
    assert page.locator("html").get_attribute("lang") == "fr"
    assert "pas encore satisfaite" in page.locator("table.recommendations").inner_text()
    page.select_option("select#jurisdiction", "SE")
    page.click("form.choices button[type=submit]")
    page.wait_for_url("**jurisdiction=SE**")
    shown = page.locator("table.recommendations tbody tr")
    assert 0 < shown.count() < everything
    assert page.locator('ol.timeline[data-jurisdiction="SE"] li').count() >= 2
    page.locator("table.recommendations tbody tr a").first.click()
    page.wait_for_url("**/id/report/**")
    clean(page, live_server)
    page.goto(live_server + "/?lang=en")  # the choice is remembered: give the next test English
