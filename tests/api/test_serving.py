"""`policykg serve` answers SPARQL before its application is built (api/serving.py): the
fast path needs only the pool, other requests wait for the application, its lifespan runs,
what `serve` opened is closed at shutdown, and a build that fails stops the server."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from pyoxigraph import Literal, NamedNode, Triple

from api.serving import Deferred, _Lifespan
from api.sparql_fast import SparqlFastPath
from kg.config import Settings
from kg.publish.query_pool import QueryPool
from kg.store import EmbeddedStore, replace_graph

ASK = "ASK { ?s ?p ?o }"


@pytest.fixture(scope="module")
def pool() -> Iterator[QueryPool]:
    store = EmbeddedStore()
    replace_graph(  # one triple: enough for ASK to say true
        store,
        NamedNode("https://e.org/g"),
        [Triple(NamedNode("https://e.org/s"), NamedNode("https://e.org/p"), Literal("o"))],
    )
    workers = QueryPool(store, timeout=30, workers=1)
    workers.start()
    yield workers
    workers.close()


class _App:
    """A stand-in for the FastAPI application: records its lifespan, answers 200 'app'."""

    def __init__(self) -> None:
        self.events: list[str] = []

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                kind = message["type"].split(".")[1]
                self.events.append(kind)
                await send({"type": f"lifespan.{kind}.complete"})
                if kind == "shutdown":
                    return
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"app"})


async def _get(app: Any, path: str, query: str = "") -> tuple[int, bytes]:
    scope = {"type": "http", "method": "GET", "path": path, "query_string": query.encode(),
             "headers": [(b"accept", b"application/sparql-results+json")]}  # fmt: skip
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await app(scope, receive, send)
    return sent[0]["status"], b"".join(m.get("body", b"") for m in sent[1:])


def test_sparql_is_answered_while_the_application_is_still_being_built(pool: QueryPool) -> None:
    release = threading.Event()
    app, closed = _App(), list[bool]()

    def build() -> _App:
        release.wait(30)  # the application takes its time to import
        return app

    served = SparqlFastPath(Deferred(build, lambda: closed.append(True)), Settings(), pool)

    async def scenario() -> None:
        server = _Lifespan(served)
        await server.startup()
        status, body = await _get(served, "/sparql", urlencode({"query": ASK}))
        assert status == 200 and json.loads(body)["boolean"] is True
        assert app.events == []  # answered before the application existed
        page = asyncio.create_task(_get(served, "/"))
        await asyncio.sleep(0.2)
        assert not page.done()  # another request waits for the application…
        release.set()
        assert await asyncio.wait_for(page, 30) == (200, b"app")  # …and gets it
        assert app.events == ["startup"]
        await server.shutdown()
        assert app.events == ["startup", "shutdown"] and closed == [True]

    asyncio.run(scenario())


def test_a_build_that_fails_stops_the_server_and_waiting_requests_get_503(pool: QueryPool) -> None:
    stopped: list[bool] = []
    closed: list[bool] = []

    def build() -> _App:
        raise RuntimeError("broken install")

    deferred = Deferred(build, lambda: closed.append(True), stop=lambda: stopped.append(True))

    async def scenario() -> None:
        server = _Lifespan(SparqlFastPath(deferred, Settings(), pool))
        await server.startup()
        status, body = await asyncio.wait_for(_get(deferred, "/"), 30)
        assert status == 503 and b"could not start" in body
        assert stopped == [True]
        await server.shutdown()
        assert closed == [True]  # what serve opened is released all the same

    asyncio.run(scenario())


def test_the_first_answer_needs_no_web_framework() -> None:
    """What `serve` imports before it listens: no FastAPI, Jinja2, networkx or pySHACL
    (each costs tenths of a second to seconds of start-up), and the query workers import
    no HTTP client."""
    code = (
        "import sys, api.serving, api.sparql_fast, kg.publish.query_pool, kg.cli;"
        "print(sorted(m for m in ('fastapi', 'jinja2', 'networkx', 'pyshacl', 'httpx')"
        " if m in sys.modules))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True).stdout.strip()  # fmt: skip
    assert loaded == "[]"


def test_a_query_worker_does_not_rerun_the_servers_main_script(tmp_path: Path) -> None:
    """Spawned workers import only the query pool: the console script that started the
    server (here a stand-in main script that leaves a mark when run) is not run again in
    each worker, as multiprocessing would by default."""
    mark = tmp_path / "main-ran"
    script = tmp_path / "main.py"
    script.write_text(
        "import pathlib, sys\n"
        "if __name__ != '__main__':\n"
        f"    pathlib.Path({str(mark)!r}).write_text('re-run in a worker')\n"
        "if __name__ == '__main__':\n"
        "    from kg.publish.query_pool import QueryPool\n"
        "    from kg.store import EmbeddedStore\n"
        "    pool = QueryPool(EmbeddedStore(), timeout=30, workers=1)\n"
        "    pool.start()\n"
        "    for worker in list(pool._workers):\n"
        "        worker.wait_ready()\n"
        "    pool.close()\n"
        "    print('ready')\n"
    )
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          timeout=120, check=True)  # fmt: skip
    assert done.stdout.strip() == "ready"
    assert not mark.exists()


def test_the_fast_path_checks_a_query_once_and_still_refuses_it_every_time(
    pool: QueryPool,
) -> None:
    """What a query string came to is kept: asked again, a query is answered the same; a
    refused one (here SERVICE to a host not allowed) goes to the application every time."""
    app = _App()
    served = SparqlFastPath(app, Settings(), pool)
    federated = "ASK { SERVICE <https://example.org/sparql> { ?s ?p ?o } }"

    async def scenario() -> None:
        first = await _get(served, "/sparql", urlencode({"query": ASK}))
        again = await _get(served, "/sparql", urlencode({"query": ASK}))
        assert first == again and first[0] == 200 and json.loads(first[1])["boolean"] is True
        for _ in range(2):
            assert await _get(served, "/sparql", urlencode({"query": federated})) == (200, b"app")
        assert len(served._prepared) == 2

    asyncio.run(scenario())
