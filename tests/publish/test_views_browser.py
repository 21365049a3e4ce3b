"""Network views in a real browser (Debian's headless Chromium via Playwright), offline."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
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


#: Stop the layout, bring the node on screen if the view opened on another part (like a
#: user panning) and, like a user dragging nodes apart, move away whatever node is drawn
#: over the given one; then its centre on the canvas (DOM pixels), where a click reaches it.
UNCOVER = """(id) => {
  const n = window.policykgGraph.network;
  n.stopSimulation();
  const centre = () => n.canvasToDOM(n.getPositions([id])[id]);
  const frame = document.getElementById("graph");
  const p = centre();
  if (p.x < 0 || p.y < 0 || p.x > frame.clientWidth || p.y > frame.clientHeight) {
    n.moveTo({ position: n.getPositions([id])[id], animation: false });
  }
  for (let i = 0; i < 10 && n.getNodeAt(centre()) !== id; i++) {
    const blocker = n.getNodeAt(centre());
    if (blocker === undefined) break;
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

    from pyoxigraph import Literal, NamedNode, Triple

    from api.app import create_app
    from kg.config import Settings
    from kg.ns import GRAPH, JURISDICTION, PKG, RDF, RDFS, TOPIC
    from kg.store import open_store, replace_graph

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
    with app_in_thread(create_app(Settings(store="memory"), store=store)) as url:
        yield url


HOSTILE = "<img src=x onerror=alert(1)>"


@contextmanager
def app_in_thread(app: object) -> Iterator[str]:
    """`app` served by uvicorn on a free loopback port in a thread; its base URL."""
    import threading
    import time

    import uvicorn

    from tests.conftest import free_port

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(100):
        if server.started:
            break
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


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


def test_filters_legend_and_tooltips_speak_the_readers_language(page, live_server):
    """Kinds and topics are shown in words of the page's language (their values stay the
    identifiers the nodes carry), and so are the tooltip's row names."""
    page.goto(live_server + "/graph?view=regime&jurisdiction=FR&lang=fr")
    ready(page)
    kinds = page.eval_on_selector_all("#filter-kind option", "os => os.map(o => [o.value, o.text])")
    assert ["offence", "infraction"] in kinds
    topics = dict(
        page.eval_on_selector_all("#filter-topic option", "os => os.map(o => [o.value, o.text])")
    )
    assert topics["purchase-sex-minor"] != "purchase-sex-minor"  # the topic's French label
    assert "infraction" in page.text_content(".legend")
    offence = "https://w3id.org/policykg/id/offence/fr/recours-prostitution-mineur"
    point = page.evaluate(
        """(id) => { const g = window.policykgGraph;
                     g.choose(g.nodes.get(id));  // centred on screen
                     return g.network.canvasToDOM(g.network.getPositions([id])[id]); }""",
        offence,
    )
    box = page.locator("#graph canvas").bounding_box()
    page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])
    tooltip = page.locator(".vis-tooltip .graph-tooltip")
    tooltip.wait_for(state="visible", timeout=5000)
    keys = tooltip.locator(".key").all_text_contents()
    assert keys[0] == "Type\u00a0: " and "Thèmes\u00a0: " in keys, keys
    assert "infraction" in tooltip.text_content()


