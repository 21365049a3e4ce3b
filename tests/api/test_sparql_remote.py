"""`GET /sparql` with a remote store, the lean way (api/sparql_remote.py): against a real
`oxigraph serve`, the engine's answer passed through with the same solutions and headers as
the application's route, and everything the route must decide left to it."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient
from pyoxigraph import Literal, NamedNode, RdfFormat, Triple, parse

from api.app import create_app
from api.sparql_fast import SparqlFastPath
from api.sparql_remote import ERROR_KEY, RemoteForward
from kg.config import Settings
from kg.errors import QueryTimeout
from kg.publish.query_pool import Limits
from kg.store import RemoteStore, open_store, replace_graph
from tests.publish.conftest import rows
from tests.store import servers

JSON = "application/sparql-results+json"
#: One event loop for the module: a forwarder's kept-alive connections belong to the loop
#: they were opened in (as in the server, which has one).
_LOOP = asyncio.new_event_loop()
SELECT = "SELECT ?s ?o WHERE { ?s <https://e.org/p> ?o }"


@pytest.fixture(scope="module")
def remote(tmp_path_factory) -> Iterator[tuple[RemoteStore, Settings]]:
    with servers.oxigraph(tmp_path_factory.mktemp("oxigraph")) as url:
        settings = Settings(store=url)
        store = open_store(settings)
        assert isinstance(store, RemoteStore)
        triples = [Triple(NamedNode(f"https://e.org/s{i}"), NamedNode("https://e.org/p"),
                          Literal(i)) for i in range(50)]  # fmt: skip
        replace_graph(store, NamedNode("https://e.org/g"), triples)
        yield store, settings
        store.close()


class _Route:
    """Stands for the application: records what reaches it."""

    def __init__(self) -> None:
        self.scopes: list[dict[str, Any]] = []

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        self.scopes.append(scope)
        await send({"type": "http.response.start", "status": 299, "headers": []})
        await send({"type": "http.response.body", "body": b"route"})


def _ask(app: Any, query: str, accept: str = JSON) -> tuple[int, dict[bytes, bytes], bytes]:
    scope = {"type": "http", "method": "GET", "path": "/sparql",
             "query_string": urlencode({"query": query}).encode(),
             "headers": [(b"accept", accept.encode())]}  # fmt: skip
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    _LOOP.run_until_complete(app(scope, receive, send))
    return sent[0]["status"], dict(sent[0].get("headers", [])), sent[1]["body"]


def _lean(store: RemoteStore, settings: Settings, limits: Limits = Limits()):
    route = _Route()
    return SparqlFastPath(route, settings, None, RemoteForward(store, 5, limits)), route


def test_the_engines_answer_has_the_routes_solutions_and_headers(remote):
    store, settings = remote
    lean, route = _lean(store, settings)
    with TestClient(create_app(settings, store=store)) as client:
        for query, accept in [(SELECT, JSON), ("ASK { ?s ?p ?o }", JSON), (SELECT, "text/csv")]:
            status, headers, body = _ask(lean, query, accept)
            routed = client.get("/sparql", params={"query": query}, headers={"Accept": accept})
            assert status == 200 and not route.scopes, query
            assert headers[b"content-type"].decode() == routed.headers["content-type"]
            assert headers[b"x-content-type-options"] == b"nosniff"
            if accept == JSON and query == SELECT:
                assert rows(body) == rows(routed.content) and len(rows(body)) == 50
            elif accept == JSON:
                assert body.replace(b" ", b"") == routed.content.replace(b" ", b"")
            else:
                assert sorted(body.splitlines()) == sorted(routed.content.splitlines())
        construct = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
        status, _, body = _ask(lean, construct, "application/n-triples")
        routed = client.get("/sparql", params={"query": construct},
                            headers={"Accept": "application/n-triples"})  # fmt: skip
        mine = set(parse(body, format=RdfFormat.N_TRIPLES))
        assert status == 200 and mine == set(parse(routed.content, format=RdfFormat.N_TRIPLES))


@pytest.mark.parametrize(
    ("query", "accept"),
    [
        ("SELECT ?x WHERE { ?x", JSON),  # the engine's 400: the route's QuerySyntaxError
        ("INSERT DATA { <a:a> <a:b> <a:c> }", JSON),  # refused before: 403
        ("SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", JSON),  # not allowed
        (SELECT, "text/turtle"),  # nothing acceptable: 406
    ],
)
def test_what_the_route_decides_reaches_it(remote, query, accept):
    lean, route = _lean(*remote)
    assert _ask(lean, query, accept)[0] == 299 and len(route.scopes) == 1
    assert ERROR_KEY not in route.scopes[0]


def test_an_answer_that_may_hold_more_than_the_row_cap_goes_to_the_route(remote):
    lean, route = _lean(*remote, Limits(max_rows=100))  # the 50 rows take more bytes
    assert _ask(lean, SELECT)[0] == 299 and len(route.scopes) == 1


def test_an_engine_that_does_not_answer_in_time_is_reported_once(remote):
    store, settings = remote
    route = _Route()
    slow = RemoteForward(store, 0.000_001, Limits())
    assert _ask(SparqlFastPath(route, settings, None, slow), SELECT)[0] == 299
    assert isinstance(route.scopes[0][ERROR_KEY], QueryTimeout)
    slow = RemoteForward(store, 0.000_001, Limits())
    with TestClient(create_app(settings, store=store)) as client:  # which the route raises
        status, _, body = _ask(SparqlFastPath(client.app, settings, None, slow), SELECT)
    assert status == 503 and b'"error":"QueryTimeout"' in body
