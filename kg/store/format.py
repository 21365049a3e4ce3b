"""The store format: which layout of graphs a built store has, recorded by `build`.

A store built by an older policykg can lack graphs or keys this version's queries expect,
and would then answer with silently wrong or empty results. So `build` states the format it
wrote (`graph/build dcterms:conformsTo <…/store-format/N>`), and commands that read a
store check it first and, on a mismatch, say what to do (rebuild) instead of answering.

Raise `STORE_FORMAT` whenever a change to the build makes older stores unreadable to the
queries (a graph renamed, a key moved); the message then tells the user to rebuild.
"""

from __future__ import annotations

from pyoxigraph import NamedNode, QuerySolutions, Triple

from kg.ns import BASE, DCTERMS, graph_iri
from kg.store.base import Store

#: The format `build` writes and the queries of this version read.
STORE_FORMAT = 1
FORMAT_BASE = BASE + "store-format/"
BUILD_GRAPH = graph_iri("build")
CONFORMS_TO = NamedNode(DCTERMS + "conformsTo")


def format_statement() -> Triple:
    """The triple `build` adds to the build graph."""
    return Triple(BUILD_GRAPH, CONFORMS_TO, NamedNode(f"{FORMAT_BASE}{STORE_FORMAT}"))


def stored_format(store: Store) -> int | None:
    """The format the store's build recorded; 0 for a built store that recorded none (a
    store from before formats were recorded); None for a store with no build at all."""
    recorded = store.query(
        f"SELECT ?format WHERE {{ GRAPH {BUILD_GRAPH} {{ {BUILD_GRAPH} {CONFORMS_TO} ?format }} }}"
    )
    assert isinstance(recorded, QuerySolutions)
    for row in recorded:
        tail = str(row["format"].value).removeprefix(FORMAT_BASE)
        return int(tail) if tail.isdigit() else 0
    built = store.query(f"SELECT ?s WHERE {{ GRAPH {BUILD_GRAPH} {{ ?s ?p ?o }} }} LIMIT 1")
    assert isinstance(built, QuerySolutions)
    return 0 if any(True for _ in built) else None


def format_problem(store: Store, where: str) -> str | None:
    """Why this version cannot read the store at `where` as it is, or None if it can."""
    found = stored_format(store)
    if found == STORE_FORMAT:
        return None
    if found is None:
        return (
            f"The store at {where} holds no built graph yet: run `policykg build` "
            "(or `make run`, which builds and serves)."
        )
    if found < STORE_FORMAT:
        return (
            f"The store at {where} was built by an older policykg (store format {found}; "
            f"this version reads format {STORE_FORMAT}): rebuild it with `policykg build` "
            "(stop a server that holds it first)."
        )
    return (
        f"The store at {where} was built by a newer policykg (store format {found}; this "
        f"version reads format {STORE_FORMAT}): upgrade policykg, or rebuild the store with "
        "this version's `policykg build`."
    )
