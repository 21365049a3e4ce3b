"""Run SPARQL queries in worker processes that can be killed, so a timeout really stops them.

pyoxigraph has no way to cancel a running query, and a thread cannot be killed: a runaway
query would keep a CPU busy long after its client gave up. So `/sparql` queries run in a
small pool of worker processes; a query that outlives the timeout gets its worker killed
and replaced, and the caller a `QueryTimeout` (503) giving the elapsed time.

Queries run on an in-memory copy of the store (a small query runs 3–5× faster there than
on RocksDB), held once by a "zygote": a process started with "spawn" that loads the content
(from an on-disk store through a short-lived process that dumps it, so that RocksDB and its
background threads never enter the zygote), freezes its objects and then only forks, one
worker per request of the pool. The workers share the copy's pages copy-on-write; a killed
worker is replaced by a fork in milliseconds. The zygote has no thread when it forks (a
fork copies only the calling thread). Each copy belongs to one version of the store: before
each query the pool compares a cheap fingerprint of the main store
(`kg.store.fingerprint`: the embedded store's own write counter) with the one it copied;
when it changed, a new zygote loads the new content while the old one's workers are
replaced as they come back idle, and the old zygote stops with its last worker.

Until a copy is ready (at start-up, after a write) queries are answered by workers started
with "spawn" that open the on-disk store read-only (RocksDB's read-only mode takes no lock
and shares the page cache; ~20 ms), as the pool did before: the store is flushed first (so
the open replays no write-ahead log) and such a worker opens it again after a write; once
the copy is ready they are replaced by forked ones. A large on-disk store is not copied by
default (`wants_copy`; docs/store.md: a worker's pages drift from the shared copy as it
reads, so each costs up to a copy): its workers keep reading the disk. An in-memory store
has no directory: its content travels as N-Quads through a pipe to the zygote (or to each
worker when copies are turned off), never through a file. `invalidate()` forces a reload.

Nothing a client sends may end a worker: every error is caught and answered, queries
nested deep enough to overflow the parser's stack never reach it (kg.publish.query_guard),
and a worker that dies anyway is replaced and its death logged with its cause.

A remote store (a SPARQL server) needs no pool: `query_remote` forwards the query over
HTTP with the timeout as the client timeout.
"""

from __future__ import annotations

import contextlib
import logging
import mmap
import multiprocessing
import os
import queue
import re
import socket
import threading
import time
from collections import deque
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.context import BaseContext
from multiprocessing.reduction import ForkingPickler
from typing import TYPE_CHECKING, Any

from pyoxigraph import NamedNode, RdfFormat
from pyoxigraph import Store as OxStore

from kg.errors import (
    BadRequest,
    PolicyKGError,
    QuerySyntaxError,
    QueryTimeout,
    ResultTooLarge,
    StoreError,
)
from kg.formats.results import (  # noqa: F401  (Limits and the defaults: re-exported)
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_ROWS,
    Answer,
    Limits,
    MediaChoice,
    answer,
)
from kg.locale import mark
from kg.ns import PREFIXES
from kg.publish.front_workers import EPOCH, Front, Watchdog, die_with_parent
from kg.store import EmbeddedStore, QueryResult, RemoteStore, Store, dump, fingerprint
from kg.store.embedded import open_read_only
from kg.store.spawn import start_without_main

if TYPE_CHECKING:  # asyncio is imported where the pool awaits: its zygote and workers never
    import asyncio  # do (5 MB and 20 ms each, docs/store.md)

#: Worker processes: two let a second query run while a runaway one is being timed out.
DEFAULT_WORKERS = 2
#: The largest on-disk store (MB of RocksDB table files) that queries read from an in-memory
#: copy by default. 1M triples take 334 MB of tables as `policykg load` leaves them after one
#: bulk load (188 MB once compacted) and a 390 MB copy; the real data and 100k synthetic
#: triples take ~20–25 MB.
DEFAULT_COPY_LIMIT_MB = 512
#: How long a new worker may take to start and load its snapshot (not counted as query time).
_START_TIMEOUT = 120.0
_ERRORS: dict[str, type[PolicyKGError]] = {
    "QuerySyntaxError": QuerySyntaxError,
    "BadRequest": BadRequest,
    "StoreError": StoreError,
    "ResultTooLarge": ResultTooLarge,
    "QueryFailed": BadRequest,
}
_LOG = logging.getLogger("policykg.query")
_WORKER_DIED = mark(
    "The query worker stopped unexpectedly; it has been replaced and the cause logged. Try again."
)


class _WorkerDied(Exception):
    """(Internal) the worker's pipe closed: it died before or while answering."""


def _answer_of(reply: tuple[Any, ...]) -> Answer:
    """A worker's reply as its answer, or the error it carries (template and values)."""
    if reply[0] == "error":
        raise _ERRORS.get(reply[1], StoreError)(reply[2], **reply[3])
    answer: Answer = reply[1]
    return answer


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


@dataclass(frozen=True)
class Source:
    """Where a worker finds the data: a store directory it opens read-only (no copy, the
    operating system's page cache is shared), or N-Quads bytes for an in-memory store."""

    path: str | None = None
    nquads: bytes = b""


