"""What the query-pool tests share: the session's graph in an on-disk store (as `policykg
serve` holds it), the media choice they ask for, and a query that runs for ever."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pyoxigraph import QueryResultsFormat, RdfFormat, parse_query_results

from kg.config import Settings
from kg.formats.results import MediaChoice
from kg.store import EmbeddedStore, Store, dump, open_store
from kg.store.load import load

JSON = MediaChoice("application/sparql-results+json", "application/n-triples")
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture(scope="module")
def disk_store(store: Store, tmp_path_factory) -> Iterator[EmbeddedStore]:
    """The session's graph in an on-disk store, one per test module (the modules write)."""
    folder = tmp_path_factory.mktemp("disk-store")
    export = folder / "graph.nq"
    export.write_bytes(dump(store, RdfFormat.N_QUADS))
    disk = open_store(Settings(store=str(folder / "store")))
    assert isinstance(disk, EmbeddedStore)
    load(disk, [export])
    yield disk
    disk.close()


def rows(body: bytes) -> list[tuple[str, ...]]:
    """The solutions of a JSON results body, as sorted tuples of their values' text."""
    result = parse_query_results(body, format=QueryResultsFormat.JSON)
    names = [v.value for v in result.variables]  # type: ignore[union-attr]
    return sorted(tuple(str(row[n]) for n in names) for row in result)  # type: ignore[union-attr]
