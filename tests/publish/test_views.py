"""Network views (/graph, /graph.json): data blocks, saved CONSTRUCT views, escaping, errors."""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from pyoxigraph import Literal, NamedNode, Triple

from api.app import create_app
from kg.config import Settings
from kg.ns import GRAPH, JURISDICTION, PKG, RDF, RDFS, TOPIC
from kg.publish import network
from kg.store import open_store, replace_graph

FR_OFFENCE = "https://w3id.org/policykg/id/offence/fr/recours-prostitution-mineur"
VIEWS = [
    "view=regime&jurisdiction=FR",
    "view=alignment",
    f"view=neighbourhood&iri={FR_OFFENCE}&depth=2",
    "view=document&id=an-17-14232",
]
DATA_BLOCK = re.compile(
    r'<script type="application/json" id="graph-data">(.*?)</script>', re.DOTALL
)
HOSTILE = "<img src=x onerror=alert(1)>"


def data_block(html: str) -> dict:
    """The JSON the page hands to graph.js."""
    match = DATA_BLOCK.search(html)
    assert match, "no graph-data block"
    return json.loads(match.group(1))


@pytest.mark.parametrize("query", VIEWS)
def test_each_view_page_embeds_the_same_graph_as_its_json_twin(client, query):
    page = client.get("/graph?" + query)
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    embedded = data_block(page.text)
    twin = client.get("/graph.json?" + query).json()
    assert len(embedded["nodes"]) > 0
    assert len(embedded["nodes"]) == len(twin["nodes"])
    assert len(embedded["edges"]) == len(twin["edges"])
    assert {n["id"] for n in embedded["nodes"]} == {n["id"] for n in twin["nodes"]}


@pytest.mark.parametrize("query", VIEWS)
def test_pages_load_nothing_from_elsewhere_and_run_no_inline_code(client, query):
    html = client.get("/graph?" + query).text
    sources = re.findall(r'(?:src|href)="([^"]*)"', html)
    assert all(not s.startswith(("http:", "https:", "//")) for s in sources), sources
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.DOTALL)
    for attributes, body in scripts:
        assert "src=" in attributes or 'type="application/json"' in attributes
        assert "src=" not in attributes or not body.strip()


def test_regime_of_france_holds_its_offence_and_sanctions(client):
    nodes = client.get("/graph.json?view=regime&jurisdiction=FR").json()["nodes"]
    by_id = {n["id"]: n for n in nodes}
    assert by_id[FR_OFFENCE]["kind"] == "offence"
    assert by_id[FR_OFFENCE]["href"] == "/id/offence/fr/recours-prostitution-mineur"
    kinds = {n["kind"] for n in nodes}
    assert {"instrument", "provision", "offence", "sanction", "absence"} <= kinds
    stated = {"instrument", "provision", "offence", "absence"}  # sanctions state none
    assert {n["jurisdiction"] for n in nodes if n["kind"] in stated} == {"FR"}


def test_alignment_links_three_jurisdictions_through_the_child_purchase_topic(client):
    doc = client.get("/graph.json?view=alignment").json()
    topic = TOPIC + "purchase-sex-minor"
    jurisdiction = {n["id"]: n["jurisdiction"] for n in doc["nodes"]}
    linked = {jurisdiction[e["from"]] for e in doc["edges"] if e["to"] == topic}
    assert len(linked) >= 3, linked
    assert {j["code"] for j in doc["legend"]["jurisdictions"]} >= {"FR", "SE", "UK-EW"}
    colours = {n["color"] for n in doc["nodes"] if n["kind"] == "offence"}
    assert len(colours) >= 3  # coloured by jurisdiction


def test_views_are_laid_out_on_the_server_with_physics_off(client):
    doc = client.get("/graph.json?view=alignment").json()
    assert doc["options"]["physics"]["enabled"] is False  # interactive at once
    assert all(isinstance(n["x"], float) for n in doc["nodes"])
    assert doc == client.get("/graph.json?view=alignment").json()  # stable layout


