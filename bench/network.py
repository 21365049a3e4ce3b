"""Generation time of a network view on a synthetic 5,000-node graph, through kg.publish.network.

Run: .venv/bin/python bench/network.py [nodes]. It times each stage the server runs for a
view (networkx graph from triples, cap, layout, pyvis assembly, JSON) without a store, with
and without the default 500-node cap, so the figures in docs/views.md can be reproduced.
"""

from __future__ import annotations

import json
import random
import sys
import time
from collections.abc import Callable
from typing import Any

from pyoxigraph import NamedNode, Triple

from kg.publish import network

JURISDICTIONS = ("FR", "SE", "UK-EW", "UK-SCT", "UK-NI")


def synthetic_triples(nodes: int, seed: int = 1) -> list[Triple]:
    """A sparse graph (about two edges per node, a few hubs) shaped like the real views."""
    rng = random.Random(seed)
    iri = [NamedNode(f"https://w3id.org/policykg/id/bench/{i}") for i in range(nodes)]
    links = [NamedNode(network.PKG + p) for p in ("definedBy", "hasSanction", "topic")]
    triples = []
    for i in range(1, nodes):
        triples.append(Triple(iri[i], rng.choice(links), iri[rng.randrange(i)]))
        triples.append(Triple(iri[i], links[2], iri[rng.randrange(min(i, 50))]))
    return triples


def timed(label: str, call: Callable[[], Any], figures: dict[str, float]) -> Any:
    start = time.perf_counter()
    result = call()
    figures[label] = round(time.perf_counter() - start, 3)
    return result


def run(nodes: int, limit: int) -> dict[str, Any]:
    figures: dict[str, float] = {}
    triples = synthetic_triples(nodes)
    graph = timed("graph from triples", lambda: network.graph_from_triples(triples), figures)
    kinds = list(network.REGIME_LAYERS)
    for n, attrs in graph.nodes(data=True):
        number = int(n.rsplit("/", 1)[1])
        attrs.update(
            kind=kinds[number % len(kinds)], shape="dot", jurisdiction=JURISDICTIONS[number % 5]
        )
    shown = timed("cap", lambda: network.cap(graph, limit), figures)
    timed("layout", lambda: network.layout(shown), figures)
    view = timed(
        "layout + pyvis assembly",
        lambda: network.to_view("bench", "bench", shown, graph.number_of_nodes(), limit),
        figures,
    )
    timed(
        "layered layout + pyvis assembly (regime columns, as served)",
        lambda: network.to_view(
            "bench",
            "bench",
            shown,
            graph.number_of_nodes(),
            limit,
            network.by_kind(network.REGIME_LAYERS),
        ),
        figures,
    )
    payload = timed("JSON", lambda: json.dumps(view.as_json()), figures)
    return {
        "nodes": graph.number_of_nodes(),
        "edges": graph.number_of_edges(),
        "drawn nodes": len(view.nodes),
        "JSON bytes": len(payload),
        "seconds": figures,
    }


def main() -> None:
    nodes = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    network.to_view("warm-up", "", network.graph_from_triples([]), 0, 1)  # import pyvis once
    for limit in (network.DEFAULT_LIMIT, nodes):
        print(json.dumps({"limit": limit} | run(nodes, limit)))


if __name__ == "__main__":
    main()
