"""Large network views drawn as server-side clusters (POLICYKG_VIEW_CLUSTER_ABOVE) that open
on request (`&open=`), and the cap on what a view may draw (POLICYKG_VIEW_MAX_NODES)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import networkx as nx
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from kg.config import Settings
from kg.errors import ConfigurationError
from kg.ns import TOPIC
from kg.publish import network

TOPIC_VIEW = "view=neighbourhood&depth=3&iri=" + TOPIC + "purchase-sex-minor"


def synthetic(offences: int = 900) -> nx.MultiDiGraph:
    """A hub, `offences` offences of three jurisdictions pointing at it, a provision each."""
    graph = nx.MultiDiGraph()
    graph.add_node("urn:hub", kind="topic", label="hub")
    for i in range(offences):
        code = ("FR", "SE", "UK-EW")[i % 3]
        offence, provision = f"urn:o:{i:04d}", f"urn:p:{i:04d}"
        graph.add_node(offence, kind="offence", jurisdiction=code, label=f"offence {i:04d}")
        graph.add_node(provision, kind="provision", jurisdiction=code, label=f"art. {i:04d}")
        graph.add_edge(offence, "urn:hub", key="urn:topic", predicate="urn:topic")
        graph.add_edge(offence, provision, key="urn:definedBy", predicate="urn:definedBy")
    return graph


def clusters_of(graph: nx.MultiDiGraph) -> dict[str, dict]:
    return {n: a for n, a in graph.nodes(data=True) if a.get("cluster")}


def test_clusters_by_column_and_kind_then_jurisdiction_then_parts():
    graph = synthetic()
    layer_of = network.by_hops(graph, ["urn:hub"])
    shown, _layer = network.cluster_graph(graph, layer_of, ["urn:hub"])
    clusters = clusters_of(shown)
    # the hub stays itself; offences (hop 1) and provisions (hop 2): one cluster each
    assert set(shown) == {"urn:hub", *clusters}
    assert sorted((a["kind"], a["cluster"]) for a in clusters.values()) == [
        ("offence", 900),
        ("provision", 900),
    ]
    offences = next(c for c, a in clusters.items() if a["kind"] == "offence")
    assert clusters[offences]["label"] == "900 × offence"
    # every link between them stands for 900 links, counted
    assert shown.edges[offences, "urn:hub", "urn:topic"]["count"] == 900

    # opened: the offences by jurisdiction (300 each, under the part size)
    shown, _layer = network.cluster_graph(graph, layer_of, ["urn:hub"], frozenset({offences}))
    by_code = {
        a["jurisdiction"]: (c, a) for c, a in clusters_of(shown).items() if a["kind"] == "offence"
    }
    assert sorted(by_code) == ["FR", "SE", "UK-EW"]
    assert by_code["SE"][1]["label"] == "300 × offence (SE)"
    # one of them opened: its 300 offences drawn as themselves, the others stay clusters
    opened = frozenset({offences, by_code["SE"][0]})
    shown, _layer = network.cluster_graph(graph, layer_of, ["urn:hub"], opened)
    assert sum(1 for n in shown if n.startswith("urn:o:")) == 300
    assert len(clusters_of(shown)) == 3  # FR, UK-EW offences and the provisions


def test_a_large_group_of_one_jurisdiction_opens_in_parts():
    graph = nx.MultiDiGraph()
    for i in range(1000):
        graph.add_node(f"urn:o:{i:04d}", kind="offence", jurisdiction="FR", label=f"o {i:04d}")
    shown, _layer = network.cluster_graph(graph, None, [])
    (whole,) = clusters_of(shown)
    shown, _layer = network.cluster_graph(graph, None, [], frozenset({whole}))
    parts = sorted(a["cluster"] for a in clusters_of(shown).values())
    assert parts == [332, 334, 334] and all(p <= network.CLUSTER_PART for p in parts)
    labels = sorted(a["label"] for a in clusters_of(shown).values())
    assert labels[0] == "332 × offence (FR), part 3 of 3"


@pytest.fixture(scope="module")
def small_clusters(store) -> Iterator[TestClient]:
    """The app with views of more than 100 nodes drawn as clusters."""
    settings = Settings(store="memory", view_cluster_above=100)
    with TestClient(create_app(settings, store=store)) as client:
        yield client


def test_a_large_view_comes_as_clusters_that_open_on_request(small_clusters):
    whole = small_clusters.get(f"/graph.json?{TOPIC_VIEW}&limit=1000").json()
    assert whole["clusters"] > 0 and whole["opened"] == []
    clusters = [n for n in whole["nodes"] if n.get("cluster")]
    assert len(clusters) == whole["clusters"]
    assert TOPIC + "purchase-sex-minor" in {n["id"] for n in whole["nodes"]}  # never clustered
    singles = [n for n in whole["nodes"] if not n.get("cluster")]
    drawn = min(whole["total_nodes"], 1000)
    assert sum(c["cluster"] for c in clusters) + len(singles) == drawn
    assert all("×" in c["label"] and c["label"] == c["full_label"] for c in clusters)

    largest = max(clusters, key=lambda c: c["cluster"])
    ident = largest["id"]
    opened = small_clusters.get(f"/graph.json?{TOPIC_VIEW}&limit=1000&open={ident}").json()
    assert opened["opened"] == [ident]
    assert ident not in {n["id"] for n in opened["nodes"]}
    assert len(opened["nodes"]) > len(whole["nodes"])
    # the page draws the same (its JSON block), and says how many clusters there are
    page = small_clusters.get(f"/graph?{TOPIC_VIEW}&limit=1000&open={ident}")
    assert page.status_code == 200 and 'id="cluster-note"' in page.text
    # an unknown cluster id opens nothing; exports are never clustered
    same = small_clusters.get(f"/graph.json?{TOPIC_VIEW}&limit=1000&open=cluster:nope").json()
    assert same["nodes"] == whole["nodes"]
    gexf = small_clusters.get(f"/graph?{TOPIC_VIEW}&limit=1000&format=gexf")
    assert gexf.status_code == 200 and b"cluster:" not in gexf.content


def test_small_views_are_not_clustered(small_clusters):
    view = small_clusters.get("/graph.json?view=alignment&limit=100").json()
    assert view["clusters"] == 0 and not any(n.get("cluster") for n in view["nodes"])


def test_a_limit_above_the_setting_is_a_400(client, store):
    response = client.get(f"/graph.json?{TOPIC_VIEW}&limit=5001")
    assert response.status_code == 400 and "5000" in response.json()["message"]
    larger = dataclasses.replace(Settings(store="memory"), view_max_nodes=20000)
    with TestClient(create_app(larger, store=store)) as wide:
        assert wide.get(f"/graph.json?{TOPIC_VIEW}&limit=20000").status_code == 200


def test_view_settings_are_read_from_the_environment():
    default = Settings.from_env({})
    assert (default.view_max_nodes, default.view_cluster_above) == (5000, 2000)
    never = Settings.from_env({"POLICYKG_VIEW_CLUSTER_ABOVE": "0"})
    assert never.view_cluster_above == 0
    with pytest.raises(ConfigurationError):
        Settings.from_env({"POLICYKG_VIEW_MAX_NODES": "many"})


def test_cluster_labels_are_in_the_readers_language():
    from kg.locale import using

    graph = nx.MultiDiGraph()
    for i in range(1200):
        graph.add_node(f"urn:p:{i}", kind="provision", jurisdiction="FR", label=str(i))
    labels = {}
    for lang in ("en", "fr", "sv"):
        with using(lang):
            shown, _layer = network.cluster_graph(graph, None, [])
            labels[lang] = next(a["label"] for _n, a in shown.nodes(data=True))
    assert labels["en"] == "1,200 × provision (FR)"
    assert "disposition (FR)" in labels["fr"] and "bestämmelse (FR)" in labels["sv"]
