"""`policykg load FILE…`: put exports (TriG, N-Quads, Turtle) back into a store, graphs kept.

Restoring a backup must not leave a store half old, half broken. So every file is read in
full first (a streaming parse, about 4 % of the load's time) and nothing is written unless
all of them parse; the named graphs they hold then replace the graphs of the same name, and
the quads go in through the engine's bulk loader (no transaction, so 1M triples load at
bulk speed). A Turtle file has no graphs: its triples go to `graph/load/<file stem>`.

What "atomic" means here: bad input writes nothing; a load killed midway (power cut,
SIGKILL) can leave some graphs loaded, and running the same command again replaces exactly
those graphs, so it converges to the same store.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import DefaultGraph, NamedNode, RdfFormat, Triple, parse

from kg.errors import BadRequest
from kg.locale import mark
from kg.ns import graph_iri
from kg.store.base import Store, insert_data
from kg.store.embedded import EmbeddedStore

FORMATS = {"trig": RdfFormat.TRIG, "nq": RdfFormat.N_QUADS, "ttl": RdfFormat.TURTLE}
_SUFFIXES = {".trig": "trig", ".nq": "nq", ".nquads": "nq", ".ttl": "ttl", ".turtle": "ttl"}
_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


class LoadError(BadRequest):
    """A file to load is missing, in an unknown format, or does not parse."""


@dataclass
class LoadedFile:
    path: Path
    format: str
    quads: int = 0
    graphs: set[str] = field(default_factory=set)
    #: For a Turtle file: the named graph its triples go to.
    target: NamedNode | None = None


def format_of(path: Path, fmt: str | None) -> str:
    if fmt is not None:
        if fmt not in FORMATS:
            raise LoadError(
                mark("Unknown format {fmt!r}; use one of {formats}"),
                fmt=fmt,
                formats=", ".join(FORMATS),
            )
        return fmt
    found = _SUFFIXES.get(path.suffix.lower())
    if found is None:
        raise LoadError(
            mark("{path}: cannot tell the format from the name; give --format"), path=path
        )
    return found


def check(paths: Sequence[Path], fmt: str | None = None) -> list[LoadedFile]:
    """Read every file through; LoadError naming the file and the problem if any is bad."""
    checked = []
    for path in paths:
        if not path.is_file():
            raise LoadError(mark("{path}: no such file"), path=path)
        name = format_of(path, fmt)
        item = LoadedFile(path, name)
        if name == "ttl":
            item.target = graph_iri("load", _SAFE.sub("-", path.stem).strip("-") or "file")
            item.graphs.add(item.target.value)
        try:
            item.quads = _scan(path, name, item.graphs)
        except SyntaxError as exc:
            raise LoadError(
                mark("{path}: not valid {format}: {exc}"), path=path, format=name, exc=exc
            ) from exc
        checked.append(item)
    return checked


def _scan(path: Path, name: str, graphs: set[str]) -> int:
    """Parse `path` through; its quad count, its graph names added to `graphs`. About 2 µs
    a quad, nearly all of it pyoxigraph's parser making the Python objects: a dump holds
    each graph's quads together, so the graph is looked at only when it changes."""
    quads = parse(path=str(path), format=FORMATS[name])
    if name == "ttl":
        return sum(1 for _ in quads)
    count = 0
    last = None
    for quad in quads:
        count += 1
        graph = quad.graph_name
        if graph != last:
            if isinstance(graph, DefaultGraph):
                raise LoadError(
                    mark(
                        "{path}: triples outside any named graph ({triple}); policykg keeps "
                        "every triple in a named graph"
                    ),
                    path=path,
                    triple=quad.triple,
                )
            graphs.add(graph.value)
            last = graph
    return count


def load(store: Store, paths: Sequence[Path], fmt: str | None = None) -> list[LoadedFile]:
    """Check every file, then replace the graphs they hold with their content."""
    checked = check(paths, fmt)
    graphs = sorted({g for item in checked for g in item.graphs})
    if graphs:
        store.update(" ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in graphs))
    if isinstance(store, EmbeddedStore) and not store.read_only:
        for item in checked:
            store.bulk_load(item.path, FORMATS[item.format], item.target)
        if checked:
            store.optimize()  # one set of tables to read, not one more per file loaded
        return checked
    for item in checked:
        _insert(store, item)
    return checked


def _insert(store: Store, item: LoadedFile) -> None:
    """A store we reach over SPARQL: the triples go in one update per graph and chunk."""
    by_graph: dict[NamedNode, list[Triple]] = {}
    for quad in parse(path=str(item.path), format=FORMATS[item.format]):
        graph = item.target or quad.graph_name
        assert isinstance(graph, NamedNode)
        by_graph.setdefault(graph, []).append(quad.triple)
    for graph, triples in by_graph.items():
        for chunk in _chunks(triples, 50_000):
            text = insert_data(graph, chunk).split(";\n", 1)[1]  # INSERT DATA only, no DROP
            store.update(text)


def _chunks(items: list[Triple], size: int) -> Iterable[list[Triple]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
