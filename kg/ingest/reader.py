"""Reading documents (parse + extract) in worker processes stopped at a time limit.

Reading is pure CPU work on untrusted input: a pathological document could keep a parser
busy for minutes, long after its client gave up, and a thread cannot be stopped. So the
server and `policykg ingest` read in worker processes; one that outlives
`POLICYKG_INGEST_TIMEOUT` is killed and replaced, the caller gets `IngestTimeout` (503),
and nothing is written, since writing only starts once a document has been read.

Several workers read in parallel (the bulk path of `policykg ingest` uses both cores); the
store is only touched by the caller, one batch (one transaction) at a time.

Workers are started with "spawn" (a fresh interpreter: ~0.3 s of CPU to import the
readers' modules, each). `start_readers` forks them instead when the process has a single
thread, i.e. before any store is opened (RocksDB starts its own threads) and before any
thread pool: the child is then a copy of a process that holds no lock and no store, and
starts in milliseconds. A worker replaced after a timeout is always spawned.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import queue
import sys
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.context import BaseContext
from typing import Any

from kg import errors
from kg.errors import IngestTimeout, ParseError, PolicyKGError
from kg.ingest.model import Document
from kg.locale import mark
from kg.store.spawn import start_without_main

_LOG = logging.getLogger("policykg.ingest")
_START_TIMEOUT = 60.0


@dataclass(frozen=True)
class ReadRequest:
    data: bytes
    name: str
    fmt: str | None = None
    content_type: str | None = None
    max_bytes: int | None = None
    date: str | None = None  # the document's date when its text lacks one (?date=, --date)


def _serve(conn: Connection) -> None:
    """Worker main loop: read each request, answer ("ok", doc) or ("error", name, template, values)."""
    from kg.ingest.pipeline import load_readers, read_document

    threading.Thread(target=_exit_with_parent, daemon=True).start()
    load_readers()  # before "ready": importing the parsers is not a document's reading time
    conn.send(("ready",))
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        try:
            doc = read_document(
                request.data,
                request.name,
                request.fmt,
                request.content_type,
                request.max_bytes,
                request.date,
            )
            conn.send(("ok", doc))
        except PolicyKGError as exc:
            conn.send(("error", type(exc).__name__, exc.template, exc.values))
        except Exception as exc:  # a parser bug: reported with the file, the worker lives on
            conn.send(
                (
                    "error",
                    "ParseError",
                    mark("{name}: unexpected {kind}: {detail}"),
                    {"name": request.name, "kind": type(exc).__name__, "detail": str(exc)},
                )
            )


def _exit_with_parent() -> None:
    parent = multiprocessing.parent_process()
    if parent is not None:
        parent.join()
        os._exit(0)


class _Worker:
    def __init__(self, ctx: BaseContext) -> None:
        self.conn, child = ctx.Pipe()
        # typeshed's BaseContext lacks Process; every real context (spawn, fork) has it.
        self.process = ctx.Process(  # type: ignore[attr-defined]
            target=_serve, args=(child,), name="policykg-reader", daemon=True
        )
        start_without_main(self.process)
        child.close()
        self.ready = False

    def wait_ready(self) -> None:
        if not self.ready:
            if not self.conn.poll(_START_TIMEOUT):
                raise OSError("a document reader did not start")
            self.conn.recv()
            self.ready = True

    def stop(self) -> None:
        self.conn.close()
        self.process.kill()
        self.process.join(5)


class ReaderPool:
    """`workers` reader processes, started on first use; `read` blocks (call it from a
    thread in a server) and may be called from several threads at once."""

    def __init__(self, *, timeout: float, workers: int = 1, start_method: str = "spawn") -> None:
        self.timeout = timeout
        self.size = max(1, workers)
        self._ctx = multiprocessing.get_context(start_method)
        #: Replacements are spawned: by then the process may hold a store and threads.
        self._replace_ctx = multiprocessing.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._workers: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        #: Reader processes stopped at the time limit (kept to show they are gone).
        self.killed: list[Any] = []

    def read(self, request: ReadRequest) -> Document:
        """The document read from `request`, or the error reading it raised; IngestTimeout
        when it took longer than the time limit (the worker is then killed and replaced)."""
        worker = self._acquire()
        try:
            worker.wait_ready()  # start-up is not reading time
            started = time.monotonic()
            worker.conn.send(request)
            if not worker.conn.poll(self.timeout):
                elapsed = time.monotonic() - started
                self.killed.append(worker.process)
                worker = self._replace(worker)
                raise IngestTimeout(
                    mark(
                        "{name}: reading was stopped after {elapsed:.1f} s (POLICYKG_INGEST_TIMEOUT is {timeout:g} s); nothing was written."
                    ),
                    name=request.name,
                    elapsed=elapsed,
                    timeout=self.timeout,
                )
            reply = worker.conn.recv()
        except (EOFError, OSError) as exc:
            _LOG.error("a document reader died reading %s: %r", request.name, exc)
            worker = self._replace(worker)
            raise ParseError(
                mark("{name}: the reader stopped unexpectedly"), name=request.name
            ) from exc
        finally:
            self._release(worker)
        if reply[0] == "error":
            raise _error(reply[1], reply[2], reply[3])
        return reply[1]

    def start(self) -> ReaderPool:
        """Start every worker now (otherwise on first use)."""
        with self._lock:
            self._fill()
        return self

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers, self._workers = self._workers, set()
        for worker in workers:
            worker.stop()

    def __enter__(self) -> ReaderPool:
        return self

    def __exit__(self, *_: Any) -> None:
        self.close()

    def _acquire(self) -> _Worker:
        with self._lock:
            if self._closed:
                raise PolicyKGError(mark("The document readers are shut down"))
            self._fill()
        return self._idle.get()

    def _fill(self) -> None:
        while len(self._workers) < self.size:
            worker = _Worker(self._ctx)
            self._workers.add(worker)
            self._idle.put(worker)

    def _replace(self, worker: _Worker) -> _Worker:
        worker.stop()
        with self._lock:
            self._workers.discard(worker)
            if self._closed:
                return worker
            fresh = _Worker(self._replace_ctx)
            self._workers.add(fresh)
            return fresh

    def _release(self, worker: _Worker) -> None:
        with self._lock:
            if worker in self._workers:
                self._idle.put(worker)


def single_threaded() -> bool:
    """True when this process runs one thread, native threads included (Linux: /proc)."""
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:
        return False


def start_readers(*, timeout: float, workers: int) -> ReaderPool:
    """A started pool for a bulk ingest: forked if this process is single-threaded (no
    store open yet, no thread pool), spawned otherwise. Call it before opening the store."""
    fork = sys.platform == "linux" and single_threaded()
    method = "fork" if fork else "spawn"
    if fork:  # the children are copies: what they read with is imported once, here
        from kg.ingest.pipeline import load_readers

        load_readers()
    return ReaderPool(timeout=timeout, workers=workers, start_method=method).start()


def _error(name: str, template: str, values: dict[str, Any]) -> PolicyKGError:
    cls = getattr(errors, name, None)
    if isinstance(cls, type) and issubclass(cls, PolicyKGError) and cls is not IngestTimeout:
        return cls(template, **values)
    return ParseError(template, **values)
