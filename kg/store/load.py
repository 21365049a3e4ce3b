"""`policykg load FILE…`: put exports (TriG, N-Quads, Turtle) back into a store, graphs kept.

Restoring a backup must not leave a store half old, half broken. So every file is read in
full first (a streaming parse, about 15 % of the load's time) and nothing is written unless all of them parse; the named graphs they
hold then replace the graphs of the same name, and the quads go in through the engine's bulk
loader (no transaction, so 1M triples load at bulk speed). A Turtle file has no graphs: its
triples go to `graph/load/<file stem>`. Into a store directory that does not exist yet
(`load_new_store`), the files load into a staging directory, which becomes the store only if
the load succeeds and the result holds no triple outside a named graph: nothing to protect
there, so no parse of its own (which, holding the GIL, slowed the loader's threads on two
cores), and a bad file is read through again only to say which one it is and why.

What "atomic" means here: bad input writes nothing; a load killed midway (power cut,
SIGKILL) can leave some graphs loaded, and running the same command again replaces exactly
those graphs, so it converges to the same store.

Reads stay fast after a load: the bulk loader writes one set of tables per call and per
million quads, and a read looks into every set. So consecutive N-Quads files go to the
loader as one stream (one call; never two files that both use blank nodes, whose labels
are each file's own), and the store is compacted at the end (`optimize()`, 0.2–0.3 s at
100k triples, ~2 s at 1M) unless the load wrote one set of tables into an empty store,
which reads as fast as a compacted one (`needs_compaction`). An empty store needs no DROP.

The loader parses on one core. When a compaction follows anyway (a store that held data,
more than a batch of quads), the load is spread over `threads` loader calls at once: each
N-Quads file without blank nodes is cut at line breaks into parts (a statement is one line:
N-Quads escapes the line breaks of literals), every other file is read whole, and the
calls run in threads (pyoxigraph lets go of the interpreter while it loads): at 1M, two
threads load in about half the time. A file with blank nodes is never cut: the loader
names blank nodes per call, and a node whose statements fell in two parts would become two.
"""

from __future__ import annotations

import glob
import io
import mmap
import os
import re
import shutil
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from itertools import groupby, pairwise
from pathlib import Path
from typing import TYPE_CHECKING

from pyoxigraph import DefaultGraph, NamedNode, RdfFormat, Triple, parse

from kg.errors import BadRequest, QuerySyntaxError, StoreError
from kg.locale import mark
from kg.ns import graph_iri
from kg.store.base import Store, insert_data
from kg.store.embedded import EmbeddedStore

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

FORMATS = {"trig": RdfFormat.TRIG, "nq": RdfFormat.N_QUADS, "ttl": RdfFormat.TURTLE}
_SUFFIXES = {".trig": "trig", ".nq": "nq", ".nquads": "nq", ".ttl": "ttl", ".turtle": "ttl"}
_SAFE = re.compile(r"[^A-Za-z0-9._-]+")
_BLANK = re.compile(rb"_:")  # a regular expression finds it 2–3× faster than bytes.find

#: Quads the bulk loader writes as one set of tables (oxigraph's DEFAULT_BULK_LOAD_BATCH_SIZE,
#: which pyoxigraph does not let one change): a call with more leaves several sets, which
#: overlap. Measured on the benchmark's synthetic data: 900,000 quads in one call left 9
#: table files, as one set does; the real data plus 1M synthetic quads (1,025,272) left 17.
ONE_BATCH_QUADS = 1_000_000
#: The smallest part a file is cut into for loader calls side by side (~20,000 quads of the
#: benchmark's data): a smaller one is not worth a call, which writes tables of its own.
MIN_PART_BYTES = 4 << 20


class LoadError(BadRequest):
    """A file to load is missing, in an unknown format, or does not parse."""


_OUTSIDE = mark(
    "{path}: triples outside any named graph ({triple}); policykg keeps every triple in a "
    "named graph"
)


@dataclass
class LoadedFile:
    path: Path
    format: str
    quads: int = 0
    graphs: set[str] = field(default_factory=set)
    #: For a Turtle file: the named graph its triples go to.
    target: NamedNode | None = None