def test_cap_is_applied_and_said(client):
    query = "view=neighbourhood&depth=3&iri=" + TOPIC + "purchase-sex-minor"
    capped = client.get(f"/graph.json?{query}&limit=20").json()
    assert len(capped["nodes"]) == 20
    assert capped["truncated"] is True and capped["total_nodes"] > 20
    assert TOPIC + "purchase-sex-minor" in {n["id"] for n in capped["nodes"]}
    assert "Capped" in client.get(f"/graph?{query}&limit=20").text
    assert "capped at 500" in client.get("/graph?view=alignment").text


def test_vis_network_is_served_from_the_pyvis_package(client):
    response = client.get(f"/vendor/vis-{network.VIS_VERSION}/vis-network.min.js")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/javascript")
    assert response.content == (network.vis_folder() / "vis-network.min.js").read_bytes()
    css = client.get(f"/vendor/vis-{network.VIS_VERSION}/vis-network.css")
    assert css.headers["content-type"].startswith("text/css")
    assert client.get(f"/vendor/vis-{network.VIS_VERSION}/other.js").status_code == 404
    assert client.get("/static/graph.js").status_code == 200


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("view=nope", 404),
        ("view=regime&jurisdiction=XX", 404),
        ("view=regime", 400),
        ("view=document&id=no-such-document", 404),
        ("view=neighbourhood&iri=https://example.org/nothing", 404),
        (f"view=neighbourhood&iri={FR_OFFENCE}&depth=4", 400),
        (f"view=neighbourhood&iri={FR_OFFENCE}&depth=0", 400),
        (f"view=neighbourhood&iri={FR_OFFENCE}&depth=two", 400),
    ],
)
def test_bad_requests_are_json_errors(client, query, status):
    for path in ("/graph", "/graph.json"):
        response = client.get(f"{path}?{query}")
        assert response.status_code == status, (path, query, response.text)
        assert response.json()["status"] == status


