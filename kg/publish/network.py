"""Network views: saved SPARQL CONSTRUCT queries → networkx graphs → vis-network data.

A view (`kg/queries/view-<name>.rq`) says which triples make the picture; this module turns
them into a networkx graph (IRIs as string node ids; label, kind and jurisdiction as node
attributes), lays it out server-side with a seeded spring layout (so a view looks the same
on every load) and assembles nodes, edges and options through pyvis — as data only: the
page (api/templates/graph.html + api/static/graph.js) draws them with the vis-network
script that pyvis ships, so no pyvis HTML template and no inline script is involved.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pyoxigraph import Literal, NamedNode, Triple

from kg import queries
from kg.errors import PolicyKGError
from kg.facts import in_force
from kg.formats.results import is_graph
from kg.formats.terminal import short
from kg.locale import _, current, format_date, format_number, mark
from kg.ns import DCTERMS, ELI, ID, JURISDICTION, OWL, PKG, RDF, SKOS, TOPIC
from kg.publish.describe import LABEL_RANK, local_href
from kg.store import Store
from kg.terms import node_value

if TYPE_CHECKING:  # networkx (~12 MB) is imported when a view is first drawn
    import networkx as nx

#: A view shows at most this many nodes unless asked otherwise (vis-network stays fluid).
DEFAULT_LIMIT = 500
#: Largest cap a caller may ask for (the default of POLICYKG_VIEW_MAX_NODES).
MAX_LIMIT = 5000
#: Views of more nodes than this open as server-side clusters (the default of
#: POLICYKG_VIEW_CLUSTER_ABOVE): the browser draws a few hundred nodes, not thousands.
SERVER_CLUSTER_ABOVE = 2000
#: A server-side cluster of more members than this opens into parts of at most this many
#: (in label order), not into all of them at once.
CLUSTER_PART = 400
#: Above this many nodes the browser does not simulate physics: the server layout stays.
PHYSICS_LIMIT = 300
#: Above this many nodes a layered view's edges are straight lines, not curves.
CURVED_LIMIT = 1000
#: Spring layout seed: the same view is drawn the same way every time.
LAYOUT_SEED = 7
#: vis-network as shipped inside the installed pyvis package (served at a versioned URL).
VIS_VERSION = "9.1.2"
#: The jurisdictions of the alignment view, in display order.
ALIGNED = ("FR", "SE", "UK-EW", "UK-SCT", "UK-NI")

#: Node kinds by rdf:type, most specific first: (type IRI, kind, vis shape).
KINDS: tuple[tuple[str, str, str], ...] = (
    (PKG + "Offence", "offence", "dot"),
    (PKG + "Sanction", "sanction", "diamond"),
    (PKG + "Absence", "absence", "triangle"),
    (PKG + "ProvisionVersion", "provision version", "square"),
    (PKG + "Provision", "provision", "box"),
    (PKG + "LegalInstrument", "instrument", "database"),
    (PKG + "Jurisdiction", "jurisdiction", "hexagon"),
    (PKG + "Mention", "mention", "ellipse"),
    (PKG + "FigureClaim", "figure", "square"),
    (PKG + "PenaltyClaim", "penalty", "diamond"),
    (PKG + "Claim", "claim", "dot"),
    (PKG + "SubQuestion", "question", "dot"),
    (PKG + "ParliamentaryQuestion", "document", "star"),
    (PKG + "MinisterialAnswer", "document", "star"),
    (PKG + "Statute", "document", "star"),
    (PKG + "Document", "document", "star"),
    (PKG + "Recommendation", "recommendation", "circle"),
    (PKG + "MonitoringReport", "monitoring report", "star"),
    (PKG + "MonitoringBody", "monitoring body", "hexagon"),
    (SKOS + "Concept", "topic", "triangleDown"),
    (OWL + "Class", "class", "box"),
)
OTHER_KIND = ("resource", "dot")
#: How each kind is drawn: (vis shape, size in pixels, dashed border). Every shape keeps its
#: label outside the node (vis-network's box, database, ellipse and circle grow with their
#: label, which made giant instruments), and sizes stay within a small range.
STYLES: dict[str, tuple[str, int, bool]] = {
    "instrument": ("hexagon", 15, False),
    "provision": ("square", 10, False),
    "provision version": ("square", 7, True),
    "offence": ("dot", 13, False),
    "sanction": ("diamond", 9, False),
    "absence": ("triangle", 11, True),
    "jurisdiction": ("star", 16, False),
    "mention": ("dot", 7, True),
    "document": ("star", 14, False),
    "topic": ("triangleDown", 13, False),
    "class": ("square", 10, True),
    "recommendation": ("diamond", 11, True),
    "monitoring report": ("star", 12, True),
    "monitoring body": ("hexagon", 12, True),
    "claim": ("dot", 11, False),
    "figure": ("square", 8, True),
    "penalty": ("diamond", 8, True),
    "question": ("dot", 7, True),
    "resource": ("dot", 8, False),
}
#: Kinds whose labels are drawn from the start; the others show theirs on hover.
MAIN_KINDS = frozenset(
    {"instrument", "offence", "absence", "jurisdiction", "document", "topic", "monitoring body"}
)
#: The kinds as a cluster's label names them, in the reader's language (the legend and
#: filters keep the kinds' identifiers).
KIND_WORDS: dict[str, str] = {
    "instrument": mark("instrument"),
    "provision": mark("provision"),
    "provision version": mark("provision version"),
    "offence": mark("offence"),
    "sanction": mark("sanction"),
    "absence": mark("absence"),
    "jurisdiction": mark("jurisdiction"),
    "mention": mark("mention"),
    "document": mark("document"),
    "topic": mark("topic"),
    "class": mark("class"),
    "recommendation": mark("recommendation"),
    "monitoring report": mark("monitoring report"),
    "monitoring body": mark("monitoring body"),
    "claim": mark("claim"),
    "figure": mark("figure"),
    "penalty": mark("penalty"),
    "question": mark("question"),
    "resource": mark("resource"),
}
#: Neighbourhoods and documents of more than CLUSTER_ABOVE nodes open as clusters of at
#: least CLUSTER_MIN nodes (one kind, one jurisdiction) that open on click.
CLUSTER_ABOVE = 60
CLUSTER_MIN = 4
#: Links whose name goes without saying: never labelled on the canvas (tooltips, exports keep it).
QUIET_EDGES = frozenset({PKG + "hasSanction", PKG + "definedBy", PKG + "versionOf"})
#: Edge labels (the mapping relations) are drawn this size, in canvas units.
EDGE_FONT = 11
#: Up to this many nodes every label is drawn (there is room for them).
ALL_LABELS_LIMIT = 40
#: Labels drawn on the canvas are cut to this many characters (the tooltip has the whole).
LABEL_CHARS = 32
#: Layered layouts: distance between layers (columns) and between rows, in pixels; a layer
#: longer than COLUMN_ROWS wraps into sub-columns SUBCOLUMN apart (LABELLED_SUBCOLUMN when
#: its labels are drawn).
LAYER_GAP = 300.0
#: Neighbouring columns are LAYER_GAP apart when both have labels, closer otherwise: half a
#: label's width (LABEL_CHARS characters of 14 px) or half a node's, plus EDGE_RUN for the
#: edges between them, and at least MIN_LAYER_GAP.
LABEL_HALF_WIDTH = 120.0
NODE_HALF_WIDTH = 30.0
EDGE_RUN = 60.0
MIN_LAYER_GAP = 160.0
ROW_GAP = 64.0
#: Rows of a drawing of clusters are further apart: a cluster is larger than a node.
CLUSTER_ROW_GAP = 100.0
COLUMN_ROWS = 24
#: The rows of a column are chosen between MIN_ROWS and MAX_ROWS so that the drawing best
#: fills a frame TARGET_ASPECT times as wide as it is high (a desktop window's graph area).
MIN_ROWS = 6
MAX_ROWS = 60
TARGET_ASPECT = 1.7
SUBCOLUMN = 70.0
LABELLED_SUBCOLUMN = 260.0
#: The layers of the regime view, left to right (instrument → provision → offence → sanction).
REGIME_LAYERS: dict[str, int] = {
    "instrument": 0,
    "provision": 1,
    "provision version": 1,
    "offence": 2,
    "absence": 2,
    "sanction": 3,
    "topic": 4,
}
#: One colour per jurisdiction; the rest grey.
COLOURS = {
    "FR": "#2f6fc0",
    "SE": "#e0a800",
    "UK-EW": "#c8312c",
    "UK-SCT": "#2e9e4f",
    "UK-NI": "#8a55c0",
    "UK": "#b05a78",
}
NO_JURISDICTION_COLOUR = "#8c95a3"
#: Predicates that describe a node rather than link two of them.
ATTRIBUTE_PREDICATES = frozenset({RDF + "type"})
#: Literal properties that may serve as a display label (ranked as on resource pages).
LABEL_PREDICATES = {**LABEL_RANK, DCTERMS + "title": 1, SKOS + "notation": 4}
#: The dates that say when a fact is in force, and when an instrument was made.
DATE_DOCUMENT = ELI + "date_document"
DATE_PREDICATES = frozenset({PKG + "validFrom", PKG + "validUntil", DATE_DOCUMENT})
#: What a large view's clusters are made of (the rest is read for the nodes drawn).
KIND_ATTRIBUTES = (RDF + "type",)
#: What a view shows of each node (the predicates of view-attributes.rq).
ATTRIBUTES = (
    RDF + "type",
    PKG + "jurisdiction",
    PKG + "topic",
    PKG + "validFrom",
    PKG + "validUntil",
    *LABEL_PREDICATES,
)


@dataclass
class View:
    """A laid-out network ready for the page and /graph.json."""

    name: str
    title: str
    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    options: dict[str, Any]
    total_nodes: int
    limit: int
    legend: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    #: The page clusters groups of at least `cluster_min` unlabelled nodes of one kind and
    #: jurisdiction when the view has more than `cluster_above` nodes (0: never).
    cluster_min: int = 0
    cluster_above: int = 0
    #: The day the view was restricted to (facts in force on it), "" for all of them.
    at: str = ""
    #: The node the view is about (a document, a resource, a topic), "" for none: a phone
    #: opens on it.
    centre: str = ""
    #: Server-side clusters drawn (a large view) and the clusters opened so far.
    clusters: int = 0
    opened: list[str] = field(default_factory=list)
    #: What the view was drawn from, to draw it again with other clusters open (not JSON).
    prepared: Prepared | None = field(default=None, repr=False, compare=False)

    @property
    def truncated(self) -> bool:
        return self.total_nodes > len(self.nodes)

    def as_json(self) -> dict[str, Any]:
        return {
            "view": self.name,
            "title": self.title,
            "nodes": self.nodes,
            "edges": self.edges,
            "options": self.options,
            "total_nodes": self.total_nodes,
            "limit": self.limit,
            "truncated": self.truncated,
            "legend": self.legend,
            "cluster_min": self.cluster_min,
            "cluster_above": self.cluster_above,
            "at": self.at,
            "centre": self.centre,
            "clusters": self.clusters,
            "opened": self.opened,
        }


def vis_folder() -> Path:
    """Where the installed pyvis keeps vis-network (not copied into this repository)."""
    folder = Path(str(resources.files("pyvis") / "lib" / f"vis-{VIS_VERSION}"))
    if not (folder / "vis-network.min.js").is_file():
        raise PolicyKGError(
            mark("pyvis does not ship vis-network {VIS_VERSION} at {folder}"),
            VIS_VERSION=VIS_VERSION,
            folder=folder,
        )
    return folder


# ---------------------------------------------------------------------------------- queries


def construct(store: Store, name: str, **values: NamedNode | Sequence[NamedNode]) -> list[Triple]:
    """The triples of the saved CONSTRUCT `view-<name>.rq` with its parameters bound."""
    result = store.query(queries.bind_for(store, queries.load(f"view-{name}"), values))
    if not is_graph(result):  # pyoxigraph's triples, or a remote server's list of them
        raise PolicyKGError(mark("view-{name}.rq is not a CONSTRUCT query"), name=name)
    return list(result)


def graph_from_triples(
    triples: Iterable[Triple], graph: nx.MultiDiGraph | None = None
) -> nx.MultiDiGraph:
    """IRI→IRI triples become edges (keyed by predicate), label literals node attributes
    (added to `graph` when given)."""
    import networkx as nx

    graph = nx.MultiDiGraph() if graph is None else graph
    for t in triples:
        s, p, o = t.subject, t.predicate, t.object
        if not isinstance(s, NamedNode):
            continue
        if isinstance(o, Literal):
            if p.value in LABEL_PREDICATES:
                graph.add_node(s.value)
                _offer_label(graph.nodes[s.value], p.value, o, view_label=True)
            continue
        if isinstance(o, NamedNode) and p.value not in ATTRIBUTE_PREDICATES:
            graph.add_edge(s.value, o.value, key=p.value, predicate=p.value)
    return graph


def annotate(
    store: Store,
    graph: nx.MultiDiGraph,
    chunk: int = 2000,
    nodes: Iterable[str] | None = None,
    light: bool = False,
) -> None:
    """Give each node (of `nodes`, default all) its label, kind and jurisdiction
    (view-attributes.rq), in chunks. `light`: its kind only (what a large view's first
    clusters are made of; one index look-up a node, not all its triples), the rest when it
    is drawn; its jurisdiction when a cluster holding it opens (`read_jurisdictions`)."""
    ids = [
        n
        for n in (graph.nodes if nodes is None else nodes)
        if "kind" not in graph.nodes[n] or (graph.nodes[n].get("light") and not light)
    ]
    types: dict[str, set[str]] = {n: set() for n in ids}
    predicates = KIND_ATTRIBUTES if light else ATTRIBUTES
    for t in _attribute_triples(store, ids, chunk, predicates):
        subject = node_value(t.subject)
        attrs = graph.nodes[subject]
        p, o = t.predicate.value, t.object
        if p == RDF + "type":
            types[subject].add(node_value(o))
        elif p == PKG + "jurisdiction" and isinstance(o, NamedNode):
            attrs.setdefault("jurisdiction", _code(o.value))
        elif p == PKG + "topic" and isinstance(o, NamedNode):
            attrs.setdefault("topics", set()).add(o.value.rsplit("/", 1)[-1])
        elif p in (PKG + "validFrom", PKG + "validUntil") and isinstance(o, Literal):
            attrs["valid_from" if p.endswith("validFrom") else "valid_until"] = o.value
        elif isinstance(o, Literal) and p in LABEL_PREDICATES:
            _offer_label(attrs, p, o)
    # A sanction is about what its offence is about (for the page's topic filter).
    edges = graph.edges(data="predicate") if nodes is None else graph.in_edges(ids, "predicate")
    for offence, sanction, predicate in edges:
        if predicate == PKG + "hasSanction" and graph.nodes[offence].get("topics"):
            graph.nodes[sanction].setdefault("topics", set()).update(graph.nodes[offence]["topics"])
    for node in ids:
        attrs = graph.nodes[node]
        attrs["kind"], attrs["shape"] = _kind(types[node])
        if attrs["kind"] == "jurisdiction":
            attrs["jurisdiction"] = _code(node)
        if light:
            attrs["light"] = "kind"
        else:
            attrs.pop("light", None)


def read_jurisdictions(store: Store, graph: nx.MultiDiGraph, nodes: Iterable[str]) -> None:
    """The jurisdiction of each of `nodes` read lightly (`annotate(light=True)`) so far: what
    an opened cluster's members are grouped by (one index look-up a node)."""
    todo = [n for n in nodes if graph.nodes[n].get("light") == "kind"]
    for t in _attribute_triples(store, todo, 2000, (PKG + "jurisdiction",)):
        if t.predicate.value == PKG + "jurisdiction" and isinstance(t.object, NamedNode):
            graph.nodes[node_value(t.subject)].setdefault("jurisdiction", _code(t.object.value))
    for node in todo:
        graph.nodes[node]["light"] = "jurisdiction"