@dataclass
class Loaded:
    """What a load put in: the files, and the quads and named graphs they held (counted by
    `check` per file, or, into a new store, read from the loaded store as a whole: the
    files' own counts then stay 0)."""

    files: list[LoadedFile]
    quads: int
    graphs: set[str]

    @classmethod
    def of(cls, files: list[LoadedFile]) -> Loaded:
        """The summary of files `check` counted."""
        return cls(files, sum(f.quads for f in files), {g for f in files for g in f.graphs})


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
    checked = describe(paths, fmt)
    scan(checked)
    return checked


def describe(paths: Sequence[Path], fmt: str | None = None) -> list[LoadedFile]:
    """The files, each with its format (and a Turtle file's graph), before any is read:
    LoadError for a missing file or an unknown format."""
    described = []
    for path in paths:
        if not path.is_file():
            raise LoadError(mark("{path}: no such file"), path=path)
        name = format_of(path, fmt)
        item = LoadedFile(path, name)
        if name == "ttl":
            item.target = graph_iri("load", _SAFE.sub("-", path.stem).strip("-") or "file")
            item.graphs.add(item.target.value)
        described.append(item)
    return described


def scan(items: Sequence[LoadedFile]) -> None:
    """Parse every file through, counting its quads and collecting its graphs; LoadError
    naming the file and the problem at the first bad one."""
    for item in items:
        path, name = item.path, item.format
        try:
            item.quads = _scan(path, name, item.graphs)
        except SyntaxError as exc:
            raise LoadError(
                mark("{path}: not valid {format}: {exc}"), path=path, format=name, exc=exc
            ) from exc


def _scan(path: Path, name: str, graphs: set[str]) -> int:
    """Parse `path` through; its quad count, its graph names added to `graphs`. About 1.2 µs a quad, nearly all of it pyoxigraph's
    parser making the Python objects: a dump holds each graph's quads together, so the
    graph is looked at only when it changes."""
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
                raise LoadError(_OUTSIDE, path=path, triple=quad.triple)
            graphs.add(graph.value)
            last = graph
    return count


def load(store: Store, paths: Sequence[Path], fmt: str | None = None, threads: int = 1) -> Loaded:
    """Check every file, then replace the graphs they hold with their content."""
    return load_checked(store, check(paths, fmt), threads)


def load_checked(store: Store, checked: list[LoadedFile], threads: int = 1) -> Loaded:
    """Replace the graphs of files `check` passed with their content (`policykg load`
    checks before it opens the store), in up to `threads` loader calls at once."""
    if isinstance(store, EmbeddedStore) and not store.read_only:
        _bulk_load(store, checked, threads)
        return Loaded.of(checked)
    _drop(store, checked)
    for item in checked:
        _insert(store, item)
    return Loaded.of(checked)