@pytest.fixture(scope="module")
def hostile_client() -> Iterator[TestClient]:
    """A separate in-memory store whose offence is labelled with markup."""
    store = open_store(Settings(store="memory"))
    offence = NamedNode("https://w3id.org/policykg/id/offence/fr/hostile")
    j = NamedNode(JURISDICTION + "FR")
    triples = [
        Triple(j, NamedNode(RDF + "type"), NamedNode(PKG + "Jurisdiction")),
        Triple(j, NamedNode("http://www.w3.org/2004/02/skos/core#notation"), Literal("FR")),
        Triple(j, NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel"), Literal("France")),
        Triple(offence, NamedNode(RDF + "type"), NamedNode(PKG + "Offence")),
        Triple(offence, NamedNode(RDFS + "label"), Literal(HOSTILE, language="en")),
        Triple(offence, NamedNode(PKG + "jurisdiction"), j),
        Triple(offence, NamedNode(PKG + "topic"), NamedNode(TOPIC + "purchase-sex-minor")),
    ]
    replace_graph(store, NamedNode(GRAPH + "test/hostile"), triples)
    with TestClient(create_app(Settings(store="memory"), store=store)) as test_client:
        yield test_client


@pytest.mark.parametrize(
    "query",
    [
        "view=regime&jurisdiction=FR",
        "view=neighbourhood&iri=https://w3id.org/policykg/id/offence/fr/hostile",
    ],
)
def test_a_hostile_label_appears_only_escaped(hostile_client, query):
    page = hostile_client.get("/graph?" + query)
    assert page.status_code == 200
    assert HOSTILE not in page.text
    assert "<img" not in page.text
    labels = {n["full_label"] for n in data_block(page.text)["nodes"]}
    assert HOSTILE in labels  # the data survives, as data
    assert HOSTILE in {
        n["full_label"] for n in hostile_client.get("/graph.json?" + query).json()["nodes"]
    }


def test_adapter_builds_and_lays_out_a_large_synthetic_graph():
    """The bench path, small enough for the suite: node ids, cap and layout without numpy."""
    import networkx as nx

    graph = nx.MultiDiGraph()
    for i in range(1200):
        graph.add_edge(f"urn:n:{i}", f"urn:n:{i // 3}", key="urn:p")
    view = network.to_view("synthetic", "t", network.cap(graph, 800), 1200, 800)
    assert len(view.nodes) == 800 and view.options["physics"]["enabled"] is False
    assert len({(n["x"], n["y"]) for n in view.nodes}) == 800  # no two nodes on one spot


def test_layered_views_of_thousands_of_nodes_draw_straight_edges():
    """Curves cost the browser most of a large view's drawing time: lines above the limit."""
    import networkx as nx

    def layered(nodes: int) -> dict:
        graph = nx.MultiDiGraph()
        for i in range(1, nodes):
            graph.add_edge(f"urn:n:{i}", f"urn:n:{i // 3}", key="urn:p")
        layer_of = network.by_hops(graph, ["urn:n:0"])
        return network.to_view("synthetic", "t", graph, nodes, nodes, layer_of).options

    assert layered(network.CURVED_LIMIT)["edges"]["smooth"]["enabled"] is True
    assert layered(network.CURVED_LIMIT + 1)["edges"]["smooth"]["enabled"] is False


def test_alignment_edges_carry_the_mapping_relation(client):
    doc = client.get("/graph.json?view=alignment").json()
    labels = {e["label"] for e in doc["edges"] if e["to"].startswith(TOPIC)}
    assert "skos:exactMatch" in labels  # e.g. Sweden's 6 kap. 9 § and the shared topic
    assert labels & {"skos:broadMatch", "skos:narrowMatch", "skos:closeMatch"}


def test_gexf_export_of_the_alignment_opens_in_networkx_with_the_same_nodes_and_edges(client):
    import io
    from collections import Counter

    import networkx as nx

    view = client.get("/graph.json?view=alignment").json()
    response = client.get("/graph?view=alignment&format=gexf")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/gexf+xml")
    assert "policykg-alignment.gexf" in response.headers["content-disposition"]
    graph = nx.read_gexf(io.BytesIO(response.content))
    assert set(graph.nodes) == {n["id"] for n in view["nodes"]}
    assert Counter(list(graph.edges())) == Counter((e["from"], e["to"]) for e in view["edges"])
    labels = nx.get_node_attributes(graph, "label")
    assert (
        labels[FR_OFFENCE] == next(n for n in view["nodes"] if n["id"] == FR_OFFENCE)["full_label"]
    )


@pytest.mark.parametrize("query", VIEWS)
def test_every_view_exports_graphml_cytoscape_and_jsonld(client, query):
    import io

    import networkx as nx

    view = client.get("/graph.json?" + query).json()
    ids = {n["id"] for n in view["nodes"]}
    graphml = nx.read_graphml(io.BytesIO(client.get(f"/graph?{query}&format=graphml").content))
    assert set(graphml.nodes) == ids and graphml.number_of_edges() == len(view["edges"])
    cy = client.get(f"/graph?{query}&format=cyjs").json()["elements"]
    assert {n["data"]["id"] for n in cy["nodes"]} == ids
    assert len(cy["edges"]) == len(view["edges"])
    assert all(e["data"]["source"] in ids and e["data"]["target"] in ids for e in cy["edges"])
    response = client.get(f"/graph?{query}&format=jsonld")
    assert response.headers["content-type"].startswith("application/ld+json")
    from rdflib import Graph

    rdf = Graph().parse(data=response.text, format="json-ld")
    linked = {(str(s), str(p), str(o)) for s, p, o in rdf if not str(p).endswith("#label")}
    assert linked == {(e["from"], e["predicate"], e["to"]) for e in view["edges"]}
    assert {str(s) for s in rdf.subjects()} == ids


def test_exports_give_labels_in_the_chosen_language(client):
    french = client.get("/graph?view=regime&jurisdiction=SE&format=cyjs&lang=fr").json()
    english = client.get("/graph?view=regime&jurisdiction=SE&format=cyjs&lang=en").json()
    label = {n["data"]["id"]: n["data"]["label"] for n in english["elements"]["nodes"]}
    changed = [
        n for n in french["elements"]["nodes"] if n["data"]["label"] != label[n["data"]["id"]]
    ]
    assert changed  # some resources have a French label that the French export uses


def test_unknown_export_format_is_a_400(client):
    assert client.get("/graph?view=alignment&format=svg").status_code == 400


def test_views_keep_node_sizes_in_a_small_range_and_label_main_nodes(client):
    for query in VIEWS:
        nodes = client.get("/graph.json?" + query).json()["nodes"]
        sizes = {n["size"] for n in nodes}
        assert max(sizes) <= 20 and min(sizes) >= 6, (query, sizes)
        assert not {n["shape"] for n in nodes} & {"box", "database", "ellipse", "circle"}
        main = [n for n in nodes if n["kind"] in network.MAIN_KINDS]
        assert all(n["label"] for n in main), query
        assert all(n["short_label"] for n in nodes)


def test_regime_is_laid_out_in_layers_instrument_provision_offence_sanction(client):
    doc = client.get("/graph.json?view=regime&jurisdiction=FR").json()
    assert doc["options"]["physics"]["enabled"] is False
    x = {}
    for n in doc["nodes"]:
        x.setdefault(n["kind"], []).append(n["x"])
    order = ["instrument", "provision", "offence", "sanction"]
    for left, right in itertools.pairwise(order):
        assert max(x[left]) < min(x[right]), (left, right)


def test_comparison_puts_each_jurisdiction_in_its_column_around_the_topic(client):
    doc = client.get(
        "/graph.json?view=comparison&topic=purchase-sex-minor&jurisdictions=FR,SE,UK-EW"
    ).json()
    topic = TOPIC + "purchase-sex-minor"
    x = {n["id"]: n["x"] for n in doc["nodes"]}
    offences = [n for n in doc["nodes"] if n["kind"] == "offence"]
    assert {n["jurisdiction"] for n in offences} == {"FR", "SE", "UK-EW"}
    column = {j: {n["x"] for n in offences if n["jurisdiction"] == j} for j in ("FR", "SE")}
    assert all(len(c) == 1 for c in column.values())  # one column each
    assert max(column["FR"]) < min(column["SE"]) < x[topic]
    assert max(n["x"] for n in offences if n["jurisdiction"] == "UK-EW") > x[topic]
    relations = {e["label"] for e in doc["edges"] if e["to"] == topic}
    assert relations and all(r.startswith(("skos:", "pkg:")) for r in relations)
    assert any(n["kind"] == "sanction" and n["label"] for n in doc["nodes"])


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("view=comparison", 400),
        ("view=comparison&topic=no-such-topic", 404),
        ("view=comparison&topic=purchase-sex-minor&jurisdictions=XX", 404),
    ],
)
def test_comparison_errors(client, query, status):
    assert client.get("/graph.json?" + query).status_code == status