def _attribute_triples(
    store: Store, ids: list[str], chunk: int, predicates: Iterable[str] = ATTRIBUTES
) -> Iterator[Triple]:
    """The attribute triples of `ids` (`predicates`, among ATTRIBUTES): by index lookups
    where the store offers them (the embedded store), else by view-attributes.rq in chunks."""
    about = getattr(store, "about", None)
    if about is not None:
        yield from about(ids, predicates)
        return
    for start in range(0, len(ids), chunk):
        yield from construct(
            store, "attributes", x=[NamedNode(n) for n in ids[start : start + chunk]]
        )


def _offer_label(
    attrs: dict[str, Any], predicate: str, label: Literal, view_label: bool = False
) -> None:
    """Keep the best label seen so far: the view's own first, then by property and language."""
    lang = label.language or ""
    # The reader's language first, then English, then untagged (a dict literal with the
    # reader's language as a key would let "en": 1 overwrite it for English readers).
    order = [current(), "en", ""]
    preference = order.index(lang) if lang in order else len(order)
    # Language before property, as on resource pages: a curator's translation in the
    # reader's language beats an official name in another.
    rank = (0 if view_label else 1, preference, LABEL_PREDICATES[predicate])
    if "label_rank" not in attrs or rank < attrs["label_rank"]:
        attrs["label_rank"] = rank
        attrs["label"] = label.value
        attrs["label_lang"] = lang