def _drop(store: Store, checked: Sequence[LoadedFile]) -> None:
    graphs = sorted({g for item in checked for g in item.graphs})
    if graphs:
        store.update(" ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in graphs))


def load_new_store(
    target: Path, paths: Sequence[Path], fmt: str | None = None, threads: int = 1
) -> Loaded:
    """Load into an on-disk store that does not exist yet: into a staging directory beside
    `target`, renamed to `target` once the load has succeeded and the result holds no
    triple outside a named graph, deleted otherwise. Bad input thus writes nothing at
    `target`, as in `load`, without the check's parse (measured at 100k triples: 1.5–1.9 s
    with the check beside the loader, ~1.2 s without). A load killed midway leaves its
    staging directory, which the next load into `target` deletes."""
    items = describe(paths, fmt)
    target.parent.mkdir(parents=True, exist_ok=True)
    for stale in target.parent.glob(f".{glob.escape(target.name)}.loading-*"):
        if not _alive(stale.name.rsplit("-", 1)[-1]):
            shutil.rmtree(stale, ignore_errors=True)
    staging = target.parent / f".{target.name}.loading-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    store = EmbeddedStore(staging)
    open_ = True
    try:
        lines = sum(_lines(item) for item in items) if threads > 1 else 0
        calls = _plan(items, True, lines, threads)
        try:
            _run(store, calls, threads)
        except QuerySyntaxError:
            scan(items)  # reads the files again to name the bad one and the problem
            raise
        outside = store.default_graph_triple()
        if outside is not None:
            scan(items)  # names the file
            raise LoadError(_OUTSIDE, path=", ".join(map(str, paths)), triple=outside)
        loaded = Loaded(items, store.count(), {g.value for g in store.graph_names()})
        if needs_compaction(True, len(calls), loaded.quads):
            store.optimize()
        store.close()
        open_ = False
        try:
            staging.rename(target)
        except OSError as exc:  # another load made `target` meanwhile
            raise StoreError(
                mark("Write to {description} failed: {exc}"), description=target, exc=exc
            ) from exc
    except BaseException:
        if open_:
            store.close()
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return loaded


def _alive(pid: str) -> bool:
    """Whether the process `pid` (a staging directory's suffix) still runs."""
    if not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists, under another user
    return True


def _bulk_load(store: EmbeddedStore, checked: Sequence[LoadedFile], threads: int) -> None:
    """The embedded store's path: a DROP only if the store holds something, the loader
    calls (`_plan`), a compaction if it is needed."""
    empty = store.is_empty()
    if not empty:
        _drop(store, checked)
    quads = sum(item.quads for item in checked)
    calls = _plan(checked, empty, quads, threads)
    _run(store, calls, threads)
    if needs_compaction(empty, len(calls), quads):
        store.optimize()  # one set of tables to read, not one more per loader call


@dataclass(frozen=True)
class _Call:
    """What one loader call reads: files joined as one stream (N-Quads), or one file, or a
    part of one N-Quads file (bytes `start` to `end`, cut at line breaks)."""

    items: tuple[LoadedFile, ...]
    start: int = 0
    end: int | None = None

    @property
    def size(self) -> int:
        if self.end is not None:
            return self.end - self.start
        return sum(item.path.stat().st_size for item in self.items)


def _plan(items: Sequence[LoadedFile], was_empty: bool, quads: int, threads: int) -> list[_Call]:
    """The loader calls of a load. As few as can be while one set of tables may be all the
    load writes (`needs_compaction`); when a compaction follows anyway and `threads` > 1,
    each N-Quads file without blank nodes cut into up to `threads` parts of at least
    MIN_PART_BYTES and every other file alone, to be loaded side by side (`_run`)."""
    if threads <= 1 or not needs_compaction(was_empty, 1, quads):
        return [_Call(tuple(group)) for group in _loader_calls(items)]
    calls: list[_Call] = []
    for item in items:
        parts = min(threads, item.path.stat().st_size // MIN_PART_BYTES)
        if item.format == "nq" and parts > 1 and not _may_hold_blank_nodes(item.path):
            bounds = _line_cuts(item.path, parts)
            calls += [_Call((item,), a, b) for a, b in pairwise(bounds) if b > a]
        else:
            calls.append(_Call((item,)))
    return calls


def _run(store: EmbeddedStore, calls: Sequence[_Call], threads: int) -> None:
    """The loader calls, in up to `threads` threads (the largest first, so that the threads
    finish together); the first error is raised once every call has ended."""
    if threads <= 1 or len(calls) <= 1:
        for call in calls:
            _loader_call(store, call)
        return
    ordered = sorted(calls, key=lambda call: call.size, reverse=True)
    with ThreadPoolExecutor(max_workers=threads, thread_name_prefix="policykg-load") as pool:
        futures = [pool.submit(_loader_call, store, call) for call in ordered]
    for future in futures:
        future.result()


def _loader_call(store: EmbeddedStore, call: _Call) -> None:
    first = call.items[0]
    if call.end is not None:
        with io.BufferedReader(_Part(first.path, call.start, call.end), 1 << 20) as stream:
            store.bulk_load(stream, FORMATS[first.format])
    elif len(call.items) == 1:
        store.bulk_load(first.path, FORMATS[first.format], first.target)
    else:
        with io.BufferedReader(_Joined([item.path for item in call.items]), 1 << 20) as stream:
            store.bulk_load(stream, FORMATS[first.format])


def _lines(item: LoadedFile) -> int:
    """At least as many as the quads of an N-Quads file (one statement a line; comments
    and empty lines count too): decides, before a load into a new store, whether it will be
    compacted. 0 for the other formats (their statements span lines); ~40 ms for 200 MB."""
    if item.format != "nq":
        return 0
    with item.path.open("rb") as file:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: file.read(1 << 20), b"")) + 1


