"""What `policykg serve` runs: a server that answers `/sparql` from its first second.

Importing and building the FastAPI application (its routes bring in the analyses, networkx,
Jinja2, pydantic…) takes a second or more of CPU, and several on a busy machine; a SPARQL
client needs none of it. So `serve` opens the store and starts the query workers first, then
listens at once with the SPARQL fast path (api/sparql_fast.py) in front of a `Deferred`
application that is built in a thread meanwhile: a GET /sparql is answered as soon as a
query worker is ready, any other request waits until the application is (its lifespan has
run). This module imports no web framework, for the same reason.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import signal
import threading
from collections.abc import Callable, Coroutine, MutableMapping
from pathlib import Path
from typing import Any

from api.middleware import Receive, Scope, Send
from kg.config import Settings
from kg.errors import ConfigurationError
from kg.locale import mark
from kg.store import Store

#: An ASGI application (typed loosely: FastAPI's own signature differs in its mappings).
ASGIApp = Callable[..., Coroutine[Any, Any, None]]
_LOG = logging.getLogger("policykg")


class Deferred:
    """An ASGI application built by `build` in a thread once the server has started.

    Requests that arrive before it is ready wait for it; its own lifespan (startup, then
    shutdown) is run when it is built and when the server stops. `close` runs last at
    shutdown, whether or not the application was ever built (it releases what `serve`
    opened: the query workers, the store, the run file). A build that fails is logged and
    stops the server (`stop`), as a failure at start-up would.
    """

    def __init__(
        self,
        build: Callable[[], ASGIApp],
        close: Callable[[], None],
        stop: Callable[[], None] | None = None,
    ) -> None:
        self._build = build
        self._close = close
        self._stop = stop or _stop_the_server
        self._app: ASGIApp | None = None
        self._inner: _Lifespan | None = None
        self._ready: asyncio.Event | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        if self._ready is None:  # no lifespan (a bare ASGI host): build on first use
            self._start(asyncio.get_running_loop())
        assert self._ready is not None
        await self._ready.wait()
        if self._app is None:
            await _unavailable(send)
            return
        await self._app(scope, receive, send)

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                self._start(asyncio.get_running_loop())
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                assert self._ready is not None
                await self._ready.wait()  # a build under way finishes, then stops cleanly
                if self._inner is not None:
                    await self._inner.shutdown()
                self._close()
                await send({"type": "lifespan.shutdown.complete"})
                return

    def _start(self, loop: asyncio.AbstractEventLoop) -> None:
        self._ready = asyncio.Event()
        threading.Thread(target=self._load, args=(loop,), name="policykg-app", daemon=True).start()

    def _load(self, loop: asyncio.AbstractEventLoop) -> None:
        """In a thread: import and build the application, then start it in the loop."""
        try:
            app = self._build()
            # What start-up left (modules, routes, the vocabulary) lives as long as the
            # server: out of the collector's sight, a full collection during a request
            # walks only the request's objects.
            gc.collect()
            gc.freeze()
        except BaseException:
            _LOG.exception("the application could not be built; stopping")
            loop.call_soon_threadsafe(self._failed)
            return
        asyncio.run_coroutine_threadsafe(self._started(app), loop)

    async def _started(self, app: ASGIApp) -> None:
        inner = _Lifespan(app)
        try:
            await inner.startup()
        except Exception:
            _LOG.exception("the application did not start; stopping")
            self._failed()
            return
        self._app, self._inner = app, inner
        assert self._ready is not None
        self._ready.set()

    def _failed(self) -> None:
        assert self._ready is not None
        self._ready.set()  # waiting requests get a 503
        self._stop()


def _stop_the_server() -> None:
    """Stop the server as Ctrl-C would: it runs the shutdown (hence `close`) and exits."""
    os.kill(os.getpid(), signal.SIGTERM)


class _Lifespan:
    """Drives an ASGI application's lifespan protocol from outside (as a server would)."""

    def __init__(self, app: ASGIApp) -> None:
        self._app = app
        self._to_app: asyncio.Queue[MutableMapping[str, Any]] = asyncio.Queue()
        self._from_app: asyncio.Queue[MutableMapping[str, Any]] = asyncio.Queue()
        self._task: asyncio.Task[Any] | None = None

    async def startup(self) -> None:
        scope = {"type": "lifespan", "asgi": {"version": "3.0"}, "state": {}}
        self._task = asyncio.create_task(self._app(scope, self._to_app.get, self._from_app.put))
        await self._to_app.put({"type": "lifespan.startup"})
        reply = await self._from_app.get()
        if reply["type"] != "lifespan.startup.complete":
            raise RuntimeError(reply.get("message") or reply["type"])

    async def shutdown(self) -> None:
        await self._to_app.put({"type": "lifespan.shutdown"})
        await self._from_app.get()
        if self._task is not None:
            await self._task


async def _unavailable(send: Send) -> None:
    body = b"The server could not start its application; see its log.\n"
    headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"retry-after", b"5")]
    await send({"type": "http.response.start", "status": 503, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def fill_memory_store(store: Store, settings: Settings) -> None:
    """An in-memory store starts empty: load the exports POLICYKG_LOAD names, or build the
    graph from POLICYKG_DATA, before serving."""
    if settings.load:
        from kg.store.load import load

        loaded = load(store, [Path(p) for p in settings.load], threads=settings.load_threads)
        _LOG.info("loaded %d quads from %d file(s)", loaded.quads, len(loaded.files))
        return
    from kg.build.pipeline import build

    report = build(store, settings)
    if report.validation is not None and not report.validation.conforms:
        raise ConfigurationError(mark("The curated data does not conform: run `policykg build`."))