def _open(source: Source) -> OxStore:
    if source.path is not None:
        return open_read_only(source.path)
    store = OxStore()
    if source.nquads:
        store.bulk_load(source.nquads, format=RdfFormat.N_QUADS)
    return store


def stopped_query(elapsed: float, timeout: float) -> QueryTimeout:
    """The error of a query stopped at the timeout, wherever it was stopped (a pool worker
    or, through the zygote's watchdog, a front worker)."""
    return QueryTimeout(
        mark(
            "The query was stopped after {elapsed:.1f} s: queries may run for {timeout:g} s "
            "on this server (POLICYKG_QUERY_TIMEOUT)."
        ),
        elapsed,
        elapsed=elapsed,
        timeout=timeout,
    )


def answer_query(
    store: OxStore, query: str, dataset: Dataset, choice: MediaChoice, limits: Limits
) -> tuple[Any, ...]:
    """Answer one query; every failure becomes an ("error", name, template, values) reply, so that
    nothing a client sends can end the worker (a crash would cost a restart)."""
    try:
        result = evaluate(store, query, dataset)
        again = lambda: evaluate(store, query, dataset)  # noqa: E731
        return ("ok", answer(result, choice, limits.max_rows, limits.max_bytes, again))
    except PolicyKGError as exc:
        return ("error", type(exc).__name__, exc.template, exc.values)
    except Exception as exc:  # engine errors: bad SERVICE answers, I/O, anything
        values = {"kind": type(exc).__name__, "detail": str(exc)}
        return ("error", "QueryFailed", mark("The query failed: {kind}: {detail}"), values)


def _serve(conn: Connection, source: Source, generation: int, limits: Limits) -> None:
    """Worker main loop: open the data, then answer ("query", …) and ("open", …) messages."""
    threading.Thread(target=_exit_with_parent, daemon=True).start()
    store = _open(source)
    conn.send(("ready", generation))
    _answer_loop(conn, store, source, limits)


def _answer_loop(conn: Connection, store: OxStore, source: Source | None, limits: Limits) -> None:
    """Answer ("query", …) messages, and ("open", …) ones when the store is opened from a
    `source` (a forked worker has none: it is replaced, not reopened)."""
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message[0] == "query":
            _, query, dataset, choice = message
            reply = answer_query(store, query, dataset, choice, limits)
            if reply[1] == "QueryFailed" and source is not None and source.path is not None:
                # A read-only open is a snapshot: if the writer compacted files away under
                # it, open again and retry once.
                store = _open(source)
                reply = answer_query(store, query, dataset, choice, limits)
            conn.send(reply)
        elif message[0] == "open" and source is not None:
            source = message[1]
            store = _open(source)
            conn.send(("ready", message[2]))
        else:
            return


# --- the zygote: one in-memory copy, shared by forked workers ---------------------------


#: Run by the short-lived process that dumps an on-disk store for the zygote: pyoxigraph
#: only (no policykg import: its start-up is on the copy's path), a read-only open retried
#: as `open_read_only` does, N-Quads streamed to stdout.
_DUMP = """
import sys, time
from pyoxigraph import RdfFormat, Store
for attempt in range(10):
    try:
        store = Store.read_only(sys.argv[1])
        break
    except (OSError, RuntimeError):
        if attempt == 9:
            raise
        time.sleep(0.05 * (attempt + 1))
store.dump(sys.stdout.buffer, format=RdfFormat.N_QUADS)
sys.stdout.buffer.flush()
"""


def _memory_copy(source: Source) -> OxStore:
    """An in-memory pyoxigraph store holding the source's content (the zygote's copy). An
    on-disk store is read by another process that streams it as N-Quads while this one
    loads them (the two overlap on two cores).

    The copy is built in a thread of its own, joined before anything is forked: what it
    allocates (the copy, and the loader's scratch memory, freed once loaded) then lies in
    that thread's malloc arena, and the main arena, where a forked worker's allocations go,
    stays small. Built in the main thread instead, the copy left its arena full of freed
    holes that every worker's small allocations were spread over, each write copying a
    page shared with the zygote: at 1M triples a worker held 178 MB of its own after 3,000
    queries (2 MB when built in a thread), and each query was slower (0.33 ms against 0.25).
    """
    store = OxStore()
    failed: list[BaseException] = []

    def fill() -> None:
        try:
            _fill(store, source)
        except BaseException as exc:  # re-raised in the zygote's main thread
            failed.append(exc)

    loader = threading.Thread(target=fill, name="policykg-copy")
    loader.start()
    loader.join()  # no thread is left when the zygote forks
    if failed:
        raise failed[0]
    return store


