"""The embedded backend: pyoxigraph, on disk (RocksDB directory) or in memory.

Chosen over rdflib's own stores after measuring (docs/store.md): in memory it answered
aggregates and label searches 20–70× faster than rdflib's Memory store.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from pyoxigraph import DefaultGraph, NamedNode, Quad, RdfFormat, Triple
from pyoxigraph import Store as OxStore

from kg.errors import QuerySyntaxError, StoreError
from kg.locale import mark
from kg.ns import PREFIXES
from kg.store.base import QueryResult, _prefixes_for, new_identity


def open_read_only(path: Path | str, attempts: int = 10) -> OxStore:
    """RocksDB's read-only open of a store that another process may be writing.

    The open reads the list of files, then the files: a compaction in the writer can delete
    one in between (pyoxigraph calls this undefined behaviour; it shows as an I/O or
    "Corruption" error naming a missing .sst file). The list is then simply stale: open
    again, a few times, before giving up with the error.
    """
    for attempt in range(attempts):
        try:
            return OxStore.read_only(str(path))
        except (OSError, RuntimeError):
            if attempt == attempts - 1:
                raise
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")


class EmbeddedStore:
    """A pyoxigraph store in this process."""

    def __init__(self, path: Path | None = None, *, read_only: bool = False) -> None:
        self.path = path
        self.read_only = read_only
        try:
            if path is None:
                self._store = OxStore()
            elif read_only:
                # RocksDB's read-only mode takes no lock: a view of the store as of now,
                # readable while a server holds the store (export, query, backups).
                if not (path / "CURRENT").is_file():
                    raise OSError(f"no store at {path}")
                self._store = open_read_only(path)
            else:
                path.mkdir(parents=True, exist_ok=True)
                self._store = OxStore(str(path))
        except (OSError, RuntimeError) as exc:
            raise StoreError(
                mark(
                    "Cannot open the store at {path}: {exc}. Another process holds it (a policykg server, or a build or ingest still running): read commands open it read-only and need no lock; to write, stop that process first (README, Troubleshooting)."
                ),
                path=path,
                exc=exc,
            ) from exc
        self.description = "memory" if path is None else f"embedded:{path}"
        if read_only:
            self.description += " (read-only)"
        #: Successful updates so far: this process is the store's only writer (RocksDB locks
        #: the directory), so the counter tells readers cheaply whether anything changed.
        #: Counted under a lock: two threads writing at once must add two.
        self.writes = 0
        self._count_lock = threading.Lock()
        #: Called after every write (in the writer's thread): whoever answers queries from a
        #: copy of the content (kg.publish.query_pool's workers) learns at once that the
        #: copy is out of date, before the write's caller gets its answer.
        self.write_listeners: list[Callable[[], None]] = []
        #: Tells this store apart from every other in the process (see kg.store.memo).
        self.identity = new_identity()

    def _wrote(self) -> None:
        with self._count_lock:
            self.writes += 1
        for listener in self.write_listeners:
            listener()

    def query(self, query: str) -> QueryResult:
        try:
            return self._store.query(query, use_default_graph_as_union=True, prefixes=PREFIXES)
        except SyntaxError as exc:
            raise QuerySyntaxError(str(exc)) from exc

    def update(self, update: str) -> None:
        try:
            self._store.update(update)
            self._wrote()
        except SyntaxError as exc:
            raise QuerySyntaxError(str(exc)) from exc
        except OSError as exc:
            raise StoreError(
                mark("Write to {description} failed: {exc}"), description=self.description, exc=exc
            ) from exc

    def quads(self) -> Iterator[Quad]:
        for quad in self._store:
            if not isinstance(quad.graph_name, DefaultGraph):
                yield quad

    def about(self, subjects: Iterable[str], predicates: Iterable[str]) -> Iterator[Triple]:
        """The triples (any graph) whose subject is one of `subjects` and predicate one of
        `predicates`: one index lookup per subject, so the cost follows the answer, where a
        SPARQL VALUES join of thousands of IRIs was planned badly."""
        wanted = {NamedNode(p) for p in predicates}  # compared as terms: no string per quad
        if len(wanted) <= 3:  # a look-up per predicate reads fewer quads than all of them
            for subject in subjects:
                node = NamedNode(subject)
                for predicate in wanted:
                    for quad in self._store.quads_for_pattern(node, predicate, None, None):
                        yield quad.triple
            return
        for subject in subjects:
            for quad in self._store.quads_for_pattern(NamedNode(subject), None, None, None):
                if quad.predicate in wanted:
                    yield quad.triple

    def properties_of(self, subject: str) -> dict[str, list[Quad]]:
        """The quads of `subject` in the named graphs, by predicate IRI, each (predicate,
        object) once, in the index's order: what `properties.rq` answers, read with one
        index look-up instead of a SPARQL query (a gaps analysis asks about a thousand)."""
        found: dict[str, list[Quad]] = {}
        seen: set[tuple[object, object]] = set()
        for quad in self._store.quads_for_pattern(NamedNode(subject), None, None, None):
            if isinstance(quad.graph_name, DefaultGraph):
                continue
            key = (quad.predicate, quad.object)
            if key not in seen:
                seen.add(key)
                found.setdefault(quad.predicate.value, []).append(quad)
        return found

    def graph_names(self, keep: Callable[[str], bool] | None = None) -> list[NamedNode]:
        """The named graphs that hold something (of those whose IRI passes `keep`), from
        the graph index: one quad is read per graph kept, to skip emptied ones."""
        return [
            g
            for g in self._store.named_graphs()
            if isinstance(g, NamedNode) and (keep is None or keep(g.value)) and self._has_quads(g)
        ]

    def _has_quads(self, graph: NamedNode) -> bool:
        return next(self._store.quads_for_pattern(None, None, None, graph), None) is not None

    def contains_graph(self, graph: NamedNode) -> bool:
        """O(1) existence check of a named graph that holds something (no scan)."""
        return self._store.contains_named_graph(graph) and self._has_quads(graph)

    def dump(self, fmt: RdfFormat) -> bytes:
        """The named graphs serialised by pyoxigraph itself (no Python objects per quad)."""
        if not fmt.supports_datasets:
            raise ValueError("the embedded dump writes datasets (TriG, N-Quads)")
        return self._store.dump(format=fmt, prefixes=_prefixes_for(fmt)) or b""

    def count(self) -> int:
        """The number of quads: a full scan of one index (~0.2 s at 1M), no Python objects."""
        return len(self._store)

    def default_graph_triple(self) -> Triple | None:
        """A triple outside every named graph, if there is one (one index look-up)."""
        quad = next(self._store.quads_for_pattern(None, None, None, DefaultGraph()), None)
        return None if quad is None else quad.triple

    def is_empty(self) -> bool:
        """True if the store holds no quad at all (one index look-up, no scan)."""
        return next(self._store.quads_for_pattern(None, None, None, None), None) is None

    def bulk_load(
        self, source: Path | BinaryIO, fmt: RdfFormat, graph: NamedNode | None = None
    ) -> None:
        """Bulk-load an RDF file (or a stream): a dataset format keeps its graphs, a graph
        format goes to `graph`. Fast (no transaction): check the input parses before calling
        this. Each call writes its own set of tables (one per million quads)."""
        try:
            if isinstance(source, Path):
                self._store.bulk_load(path=str(source), format=fmt, to_graph=graph)
            else:
                self._store.bulk_load(input=source, format=fmt, to_graph=graph)
        except SyntaxError as exc:
            raise QuerySyntaxError(str(exc)) from exc
        finally:
            self._wrote()

    def optimize(self) -> None:
        """Compact the on-disk tables after bulk loads. Each `bulk_load` call (and each
        million quads in one) adds table files beside the existing ones, and a read then
        looks in each: with 1M triples loaded on the real data, the drafter's analyses ran
        1.6–2.4× slower than on the real data alone before compaction, 1.0–1.9× after
        (docs/store.md). Nothing to do in memory."""
        if self.path is not None and not self.read_only:
            try:
                self._store.optimize()
            except OSError as exc:
                raise StoreError(
                    mark("Write to {description} failed: {exc}"),
                    description=self.description,
                    exc=exc,
                ) from exc

    def add_quads(self, quads: Iterable[Quad]) -> None:
        """Add quads in one transaction (all or none), without going through SPARQL text."""
        try:
            self._store.extend(quads)
        except OSError as exc:
            raise StoreError(
                mark("Write to {description} failed: {exc}"), description=self.description, exc=exc
            ) from exc
        self._wrote()

    def flush(self) -> None:
        """Write the memtables to disk: a read-only open then replays no write-ahead log."""
        if self.path is not None and not self.read_only:
            self._store.flush()

    def close(self) -> None:
        if self.path is not None and not self.read_only:
            self._store.flush()
        del self._store