def needs_compaction(was_empty: bool, loader_calls: int, quads: int) -> bool:
    """Whether the tables a load wrote need compacting for reads to stay fast.

    Not after one loader call of at most ONE_BATCH_QUADS into an empty store: its one set
    of tables is all a read looks into. Measured at 100k (the real data plus 100k synthetic
    quads; the benchmark's six analyses, median of five rounds, as ratios to the real data
    alone; four runs): one call into an empty store 0.75–1.14, the same files in two calls
    and compacted 0.69–1.16, in two calls not compacted 1.07–1.65 (the document view up to
    3.07). Any other load (a store that held data, several calls, more quads) adds
    overlapping sets: compacted.
    """
    return not was_empty or loader_calls > 1 or quads > ONE_BATCH_QUADS


def _loader_calls(checked: Sequence[LoadedFile]) -> Iterator[list[LoadedFile]]:
    """The files grouped into loader calls: consecutive N-Quads files read as one stream,
    unless two of them use blank nodes (a label is scoped to its file, and one stream would
    merge two files' `_:b1` into one node); every other file alone."""
    for is_nquads, run in groupby(checked, key=lambda item: item.format == "nq"):
        items = list(run)
        if not is_nquads:
            yield from ([item] for item in items)
            continue
        group: list[LoadedFile] = []
        blank = False
        for item in items:
            has_blank = _may_hold_blank_nodes(item.path)
            if group and blank and has_blank:
                yield group
                group, blank = [], False
            group.append(item)
            blank = blank or has_blank
        if group:
            yield group


def _may_hold_blank_nodes(path: Path) -> bool:
    """False only if the N-Quads file cannot hold a blank node: no `_:` anywhere in it (a
    byte search, ~7 ms for 20 MB; a `_:` inside an IRI or a literal only costs a call)."""
    with path.open("rb") as file:
        if path.stat().st_size == 0:
            return False
        with mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) as data:
            return _BLANK.search(data) is not None


def _line_cuts(path: Path, parts: int) -> list[int]:
    """Byte offsets that cut `path` into about `parts` equal parts, each starting a line:
    [0, …, size]."""
    size = path.stat().st_size
    cuts = [0]
    with path.open("rb") as file:
        for index in range(1, parts):
            file.seek(max(size * index // parts, cuts[-1]))
            file.readline()  # to the start of the next line
            cuts.append(min(file.tell(), size))
    cuts.append(size)
    return cuts


class _Part(io.RawIOBase):
    """Bytes `start` to `end` of a file, as a stream."""

    def __init__(self, path: Path, start: int, end: int) -> None:
        super().__init__()
        self._file = path.open("rb")
        self._file.seek(start)
        self._left = end - start

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer, /) -> int:
        if self._left <= 0:
            return 0
        view = memoryview(buffer).cast("B")[: self._left]
        read = self._file.readinto(view)
        self._left -= read
        return read

    def close(self) -> None:
        self._file.close()
        super().close()


class _Joined(io.RawIOBase):
    """Files read one after the other as one stream, with a line break between two files
    (N-Quads is line-based: each checked file stays a run of whole statements)."""

    def __init__(self, paths: Sequence[Path]) -> None:
        super().__init__()
        self._paths = list(paths)
        self._file: io.BufferedReader | None = None
        self._last = b"\n"

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer, /) -> int:
        view = memoryview(buffer).cast("B")
        while True:
            if self._file is None:
                if not self._paths:
                    return 0
                self._file = self._paths.pop(0).open("rb")
            read = self._file.readinto(view)
            if read:
                self._last = bytes(view[read - 1 : read])
                return read
            self._file.close()
            self._file = None
            if self._last not in (b"\n", b"\r"):
                view[0:1] = b"\n"
                self._last = b"\n"
                return 1

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
        super().close()


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
