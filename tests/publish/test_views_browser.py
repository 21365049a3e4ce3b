"""Network views in a real browser (Debian's headless Chromium via Playwright), offline."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlparse

import pytest

from tests.browser import launch, needs_chromium

pytestmark = needs_chromium
FR_OFFENCE_PAGE = "/id/offence/fr/recours-prostitution-mineur"


@pytest.fixture
def page(live_server) -> Iterator[object]:
    """A fresh page that records requests, failures and fails on any dialog (alert)."""
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page()
        page.requested, page.failed, page.dialogs = [], [], []  # type: ignore[attr-defined]
        page.on("request", lambda r: page.requested.append(r.url))  # type: ignore[attr-defined]
        page.on("requestfailed", lambda r: page.failed.append(r.url))  # type: ignore[attr-defined]
        page.on("response", lambda r: r.status >= 400 and page.failed.append(r.url))  # type: ignore[attr-defined]
        page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))  # type: ignore[attr-defined]
        yield page
        browser.close()


def ready(page) -> int:
    """Wait until graph.js has drawn (and settled) the graph; the drawn node count."""
    page.wait_for_selector("#graph[data-state=ready]", timeout=20000)
    assert page.locator("#graph canvas").count() == 1
    return int(page.get_attribute("#graph", "data-drawn"))


#: Stop the layout and, like a user dragging nodes apart, move away whatever node is drawn
#: over the given one; then its centre on the canvas (DOM pixels), where a click reaches it.
UNCOVER = """(id) => {
  const n = window.policykgGraph.network;
  n.stopSimulation();
  const centre = () => n.canvasToDOM(n.getPositions([id])[id]);
  for (let i = 0; i < 10 && n.getNodeAt(centre()) !== id; i++) {
    const blocker = n.getNodeAt(centre());
    const at = n.getPositions([blocker])[blocker];
    n.moveNode(blocker, at.x + 400, at.y + 400);
  }
  n.redraw();
  return n.getNodeAt(centre()) === id ? centre() : null;
}"""


def uncovered_point(page, iri: str) -> dict[str, float]:
    point = page.evaluate(UNCOVER, iri)
    assert point is not None, "the node stayed covered by others"
    return point


def off_site(page, base: str) -> list[str]:
    host = urlparse(base).netloc
    return [u for u in page.requested if urlparse(u).netloc not in (host, "")]


def test_alignment_draws_filters_and_opens_a_node(page, live_server):
    page.goto(live_server + "/graph?view=alignment")
    total = ready(page)
    assert total > 10
    page.select_option("#filter-jurisdiction", "SE")
    filtered = int(page.get_attribute("#graph", "data-drawn"))
    assert 0 < filtered < total
    page.select_option("#filter-jurisdiction", "")
    assert int(page.get_attribute("#graph", "data-drawn")) == total

    # a real click on the canvas, where vis-network drew the French offence
    iri = "https://w3id.org/policykg/id/offence/fr/recours-prostitution-mineur"
    point = uncovered_point(page, iri)
    box = page.locator("#graph canvas").bounding_box()
    with page.expect_navigation():
        page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    assert page.url == live_server + FR_OFFENCE_PAGE
    assert page.failed == [] and off_site(page, live_server) == []


def test_search_chooses_a_node_and_its_link_opens_it(page, live_server):
    page.goto(live_server + "/graph?view=regime&jurisdiction=FR")
    assert ready(page) > 5
    page.fill("#search", "Buying sex from a minor")
    page.dispatch_event("#search", "change")
    link = page.locator("#selected-link")
    link.wait_for(state="visible")
    link.click()
    page.wait_for_url("**" + FR_OFFENCE_PAGE)
    assert page.failed == [] and off_site(page, live_server) == []


@pytest.fixture(scope="module")
def hostile_server() -> Iterator[str]:
    """An in-process server over a store whose offence is labelled with markup."""
    import threading
    import time

    import uvicorn
    from pyoxigraph import Literal, NamedNode, Triple

    from api.app import create_app
    from kg.config import Settings
    from kg.ns import GRAPH, JURISDICTION, PKG, RDF, RDFS, TOPIC
    from kg.store import open_store, replace_graph
    from tests.conftest import free_port

    store = open_store(Settings(store="memory"))
    offence, j = NamedNode(HOSTILE_IRI), NamedNode(JURISDICTION + "FR")
    replace_graph(
        store,
        NamedNode(GRAPH + "test/hostile"),
        [
            Triple(offence, NamedNode(RDF + "type"), NamedNode(PKG + "Offence")),
            Triple(offence, NamedNode(RDFS + "label"), Literal(HOSTILE, language="en")),
            Triple(offence, NamedNode(PKG + "jurisdiction"), j),
            Triple(offence, NamedNode(PKG + "topic"), NamedNode(TOPIC + "purchase-sex-minor")),
        ],
    )
    port = free_port()
    app = create_app(Settings(store="memory"), store=store)
    server = uvicorn.Server(uvicorn.Config(app, port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(100):
        if server.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


HOSTILE = "<img src=x onerror=alert(1)>"
HOSTILE_IRI = "https://w3id.org/policykg/id/offence/fr/hostile"


def test_a_hostile_label_stays_inert(page, hostile_server):
    """The label travels through every path that could render it: the data block, the
    search list, the hover tooltip and the selected-node link; nothing runs or loads."""
    page.goto(hostile_server + "/graph?view=neighbourhood&iri=" + HOSTILE_IRI)
    ready(page)
    point = page.evaluate(
        """(id) => { const n = window.policykgGraph.network;
                     return n.canvasToDOM(n.getPositions([id])[id]); }""",
        HOSTILE_IRI,
    )
    box = page.locator("#graph canvas").bounding_box()
    page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])
    tooltip = page.locator(".vis-tooltip .graph-tooltip .title")
    tooltip.wait_for(state="visible", timeout=5000)
    assert tooltip.text_content() == HOSTILE  # shown as text
    page.fill("#search", "img src")
    page.dispatch_event("#search", "change")
    assert page.locator("#selected-link").text_content() == "open " + HOSTILE
    page.wait_for_timeout(300)
    assert page.locator("img").count() == 0
    assert page.dialogs == []
    assert page.failed == [] and off_site(page, hostile_server) == []


def test_topic_and_date_filters_and_neighbourhood_expansion(page, live_server):
    page.goto(live_server + "/graph?view=regime&jurisdiction=FR")
    page.wait_for_selector("#graph[data-state=ready]")
    everything = int(page.get_attribute("#graph", "data-drawn"))
    page.select_option("#filter-topic", "purchase-sex-adult")
    adult = int(page.get_attribute("#graph", "data-drawn"))
    assert 0 < adult < everything  # the child-purchase offence and its sanctions are hidden
    page.select_option("#filter-topic", "")
    page.fill("#filter-date", "2015-01-01")
    page.dispatch_event("#filter-date", "change")
    in_2015 = int(page.get_attribute("#graph", "data-drawn"))
    assert 0 < in_2015 < everything  # the 2021 sanctions and the 2016 offence are not in force
    offence = "https://w3id.org/policykg/id/offence/fr/recours-prostitution-mineur"
    page.evaluate("id => window.policykgGraph.choose(window.policykgGraph.nodes.get(id))", offence)
    href = page.get_attribute("#expand-link", "href")
    assert "view=neighbourhood" in href
    page.click("#expand-link")
    page.wait_for_selector("#graph[data-state=ready]")
    assert "neighbourhood" in page.url and int(page.get_attribute("#graph", "data-drawn")) > 1
