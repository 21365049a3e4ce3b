"""Network views read node attributes by index lookups on the embedded store (issue 12.2);
the SPARQL path (view-attributes.rq) that remote stores use gives the same annotations."""

from __future__ import annotations

from kg.publish import network


class _SparqlOnly:
    """The same store seen without its index lookups, as a remote store is."""

    def __init__(self, store: object) -> None:
        self._store = store

    def query(self, text: str) -> object:
        return self._store.query(text)  # type: ignore[attr-defined]


def _annotated(store: object, view: str) -> dict[str, dict[str, object]]:
    graph = network.graph_from_triples(network.construct(store, view, **network_parameters(view)))
    network.annotate(store, graph, chunk=50)
    return {n: dict(a) for n, a in graph.nodes(data=True)}


def network_parameters(view: str) -> dict[str, object]:
    from pyoxigraph import NamedNode

    return {"jurisdiction": NamedNode(network.JURISDICTION + "FR")} if view == "regime" else {}


def test_lookups_and_sparql_annotate_alike(store):
    assert hasattr(store, "about")
    direct = _annotated(store, "regime")
    through_sparql = _annotated(_SparqlOnly(store), "regime")
    assert len(direct) > 50
    assert direct.keys() == through_sparql.keys()
    for node, attrs in direct.items():
        other = through_sparql[node]
        for key in ("kind", "jurisdiction", "topics", "valid_from", "valid_until", "label_rank"):
            assert attrs.get(key) == other.get(key), (node, key)