def test_topic_and_date_filters_and_neighbourhood_expansion(page, live_server):
    page.goto(live_server + "/graph?view=regime&jurisdiction=FR")
    page.wait_for_selector("#graph[data-state=ready]")
    everything = int(page.get_attribute("#graph", "data-drawn"))
    page.select_option("#filter-topic", "purchase-sex-adult")
    adult = int(page.get_attribute("#graph", "data-drawn"))
    assert 0 < adult < everything  # the child-purchase offence and its sanctions are hidden
    page.select_option("#filter-topic", "")
    with page.expect_navigation():  # the as-of date re-requests the view from the server
        page.fill("#as-of-date", "2015-01-01")
        page.dispatch_event("#as-of-date", "change")
    assert "at=2015-01-01" in page.url and "jurisdiction=FR" in page.url
    in_2015 = ready(page)
    assert 0 < in_2015 < everything  # the 2021 sanctions are not in force yet
    assert page.input_value("#as-of-date") == "2015-01-01"
    with page.expect_navigation():  # the year slider: 31 December of the year chosen
        page.eval_on_selector(
            "#as-of-year",
            "(s) => { s.value = '2022'; s.dispatchEvent(new Event('change')); }",
        )
    assert "at=2022-12-31" in page.url
    assert ready(page) > 0
    page.click("#as-of-clear")
    page.wait_for_url("**view=regime&jurisdiction=FR")
    assert ready(page) == everything
    offence = "https://w3id.org/policykg/id/offence/fr/recours-prostitution-mineur"
    page.evaluate("id => window.policykgGraph.choose(window.policykgGraph.nodes.get(id))", offence)
    href = page.get_attribute("#expand-link", "href")
    assert "view=neighbourhood" in href
    page.click("#expand-link")
    page.wait_for_selector("#graph[data-state=ready]")
    assert "neighbourhood" in page.url and int(page.get_attribute("#graph", "data-drawn")) > 1


#: What a reader sees at first sight, measured on the drawing: of the nodes drawn with a
#: label (clusters included), how many have a bounding box (shape and label, canvas
#: pixels) overlapping another's; how many node centres lie outside the canvas; the legend.
FIRST_SIGHT = """() => {
  const n = window.policykgGraph.network;
  const frame = document.getElementById("graph").getBoundingClientRect();
  const ids = n.body.nodeIndices;
  const labelled = ids.filter((id) => n.body.nodes[id].options.label);
  // labels on screen, and their size in CSS pixels (the font is in canvas units); only
  // their boxes count: vis-network measures a label when it draws it, so the box of a node
  // off screen is not its label's
  const shown = labelled.filter((id) => {
    const p = n.canvasToDOM(n.getPositions([id])[id]);
    return p.x >= 0 && p.y >= 0 && p.x <= frame.width && p.y <= frame.height;
  });
  const boxes = shown.map((id) => n.getBoundingBox(id));
  let overlapping = 0;
  boxes.forEach((a, i) => {
    if (boxes.some((b, j) => i !== j && a.left < b.right && b.left < a.right &&
                             a.top < b.bottom && b.top < a.bottom)) overlapping++;
  });
  const outside = ids.filter((id) => {
    const p = n.canvasToDOM(n.getPositions([id])[id]);
    return p.x < 0 || p.y < 0 || p.x > frame.width || p.y > frame.height;
  }).length;
  const fontSize = window.policykgGraph.fontSize;
  // the node the view is about (`centre`), when it has one: on screen with its label?
  const centre = JSON.parse(document.getElementById("graph-data").textContent).centre;
  const about = centre && n.body.nodes[centre] ? n.getBoundingBox(centre) : null;
  const corner = about && n.canvasToDOM({ x: about.left, y: about.top });
  const far = about && n.canvasToDOM({ x: about.right, y: about.bottom });
  return {
    centre_seen: about ? corner.x >= 0 && corner.y >= 0 && far.x <= frame.width &&
                         far.y <= frame.height : null,
    zoomed: document.getElementById("graph").dataset.zoomed || "",
    drawn: ids.length, labelled: labelled.length, overlapping: overlapping, outside: outside,
    shown: shown.length, label_px: fontSize * n.getScale(),
    graph_top: frame.top / window.innerHeight,
    clusters: Number(document.getElementById("graph").dataset.clusters || 0),
    legend: document.querySelectorAll(".legend svg.glyph").length,
    overflow: document.documentElement.scrollWidth - window.innerWidth,
  };
}"""
#: Labels of the main nodes are at least READABLE_PX CSS pixels high at first sight, on a
#: phone (below PHONE_PX of width, graph.js) and on a desktop alike: a view whose whole
#: drawing would make them smaller opens at a readable scale, the whole one click away.
READABLE_PX = 10
PHONE_PX = 600
#: On a desktop at least this many labelled nodes are on screen at first sight (or all).
DESKTOP_SHOWN = 12
#: At most this share of the labelled nodes may touch another labelled node.
OVERLAP_THRESHOLD = 0.10
SCREENS = [(1400, 1000), (390, 844)]
FIRST_SIGHT_VIEWS = [
    "view=regime&jurisdiction=FR",
    "view=alignment",
    "view=comparison&topic=purchase-sex-minor&jurisdictions=FR,SE,UK-EW",
    "view=comparison&topic=trafficking-minor",  # the busiest topic, the five jurisdictions
    "view=neighbourhood&depth=2&iri=https://w3id.org/policykg/id/offence/fr/recours-prostitution-mineur",
    "view=document&id=an-17-14232",
    "view=recommendations&jurisdiction=FR",
    "view=regime&jurisdiction=FR&at=2015-01-01",
]


