"""Run SPARQL queries in worker processes that can be killed, so a timeout really stops them.

pyoxigraph has no way to cancel a running query, and a thread cannot be killed: a runaway
query would keep a CPU busy long after its client gave up. So `/sparql` queries run in a
small pool of processes started with "spawn" (a forked copy of a process holding RocksDB
would share its locks and file handles). Each worker holds an in-memory snapshot of the
store, loaded from an N-Quads dump; a query that outlives the timeout gets its worker
terminated and replaced, and the caller a `QueryTimeout` (503) giving the elapsed time.

Freshness: before each query the pool compares a cheap fingerprint of the main store
(`kg.store.fingerprint`: the embedded store's own write counter) with the one its snapshot
was taken at; when it changed it dumps a new snapshot, bumps its generation, and each worker
reloads before its next query. `invalidate()` forces a new snapshot.

A remote store (a SPARQL server) needs no pool: `query_remote` forwards the query over
HTTP with the timeout as the client timeout.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import re
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import Any

from pyoxigraph import NamedNode, RdfFormat
from pyoxigraph import Store as OxStore

from kg.errors import BadRequest, PolicyKGError, QuerySyntaxError, QueryTimeout, StoreError
from kg.formats.results import Answer, MediaChoice, answer
from kg.ns import PREFIXES
from kg.store import QueryResult, RemoteStore, Store, dump, fingerprint

#: Largest number of solutions (SELECT) or triples (CONSTRUCT/DESCRIBE) sent in one answer.
DEFAULT_MAX_ROWS = 100_000
#: Worker processes: two let a second query run while a runaway one is being timed out.
DEFAULT_WORKERS = 2
#: How long a new worker may take to start and load its snapshot (not counted as query time).
_START_TIMEOUT = 120.0
_ERRORS: dict[str, type[PolicyKGError]] = {
    "QuerySyntaxError": QuerySyntaxError,
    "BadRequest": BadRequest,
    "StoreError": StoreError,
}


@dataclass(frozen=True)
class Dataset:
    """The SPARQL 1.1 Protocol's `default-graph-uri` / `named-graph-uri` parameters.

    Given (either list non-empty), they define the whole dataset and override any
    FROM / FROM NAMED in the query text, as the protocol requires.
    """

    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()

    @property
    def given(self) -> bool:
        return bool(self.default_graphs or self.named_graphs)


_SKIPPED = re.compile(
    r"""'''.*?'''|\"\"\".*?\"\"\"|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|<[^<>"{}|^`\\\s]*>|#[^\n]*""",
    re.S,
)
_FROM = re.compile(r"(?<![\w:?$-])FROM\s+(?:NAMED\s+)?(?:<|[A-Za-z_][\w.-]*:|:)", re.I)


def declares_dataset(query: str) -> bool:
    """True when the query text has a FROM or FROM NAMED clause.

    Needed because pyoxigraph's `use_default_graph_as_union` overrides FROM: such queries
    must run without it. Strings, IRIs and comments are emptied first so that a literal
    "from <…>" or an IRI ending in /from does not count.
    """
    return bool(_FROM.search(_SKIPPED.sub(_blank, query)))


def _blank(match: re.Match[str]) -> str:
    """An IRI becomes `<>` (FROM must still see one), a string `""`, a comment a space."""
    token = match.group(0)
    return "<>" if token.startswith("<") else " " if token.startswith("#") else '""'


def evaluate(store: OxStore, query: str, dataset: Dataset = Dataset()) -> QueryResult:
    """Run a query with policykg's dataset rules: the protocol parameters if given, else the
    query's FROM / FROM NAMED if any, else the union of all named graphs as default graph."""
    options: dict[str, Any] = {}
    if dataset.given:
        options["default_graph"] = [NamedNode(g) for g in dataset.default_graphs]
        options["named_graphs"] = [NamedNode(g) for g in dataset.named_graphs]
    elif not declares_dataset(query):
        options["use_default_graph_as_union"] = True
    try:
        return store.query(query, prefixes=PREFIXES, **options)
    except SyntaxError as exc:
        raise QuerySyntaxError(str(exc)) from exc


# --- the worker process ------------------------------------------------------------------


def _load(snapshot: str) -> OxStore:
    store = OxStore()
    store.bulk_load(path=snapshot, format=RdfFormat.N_QUADS)
    return store


def _run(
    store: OxStore, query: str, dataset: Dataset, choice: MediaChoice, max_rows: int
) -> tuple[Any, ...]:
    try:
        return ("ok", answer(evaluate(store, query, dataset), choice, max_rows))
    except PolicyKGError as exc:
        return ("error", type(exc).__name__, exc.message)
    except (ValueError, OSError) as exc:
        return ("error", "StoreError", f"The query failed: {exc}")


def _serve(conn: Connection, snapshot: str, generation: int, max_rows: int) -> None:
    """Worker main loop: load the snapshot, then answer ("query", …) and ("load", …) messages."""
    threading.Thread(target=_exit_with_parent, daemon=True).start()
    store = _load(snapshot)
    conn.send(("ready", generation))
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message[0] == "query":
            conn.send(_run(store, *message[1:], max_rows))
        elif message[0] == "load":
            store = _load(message[1])
            conn.send(("ready", message[2]))
        else:
            return


def _exit_with_parent() -> None:
    """Exit when the server dies without stopping us (SIGKILL, crash): a runaway query
    would otherwise keep this orphan busy, as nobody is left to terminate it."""
    parent = multiprocessing.parent_process()
    if parent is not None:
        parent.join()
        os._exit(0)


# --- the parent side ---------------------------------------------------------------------


class _Worker:
    """One worker process and the parent's end of its pipe."""

    def __init__(self, ctx: BaseContext, snapshot: Path, generation: int, max_rows: int) -> None:
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(  # type: ignore[attr-defined]
            target=_serve,
            args=(child, str(snapshot), generation, max_rows),
            name=f"policykg-query-{generation}",
            daemon=True,
        )
        self.process.start()
        child.close()
        self.generation = generation
        self.ready = False

    def wait_ready(self) -> None:
        """Block until the worker has loaded its snapshot (start-up is not query time)."""
        if self.ready:
            return
        if not self.conn.poll(_START_TIMEOUT):
            raise OSError(f"the worker did not start within {_START_TIMEOUT:g} s")
        tag, self.generation = self.conn.recv()
        self.ready = tag == "ready"

    def reload(self, snapshot: Path, generation: int) -> None:
        self.conn.send(("load", str(snapshot), generation))
        self.ready = False
        self.wait_ready()

    def stop(self) -> None:
        """Terminate now: the worker may be in the middle of a query it cannot interrupt."""
        self.conn.close()
        self.process.terminate()
        self.process.join(2)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(2)


class QueryPool:
    """Worker processes answering SPARQL queries over snapshots of `store`, with a timeout.

    Processes start on the first query (a server that is never queried pays nothing) and
    stop with `close()`. `run` blocks: call it from a thread, not the event loop.
    """

    def __init__(
        self,
        store: Store,
        *,
        timeout: float,
        workers: int = DEFAULT_WORKERS,
        max_rows: int = DEFAULT_MAX_ROWS,
        start_method: str = "spawn",
    ) -> None:
        if workers < 1 or max_rows < 1:
            raise ValueError("a query pool needs at least one worker and one row")
        self.store = store
        self.timeout = timeout
        self.size = workers
        self.max_rows = max_rows
        self.generation = 0
        self._ctx = multiprocessing.get_context(start_method)
        self._lock = threading.Lock()
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._workers: set[_Worker] = set()
        self._fingerprint: tuple[object, ...] | None = None
        self._snapshot: Path | None = None
        self._folder: Path | None = None
        self._closed = False

    def invalidate(self) -> None:
        """Take a new snapshot before the next query (call after writing to the store)."""
        with self._lock:
            self._fingerprint = None

    def run(self, query: str, dataset: Dataset, choice: MediaChoice) -> Answer:
        """Answer one query; QueryTimeout if it runs too long, QuerySyntaxError if it does
        not parse."""
        self._refresh()
        worker = self._acquire()
        try:
            self._prepare(worker)
            started = time.monotonic()
            worker.conn.send(("query", query, dataset, choice))
            if not worker.conn.poll(self.timeout):
                elapsed = time.monotonic() - started
                worker = self._replace(worker)
                raise QueryTimeout(
                    f"The query was stopped after {elapsed:.1f} s: queries may run for "
                    f"{self.timeout:g} s on this server (POLICYKG_QUERY_TIMEOUT).",
                    elapsed,
                )
            reply = worker.conn.recv()
        except (EOFError, OSError) as exc:
            worker = self._replace(worker)
            raise StoreError(f"The query worker stopped unexpectedly: {exc!r}") from exc
        finally:
            self._release(worker)
        if reply[0] == "error":
            raise _ERRORS.get(reply[1], StoreError)(reply[2])
        return reply[1]  # type: ignore[no-any-return]

    def close(self) -> None:
        """Stop every worker and remove the snapshots."""
        with self._lock:
            self._closed = True
            workers, self._workers = self._workers, set()
        for worker in workers:
            worker.stop()
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)

    # -- internals

    def _refresh(self) -> None:
        """Dump a new snapshot when the store's fingerprint changed; start workers lazily.

        The fingerprint is read before the dump, so a write racing with it at worst causes
        one more dump later, never a stale snapshot taken as fresh.
        """
        with self._lock:
            if self._closed:
                raise StoreError("The query service is shut down")
            current = fingerprint(self.store)
            if current != self._fingerprint:
                self._write_snapshot()
                self._fingerprint = current
            while len(self._workers) < self.size:
                self._spawn()

    def _write_snapshot(self) -> None:
        if self._folder is None:
            self._folder = Path(tempfile.mkdtemp(prefix="policykg-snapshot-"))
        self.generation += 1
        path = self._folder / f"snapshot-{self.generation}.nq"
        path.write_bytes(dump(self.store, RdfFormat.N_QUADS))
        stale = self._folder / f"snapshot-{self.generation - 2}.nq"  # keep one in use
        stale.unlink(missing_ok=True)
        self._snapshot = path

    def _spawn(self) -> _Worker:
        """Start a worker on the current snapshot (the caller holds the lock)."""
        assert self._snapshot is not None
        worker = _Worker(self._ctx, self._snapshot, self.generation, self.max_rows)
        self._workers.add(worker)
        self._idle.put(worker)
        return worker

    def _acquire(self) -> _Worker:
        try:
            return self._idle.get(timeout=self.timeout)
        except queue.Empty:
            raise QueryTimeout(
                f"All {self.size} query workers stayed busy for {self.timeout:g} s; "
                "try again later.",
                self.timeout,
            ) from None

    def _prepare(self, worker: _Worker) -> None:
        worker.wait_ready()
        with self._lock:
            snapshot, generation = self._snapshot, self.generation
        if worker.generation != generation and snapshot is not None:
            worker.reload(snapshot, generation)

    def _replace(self, worker: _Worker) -> _Worker:
        """Kill `worker` and start a new one in its place; the new one is returned, not
        queued, so the caller's `_release` puts it in the idle queue."""
        worker.stop()
        with self._lock:
            self._workers.discard(worker)
            if self._closed:
                return worker
            assert self._snapshot is not None
            fresh = _Worker(self._ctx, self._snapshot, self.generation, self.max_rows)
            self._workers.add(fresh)
            return fresh

    def _release(self, worker: _Worker) -> None:
        if worker in self._workers:
            self._idle.put(worker)


# --- a remote store ----------------------------------------------------------------------


def query_remote(
    store: RemoteStore,
    query: str,
    dataset: Dataset,
    choice: MediaChoice,
    *,
    timeout: float,
    max_rows: int = DEFAULT_MAX_ROWS,
) -> Answer:
    """Forward a query to a SPARQL server, the dataset parameters included, and serialise
    its answer like a local one. The server does the work, so the HTTP timeout is the query
    timeout (a QueryTimeout, 503, when it expires)."""
    result = store.query(
        query,
        default_graphs=dataset.default_graphs,
        named_graphs=dataset.named_graphs,
        timeout=timeout,
    )
    return answer(result, choice, max_rows)