def test_at_keeps_only_the_facts_in_force_on_that_day(client):
    everything = client.get("/graph.json?view=regime&jurisdiction=FR").json()
    assert everything["at"] == ""
    in_2015 = client.get("/graph.json?view=regime&jurisdiction=FR&at=2015-01-01").json()
    assert in_2015["at"] == "2015-01-01"
    ids = {n["id"] for n in in_2015["nodes"]}
    assert 0 < len(ids) < len(everything["nodes"])
    sanction = "https://w3id.org/policykg/id/sanction/fr/recours-prostitution-mineur/base/"
    assert FR_OFFENCE in ids and sanction + "2002-03-05" in ids
    assert sanction + "2021-04-23" not in ids  # later penalties are not in force yet
    act = "https://w3id.org/policykg/id/act/fr/loi/2021/478"
    assert act in {n["id"] for n in everything["nodes"]}
    assert act not in ids  # nor is a law not yet made (eli:date_document 2021-04-21)
    for node in in_2015["nodes"]:  # the analyses' rule: start inclusive, end exclusive
        if node["valid_from"]:
            assert node["valid_from"] <= "2015-01-01", node
            assert not node["valid_until"] or node["valid_until"] > "2015-01-01", node
    later = client.get("/graph.json?view=regime&jurisdiction=FR&at=2022-01-01").json()
    assert {sanction + "2021-04-23", FR_OFFENCE} <= {n["id"] for n in later["nodes"]}
    assert sanction + "2002-03-05" not in {n["id"] for n in later["nodes"]}  # replaced
    before = client.get("/graph.json?view=regime&jurisdiction=FR&at=2000-01-01").json()
    assert FR_OFFENCE not in {n["id"] for n in before["nodes"]}  # in force from 2002
    page = client.get("/graph?view=regime&jurisdiction=FR&at=2015-01-01").text
    assert 'name="at" type="date" value="2015-01-01"' in page  # the as-of form says the day
    assert data_block(page)["at"] == "2015-01-01"


