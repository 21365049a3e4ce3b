"""The Store protocol: the few verbs policykg needs from a quad store.

Queries see the union of all named graphs as their default graph, whichever backend
answers them. Writes go graph by graph: `replace_graph` swaps one named graph's content in
a single SPARQL update, so a reader never sees half a graph and a failed write leaves the
old content in place.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Protocol, runtime_checkable

from pyoxigraph import (
    BlankNode,
    Literal,
    NamedNode,
    Quad,
    QueryBoolean,
    QuerySolutions,
    QueryTriples,
    RdfFormat,
    Triple,
)

Term = NamedNode | BlankNode | Literal
Bindings = Mapping[str, Term | Sequence[Term]]
#: SELECT → QuerySolutions, ASK → QueryBoolean, CONSTRUCT/DESCRIBE → triples.
QueryResult = QuerySolutions | QueryBoolean | QueryTriples | list[Triple]


@runtime_checkable
class Store(Protocol):
    """A quad store with the union of its named graphs as the query default graph."""

    description: str

    def query(self, query: str) -> QueryResult:
        """Run a SPARQL query; raise QuerySyntaxError if it does not parse."""
        ...

    def update(self, update: str) -> None:
        """Run a SPARQL update as one transaction."""
        ...

    def quads(self) -> Iterator[Quad]:
        """Every quad of every named graph."""
        ...

    def close(self) -> None: ...


def insert_data(graph: NamedNode, triples: Iterable[Triple]) -> str:
    """SPARQL update text that replaces `graph` with `triples`, terms serialised safely.

    pyoxigraph terms print as N-Triples (escaped literals, validated IRIs), so no value
    can break out of the update. Triples with blank nodes go in an `INSERT { … } WHERE {}`
    template rather than `INSERT DATA`: the same fresh blank nodes, and the form Virtuoso
    accepts (it refuses blank nodes in INSERT DATA).
    """
    listed = list(triples)
    body = "\n".join(f"{t.subject} {t.predicate} {t.object} ." for t in listed)
    drop = f"DROP SILENT GRAPH {graph} ;\n"
    if any(isinstance(t.subject, BlankNode) or isinstance(t.object, BlankNode) for t in listed):
        return drop + f"INSERT {{ GRAPH {graph} {{\n{body}\n}} }} WHERE {{}}"
    return drop + f"INSERT DATA {{ GRAPH {graph} {{\n{body}\n}} }}"


def replace_graph(store: Store, graph: NamedNode, triples: Iterable[Triple]) -> None:
    """Swap the content of one named graph atomically."""
    store.update(insert_data(graph, triples))


def drop_graph(store: Store, graph: NamedNode) -> None:
    store.update(f"DROP SILENT GRAPH {graph}")


def has_graph(store: Store, graph: NamedNode) -> bool:
    """Whether `graph` holds anything: O(1) on the embedded store, one ASK elsewhere (never
    the scan of every quad that listing the named graphs costs)."""
    contains = getattr(store, "contains_graph", None)
    if contains is not None:
        return bool(contains(graph))
    result = store.query(f"ASK {{ GRAPH {graph} {{ ?s ?p ?o }} }}")
    return bool(result)


def named_graphs(store: Store, keep: Callable[[str], bool] | None = None) -> list[NamedNode]:
    """The named graphs, sorted: from the engine's graph index where it has one (no scan).
    `keep` (a test on the graph's IRI) is applied before a graph is looked into: a store
    with thousands of document graphs need not check each for quads to list the curated
    ones."""
    native = getattr(store, "graph_names", None)
    if native is not None:
        return sorted(native(keep), key=lambda g: g.value)
    result = store.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g")
    assert isinstance(result, QuerySolutions)
    return [
        row["g"]
        for row in result
        if isinstance(row["g"], NamedNode) and (keep is None or keep(row["g"].value))
    ]


def count(store: Store, graph: NamedNode | None = None) -> int:
    """Number of triples in one named graph, or quads in all of them."""
    if graph is None:
        text = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    else:
        text = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}"
    result = store.query(text)
    assert isinstance(result, QuerySolutions)
    row = next(iter(result))
    return int(row["n"].value)


def dump(store: Store, fmt: RdfFormat) -> bytes:
    """Serialise the store: all named graphs for TriG/N-Quads, their union otherwise."""
    from pyoxigraph import serialize

    native = getattr(store, "dump", None)
    if native is not None and fmt.supports_datasets:
        data: bytes = native(fmt)
        return data
    quads = list(store.quads())
    if fmt.supports_datasets:
        return serialize(quads, format=fmt, prefixes=_prefixes_for(fmt)) or b""
    triples = {Triple(q.subject, q.predicate, q.object) for q in quads}
    return serialize(sorted(triples, key=str), format=fmt, prefixes=_prefixes_for(fmt)) or b""


def _prefixes_for(fmt: RdfFormat) -> dict[str, str] | None:
    from kg.ns import TURTLE_PREFIXES

    return TURTLE_PREFIXES if fmt in (RdfFormat.TURTLE, RdfFormat.TRIG) else None


#: Identity tokens for stores: never reused in a process, unlike `id()`.
_IDENTITIES = itertools.count(1)


def new_identity() -> int:
    """A token no other store object of this process has or will have."""
    return next(_IDENTITIES)


def identity(store: Store) -> object:
    """What tells this store apart from every other: its token where it has one (the
    embedded store), else its description (a remote store's endpoint URL: two objects on
    the same endpoint see the same content)."""
    token = getattr(store, "identity", None)
    return token if isinstance(token, int) else ("described", store.description)


def fingerprint(store: Store) -> tuple[object, ...]:
    """Changes whenever the store's content may have changed, and differs between stores.

    The embedded store counts its own writes (O(1)); the remote one its own writes and the
    changes of quad count it sees (kg/store/remote.py); for any other store the quad count
    and the graph list stand in (a same-size rewrite of a graph then goes unnoticed).
    """
    writes = getattr(store, "writes", None)
    if isinstance(writes, int):
        return ("writes", identity(store), writes)
    return ("content", identity(store), count(store), tuple(g.value for g in named_graphs(store)))
