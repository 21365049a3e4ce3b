"""Graph analytics with networkx: regime similarity and "how is A related to B".

Two views of the same store:

- `similarity`: each jurisdiction is described by the (topic, feature) pairs it has in
  force on a date (an offence on purchase-sex-minor, a fine, life imprisonment, an
  aggravation…). A bipartite networkx graph links jurisdictions to their features, and the
  Jaccard coefficient of two jurisdictions' neighbourhoods says how alike the regimes are;
  closeness of the highest penalties on shared topics refines it.
- `paths`: the store's triples between IRIs as a networkx multigraph (IRIs as node ids,
  labels as node attributes, predicates on edges). Shortest paths explain why two
  resources line up, e.g. two offences of different countries share `pkg:topic`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from itertools import combinations, pairwise
from typing import TYPE_CHECKING, Any

from pyoxigraph import Literal, NamedNode

from kg import queries
from kg.analysis.compare import parse_date
from kg.errors import BadRequest, NotFound
from kg.facts import in_force, regime_kinds
from kg.locale import gettext
from kg.ns import GRAPH, OWL, PKG, RDF, RDFS, SKOS
from kg.store import Memo, Store, named_graphs
from kg.terms import date_literal, literal_value
from kg.vocabulary import expand_jurisdictions

if TYPE_CHECKING:  # networkx (~12 MB) is imported by the analyses that build a graph
    import networkx as nx

#: Predicates left out of the path graph: they point at hubs (classes, verification status,
#: condition kinds, the scheme) that would make every two facts look related in two hops.
SKIPPED_PREDICATES = frozenset(
    {
        RDF + "type",
        RDF + "first",
        RDF + "rest",
        RDFS + "subClassOf",
        OWL + "sameAs",
        PKG + "verification",
        PKG + "conditionKind",
        PKG + "method",
        SKOS + "inScheme",
        SKOS + "hasTopConcept",
        SKOS + "topConceptOf",
        "http://www.w3.org/ns/oa#hasSelector",
    }
)

#: Years that stand for life imprisonment when penalties are compared as numbers.
LIFE_YEARS = 30.0
#: How many hops a path query may ask for at most (beyond that every node meets every other).
MAX_HOPS = 6
#: How many shortest paths are returned at most.
MAX_PATHS = 20

#: ontology class → the `kind` used in feature names: the compare document's kinds, less
#: whole instruments (they are not regime features).
FACT_KINDS = regime_kinds()


# ------------------------------------------------------------------ the resource graph


#: The graphs the curated analyses read: the build's own, not the ingested documents nor
#: anything else a deployment keeps in the same store.
CURATED_GRAPHS = ("jurisdictions", "topics", "countries", "inferred")
_GRAPHS: Memo[nx.MultiDiGraph] = Memo(kept=4)


def curated_graphs(store: Store) -> list[NamedNode]:
    """The named graphs `policykg build` writes from ontology/ and data/ (and HermiT's)."""
    return named_graphs(
        store,
        keep=lambda iri: (
            iri.startswith(GRAPH + "data/") or iri.removeprefix(GRAPH) in CURATED_GRAPHS
        ),
    )


def resource_graph(store: Store, lang: str = "en", curated: bool = False) -> nx.MultiDiGraph:
    """The store's IRI-to-IRI triples as a directed multigraph (one edge per predicate);
    `curated` keeps to the curated graphs, so its cost does not grow with the documents or
    with unrelated data in the same store. Kept until the store's next write (read-only:
    callers must not change it)."""
    return _GRAPHS.get(store, (lang, curated), lambda: _resource_graph(store, lang, curated))


def _resource_graph(store: Store, lang: str, curated: bool) -> nx.MultiDiGraph:
    import networkx as nx

    graph: nx.MultiDiGraph = nx.MultiDiGraph()
    scope = {"g": curated_graphs(store)} if curated else {}
    for row in queries.run(store, "analytics-edges", **scope):
        s, p, o = row["s"], row["p"], row["o"]
        assert isinstance(s, NamedNode) and isinstance(p, NamedNode) and isinstance(o, NamedNode)
        if p.value in SKIPPED_PREDICATES:
            continue
        graph.add_edge(s.value, o.value, key=p.value, predicate=p.value)
    labels: dict[str, dict[str, str]] = defaultdict(dict)
    for row in queries.run(store, "analytics-labels", **scope):
        s, label = row["s"], row["label"]
        if isinstance(s, NamedNode) and isinstance(label, Literal):
            labels[s.value].setdefault(label.language or "", label.value)
    for node, found in labels.items():
        if node in graph:
            graph.nodes[node]["label"] = (
                found.get(lang) or found.get("en") or next(iter(found.values()))
            )
    return graph


def node_info(graph: nx.MultiDiGraph, iri: str) -> dict[str, Any]:
    return {"iri": iri, "label": graph.nodes[iri].get("label") if iri in graph else None}


def _edges_between(graph: nx.MultiDiGraph, a: str, b: str) -> list[dict[str, str]]:
    """Every triple linking a and b, in its own direction."""
    found = []
    for s, o in ((a, b), (b, a)):
        for key in sorted(graph.get_edge_data(s, o, default={})):
            found.append({"subject": s, "predicate": key, "object": o})
    return found


def find_paths(
    graph: nx.MultiDiGraph, source: str, target: str, max_hops: int = 3, limit: int = MAX_PATHS
) -> list[dict[str, Any]]:
    """The shortest paths (ignoring edge direction) of at most `max_hops` edges."""
    import networkx as nx

    if source not in graph or target not in graph:
        return []
    undirected = graph.to_undirected(as_view=True)
    try:
        length = nx.shortest_path_length(undirected, source, target)
    except nx.NetworkXNoPath:
        return []
    if length > max_hops:
        return []
    result = []
    for nodes in nx.all_shortest_paths(undirected, source, target):
        result.append(
            {
                "length": len(nodes) - 1,
                "nodes": [node_info(graph, n) for n in nodes],
                "edges": [e for a, b in pairwise(nodes) for e in _edges_between(graph, a, b)],
            }
        )
        if len(result) >= limit:
            break
    return result


def paths(
    store: Store, source: str, target: str, max_hops: int = 3, graph: nx.MultiDiGraph | None = None
) -> dict[str, Any]:
    """The /api/paths document: how `source` is related to `target` in the graph."""
    if not 1 <= max_hops <= MAX_HOPS:
        raise BadRequest(
            gettext(
                "'max' must be between 1 and {most}, not {given}", most=MAX_HOPS, given=max_hops
            )
        )
    graph = graph if graph is not None else resource_graph(store)
    for iri in (source, target):
        if iri not in graph:
            raise NotFound(
                gettext("{iri!r} is not linked to any other resource in the graph", iri=iri)
            )
    found = find_paths(graph, source, target, max_hops)
    return {
        "from": node_info(graph, source),
        "to": node_info(graph, target),
        "max": max_hops,
        "found": bool(found),
        "length": found[0]["length"] if found else None,
        "paths": found,
        "note": None
        if found
        else f"No path of at most {max_hops} edges (edge direction ignored; "
        "rdf:type, verification and scheme links are not followed)",
    }


# ------------------------------------------------------------------ regime similarity


@dataclass
class Profile:
    """What one jurisdiction has in force on a date: features and highest penalty per topic."""

    code: str
    features: set[tuple[str, str]] = field(default_factory=set)
    severity: dict[str, float] = field(default_factory=dict)  # topic → highest max (years)


def severity(max_years: Any, life: Any) -> float | None:
    """A penalty as one number: life counts as LIFE_YEARS, unknown is None."""
    if life is True:
        return LIFE_YEARS
    return float(max_years) if max_years is not None else None


def profiles(store: Store, codes: list[str], at: date) -> dict[str, Profile]:
    """The feature profile of each jurisdiction (UK expanded) on `at`."""
    members = expand_jurisdictions(store, codes)
    by_iri = {m.iri: Profile(m.code) for m in members}
    rows = queries.run(
        store,
        "analytics-features",
        jurisdiction=[NamedNode(m.iri) for m in members],
        at=[date_literal(at)] * len(members),  # bind() zips lists: one row per jurisdiction
    )
    for row in rows:
        profile = by_iri[row.text("jurisdiction")]
        topic = literal_value(row["topicCode"])
        kind = FACT_KINDS.get(row.text("class"))
        if kind is None:
            continue
        profile.features.add((topic, kind))
        if row["sanction"] is None:
            continue
        if not in_force(row.optional_text("sanctionFrom"), row.optional_text("sanctionUntil"), at):
            continue
        if isinstance(row["kind"], NamedNode):
            profile.features.add((topic, "sanction:" + _kebab(row["kind"].value)))
        max_years, life = literal_value(row["max"]), literal_value(row["life"])
        if max_years is not None:
            profile.features.add((topic, "prison"))
        if life:
            profile.features.add((topic, "life-imprisonment"))
        if row["min"] is not None:
            profile.features.add((topic, "minimum-prison"))
        if row["fineKind"] is not None or row["amount"] is not None:
            profile.features.add((topic, "fine"))
        value = severity(max_years, life)
        if value is not None:
            profile.severity[topic] = max(value, profile.severity.get(topic, 0.0))
    return {p.code: p for p in by_iri.values()}


def similarity(
    store: Store, codes: list[str] | None = None, at: str | date | None = None
) -> dict[str, Any]:
    """The /api/similarity document: a symmetric matrix of regime similarity."""
    import networkx as nx

    day = parse_date(at)
    found = profiles(store, codes or ["FR", "SE", "UK"], day)
    order = list(found)
    bipartite = nx.Graph()
    for code, profile in found.items():
        bipartite.add_node(("jurisdiction", code))
        for feature in profile.features:
            bipartite.add_edge(("jurisdiction", code), ("feature", feature))
    pairs = []
    cell: dict[tuple[str, str], float | None] = {(c, c): 1.0 for c in order}
    pair_list = [(("jurisdiction", a), ("jurisdiction", b)) for a, b in combinations(order, 2)]
    for (_, a), (_, b), jaccard in nx.jaccard_coefficient(bipartite, pair_list):
        pair = _pair(found[a], found[b], jaccard)
        cell[(a, b)] = cell[(b, a)] = pair["score"]
        pairs.append(pair)
    return {
        "at": day.isoformat(),
        "jurisdictions": order,
        "matrix": [[cell[(a, b)] for b in order] for a in order],
        "pairs": pairs,
        "features": {c: [f"{t}/{f}" for t, f in sorted(p.features)] for c, p in found.items()},
        "method": (
            "score = Jaccard index of the (topic, feature) pairs in force on the date, "
            "averaged with penalty closeness (lower / higher of the highest maximum prison "
            f"terms on shared topics, life = {LIFE_YEARS:g} years) when both record one; "
            "null when neither jurisdiction has any feature recorded; 1.0 on the diagonal"
        ),
    }


def _pair(a: Profile, b: Profile, jaccard: float) -> dict[str, Any]:
    shared_topics = sorted(set(a.severity) & set(b.severity))
    closeness = [
        min(a.severity[t], b.severity[t]) / max(a.severity[t], b.severity[t])
        for t in shared_topics
        if max(a.severity[t], b.severity[t]) > 0
    ]
    penalty = sum(closeness) / len(closeness) if closeness else None
    if not a.features and not b.features:
        score = None
        jaccard_value: float | None = None
    else:
        jaccard_value = round(jaccard, 4)
        score = round((jaccard + penalty) / 2, 4) if penalty is not None else jaccard_value
    return {
        "a": a.code,
        "b": b.code,
        "jaccard": jaccard_value,
        "penalty_closeness": round(penalty, 4) if penalty is not None else None,
        "score": score,
        "shared": [f"{t}/{f}" for t, f in sorted(a.features & b.features)],
        "only_a": [f"{t}/{f}" for t, f in sorted(a.features - b.features)],
        "only_b": [f"{t}/{f}" for t, f in sorted(b.features - a.features)],
    }


def _kebab(iri: str) -> str:
    name = iri.rsplit("#", 1)[-1]
    return "".join("-" + c.lower() if c.isupper() else c for c in name).lstrip("-")