@pytest.mark.parametrize("at", ["2015-13-45", "yesterday", "2015-1-1"])
def test_a_bad_day_is_a_400(client, at):
    for path in ("/graph", "/graph.json"):
        response = client.get(f"{path}?view=regime&jurisdiction=FR&at={at}")
        assert response.status_code == 400, (path, at, response.text)


def test_document_view_centres_on_its_claims_with_verdicts_and_what_they_cite(client):
    doc = client.get("/graph.json?view=document&id=an-17-14232").json()
    by_id = {n["id"]: n for n in doc["nodes"]}
    document = by_id["https://w3id.org/policykg/id/document/an-17-14232"]
    checked = client.get("/api/documents/an-17-14232/claims").json()["claims"]
    claims = [n for n in doc["nodes"] if n["kind"] == "claim"]
    assert len(claims) == len(checked) > 0
    for node, claim in zip(
        sorted(claims, key=lambda n: int(n["href"].rsplit("-", 1)[1])), checked, strict=True
    ):
        assert node["verdict"] == claim["verdict"]  # as of today, as the claims API says
        assert node["label"].startswith(node["verdict_label"])  # labelled at first sight
        assert node["href"] == f"/documents/an-17-14232#claim-{claim['index'] + 1}"
    links = {(e["from"], e["predicate"], e["to"]) for e in doc["edges"]}
    derived = "http://www.w3.org/ns/prov#wasDerivedFrom"
    assert all((c["id"], derived, document["id"]) in links for c in claims)
    for claim, node in zip(
        checked, sorted(claims, key=lambda n: int(n["href"].rsplit("-", 1)[1])), strict=True
    ):
        for evidence in claim["evidence"]:  # each claim → what its verdict rests on
            if evidence["iri"]:
                assert evidence["iri"] in by_id and by_id[evidence["iri"]]["label"]
                assert any(
                    e["from"] == node["id"] and e["to"] == evidence["iri"] for e in doc["edges"]
                )
    # the document in the middle: mentions on one side, claims and their evidence on the other
    assert all(c["x"] > document["x"] for c in claims)
    assert all(n["x"] < document["x"] for n in doc["nodes"] if n["kind"] == "mention")
    assert {v["verdict"] for v in doc["legend"]["verdicts"]} == {c["verdict"] for c in checked}
    assert "claim" in {k["kind"] for k in doc["legend"]["kinds"]}


def test_a_day_before_any_fact_gives_an_empty_view_not_an_error(client):
    doc = client.get("/graph.json?view=alignment&at=1990-01-01").json()
    assert doc["nodes"] == [] and doc["at"] == "1990-01-01"
    assert client.get("/graph?view=alignment&at=1990-01-01").status_code == 200