def _kind(types: set[str]) -> tuple[str, str]:
    for iri, kind, shape in KINDS:
        if iri in types:
            return kind, STYLES.get(kind, (shape,))[0]
    return OTHER_KIND


def _code(iri: str) -> str:
    """j:FR → FR; any other IRI is kept whole."""
    return iri.removeprefix(JURISDICTION)


# ------------------------------------------------------------------------------ shaping


def cap(
    graph: nx.MultiDiGraph, limit: int, keep: Sequence[str] = (), in_place: bool = False
) -> nx.MultiDiGraph:
    """At most `limit` nodes: the `keep` ones first, then the best connected (stable order).
    With `in_place` the others are removed from `graph` itself (no copy is made)."""
    import networkx as nx

    if graph.number_of_nodes() <= limit:
        return graph
    kept = [n for n in keep if n in graph]
    first = set(kept)
    degree = dict(graph.degree())  # one pass: DegreeView lookups per node took a tenth of a second
    others = sorted((n for n in degree if n not in first), key=lambda n: (-degree[n], n))
    chosen = kept + others[: max(0, limit - len(kept))]
    if in_place:
        graph.remove_nodes_from(others[max(0, limit - len(kept)) :])
        return graph
    inside = set(chosen)
    # Built directly: networkx's subgraph(...).copy() walked views and took seconds at 5k nodes.
    capped = nx.MultiDiGraph()
    capped.add_nodes_from((n, graph.nodes[n]) for n in chosen)
    capped.add_edges_from(
        (u, v, k, d)
        for u, v, k, d in graph.edges(keys=True, data=True)
        if u in inside and v in inside
    )
    return capped