@pytest.mark.parametrize("size", SCREENS, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_view_is_legible_at_first_sight(live_server, size):
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page(viewport={"width": size[0], "height": size[1]})
        for query in FIRST_SIGHT_VIEWS:
            page.goto(live_server + "/graph?" + query)
            ready(page)
            seen = page.evaluate(FIRST_SIGHT)
            assert seen["labelled"] > 0, (query, seen)
            assert seen["overlapping"] <= OVERLAP_THRESHOLD * seen["shown"], (query, seen)
            assert seen["shown"] >= min(3, seen["labelled"]), (query, seen)
            # the main labels readable (a large view opens zoomed in, the rest a pan away)
            assert seen["label_px"] >= READABLE_PX, (query, seen)
            if size[0] > PHONE_PX:
                assert seen["shown"] >= min(DESKTOP_SHOWN, seen["labelled"]), (query, seen)
                assert seen["centre_seen"] is not False, (query, seen)  # what it is about
                whole_graph_is_one_click_away(page, query, seen)
            else:  # the drawing starts in the first screen (the date and filters fold)
                assert seen["graph_top"] < 0.6, (query, seen)
            assert seen["legend"] >= 2, (query, seen)
            assert seen["overflow"] <= 0, (query, seen)  # the page fits a phone
            if "neighbourhood" in query:
                assert seen["clusters"] > 0 and seen["drawn"] < 200, (query, seen)
        browser.close()


def whole_graph_is_one_click_away(page, query: str, seen: dict) -> None:
    """ "Whole graph" fits every node in the canvas; "Readable size" (offered once the view
    opened zoomed in) goes back to the opening scale."""
    if seen["zoomed"] != "readable":
        assert seen["outside"] == 0, (query, seen)  # it opened whole
    page.click("#fit-whole")
    whole = page.evaluate(FIRST_SIGHT)
    assert whole["outside"] == 0 and whole["zoomed"] == "whole", (query, whole)
    if seen["zoomed"] == "readable":
        page.click("#fit-readable")
        back = page.evaluate(FIRST_SIGHT)
        assert back["label_px"] == seen["label_px"] and back["shown"] == seen["shown"], query
        assert page.locator("#fit-readable").is_hidden()


def test_a_cluster_opens_on_click(page, live_server):
    page.goto(
        live_server
        + "/graph?view=neighbourhood&depth=2&iri="
        + "https://w3id.org/policykg/id/offence/fr/recours-prostitution-mineur"
    )
    ready(page)
    before = page.evaluate("() => window.policykgGraph.network.body.nodeIndices.length")
    cluster = page.evaluate(
        """() => { const n = window.policykgGraph.network;
                   const id = n.body.nodeIndices.find((i) => n.isCluster(i));
                   const p = n.canvasToDOM(n.getPositions([id])[id]);
                   n.moveNode(id, n.getPositions([id])[id].x, n.getPositions([id])[id].y);
                   return { id: id, x: p.x, y: p.y }; }"""
    )
    point = uncovered_point(page, cluster["id"])
    box = page.locator("#graph canvas").bounding_box()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    page.wait_for_timeout(300)
    after = page.evaluate("() => window.policykgGraph.network.body.nodeIndices.length")
    assert after > before  # its members are drawn again
    assert "neighbourhood" in page.url  # a cluster is not a page to open


def test_hover_draws_a_secondary_label(page, live_server):
    page.goto(live_server + "/graph?view=regime&jurisdiction=FR")
    ready(page)
    hidden = page.evaluate(
        """() => window.policykgGraph.nodes.get({ filter: (n) => !n.label })[0].id"""
    )
    point = uncovered_point(page, hidden)
    box = page.locator("#graph canvas").bounding_box()
    page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])
    page.wait_for_function(
        "(id) => !!window.policykgGraph.nodes.get(id).label", arg=hidden, timeout=5000
    )


