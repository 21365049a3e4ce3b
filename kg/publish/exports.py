"""A network view's data for graph tools: GraphML and GEXF (Gephi), Cytoscape.js JSON, JSON-LD.

Every export is built from the `View` the page draws (the same capped nodes and edges, the
same labels, in the reader's language where the data has one), so what a tool opens is what
the page showed; positions travel too, so Gephi or Cytoscape start from the server's layout.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from kg.ns import RDFS
from kg.publish.network import View

if TYPE_CHECKING:  # networkx is imported when a view is first exported
    import networkx as nx

#: Export formats: name → (media type, file extension).
FORMATS: dict[str, tuple[str, str]] = {
    "gexf": ("application/gexf+xml", "gexf"),
    "graphml": ("application/graphml+xml", "graphml"),
    "cyjs": ("application/json", "cyjs"),
    "jsonld": ("application/ld+json", "jsonld"),
}
#: The node fields every export carries (their values are plain text).
NODE_FIELDS = ("kind", "jurisdiction", "href", "color")


def to_networkx(view: View) -> nx.MultiDiGraph:
    """The view as a networkx graph: IRIs as node ids, label/kind/jurisdiction/position as
    attributes, one edge per drawn edge keyed by its predicate."""
    import networkx as nx

    graph = nx.MultiDiGraph(name=view.title)
    for node in view.nodes:
        graph.add_node(
            node["id"],
            label=node["full_label"],
            **{key: node.get(key, "") for key in NODE_FIELDS},
            x=float(node["x"]),
            y=float(node["y"]),
        )
    for edge in view.edges:
        graph.add_edge(
            edge["from"],
            edge["to"],
            key=edge["predicate"],
            predicate=edge["predicate"],
            label=edge.get("label") or "",
        )
    return graph


def _written(writer: Callable[..., None], graph: nx.MultiDiGraph) -> bytes:
    out = io.BytesIO()
    writer(graph, out)
    return out.getvalue()


def gexf(view: View) -> bytes:
    """GEXF 1.2 (Gephi's format); positions go in as the `x`/`y` node attributes."""
    import networkx as nx

    return _written(nx.write_gexf, to_networkx(view))


def graphml(view: View) -> bytes:
    """GraphML (yEd, Gephi, igraph, networkx)."""
    import networkx as nx

    return _written(nx.write_graphml, to_networkx(view))


def cytoscape(view: View) -> dict[str, Any]:
    """Cytoscape.js elements JSON (`cy.add(doc.elements)` or Cytoscape's File › Import)."""
    nodes = [
        {
            "data": {
                "id": node["id"],
                "label": node["full_label"],
                **{key: node.get(key, "") for key in NODE_FIELDS},
                "shape": node["shape"],
            },
            "position": {"x": node["x"], "y": node["y"]},
        }
        for node in view.nodes
    ]
    edges = [
        {
            "data": {
                "id": f"e{i}",
                "source": edge["from"],
                "target": edge["to"],
                "predicate": edge["predicate"],
                "label": edge.get("label") or "",
            }
        }
        for i, edge in enumerate(view.edges)
    ]
    return {"data": {"name": view.title}, "elements": {"nodes": nodes, "edges": edges}}


def jsonld(view: View) -> dict[str, Any]:
    """The view's triples as JSON-LD: each node's label (language-tagged when the data tags
    it) and its drawn links, with full predicate IRIs (no context to resolve)."""
    graph: dict[str, dict[str, Any]] = {}
    for node in view.nodes:
        label: dict[str, str] = {"@value": node["full_label"]}
        if node.get("lang"):
            label["@language"] = node["lang"]
        graph[node["id"]] = {"@id": node["id"], RDFS + "label": [label]}
    for edge in view.edges:
        graph[edge["from"]].setdefault(edge["predicate"], []).append({"@id": edge["to"]})
    return {"@graph": list(graph.values())}