def layout(graph: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    """Deterministic server-side positions in vis-network pixels.

    networkx's `spring_layout` needs numpy, which policykg does not depend on: with numpy
    installed it refines the radial layout below (seeded, so stable); without it the radial
    layout is the answer. Below PHYSICS_LIMIT the browser's physics finishes the job anyway.
    """
    import networkx as nx

    positions = radial_layout(graph)
    if 1 < graph.number_of_nodes() <= PHYSICS_LIMIT and _has_numpy():
        simple = nx.Graph(graph.to_undirected(as_view=True))
        scale = max(max(abs(c) for xy in positions.values() for c in xy), 1.0)
        spring = nx.spring_layout(simple, pos=positions, seed=LAYOUT_SEED, scale=scale)
        positions = {n: (float(x), float(y)) for n, (x, y) in spring.items()}
    return {n: (round(x, 1), round(y, 1)) for n, (x, y) in positions.items()}


@cache
def _has_numpy() -> bool:
    try:
        import numpy  # noqa: F401
    except ImportError:
        return False
    return True


#: Radial layout: distance between rings and between neighbours on a ring, in pixels.
RING = 140.0
SPACING = 60.0


def radial_layout(graph: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    """Each connected component as rings of breadth-first layers around its best-connected
    node (children next to their parent), components packed in rows: O(N + E), no numpy."""
    import networkx as nx

    simple = graph.to_undirected(as_view=True)
    components = sorted(nx.connected_components(simple), key=lambda c: (-len(c), min(c)))
    placed = [_rings(simple, component) for component in components]
    width = math.sqrt(sum((2 * r + SPACING) ** 2 for _, r in placed)) * 1.2
    positions: dict[str, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for local, radius in placed:
        size = 2 * radius + SPACING
        if x > 0 and x + size > width:
            x, y, row_height = 0.0, y + row_height, 0.0
        for node, (lx, ly) in local.items():
            positions[node] = (x + size / 2 + lx, y + size / 2 + ly)
        x += size
        row_height = max(row_height, size)
    return positions


def _rings(graph: Any, component: set[str]) -> tuple[dict[str, tuple[float, float]], float]:
    """One component's positions around (0, 0) and its radius."""
    import networkx as nx

    root = min(component, key=lambda n: (-graph.degree(n), n))
    angle = {root: 0.0}
    local = {root: (0.0, 0.0)}
    radius = 0.0
    for depth, layer in enumerate(nx.bfs_layers(graph, [root])):
        if depth == 0:
            continue
        parent_angle = {
            n: min((angle[m] for m in graph.neighbors(n) if m in angle), default=0.0) for n in layer
        }
        ordered = sorted(layer, key=lambda n: (parent_angle[n], n))
        radius = max(radius + RING, len(ordered) * SPACING / (2 * math.pi))
        for i, node in enumerate(ordered):
            a = 2 * math.pi * i / len(ordered)
            angle[node] = a
            local[node] = (radius * math.cos(a), radius * math.sin(a))
    return local, radius


#: Which layer (column) a node goes in, from its id and attributes; None: the last layer.
Layering = Callable[[str, dict[str, Any]], "int | None"]


def by_kind(layers: dict[str, int]) -> Layering:
    """Layers by node kind (the regime view: instrument → provision → offence → sanction)."""
    return lambda _node, attrs: layers.get(attrs.get("kind", ""))


def by_jurisdiction(order: Sequence[str], middle: int) -> Layering:
    """One column per jurisdiction in `order`, nodes without one (topics) in column `middle`."""
    columns = {code: i + (i >= middle) for i, code in enumerate(order)}
    return lambda _node, attrs: columns.get(attrs.get("jurisdiction", ""), middle)


def by_hops(graph: nx.MultiDiGraph, roots: Sequence[str]) -> Layering:
    """Columns by distance from `roots` (a neighbourhood or a document: it, then hop 1, hop 2…)."""
    import networkx as nx

    start = [r for r in roots if r in graph] or sorted(graph, key=lambda n: -graph.degree(n))[:1]
    hops: dict[str, int] = {}
    if start:
        simple = graph.to_undirected(as_view=True)
        for depth, layer in enumerate(nx.bfs_layers(simple, start)):
            hops.update(dict.fromkeys(layer, depth))
    return lambda node, _attrs: hops.get(node)


def layered_layout(
    graph: nx.MultiDiGraph,
    layer_of: Layering,
    labelled: set[str],
    anchor: int = 0,
    row_gap: float = ROW_GAP,
) -> dict[str, tuple[float, float]]:
    """Columns of nodes, left to right, each ordered by the mean row of its neighbours in
    the columns already ordered (the `anchor` column first, sorted by label), so edges
    mostly run straight; a long column wraps into sub-columns. O(N log N + E), no numpy."""
    if not graph:
        return {}  # nothing to draw (e.g. nothing was in force on the day asked)
    raw = {n: layer_of(n, graph.nodes[n]) for n in graph}
    last = max((v for v in raw.values() if v is not None), default=-1) + 1
    members: dict[int, list[str]] = {}
    for node, value in raw.items():
        members.setdefault(last if value is None else value, []).append(node)
    # Neighbours read from networkx's own adjacency dicts: its undirected view cost more
    # than the layout itself at 5,000 nodes.
    succ, pred = graph.succ, graph.pred
    row: dict[str, float] = {}

    def label_key(n: str) -> tuple[str, str]:
        return (str(graph.nodes[n].get("label", "")).casefold(), n)

    ordered: dict[int, list[str]] = {}
    for index in sorted(members, key=lambda i: (abs(i - anchor), i)):
        nodes = sorted(members[index], key=label_key)

        def centre(n: str) -> float:
            seen = [row[m] for m in {*succ[n], *pred[n]} if m in row]
            return sum(seen) / len(seen) if seen else math.inf

        ordered[index] = sorted(nodes, key=lambda n: (centre(n), *label_key(n)))
        for i, node in enumerate(ordered[index]):
            row[node] = float(i)
    has_labels = {i: bool(labelled.intersection(nodes)) for i, nodes in ordered.items()}
    gaps = {i: LABELLED_SUBCOLUMN if has_labels[i] else SUBCOLUMN for i in ordered}
    # Columns are as far apart as their labels need: two labelled columns LAYER_GAP, an
    # unlabelled one (provisions, sanctions) closer to its neighbours.
    indices = sorted(ordered)
    after = {i: _layer_gap(has_labels[i], has_labels[j]) for i, j in itertools.pairwise(indices)}
    most = _best_rows(
        [(len(ordered[i]), gaps[i], after.get(i, LAYER_GAP)) for i in indices], row_gap
    )
    positions: dict[str, tuple[float, float]] = {}
    x = 0.0
    for index in indices:
        nodes = ordered[index]
        columns = math.ceil(len(nodes) / most)
        rows = math.ceil(len(nodes) / columns)
        gap = gaps[index]
        for i, node in enumerate(nodes):
            column, r = divmod(i, rows)
            positions[node] = (x + column * gap, (r - (rows - 1) / 2) * row_gap)
        x += (columns - 1) * gap + after.get(index, LAYER_GAP)
    return positions


def _layer_gap(left_labelled: bool, right_labelled: bool) -> float:
    """Distance between two neighbouring columns: half a label each side that has labels,
    a little for the nodes of one that has none, and room for the edges between."""
    half = {True: LABEL_HALF_WIDTH, False: NODE_HALF_WIDTH}
    return max(MIN_LAYER_GAP, half[left_labelled] + half[right_labelled] + EDGE_RUN)


def _best_rows(layers: list[tuple[int, float, float]], row_gap: float = ROW_GAP) -> int:
    """How many rows a column may hold before it wraps: the number that lets the drawing
    fill a TARGET_ASPECT frame at the largest scale (the labels then read best). Each layer
    is (nodes, distance between its sub-columns, distance to the next column)."""
    best, best_scale = COLUMN_ROWS, 0.0
    tallest = max((n for n, _gap, _after in layers), default=1)
    for rows in range(MIN_ROWS, max(MIN_ROWS, min(tallest, MAX_ROWS)) + 1):
        width = sum((math.ceil(n / rows) - 1) * gap + after for n, gap, after in layers)
        height = max(math.ceil(n / math.ceil(n / rows)) for n, _gap, _after in layers) * row_gap
        scale = min(TARGET_ASPECT / width, 1 / height)
        if scale > best_scale:
            best, best_scale = rows, scale
    return best


def labelled_nodes(
    graph: nx.MultiDiGraph, keep: Sequence[str] = (), kinds: frozenset[str] = MAIN_KINDS
) -> set[str]:
    """The nodes whose labels are drawn from the start: all of a small view, else the main
    kinds and the nodes asked about (the others show their label on hover)."""
    if graph.number_of_nodes() <= ALL_LABELS_LIMIT:
        return set(graph)
    main = {n for n, kind in graph.nodes(data="kind") if kind in kinds}
    flagged = {n for n, flag in graph.nodes(data="labelled") if flag}  # a view's choice
    clusters = {n for n, count in graph.nodes(data="cluster") if count}  # their count
    return main | flagged | clusters | {n for n in keep if n in graph}


def to_view(
    name: str,
    title: str,
    graph: nx.MultiDiGraph,
    total_nodes: int,
    limit: int,
    layer_of: Layering | None = None,
    keep: Sequence[str] = (),
    edge_labels: bool = False,
    anchor: int = 0,
    labelled_kinds: frozenset[str] = MAIN_KINDS,
    edge_label_px: float = 0.0,
    clustered: bool = False,
) -> View:
    """Lay out `graph` and assemble it with pyvis into vis-network nodes, edges and options.

    With `layer_of` the layout is layered and final (physics off: the page is interactive at
    once); without it, the radial/spring layout below, finished by a short physics run for
    small views. pyvis's `add_node`/`add_edge` check every addition against the lists built
    so far (quadratic on thousands of nodes), so its lists are filled directly.
    """
    net = _pyvis_network()
    labelled = labelled_nodes(graph, keep, labelled_kinds)
    if layer_of is not None:
        positions = {
            n: (round(x, 1), round(y, 1))
            for n, (x, y) in layered_layout(
                graph, layer_of, labelled, anchor, CLUSTER_ROW_GAP if clustered else ROW_GAP
            ).items()
        }
        physics = False
    else:
        positions = layout(graph)
        physics = graph.number_of_nodes() <= PHYSICS_LIMIT
    focus = set(keep)
    net.nodes = [
        _vis_node(node, attrs, positions[node], node in labelled, node in focus)
        for node, attrs in graph.nodes(data=True)
    ]
    net.node_ids = [node["id"] for node in net.nodes]
    net.node_map = {node["id"]: node for node in net.nodes}
    # a drawing of clusters: its edges stand for many links each, of several kinds
    show = not clustered and (edge_labels or graph.number_of_nodes() <= ALL_LABELS_LIMIT)
    net.edges = [
        {
            "from": s,
            "to": o,
            "predicate": p,
            "label": short(NamedNode(p)) if show and p not in QUIET_EDGES else "",
            "arrows": "to",
        }
        for s, o, p in graph.edges(keys=True)
    ]
    if any(count for _u, _v, count in graph.edges(data="count")):
        # edges between clusters stand for several: wider (and counted) for more of them
        for edge, (_u, _v, count) in zip(net.edges, graph.edges(data="count"), strict=True):
            if count and count > 1:
                edge["count"] = count
                edge["width"] = round(1 + min(4.0, math.log10(count) * 1.5), 1)
    net.toggle_physics(physics)
    net.options.physics.stabilization.iterations = 60
    nodes, edges, _heading, _height, _width, options_json = net.get_network_data()

    options = json.loads(options_json)
    if layer_of is not None:
        options["edges"]["smooth"] = {
            # curves cost the browser about three times as much to draw as lines, at every
            # redraw (pan, zoom): a view of thousands of nodes gets lines
            "enabled": graph.number_of_nodes() <= CURVED_LIMIT,
            "type": "cubicBezier",
            "forceDirection": "horizontal",
            "roundness": 0.4,
        }
    else:
        options["edges"]["smooth"] = {
            "enabled": physics,
            "type": "dynamic" if physics else "continuous",
        }
    options["edges"].update({"color": {"color": "#a9b1bd", "highlight": "#333"}, "width": 1})
    options["edges"]["font"] = {"size": EDGE_FONT, "color": "#445", "strokeWidth": 3}
    if edge_label_px:  # edge labels only once zoomed in enough to read them
        options["edges"]["scaling"] = {"label": {"drawThreshold": edge_label_px + 1}}
    options["interaction"].update({"hover": True, "tooltipDelay": 150})
    options["nodes"] = {"font": {"size": 14, "strokeWidth": 3, "strokeColor": "#ffffff"}}
    if not physics:
        options["interaction"]["hideEdgesOnDrag"] = graph.number_of_nodes() > PHYSICS_LIMIT
    return View(name, title, nodes, edges, options, total_nodes, limit, _legend(nodes))


@cache
def _pyvis_class() -> type:
    """pyvis imports IPython (about a fifth of a second, ~20 MB): loaded once, on the first
    view drawn, so that a server answering SPARQL and pages does not carry it."""
    from pyvis.network import Network

    return Network


def _pyvis_network() -> Any:
    return _pyvis_class()(directed=True, cdn_resources="local")


def _vis_node(
    node: str,
    attrs: dict[str, Any],
    position: tuple[float, float],
    labelled: bool = True,
    focus: bool = False,
) -> dict[str, Any]:
    """One vis-network node; everything is plain data (the page escapes it, tooltips too).

    `label` is what is drawn from the start ("" for a node whose label shows on hover),
    `short_label` what hover draws, `full_label` what the tooltip and search show."""
    jurisdiction = attrs.get("jurisdiction")
    label = attrs.get("label") or short(NamedNode(node))
    kind = attrs.get("kind", OTHER_KIND[0])
    shape, size, dashed = STYLES.get(kind, STYLES[OTHER_KIND[0]])
    count = attrs.get("cluster", 0)
    cut = label if len(label) <= LABEL_CHARS or count else label[: LABEL_CHARS - 1] + "…"
    drawn = {
        "id": node,
        "label": cut if labelled else "",
        "short_label": cut,
        "full_label": label,
        "lang": attrs.get("label_lang", "") if attrs.get("label") else "",
        "kind": kind,
        "jurisdiction": jurisdiction or "",
        "topics": sorted(attrs.get("topics", ())),
        "valid_from": attrs.get("valid_from", ""),
        "valid_until": attrs.get("valid_until", ""),
        "href": attrs.get("href") or local_href(node) or "",
        "shape": shape,
        "size": size + 4 if focus else size,
        "color": COLOURS.get(jurisdiction or "", NO_JURISDICTION_COLOUR),
        "x": position[0],
        "y": position[1],
    }
    if count:  # a server-side cluster: larger for more members, a thick outline
        drawn.update(cluster=count, size=min(34, size + 6 + round(3 * math.log10(count))))
        drawn["borderWidth"] = 4
        drawn["font"] = {"size": 15}
    if "verdict" in attrs:  # a claim: coloured by its verdict
        drawn["verdict"], drawn["verdict_label"] = attrs["verdict"], attrs["verdict_label"]
        drawn["color"] = VERDICT_COLOURS.get(attrs["verdict"], NO_JURISDICTION_COLOUR)
    if dashed:
        drawn["shapeProperties"] = {"borderDashes": [3, 2]}
        drawn["borderWidth"] = 4 if count else 2
    return drawn


def _legend(nodes: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """The jurisdictions (colours) and kinds (shapes) present, for the page's legend."""
    jurisdictions = sorted({n["jurisdiction"] for n in nodes if n["jurisdiction"]})
    shapes = {n["kind"]: n["shape"] for n in nodes}
    verdicts = {n["verdict"]: n["verdict_label"] for n in nodes if "verdict" in n}
    return {
        "verdicts": [
            {"verdict": v, "label": verdicts[v], "color": VERDICT_COLOURS[v]}
            for v in VERDICT_COLOURS
            if v in verdicts
        ],
        "jurisdictions": [
            {"code": j, "color": COLOURS.get(j, NO_JURISDICTION_COLOUR)} for j in jurisdictions
        ],
        "kinds": [
            {"kind": k, "shape": shapes[k], "dashed": STYLES.get(k, STYLES["resource"])[2]}
            for k in sorted(shapes)
        ],
    }


# -------------------------------------------------------------------------------- views


def regime(
    store: Store,
    jurisdiction: str,
    limit: int = DEFAULT_LIMIT,
    at: str | None = None,
    clustering: Clustering | None = None,
) -> View:
    """Instruments → provisions → offences → sanctions (and absences) of one jurisdiction."""
    graph = graph_from_triples(
        construct(store, "regime", jurisdiction=NamedNode(JURISDICTION + jurisdiction))
    )
    title = _("Regime of {code}", code=jurisdiction)
    return _finish(
        store,
        "regime",
        title,
        graph,
        limit,
        layers=lambda _g: by_kind(REGIME_LAYERS),
        at=at,
        clustering=clustering,
    )


def alignment(
    store: Store,
    jurisdictions: Sequence[str] = ALIGNED,
    limit: int = DEFAULT_LIMIT,
    at: str | None = None,
    clustering: Clustering | None = None,
) -> View:
    """The offences of several jurisdictions side by side through the topics they share."""
    iris = [NamedNode(JURISDICTION + j) for j in jurisdictions]
    graph = graph_from_triples(_shared_topics(construct(store, "alignment", jurisdiction=iris)))
    title = _("Offences aligned by topic: {codes}", codes=", ".join(jurisdictions))
    middle = (len(jurisdictions) + 1) // 2
    return _finish(
        store,
        "alignment",
        title,
        graph,
        limit,
        layers=lambda _g: by_jurisdiction(jurisdictions, middle),
        edge_labels=True,
        anchor=middle,
        at=at,
        # many mapping edges end at each topic: their labels, drawn at the edges' middles,
        # would cover the offences' labels at the scale the view opens at
        edge_label_px=EDGE_FONT,
        clustering=clustering,
    )


def _shared_topics(triples: list[Triple]) -> list[Triple]:
    """The alignment's triples about topics at least two of the jurisdictions share (each
    offence's jurisdiction comes with the query's answer and is not drawn)."""
    where = {t.subject: t.object for t in triples if t.predicate.value == PKG + "jurisdiction"}
    links = [
        t for t in triples if t.predicate.value not in (PKG + "jurisdiction", PKG + "definedBy")
    ]
    holders: dict[object, set[object]] = {}
    for t in links:
        holders.setdefault(t.object, set()).add(where.get(t.subject))
    shared = {topic for topic, codes in holders.items() if len(codes) >= 2}
    kept = [t for t in links if t.object in shared]
    offences = {t.subject for t in kept}
    return kept + [
        t for t in triples if t.predicate.value == PKG + "definedBy" and t.subject in offences
    ]


def comparison(
    store: Store,
    topic: str,
    jurisdictions: Sequence[str] = ALIGNED,
    limit: int = DEFAULT_LIMIT,
    at: str | None = None,
    clustering: Clustering | None = None,
) -> View:
    """One topic across jurisdictions: each jurisdiction's offences in its own column with
    their sanctions beside them (outwards), the topic in the middle, every offence joined to
    it by its mapping relation (a labelled edge)."""
    topic_iri = NamedNode(TOPIC + topic)
    triples = construct(
        store,
        "comparison",
        topic=[topic_iri] * len(jurisdictions),
        jurisdiction=[NamedNode(JURISDICTION + j) for j in jurisdictions],
    )
    where = {
        t.subject.value: _code(t.object.value)
        for t in triples
        if t.predicate.value == PKG + "jurisdiction"
        and isinstance(t.subject, NamedNode)
        and isinstance(t.object, NamedNode)
    }
    graph = graph_from_triples(t for t in triples if t.predicate.value != PKG + "jurisdiction")
    graph.add_node(topic_iri.value)
    for offence, code in where.items():  # a sanction sits on its offence's side
        graph.nodes[offence]["side"] = code
        for _o, sanction, predicate in graph.out_edges(offence, data="predicate"):
            if predicate == PKG + "hasSanction":
                graph.nodes[sanction]["side"] = code
    title = _("{topic} compared: {codes}", topic=topic, codes=", ".join(jurisdictions))
    return _finish(
        store,
        "comparison",
        title,
        graph,
        limit,
        keep=[topic_iri.value],
        layers=lambda _g: by_sides(jurisdictions),
        edge_labels=True,
        anchor=2 * ((len(jurisdictions) + 1) // 2),
        labelled_kinds=MAIN_KINDS | {"sanction"},
        at=at,
        clustering=clustering,
    )


def by_sides(order: Sequence[str]) -> Layering:
    """Columns for a comparison: the first half of the jurisdictions left of the middle
    (sanctions, then offences), the rest right of it (offences, then sanctions)."""
    middle = (len(order) + 1) // 2
    columns: dict[tuple[str, bool], int] = {}
    column = 0
    for code in order[:middle]:
        columns[(code, True)], columns[(code, False)] = column, column + 1
        column += 2
    centre = column
    for code in order[middle:]:
        columns[(code, False)], columns[(code, True)] = column + 1, column + 2
        column += 2
    return lambda _node, attrs: columns.get(
        (attrs.get("side", ""), attrs.get("kind") == "sanction"), centre
    )


def recommendations(
    store: Store,
    jurisdiction: str,
    limit: int = DEFAULT_LIMIT,
    at: str | None = None,
    clustering: Clustering | None = None,
) -> View:
    """Monitoring recommendations to one jurisdiction (UK-wide ones included for its parts):
    each linked to its report and body, to the facts that answer it and to its topics."""
    graph = graph_from_triples(
        construct(store, "recommendations", jurisdiction=NamedNode(JURISDICTION + jurisdiction))
    )
    title = _("Recommendations to {code} and what answered them", code=jurisdiction)
    return _finish(
        store,
        "recommendations",
        title,
        graph,
        limit,
        layers=lambda _g: by_kind(RECOMMENDATION_LAYERS),
        labelled_kinds=MAIN_KINDS | {"recommendation"},
        at=at,
        clustering=clustering,
    )


#: The layers of the recommendations view: body → report → recommendation → what answered it
#: (any other kind) → topics.
RECOMMENDATION_LAYERS: dict[str, int] = {
    "monitoring body": 0,
    "monitoring report": 1,
    "recommendation": 2,
    "topic": 4,
}


def neighbourhood(
    store: Store,
    iri: str,
    depth: int = 1,
    limit: int = DEFAULT_LIMIT,
    at: str | None = None,
    clustering: Clustering | None = None,
) -> View:
    """Everything within `depth` hops of `iri`, breadth first, stopping once over the cap."""
    import networkx as nx

    graph = nx.MultiDiGraph()
    graph.add_node(iri)
    frontier, seen = [iri], {iri}
    for _hop in range(depth):
        if not frontier or graph.number_of_nodes() > limit:
            break
        # added in place: networkx's compose copied the whole graph at every hop (0.9 s
        # of a 20,000-node view)
        graph_from_triples(
            construct(store, "neighbourhood", resource=[NamedNode(n) for n in frontier]), graph
        )
        frontier = sorted(n for n in graph if n not in seen)
        seen.update(frontier)
    title = _("Neighbourhood of {name} (depth {depth})", name=short(NamedNode(iri)), depth=depth)
    return _finish(
        store,
        "neighbourhood",
        title,
        graph,
        limit,
        keep=[iri],
        layers=_hops([iri]),
        at=at,
        clustering=clustering,
    )


def document(
    store: Store,
    document_id: str,
    limit: int = DEFAULT_LIMIT,
    at: str | None = None,
    clustering: Clustering | None = None,
) -> View:
    """An ingested document in the middle: its claims on one side, each with its verdict as
    of `at` (today by default; kg.analysis.claims) and linked to what it cites and to the
    evidence of the verdict; its mentions (citations…) and what they and it link to on the
    other."""
    from kg.analysis.claims import claims_for  # the checker reads the vocabulary: load late

    iri = ID + "document/" + document_id
    graph = graph_from_triples(construct(store, "document", document=NamedNode(iri)))
    graph.add_node(iri)
    for claim in claims_for(store, document_id, at, current()):
        add_claim(graph, iri, document_id, claim)
    title = _("Document {id}: its claims and citations", id=document_id)
    return _finish(
        store,
        "document",
        title,
        graph,
        limit,
        keep=[iri],
        layers=lambda g: by_claims(g, iri),
        anchor=2,
        labelled_kinds=MAIN_KINDS | {"claim"},
        at=at,
        clustering=clustering,
    )


#: Verdict colours (claims are coloured by verdict, not by jurisdiction).
VERDICT_COLOURS = {
    "consistent": "#2e9e4f",
    "fulfilled": "#2f6fc0",
    "outdated": "#e07b00",
    "contradicted": "#c8312c",
    "not-checkable": NO_JURISDICTION_COLOUR,
}
#: The predicates of the claim links drawn (no claim is stored: ontology/policykg.ttl names
#: the terms the claim JSON and pages use).
PROV_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"
REFERENCES = DCTERMS + "references"


def add_claim(graph: nx.MultiDiGraph, document_iri: str, document_id: str, claim: Any) -> None:
    """One checked claim (kg.analysis.claims.CheckedClaim) as a node of the document's view:
    derived from the document, referencing what it names, its verdict's evidence linked by
    pkg:evidence (pkg:laterChange for the changes that made it outdated)."""
    stored = f"{document_iri}/claim/{claim.index + 1}"  # as ingested (kg/ingest), if there
    node = stored if stored in graph else f"{document_iri}#claim-{claim.index + 1}"
    verdict = claim.at_date
    graph.add_node(
        node,
        kind="claim",
        shape=STYLES["claim"][0],
        label=f"{verdict.label}: {claim.text}",
        label_lang="",
        verdict=verdict.verdict,
        verdict_label=verdict.label,
        href=f"/documents/{document_id}#claim-{claim.index + 1}",
    )
    graph.add_edge(node, document_iri, key=PROV_DERIVED, predicate=PROV_DERIVED)
    links = [(r, REFERENCES) for r in claim.resources]
    links += [(e, PKG + "evidence") for e in verdict.evidence]
    links += [(e, PKG + "laterChange") for e in verdict.changes]
    for target, predicate in links:
        iri = target.get("iri")
        if not iri or graph.has_edge(node, iri):
            continue
        graph.add_edge(node, iri, key=predicate, predicate=predicate)
        attrs = graph.nodes[iri]
        attrs["labelled"] = True  # what a claim cites or rests on is read at first sight
        if target.get("label") and "label" not in attrs:
            # the checker's name for it, until the store offers a label of its own
            attrs.update(label=target["label"], label_lang="", label_rank=(2, 9, 9))


#: What ingestion extracted from a document besides its claims (the document view's column
#: next to it).
EXTRACTED = frozenset({"mention", "figure", "penalty", "question"})


def by_claims(graph: nx.MultiDiGraph, document_iri: str) -> Layering:
    """Columns of the document view: what the mentions are about, the mentions, the document
    (the middle), its claims, what the claims cite or rest on."""
    cited = {
        target
        for claim, kind in graph.nodes(data="kind")
        if kind == "claim"
        for target in graph.succ[claim]
        if target != document_iri
    }

    def column(node: str, attrs: dict[str, Any]) -> int:
        if node == document_iri:
            return 2
        if attrs.get("kind") == "claim":
            return 3
        if node in cited:
            return 4
        return 1 if attrs.get("kind") in EXTRACTED else 0

    return column


def _hops(roots: Sequence[str]) -> Callable[[nx.MultiDiGraph], Layering]:
    return lambda graph: by_hops(graph, roots)


def _finish(
    store: Store,
    name: str,
    title: str,
    graph: nx.MultiDiGraph,
    limit: int,
    keep: Sequence[str] = (),
    layers: Callable[[nx.MultiDiGraph], Layering] | None = None,
    edge_labels: bool = False,
    anchor: int = 0,
    labelled_kinds: frozenset[str] = MAIN_KINDS,
    at: str | None = None,
    edge_label_px: float = 0.0,
    clustering: Clustering | None = None,
) -> View:
    """Keep what is in force on `at` (when given), cap, then annotate (only what is shown is
    looked up), lay out and assemble (as clusters when the view is large)."""
    if at is not None:
        in_force_on(store, graph, at, keep)
        title = _("{title}, in force on {date}", title=title, date=format_date(at))
    total = graph.number_of_nodes()
    shown = cap(graph, limit, keep, in_place=True)
    clustering = clustering or Clustering()
    large = bool(clustering.above) and shown.number_of_nodes() > clustering.above
    annotate(store, shown, light=large)  # a large view's drawn nodes are annotated by render
    prepared = Prepared(
        store,
        name,
        title,
        shown,
        total,
        limit,
        layers(shown) if layers is not None else None,
        tuple(keep),
        edge_labels,
        anchor,
        labelled_kinds,
        edge_label_px,
        at or "",
    )
    return render(prepared, clustering)


@dataclass(frozen=True)
class Clustering:
    """Server-side clustering of a large view: above `above` nodes (0: never), with the
    clusters of `opened` (their ids) open."""

    above: int = 0
    opened: frozenset[str] = frozenset()


@dataclass
class Prepared:
    """A view's capped, annotated graph and how to lay it out: drawn whole, or as clusters
    with some of them open (`render`). It may be remembered: `render` only adds the
    attributes of nodes it draws for the first time."""

    store: Store
    name: str
    title: str
    graph: nx.MultiDiGraph
    total: int
    limit: int
    layer_of: Layering | None
    keep: tuple[str, ...]
    edge_labels: bool
    anchor: int
    labelled_kinds: frozenset[str]
    edge_label_px: float
    at: str


def render(prepared: Prepared, clustering: Clustering) -> View:
    """The vis-network view of `prepared`: whole, or, above `clustering.above` nodes, its
    nodes grouped into clusters (`cluster_graph`) with the `opened` ones open."""
    p = prepared
    graph, layer_of, clusters = p.graph, p.layer_of, 0
    large = bool(clustering.above) and graph.number_of_nodes() > clustering.above
    if large:
        graph, layer_of = cluster_graph(
            p.graph,
            p.layer_of,
            p.keep,
            clustering.opened,
            lambda nodes: annotate(p.store, p.graph, nodes=nodes),
            lambda nodes: read_jurisdictions(p.store, p.graph, nodes),
        )
        clusters = sum(1 for _n, count in graph.nodes(data="cluster") if count)
    view = to_view(
        p.name,
        p.title,
        graph,
        p.total,
        p.limit,
        layer_of,
        p.keep,
        p.edge_labels,
        p.anchor,
        p.labelled_kinds,
        p.edge_label_px,
        clustered=large,
    )
    if p.name in CLUSTERED and not large:
        view.cluster_min, view.cluster_above = CLUSTER_MIN, CLUSTER_ABOVE
    view.at = p.at
    view.centre = next((k for k in p.keep if k in graph), "")
    view.clusters = clusters
    view.opened = sorted(clustering.opened) if large else []
    view.prepared = p
    return view


def cluster_graph(
    graph: nx.MultiDiGraph,
    layer_of: Layering | None,
    keep: Sequence[str],
    opened: frozenset[str] = frozenset(),
    before: Callable[[list[str]], None] | None = None,
    need_jurisdictions: Callable[[list[str]], None] | None = None,
) -> tuple[nx.MultiDiGraph, Layering]:
    """`graph` with its nodes grouped into clusters: first by column and kind; an opened
    cluster shows its members by jurisdiction (when that splits it), then parts of at most
    CLUSTER_PART members (in label order), then the nodes themselves. A group of fewer than
    CLUSTER_MIN nodes is drawn as nodes, and `keep` (what the view is about) never joins
    one. Edges between clusters stand for all the edges of their members (`count`).
    `before` is called with the nodes drawn as themselves before they are copied, and
    `need_jurisdictions` with those whose jurisdiction the grouping needs (a view annotated
    lightly reads it then)."""
    import networkx as nx

    column = {n: layer_of(n, a) if layer_of else None for n, a in graph.nodes(data=True)}
    kept = set(keep)
    firsts: dict[str, tuple[Any, ...]] = {}
    groups: dict[tuple[Any, ...], list[str]] = {}
    for node, attrs in graph.nodes(data=True):
        if node not in kept:
            firsts[node] = (column[node], attrs.get("kind", OTHER_KIND[0]))
            groups.setdefault(firsts[node], []).append(node)
    # the members of opened (or small) groups are grouped by jurisdiction next
    further = [
        node
        for key, members in groups.items()
        if _cluster_id(key) in opened or len(members) < CLUSTER_MIN
        for node in members
    ]
    if need_jurisdictions is not None:
        need_jurisdictions(further)
    seconds: dict[str, tuple[Any, ...]] = {}
    for node in further:
        seconds[node] = (*firsts[node], graph.nodes[node].get("jurisdiction") or "")
        groups.setdefault(seconds[node], []).append(node)

    def keys(node: str) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
        return firsts[node], seconds.get(node, firsts[node])

    unit: dict[str, str] = {}
    made: dict[str, tuple[tuple[Any, ...], list[str], int, int]] = {}

    def join(key: tuple[Any, ...], members: list[str], part: int = 0, parts: int = 1) -> bool:
        ident = _cluster_id(key, part)
        if ident in opened or len(members) < CLUSTER_MIN:
            return False
        made.setdefault(ident, (key, members, part, parts))
        return True

    parted: dict[tuple[Any, ...], dict[str, tuple[int, int, list[str]]]] = {}
    for node in graph:
        if node in kept:
            unit[node] = node
            continue
        first, second = keys(node)
        if join(first, groups[first]):
            unit[node] = _cluster_id(first)
            continue
        # by jurisdiction, when that splits the kind's group
        key = second if len(groups[second]) < len(groups[first]) else first
        if key is second and join(second, groups[second]):
            unit[node] = _cluster_id(second)
            continue
        if len(groups[key]) > CLUSTER_PART:
            if key not in parted:
                parted[key] = _parts(graph, groups[key])
            part, parts, members = parted[key][node]
            if join(key, members, part + 1, parts):
                unit[node] = _cluster_id(key, part + 1)
                continue
        unit[node] = node

    single = [node for node, ident in unit.items() if ident == node]
    if before is not None:
        before(single)
    shown = nx.MultiDiGraph()
    for node in single:
        shown.add_node(node, **graph.nodes[node])
    for ident, (key, members, part, parts) in made.items():
        shown.add_node(ident, **_cluster_attrs(graph, key, members, part, parts))
    for u, v, predicate in graph.edges(keys=True):
        a, b = unit[u], unit[v]
        if a == b:
            continue
        if shown.has_edge(a, b, predicate):
            shown.edges[a, b, predicate]["count"] += 1
        else:
            shown.add_edge(a, b, key=predicate, predicate=predicate, count=1)

    def layer(node: str, attrs: dict[str, Any]) -> int | None:
        if attrs.get("cluster"):
            return attrs["column"]
        return layer_of(node, attrs) if layer_of else None

    return shown, layer


@cache
def _cluster_id(key: tuple[Any, ...], part: int = 0) -> str:
    """A short, stable id for the cluster of `key` (part `part` of it when it is split)."""
    digest = hashlib.blake2b(repr((key, part)).encode("utf-8"), digest_size=6).hexdigest()
    return "cluster:" + digest


def _parts(graph: nx.MultiDiGraph, members: list[str]) -> dict[str, tuple[int, int, list[str]]]:
    """`members` in label order cut into parts of at most CLUSTER_PART, of even size:
    node → (its part, how many parts, the part's members)."""
    # by label where it was read, else by IRI (a large view reads labels of what it draws)
    ordered = sorted(members, key=lambda n: (str(graph.nodes[n].get("label", n)).casefold(), n))
    parts = math.ceil(len(ordered) / CLUSTER_PART)
    size = math.ceil(len(ordered) / parts)
    where: dict[str, tuple[int, int, list[str]]] = {}
    for index in range(parts):
        chunk = ordered[index * size : (index + 1) * size]
        for node in chunk:
            where[node] = (index, parts, chunk)
    return where


def _cluster_attrs(
    graph: nx.MultiDiGraph, key: tuple[Any, ...], members: list[str], part: int, parts: int
) -> dict[str, Any]:
    """A cluster node: its members' kind, their jurisdiction when they share one, a count."""
    kind = key[1]
    codes = {graph.nodes[m].get("jurisdiction") or "" for m in members}
    unread = any(graph.nodes[m].get("light") == "kind" for m in members)
    code = codes.pop() if len(codes) == 1 and not unread else ""
    count = len(members)
    word = _(KIND_WORDS[kind]) if kind in KIND_WORDS else kind
    values = {"count": format_number(count), "kind": word, "jurisdiction": code}
    if code:
        label = _("{count} × {kind} ({jurisdiction})", **values)
    else:  # members of several jurisdictions (or of none)
        label = _("{count} × {kind}", **values)
    if part:
        label = _("{cluster}, part {part} of {parts}", cluster=label, part=part, parts=parts)
    return {
        "kind": kind,
        "jurisdiction": code,
        "label": label,
        "label_lang": "",
        "cluster": count,
        "column": key[0],
        "topics": set().union(*(graph.nodes[m].get("topics", ()) for m in members)),
    }


def in_force_on(store: Store, graph: nx.MultiDiGraph, at: str, keep: Sequence[str] = ()) -> None:
    """Remove from `graph` the facts not in force on `at` (kg.facts.in_force: the rule of the
    analyses' `#include in-force`, start inclusive, end exclusive) and the instruments made
    after it (eli:date_document), then the nodes that were reached only through them. Nodes
    without a date (provisions, topics) are structure and stay."""
    dates: dict[str, dict[str, str]] = {}
    for t in _attribute_triples(store, list(graph), 2000, DATE_PREDICATES):
        if isinstance(t.object, Literal) and t.predicate.value in DATE_PREDICATES:
            dates.setdefault(node_value(t.subject), {})[t.predicate.value] = t.object.value
    ended = [
        node
        for node, d in dates.items()
        if node not in keep
        and (
            not in_force(d[PKG + "validFrom"], d.get(PKG + "validUntil"), at)
            if PKG + "validFrom" in d
            else d.get(DATE_DOCUMENT, "") > at  # an instrument not yet made
        )
    ]
    linked = {m for n in ended for m in (*graph.succ[n], *graph.pred[n])}
    graph.remove_nodes_from(ended)
    graph.remove_nodes_from(
        [n for n in linked if n in graph and n not in keep and graph.degree(n) == 0]
    )


#: The views whose large drawings open as clusters.
CLUSTERED = frozenset({"neighbourhood", "document"})