@pytest.fixture(scope="module")
def clustered_server(store) -> Iterator[str]:
    """An in-process server over the built graph that draws views of more than 100 nodes as
    server-side clusters (POLICYKG_VIEW_CLUSTER_ABOVE=100)."""

    from api.app import create_app
    from kg.config import Settings

    with app_in_thread(
        create_app(Settings(store="memory", view_cluster_above=100), store=store)
    ) as url:
        yield url


#: The clusters drawn, their smallest label on screen (px) and where the largest one is.
CLUSTERS = """() => {
  const g = window.policykgGraph;
  const scale = g.network.getScale();
  const clusters = g.nodes.get({ filter: (n) => n.cluster });
  const largest = clusters.reduce((a, b) => (b.cluster > a.cluster ? b : a), clusters[0]);
  g.network.focus(largest.id, { scale: Math.max(scale, 0.8), animation: false });
  const at = g.network.canvasToDOM(g.network.getPositions([largest.id])[largest.id]);
  return {
    count: clusters.length,
    labels: clusters.map((n) => n.label),
    label_px: Math.min(...clusters.map((n) => ((n.font && n.font.size) || g.fontSize) * scale)),
    largest: { id: largest.id, size: largest.cluster, x: at.x, y: at.y },
  };
}"""


def test_a_large_view_opens_as_clusters_and_a_click_opens_one(page, clustered_server):
    """What a 20,000-node view does (bench/network_clusters.py), on the real graph with a
    low threshold: clusters with readable labels and counts; a click opens one in place."""
    topic = "https://w3id.org/policykg/concept/topic/purchase-sex-minor"
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto(clustered_server + "/graph?view=neighbourhood&depth=3&limit=2000&iri=" + topic)
    before = ready(page)
    seen = page.evaluate(CLUSTERS)
    assert seen["count"] == int(page.get_attribute("#graph", "data-clusters")) > 0
    assert all(" × " in label for label in seen["labels"])
    assert seen["label_px"] >= 10
    box = page.locator("#graph canvas").bounding_box()
    page.mouse.click(box["x"] + seen["largest"]["x"], box["y"] + seen["largest"]["y"])
    page.wait_for_function(
        "(id) => document.getElementById('graph').dataset.state === 'ready'"
        " && !window.policykgGraph.nodes.get(id)",
        arg=seen["largest"]["id"],
        timeout=20000,
    )
    after = int(page.get_attribute("#graph", "data-drawn"))
    assert after >= before - 1 + min(seen["largest"]["size"], 2)
    assert "open=cluster" in page.url  # a reload keeps it open
    # the summary above the drawing counts what is drawn now, not what the page came with
    drawn = page.evaluate("window.policykgGraph.nodes.length")
    assert page.text_content("#graph-counts").startswith(f"{drawn} nodes")
    clusters = int(page.get_attribute("#graph", "data-clusters"))
    if clusters:
        assert f"Drawn as {clusters} clusters" in page.text_content("#cluster-note")
    assert page.failed == [] and off_site(page, clustered_server) == []