def _fill(store: OxStore, source: Source) -> None:
    import subprocess
    import sys

    if source.path is None:
        if source.nquads:
            store.bulk_load(source.nquads, format=RdfFormat.N_QUADS)
        return
    dumper = subprocess.Popen(  # fork + exec
        [sys.executable, "-I", "-c", _DUMP, source.path],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert dumper.stdout is not None
    try:
        store.bulk_load(dumper.stdout, format=RdfFormat.N_QUADS)
    finally:
        dumper.stdout.close()
        code = dumper.wait()
    if code != 0:
        raise OSError(f"reading the store at {source.path} failed (exit code {code})")


def _threads() -> int:
    """The threads of this process as the kernel counts them (native ones included)."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return threading.active_count()


def _zygote(
    conn: Connection,
    source: Source,
    generation: int,
    limits: Limits,
    front: Front | None = None,
    timeout: float = 0.0,
) -> None:
    """Zygote main loop: load the content in memory once, then fork a worker for each
    ("F" + the worker's socket) request and kill ("K" + pid) the ones it forked; with
    `front`, fork the front workers once the server sends its sockets ("L", below) and
    watch them.

    The zygote has no thread when it forks (a fork copies only the calling thread: a lock
    held by another would stay locked in the child forever; the thread that builds the copy
    has ended before the first fork), never opens RocksDB (its background
    threads would stay), and freezes its objects before forking so that the children's
    garbage collections do not write to (hence copy) the pages they share with it.
    Requests come on the raw socket under `conn` (5 bytes each, the worker's socket attached
    to "F"); replies go through `conn`. It exits, killing its workers, when the server
    closes its end.
    """
    import gc
    import select
    import signal
    import socket

    store = _memory_copy(source)
    del source
    gc.collect()
    gc.freeze()
    conn.send(("ready", generation, _threads()))
    control = socket.socket(fileno=os.dup(conn.fileno()))
    children: set[int] = set()
    watch: Watchdog | None = None
    while True:
        try:
            if watch is not None:
                readable = select.select([control, watch.inbox], [], [], watch.tick)[0]
                watch.check(children)
                if control not in readable:
                    continue
            request, fds, _, _ = socket.recv_fds(control, 5, 3)
            while request and len(request) < 5:
                more = control.recv(5 - len(request))
                if not more:
                    break
                request += more
        except OSError:
            break
        if len(request) < 5:
            break
        if request[:1] == b"F" and fds:
            pid = os.fork()
            if pid == 0:  # the worker
                code = 1
                try:
                    control.close()
                    conn.close()
                    if watch is not None:
                        watch.close()
                    die_with_parent()
                    threading.Thread(target=_exit_with_parent, daemon=True).start()
                    worker = Connection(fds[0])
                    worker.send(("ready", generation))
                    _answer_loop(worker, store, None, limits)
                    code = 0
                finally:
                    os._exit(code)
            os.close(fds[0])
            children.add(pid)
            conn.send(pid)
        elif request[:1] == b"L" and len(fds) == 3 and front is not None and watch is None:
            epoch = int.from_bytes(request[1:], "big")
            watch = Watchdog(front, fds, epoch, store, limits, timeout, (control, conn))
            watch.start(children)
        elif request[:1] == b"S" and watch is not None:  # the copy is out of date
            watch.stop(children)
            watch = None
        elif request[:1] == b"K":
            pid = int.from_bytes(request[1:], "big")
            status = None
            if pid in children:  # never a pid this zygote has not forked and reaped
                children.discard(pid)
                os.kill(pid, signal.SIGKILL)  # a zombie until reaped: the pid is still ours
                status = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
            conn.send(status)
        else:
            for fd in fds:  # a message this zygote does not take: its descriptors closed
                os.close(fd)
    for pid in children:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)


def _exit_with_parent() -> None:
    """Exit when the server dies without stopping us (SIGKILL, crash): a runaway query
    would otherwise keep this orphan busy, as nobody is left to terminate it."""
    parent = multiprocessing.parent_process()
    if parent is not None:
        parent.join()
        os._exit(0)


# --- the parent side ---------------------------------------------------------------------


def _start(ctx: BaseContext, target: Any, name: str, *args: Any) -> tuple[Connection, Any]:
    """A daemon process running `target(child_end, *args)`; the parent's end and the process."""
    conn, child = ctx.Pipe()
    # typeshed's BaseContext lacks Process; every real context (spawn, fork) has it.
    process = ctx.Process(  # type: ignore[attr-defined]
        target=target, args=(child, *args), name=name, daemon=True
    )
    start_without_main(process)
    child.close()
    return conn, process


class _Worker:
    """One worker process and the parent's end of its pipe."""

    def __init__(self, ctx: BaseContext, source: Source, generation: int, limits: Limits) -> None:
        self.conn, self.process = _start(
            ctx, _serve, f"policykg-query-{generation}", source, generation, limits
        )
        self.generation = generation
        self.ready = False

    def wait_ready(self) -> None:
        """Block until the worker has opened its data (start-up is not query time)."""
        if self.ready:
            return
        if not self.conn.poll(_START_TIMEOUT):
            raise OSError(f"the worker did not start within {_START_TIMEOUT:g} s")
        tag, self.generation = self.conn.recv()
        self.ready = tag == "ready"

    def reopen(self, source: Source, generation: int) -> None:
        self.conn.send(("open", source, generation))
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


class _Zygote:
    """The server's handle on a zygote process (see `_zygote`) of one generation."""

    def __init__(
        self,
        ctx: BaseContext,
        source: Source,
        generation: int,
        limits: Limits,
        front: _FrontPlan | None = None,
    ) -> None:
        self.conn, self.process = _start(
            ctx,
            _zygote,
            f"policykg-zygote-{generation}",
            source,
            generation,
            limits,
            front.front if front else None,
            front.timeout if front else 0.0,
        )
        self.control = socket.socket(fileno=os.dup(self.conn.fileno()))
        self.generation = generation
        #: The pool's write epoch this copy belongs to (its front workers compare it).
        self.epoch = front.epoch if front else None
        if front is not None:  # read by the zygote once its copy is loaded
            message = b"L" + (front.epoch & 0xFFFFFFFF).to_bytes(4, "big")
            socket.send_fds(self.control, [message], list(front.fds))
        self.ready = False
        self.failed = False
        #: The zygote's threads when it was ready to fork (the kernel's count: 1 expected).
        self.threads = 0
        #: Workers forked and not yet killed: a retired zygote stops when none is left.
        self.workers = 0
        self.started = time.monotonic()
        self._lock = threading.Lock()

    def poll_ready(self, timeout: float = 0) -> bool:
        """Whether the zygote has loaded its copy (waiting up to `timeout` seconds)."""
        if self.ready or self.failed:
            return self.ready
        if timeout:  # waited for without the lock: callers under the pool's lock only peek
            with contextlib.suppress(EOFError, OSError):  # found again below, under the lock
                self.conn.poll(timeout)
        with self._lock:
            return self._read_ready()

    def _read_ready(self) -> bool:
        """(Under the lock.) Read the zygote's "ready" message if it has come."""
        if self.ready or self.failed:  # another thread read it meanwhile
            return self.ready
        try:
            if not self.conn.poll(0):
                return False
            tag, _, threads = self.conn.recv()
        except (EOFError, OSError, ValueError) as exc:
            _LOG.error("the query zygote %d failed to start: %r", self.generation, exc)
            self.failed = True
            return False
        self.ready = tag == "ready"
        self.threads = threads
        if threads != 1:
            _LOG.warning("the query zygote has %d threads when it forks", threads)
        _LOG.info(
            "in-memory copy of generation %d ready in %.2f s",
            self.generation,
            time.monotonic() - self.started,
        )
        return self.ready

    def fork(self) -> tuple[int, Connection]:
        """A new worker: its pid and the server's end of its socket."""
        ours, theirs = socket.socketpair()
        try:
            with self._lock:
                socket.send_fds(self.control, [b"F\0\0\0\0"], [theirs.fileno()])
                pid: int = self.conn.recv()
        except (EOFError, OSError):
            ours.close()
            raise
        finally:
            theirs.close()
        self.workers += 1
        return pid, Connection(ours.detach())

    def kill(self, pid: int) -> int | None:
        """Kill a worker it forked (at once: it may be in a query); its exit status."""
        self.workers -= 1
        with self._lock:
            try:
                self.control.sendall(b"K" + pid.to_bytes(4, "big"))
                status: int | None = self.conn.recv()
                return status
            except (EOFError, OSError):  # the zygote is gone: its children die with it
                return None

    def stop_front(self) -> None:
        """Stop its front workers now (a write made its copy out of date); no reply."""
        if self.epoch is None:
            return
        with self._lock, contextlib.suppress(OSError):
            self.control.sendall(b"S\0\0\0\0")

    def stop(self) -> None:
        """Close its socket (the zygote kills its workers and exits), then make sure."""
        self.control.close()
        self.conn.close()
        if not self.ready:  # still loading: it reads no request until it has loaded
            self.process.kill()
        self.process.join(2)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(2)


class _ForkedWorker:
    """A worker forked by a zygote: the same interface as `_Worker` (its `process` is
    itself: a pid, `join`, `exitcode`), forked on `wait_ready`, killed through its zygote."""

    def __init__(self, zygote: _Zygote) -> None:
        self.zygote = zygote
        self.generation = zygote.generation
        self.ready = False
        self.pid: int | None = None
        self.exitcode: int | None = None
        self._conn: Connection | None = None

    @property
    def conn(self) -> Connection:
        assert self._conn is not None, "wait_ready() forks the worker first"
        return self._conn

    @property
    def process(self) -> _ForkedWorker:
        return self

    def wait_ready(self) -> None:
        if self.ready:
            return
        if not self.zygote.poll_ready(_START_TIMEOUT):
            raise OSError("the query zygote did not load its copy of the store")
        self.pid, self._conn = self.zygote.fork()
        if not self._conn.poll(_START_TIMEOUT):
            raise OSError(f"the worker did not start within {_START_TIMEOUT:g} s")
        tag, _ = self._conn.recv()
        self.ready = tag == "ready"

    def join(self, timeout: float | None = None) -> None:
        """Until the process has ended (a zombie of its zygote counts as ended)."""
        deadline = time.monotonic() + (timeout if timeout is not None else 1e9)
        while self.pid is not None and time.monotonic() < deadline:
            try:
                with open(f"/proc/{self.pid}/stat") as stat:
                    state = stat.read().rsplit(")", 1)[1].split()[0]
            except OSError:
                return
            if state in ("Z", "X"):
                return
            time.sleep(0.01)

    def stop(self) -> None:
        if self._conn is not None:
            self._conn.close()
        if self.pid is not None:
            self.exitcode = self.zygote.kill(self.pid)
            self.pid = None


#: Either kind of worker (the pool treats them alike).
AnyWorker = _Worker | _ForkedWorker


class QueryPool:
    """Worker processes answering SPARQL queries over `store`, each stopped at the timeout.

    The workers are forked from a zygote holding an in-memory copy of the store (the
    module's docstring); until it is ready, or when `in_memory` is False (None: when
    `wants_copy`), they open an on-disk store read-only or load an in-memory one's N-Quads.
    After a write the next query sees it. Processes start on the first query or `start()`
    and stop with `close()`. `run` blocks: call it from a thread, not the event loop.
    """

    def __init__(
        self,
        store: Store,
        *,
        timeout: float,
        workers: int = DEFAULT_WORKERS,
        limits: Limits = Limits(),
        start_method: str = "spawn",
        in_memory: bool | None = None,
        copy_limit_mb: float = DEFAULT_COPY_LIMIT_MB,
        front: Front | None = None,
        front_sockets: tuple[int, int] | None = None,
    ) -> None:
        if workers < 1 or limits.max_rows < 1:
            raise ValueError("a query pool needs at least one worker and one row")
        self.store = store
        self.timeout = timeout
        self.size = workers
        self.limits = limits
        self.generation = 0
        #: Workers that died of something other than a timeout (each is logged with its cause).
        self.deaths = 0
        self._ctx = multiprocessing.get_context(start_method)
        self._lock = threading.Lock()
        #: Last in, first out: the worker used last (its caches warm) answers next.
        self._idle: queue.Queue[AnyWorker] = queue.LifoQueue()
        self._workers: set[AnyWorker] = set()
        self._fingerprint: tuple[object, ...] | None = None
        self._source: Source | None = None
        #: Queries run on an in-memory copy held by a zygote and shared by forked workers
        #: (see the module's docstring); False: every worker opens or loads the data itself;
        #: None: a copy when the store is small enough (`wants_copy`).
        self.in_memory = in_memory
        self.copy_limit_mb = copy_limit_mb
        self._zygote: _Zygote | None = None
        self._copy_due = False
        self._retired: list[_Zygote] = []
        self._closed = False
        self._waiters: deque[tuple[asyncio.Future[AnyWorker], asyncio.AbstractEventLoop]] = deque()
        #: Front workers (`Front`) answer GET /sparql on the server's listening socket from
        #: the zygote's copy; given the descriptors of that socket and of the socket they
        #: hand other requests back on. Only for a store that tells its writes (an
        #: embedded one): the front workers never ask the pool whether their copy is current.
        self.front = front if front_sockets and isinstance(store, EmbeddedStore) else None
        self._front_sockets = front_sockets
        #: Bumped at every write and `invalidate`, and written to a page the front workers
        #: read before each request: a copy made at an older epoch hands requests back.
        self._epoch = 0
        self._source_epoch = 0
        self._epoch_lock = threading.Lock()
        self._epoch_fd: int | None = None
        self._epoch_page: mmap.mmap | None = None
        if self.front is not None:
            self._epoch_fd = os.memfd_create("policykg-epoch", os.MFD_CLOEXEC)
            os.ftruncate(self._epoch_fd, EPOCH.size)
            self._epoch_page = mmap.mmap(self._epoch_fd, EPOCH.size)
            assert isinstance(store, EmbeddedStore)
            store.write_listeners.append(self._bump)

    def start(self) -> None:
        """Start the workers now rather than on the first query (a server about to answer)."""
        self._refresh()

    def invalidate(self) -> None:
        """Open the data afresh before the next query (after a write the pool cannot see)."""
        self._bump()
        with self._lock:
            self._fingerprint = None

    def _bump(self) -> None:
        """The store changed: front workers holding an older copy stop answering at once."""
        with self._epoch_lock:
            self._epoch += 1
            if self._epoch_page is not None:
                EPOCH.pack_into(self._epoch_page, 0, self._epoch)

    def front_active(self) -> bool:
        """Whether front workers are answering on the listening socket from a current copy
        (the server then leaves new connections to them)."""
        zygote = self._zygote
        return (
            self.front is not None
            and zygote is not None
            and zygote.epoch == self._epoch
            and not zygote.failed
            and zygote.poll_ready()
            and zygote.process.is_alive()
        )

    def status(self) -> dict[str, Any]:
        """Where `/sparql` answers come from now, for `/healthz` (operators, load balancers
        and the benchmark wait on it). `copy`: "ready" (workers forked from the in-memory
        copy), "loading", "off" (workers read the store itself: too large for the copy
        limit, or the copy turned off), "failed" (the same, after the copy failed to
        load: see the log); `front`: whether front workers answer `GET /sparql` on the
        listening socket, with no hop through the server process."""
        with self._lock:
            zygote, due = self._zygote, self._copy_due
        if zygote is None:
            copy = "loading" if due else "off"
        elif zygote.failed:
            copy = "failed"
        else:
            copy = "ready" if zygote.poll_ready() else "loading"
        return {"copy": copy, "front": self.front_active()}

    def settle(self) -> None:
        """(Blocking: from a thread.) Replace the idle workers still reading the disk by
        forks of the copy now that it is loaded. With front workers the pool may answer no
        query for a long time, and each spawned worker holds its own RocksDB caches (about
        25 MB at 100k) where a fork shares the copy."""
        zygote = self._zygote
        if zygote is not None and zygote.poll_ready():
            self._upgrade_idle()

    def _front_plan(self) -> _FrontPlan | None:
        """(The caller holds the lock.) What a new zygote needs to start front workers."""
        if self.front is None or self._front_sockets is None or self._epoch_fd is None:
            return None
        fds = (*self._front_sockets, self._epoch_fd)
        return _FrontPlan(self.front, self.timeout, fds, self._source_epoch)

    def run(self, query: str, dataset: Dataset, choice: MediaChoice) -> Answer:
        """Answer one query; QueryTimeout if it runs too long, QuerySyntaxError if it does
        not parse. A worker found dead is replaced and the query tried once more on the
        new one (queries only read), so a death between two queries costs no answer."""
        try:
            return self._run_once(query, dataset, choice)
        except _WorkerDied:
            pass
        try:
            return self._run_once(query, dataset, choice)
        except _WorkerDied as again:
            raise StoreError(_WORKER_DIED) from again.__cause__

    def _run_once(self, query: str, dataset: Dataset, choice: MediaChoice) -> Answer:
        self._refresh()
        worker = self._acquire()
        try:
            worker = self._prepare(worker)
            started = time.monotonic()
            worker.conn.send(("query", query, dataset, choice))
            if not worker.conn.poll(self.timeout):
                elapsed = time.monotonic() - started
                worker = self._replace(worker, None)
                raise stopped_query(elapsed, self.timeout)
            reply = worker.conn.recv()
        except (EOFError, OSError) as exc:
            worker = self._replace(worker, exc)
            raise _WorkerDied from exc
        finally:
            self._release(worker)
        if self._copy_due:
            self.warm()
        return _answer_of(reply)

    async def arun(
        self, query: str, dataset: Dataset, choice: MediaChoice, message: bytes | None = None
    ) -> Answer:
        """`run` for the event loop: the reply is awaited on the worker's pipe by the loop
        itself (no thread per query); only the rare blocking steps (a worker starting or
        reopening the store, every worker busy) go to a thread. A dead worker is replaced
        and the query tried once more, as in `run`. `message` is `query_message(query,
        dataset, choice)` when the caller kept it (a query asked again is not pickled again)."""
        if message is None:
            message = query_message(query, dataset, choice)
        try:
            return await self._arun_once(message)
        except _WorkerDied:
            pass
        try:
            return await self._arun_once(message)
        except _WorkerDied as again:
            raise StoreError(_WORKER_DIED) from again.__cause__

    async def _arun_once(self, message: bytes) -> Answer:
        import asyncio

        loop = asyncio.get_running_loop()
        if self._stale():
            await asyncio.to_thread(self._refresh)
        elif self._closed:
            raise StoreError(mark("The query service is shut down"))
        worker = await self._aacquire()
        try:
            if not worker.ready or worker.generation != self.generation or self._upgrade(worker):
                worker = await asyncio.to_thread(self._prepare, worker)
            started = time.monotonic()
            worker.conn.send_bytes(message)
            replied: asyncio.Future[bool] = loop.create_future()
            fd = worker.conn.fileno()
            loop.add_reader(fd, _settle, replied, True)
            late = loop.call_later(self.timeout, _settle, replied, False)
            try:
                answered = await replied
            finally:
                late.cancel()
                loop.remove_reader(fd)
                # uvloop (libuv) makes a watched descriptor non-blocking: a reply larger
                # than the socket's buffer would then fail half-read (EAGAIN), and the
                # worker be taken for dead. The pipe is read blocking, as `run` does.
                os.set_blocking(fd, True)
            if not answered:
                elapsed = time.monotonic() - started
                worker = await asyncio.to_thread(self._replace, worker, None)
                raise stopped_query(elapsed, self.timeout)
            reply = worker.conn.recv()
        except (EOFError, OSError) as exc:
            worker = await asyncio.to_thread(self._replace, worker, exc)
            raise _WorkerDied from exc
        except asyncio.CancelledError:
            # The caller went away (a cancelled task): the worker's reply, if it comes,
            # must not be read as the next query's. Replaced at once (a fork, or a spawn
            # that does not wait for the new process).
            worker = self._replace(worker, None)
            raise
        finally:
            self._release(worker)
        if self._copy_due:  # started off the loop: this answer is not delayed by it
            loop.run_in_executor(None, self.warm)
        return _answer_of(reply)

    def close(self) -> None:
        """Stop every worker, then the zygotes."""
        with self._lock:
            self._closed = True
            workers, self._workers = self._workers, set()
            zygotes = [*self._retired, *([self._zygote] if self._zygote else [])]
            self._zygote, self._retired = None, []
        for worker in workers:
            worker.stop()
        for zygote in zygotes:
            zygote.stop()
        store = self.store
        if isinstance(store, EmbeddedStore) and self._bump in store.write_listeners:
            store.write_listeners.remove(self._bump)

    # -- internals

    def _stale(self) -> bool:
        """Whether the next query needs a flush or dump first (or workers started)."""
        return fingerprint(self.store) != self._fingerprint or len(self._workers) < self.size

    def _refresh(self) -> None:
        """Give the workers the store's current content when its fingerprint changed; start
        workers lazily.

        The fingerprint is read before the flush or dump, so a write racing with it at worst
        causes one more reopen later, never a stale view taken as fresh.
        """
        with self._lock:
            if self._closed:
                raise StoreError(mark("The query service is shut down"))
            epoch = self._epoch  # before the fingerprint: a write between makes it older
            current = fingerprint(self.store)
            if current != self._fingerprint:
                self._source_epoch = epoch
                self._source = _source_of(self.store)
                self.generation += 1
                self._fingerprint = current
                if self._zygote is not None:
                    self._retire(self._zygote)
                    self._zygote = None
                if self.in_memory or (
                    self.in_memory is None and wants_copy(self._source, self.copy_limit_mb)
                ):
                    # An on-disk store is copied once a query has been answered from the
                    # disk (`warm`): at start-up, loading the copy beside the first
                    # workers' start would delay the first answer.
                    self._copy_due = self._source.path is not None
                    if not self._copy_due:
                        self._zygote = _Zygote(
                            self._ctx, self._source, self.generation, self.limits,
                            self._front_plan(),
                        )  # fmt: skip
            while len(self._workers) < self.size:
                self._spawn()

    def _spawn(self) -> AnyWorker:
        """Start a worker on the current source (the caller holds the lock)."""
        worker = self._new_worker()
        self._workers.add(worker)
        self._offer(worker)
        return worker

    def _new_worker(self) -> AnyWorker:
        """(The caller holds the lock.) A worker forked from the current zygote when it
        holds its copy (or when there is no store on disk to read meanwhile: an in-memory
        store's content only travels once, to the zygote); else a spawned worker that opens
        the on-disk store read-only, as a stand-in while the zygote loads."""
        assert self._source is not None
        zygote = self._zygote
        if (
            zygote is not None
            and not zygote.failed
            and (self._source.path is None or zygote.poll_ready())
        ):
            return _ForkedWorker(zygote)
        return _Worker(self._ctx, self._source, self.generation, self.limits)

    def _upgrade(self, worker: AnyWorker) -> bool:
        """Whether `worker` opened the store on disk while the zygote of the current
        generation now holds its in-memory copy: then it is replaced by a forked one."""
        zygote = self._zygote
        return (
            isinstance(worker, _Worker)
            and zygote is not None
            and zygote.generation == self.generation
            and zygote.poll_ready()
        )

    def warm(self) -> None:
        """Start loading the in-memory copy that `_refresh` left due: after a query was
        answered from the disk, and when the server has built its application (so that
        the first clients of a server nobody has queried yet do not find it on the disk)."""
        with self._lock:
            if self._copy_due and not self._closed:
                self._copy_due = False
                assert self._source is not None
                self._zygote = _Zygote(
                    self._ctx, self._source, self.generation, self.limits, self._front_plan()
                )

    def _retire(self, zygote: _Zygote) -> None:
        """(The caller holds the lock.) An old generation's zygote stops with its last worker;
        its front workers (which hand every request over by now) stop at once."""
        if zygote.workers > 0:
            zygote.stop_front()
            self._retired.append(zygote)
        else:
            zygote.stop()

    def _stop(self, worker: AnyWorker) -> None:
        """Stop a worker; a retired zygote whose last worker it was stops too."""
        worker.stop()
        if isinstance(worker, _ForkedWorker):
            zygote = worker.zygote
            with self._lock:
                done = zygote in self._retired and zygote.workers <= 0
                if done:
                    self._retired.remove(zygote)
            if done:
                zygote.stop()

    def _acquire(self) -> AnyWorker:
        try:
            return self._idle.get(timeout=self.timeout)
        except queue.Empty:
            raise QueryTimeout(
                mark("All {size} query workers stayed busy for {timeout:g} s; try again later."),
                self.timeout,
                size=self.size,
                timeout=self.timeout,
            ) from None

    def _prepare(self, worker: AnyWorker) -> AnyWorker:
        """The worker ready on the current generation: `worker`, started or reopened, or
        its replacement (a forked worker is replaced, not reopened; one that reads the disk
        is replaced by a forked one once the zygote holds its copy)."""
        upgraded = self._upgrade(worker)
        if upgraded or (isinstance(worker, _ForkedWorker) and worker.generation != self.generation):
            worker = self._swap(worker)
            try:
                worker.wait_ready()
            except BaseException:
                self._stop(worker)
                with self._lock:
                    self._workers.discard(worker)
                raise
        worker.wait_ready()
        with self._lock:
            source, generation = self._source, self.generation
        if worker.generation != generation and source is not None:
            if isinstance(worker, _ForkedWorker):
                return self._prepare(worker)  # a write came meanwhile
            worker.reopen(source, generation)
        if upgraded:
            self._upgrade_idle()
        return worker

    def _upgrade_idle(self) -> None:
        """Replace the idle workers that read the disk by forked ones (under little load,
        the last-used worker answers every query and the others would never be)."""
        idle: list[AnyWorker] = []
        while True:
            try:
                idle.append(self._idle.get_nowait())
            except queue.Empty:
                break
        for worker in idle:
            if self._upgrade(worker):
                try:
                    worker = self._swap(worker)
                    worker.wait_ready()
                except (OSError, EOFError, StoreError):
                    pass  # not ready: its next use finds out and replaces it
            self._release(worker)

    def _swap(self, worker: AnyWorker) -> AnyWorker:
        """Stop an idle `worker` and put a new one in its place (returned, not queued)."""
        self._stop(worker)
        with self._lock:
            self._workers.discard(worker)
            if self._closed:
                raise StoreError(mark("The query service is shut down"))
            fresh = self._new_worker()
            self._workers.add(fresh)
        return fresh

    def _replace(self, worker: AnyWorker, cause: BaseException | None) -> AnyWorker:
        """Kill `worker` and start a new one in its place; the new one is returned, not
        queued, so the caller's `_release` puts it in the idle queue. A death that was not
        a timeout (`cause` given) is logged with the process's exit status."""
        self._stop(worker)
        if cause is not None:
            self.deaths += 1
            code = worker.process.exitcode
            how = f"signal {-code}" if code is not None and code < 0 else f"exit code {code}"
            _LOG.error("a query worker died (%s): %r; starting another", how, cause)
        with self._lock:
            self._workers.discard(worker)
            if self._closed:
                return worker
            fresh = self._new_worker()
            self._workers.add(fresh)
            return fresh

    def _release(self, worker: AnyWorker) -> None:
        """Back to the idle queue, or straight to a request waiting in the event loop."""
        with self._lock:
            if worker in self._workers:
                self._offer(worker)

    def _offer(self, worker: AnyWorker) -> None:
        """(The caller holds the lock.) To the first request still waiting, else idle."""
        while self._waiters:
            waiter, loop = self._waiters.popleft()
            if not waiter.done():
                loop.call_soon_threadsafe(self._hand, waiter, worker)
                return
        self._idle.put(worker)

    def _hand(self, waiter: asyncio.Future[AnyWorker], worker: AnyWorker) -> None:
        """In the waiter's loop: give it the worker, unless it stopped waiting meanwhile."""
        if waiter.done():
            self._release(worker)
        else:
            waiter.set_result(worker)

    async def _aacquire(self) -> AnyWorker:
        """An idle worker, waited for in the event loop (no thread) when all are busy."""
        import asyncio

        loop = asyncio.get_running_loop()
        waiter: asyncio.Future[AnyWorker] = loop.create_future()
        with self._lock:
            try:
                return self._idle.get_nowait()
            except queue.Empty:
                self._waiters.append((waiter, loop))
        try:
            return await asyncio.wait_for(waiter, self.timeout)
        except TimeoutError:
            raise QueryTimeout(
                mark("All {size} query workers stayed busy for {timeout:g} s; try again later."),
                self.timeout,
                size=self.size,
                timeout=self.timeout,
            ) from None


def wants_copy(source: Source, limit_mb: float = DEFAULT_COPY_LIMIT_MB) -> bool:
    """Whether queries should run on an in-memory copy by default: always for an in-memory
    store (one copy instead of one per worker), and for an on-disk store whose table files
    take at most `limit_mb` (the copy takes about twice their size in memory; a larger
    store is read from the disk, through the page cache, its memory independent of its
    size; docs/store.md)."""
    if source.path is None:
        return True
    try:
        tables = sum(e.stat().st_size for e in os.scandir(source.path) if e.name.endswith(".sst"))
    except OSError:
        return False
    return tables <= limit_mb * 1024 * 1024


@dataclass(frozen=True)
class _FrontPlan:
    """A zygote's front workers: what they run, the query timeout the zygote enforces, the
    descriptors it is sent (listening socket, hand-off socket, epoch page) and its epoch."""

    front: Front
    timeout: float
    fds: tuple[int, int, int]
    epoch: int


def _settle(future: asyncio.Future[bool], value: bool) -> None:
    """The first of the worker's reply (True) and the timeout (False) settles the wait."""
    if not future.done():
        future.set_result(value)


def query_message(query: str, dataset: Dataset, choice: MediaChoice) -> bytes:
    """What a worker is sent to answer a query (pickled once: a caller may keep it)."""
    return bytes(ForkingPickler.dumps(("query", query, dataset, choice)))


def _source_of(store: Store) -> Source:
    """What the workers open: the directory of an on-disk store (flushed first, so that a
    read-only open replays no long write-ahead log), else the content as N-Quads."""
    if isinstance(store, EmbeddedStore) and store.path is not None:
        store.flush()
        return Source(path=str(store.path))
    return Source(nquads=dump(store, RdfFormat.N_QUADS))


# --- a remote store ----------------------------------------------------------------------


def query_remote(
    store: RemoteStore,
    query: str,
    dataset: Dataset,
    choice: MediaChoice,
    *,
    timeout: float,
    limits: Limits = Limits(),
) -> Answer:
    """Forward a query to a SPARQL server, the dataset parameters included, and serialise
    its answer like a local one. The server does the work, so the HTTP timeout is the query
    timeout (a QueryTimeout, 503, when it expires). The predeclared prefixes (pkg:, skos:…)
    are declared in front of the query, since the server does not know them; the query's
    own declarations come after and win."""
    prologue = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in PREFIXES.items())
    result = store.query(
        prologue + query,
        default_graphs=dataset.default_graphs,
        named_graphs=dataset.named_graphs,
        timeout=timeout,
    )
    return answer(result, choice, limits.max_rows, limits.max_bytes)
