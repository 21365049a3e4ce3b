"""Front workers answering GET /sparql on the server's listening socket (api/sparql_front.py,
api/sparql_handoff.py): what they read and refuse, the hand-off of everything else (the
connection and the bytes read, to the server), a write that makes them hand over at once,
a watchdog that kills a query past the timeout, and — on a real `policykg serve` — the same
answers as the application's route, other paths on the same keep-alive connection, errors."""

from __future__ import annotations

import json
import os
import socket
import time
from collections.abc import Iterator
from urllib.parse import quote, urlencode

import httpx
import pytest
from pyoxigraph import Literal, NamedNode, Triple

from api.sparql_front import FrontOptions, Worn, parse_head, serve, timed_out
from kg.config import Settings
from kg.publish import named_queries
from kg.publish.front_workers import Front
from kg.publish.query_pool import Dataset, QueryPool
from kg.store import EmbeddedStore, Store, replace_graph
from tests.conftest import built_on_disk
from tests.conftest import serve as run_server
from tests.publish.conftest import JSON, RUNAWAY, rows

ASK = "ASK { ?s ?p ?o }"
JSON_TYPE = "application/sparql-results+json"


def _get(target: str, *headers: str, version: str = "1.1") -> bytes:
    lines = [f"GET {target} HTTP/{version}", "Host: test", *headers]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def _sparql(query: str, *headers: str, version: str = "1.1") -> bytes:
    return _get("/sparql?" + urlencode({"query": query}), *headers, version=version)


def _response(sock: socket.socket) -> tuple[int, dict[str, str], bytes]:
    """One HTTP response read from `sock` (Content-Length framed)."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError(f"closed after {data!r}")
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0"))
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        body += chunk
    return int(lines[0].split()[1]), headers, body


# --- reading a request head -------------------------------------------------------------


def test_a_plain_get_of_sparql_is_read_with_what_the_answer_needs():
    request = parse_head(_sparql(ASK, "Accept: text/csv", "Origin: https://e.org")[:-4])
    assert request is not None
    assert request.query_string == urlencode({"query": ASK}).encode()
    assert request.accept == "text/csv" and request.origin and request.keep_alive


@pytest.mark.parametrize(
    ("head", "keep_alive"),
    [
        (_get("/sparql?query=x", "Connection: close"), False),
        (_get("/sparql?query=x", version="1.0"), False),
        (_get("/sparql?query=x", "Connection: Keep-Alive", version="1.0"), True),
    ],
)
def test_keep_alive_follows_the_http_version_and_connection_header(head, keep_alive):
    request = parse_head(head[:-4])
    assert request is not None and request.keep_alive is keep_alive


@pytest.mark.parametrize(
    "head",
    [
        b"POST /sparql HTTP/1.1\r\nContent-Length: 3",
        b"HEAD /sparql?query=x HTTP/1.1",
        b"GET /sparql/x?query=x HTTP/1.1",
        b"GET /%73parql?query=x HTTP/1.1",
        b"GET http://h/sparql?query=x HTTP/1.1",
        b"GET /sparql?query=x HTTP/2.0",
        b"GET /sparql?query=x HTTP/1.1\r\nContent-Length: 5",
        b"GET /sparql?query=x HTTP/1.1\r\nTransfer-Encoding: chunked",
        b"GET /sparql?query=x HTTP/1.1\r\nExpect: 100-continue",
        b"GET /sparql?query=x HTTP/1.1\r\nAccept: a\r\n folded",
        b"GET /sparql?query=x HTTP/1.1\r\nNo colon here",
        b"GET /sparql?query=x HTTP/1.1\r\nBad Name: x",
    ],
)
def test_anything_but_a_plain_get_of_sparql_goes_to_the_server(head):
    assert parse_head(head) is None


def test_the_watchdogs_answer_is_the_routes_503():
    status_line, _, body = timed_out(2.04, 2).partition(b"\r\n\r\n")
    assert status_line.startswith(b"HTTP/1.1 503 ")
    assert b"\r\nx-content-type-options: nosniff" in status_line
    error = json.loads(body)
    assert error["error"] == "QueryTimeout" and error["status"] == 503
    assert "stopped after 2.0 s" in error["message"]


# --- a pool with front workers, the server played by the test ---------------------------


class _Front:
    """A pool whose front workers listen on `port`; what they hand over arrives on `ours`."""

    def __init__(
        self, store: EmbeddedStore, timeout: float = 30, workers: int = 1, recycle_bytes: int = 0
    ) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        options = FrontOptions(Settings(query_timeout=timeout), recycle_bytes=recycle_bytes)
        front = Front(serve, timed_out, options, workers)
        self.pool = QueryPool(
            store,
            timeout=timeout,
            workers=1,
            front=front,
            front_sockets=(self.listener.fileno(), theirs.fileno()),
        )
        self.pool.start()
        theirs.close()  # the zygote received its own copy with the pool's first message
        deadline = time.monotonic() + 120
        while not self.pool.front_active():
            assert time.monotonic() < deadline, "the front workers did not start"
            time.sleep(0.05)
        zygote = self.pool._zygote
        assert zygote is not None
        while len(_children(zygote.process.pid)) < workers:  # forked once the copy is ready
            assert time.monotonic() < deadline, "the front workers were not forked"
            time.sleep(0.01)

    def connect(self) -> socket.socket:
        sock = socket.create_connection(("127.0.0.1", self.port), timeout=30)
        return sock

    def handed(self, timeout: float = 10) -> tuple[bytes, socket.socket]:
        """The next connection handed to the server, and the bytes read from it."""
        self.ours.settimeout(timeout)
        data, fds, _, _ = socket.recv_fds(self.ours, 1 << 18, 1)
        return data, socket.socket(fileno=fds[0])

    def close(self) -> None:
        self.pool.close()
        self.listener.close()
        self.ours.close()


def _small_store(triples: int = 1) -> EmbeddedStore:
    store = EmbeddedStore()
    made = [Triple(NamedNode("https://e.org/s"), NamedNode("https://e.org/p"), Literal(i))
            for i in range(triples)]  # fmt: skip
    replace_graph(store, NamedNode("https://e.org/g"), made)
    return store


@pytest.fixture
def front() -> Iterator[_Front]:
    served = _Front(_small_store())
    yield served
    served.close()


def test_a_front_worker_answers_and_hands_another_path_on_the_same_connection(front):
    with front.connect() as client:
        client.sendall(_sparql(ASK, "Origin: https://e.org", f"Accept: {JSON_TYPE}"))
        status, headers, body = _response(client)
        assert status == 200 and json.loads(body) == {"head": {}, "boolean": True}
        assert headers["content-type"] == JSON_TYPE + "; charset=utf-8"
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["access-control-allow-origin"] == "*"
        other = _get("/healthz")
        client.sendall(other)
        data, handed = front.handed()
        with handed:
            assert data == other  # the request as read, for the server to answer
            handed.sendall(b"HTTP/1.1 200 OK\r\ncontent-length: 6\r\n\r\nserver")
            assert _response(client) == (200, {"content-length": "6"}, b"server")


def test_refused_and_failing_queries_go_to_the_server_as_sent(front):
    for request in (
        _sparql("SELECT ?x WHERE { ?x"),  # does not parse: the route answers 400
        _sparql("INSERT DATA { <a:a> <a:b> <a:c> }"),  # an update: 403
        _sparql("SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"),  # not allowed
        _sparql(ASK, "Accept: text/turtle"),  # no acceptable type: 406
        _get("/sparql?" + urlencode({"query": ASK, "default-graph-uri": "not an iri"})),
        _get("/sparql"),  # the editor page, or 400
    ):
        with front.connect() as client:
            client.sendall(request)
            data, handed = front.handed()
            handed.close()
            assert data == request


def test_a_head_too_long_is_handed_over_with_what_was_read(front):
    with front.connect() as client:
        client.sendall(b"GET /sparql?query=" + b"x" * (70 * 1024))
        data, handed = front.handed()
        handed.close()
        assert data.startswith(b"GET /sparql?query=xxx") and len(data) > 64 * 1024


def test_after_a_write_every_request_goes_to_the_server_until_a_new_copy_is_ready(front):
    with front.connect() as client:
        client.sendall(_sparql(ASK))
        assert _response(client)[0] == 200
        store = front.pool.store
        assert isinstance(store, EmbeddedStore)
        replace_graph(store, NamedNode("https://e.org/g"), [])  # now the store is empty
        assert not front.pool.front_active()
        client.sendall(_sparql(ASK))  # the copy still holds the triple: not answered from it
        data, handed = front.handed()
        handed.close()
        assert data == _sparql(ASK)
    old = front.pool._zygote
    assert old is not None
    fronts = _children(old.process.pid)
    front.pool.run(ASK, Dataset(), JSON)  # as the server's pool answers the handed request
    deadline = time.monotonic() + 10
    while _children(old.process.pid) & fronts:  # the old copy's front workers are stopped
        assert time.monotonic() < deadline, "the old front workers are still running"
        time.sleep(0.05)
    deadline = time.monotonic() + 120
    while not front.pool.front_active():  # and the new copy's answer
        assert time.monotonic() < deadline, "no front workers on the new copy"
        time.sleep(0.05)
    with front.connect() as client:
        client.sendall(_sparql(ASK, f"Accept: {JSON_TYPE}"))
        status, _, body = _response(client)
        assert status == 200 and json.loads(body)["boolean"] is False  # the store is empty


def test_a_query_past_the_timeout_is_killed_with_its_worker_and_answered_503():
    served = _Front(_small_store(200), timeout=1.5)  # RUNAWAY: 200⁴ solutions to count
    try:
        zygote = served.pool._zygote
        assert zygote is not None
        before = _children(zygote.process.pid)
        with served.connect() as client:
            started = time.monotonic()
            client.sendall(_sparql(RUNAWAY))
            status, headers, body = _response(client)
            elapsed = time.monotonic() - started
        assert status == 503 and headers["connection"] == "close"
        assert json.loads(body)["error"] == "QueryTimeout"
        assert 1.5 <= elapsed < 10
        after = _children(zygote.process.pid)
        assert before - after, "the worker that ran the query is gone"
        assert len(after) == len(before)  # replaced by a fork
        with served.connect() as client:
            client.sendall(_sparql(ASK))
            assert _response(client)[0] == 200
    finally:
        served.close()


def test_worn_counts_the_workers_own_pages():
    worn = Worn(64 * 1024 * 1024)
    assert not worn()
    held = bytearray(96 * 1024 * 1024)  # zero pages until written
    for offset in range(0, len(held), 4096):
        held[offset] = 1
    assert worn()
    assert not Worn(0)()  # 0: never
    del held


def test_a_worn_worker_passes_its_connections_to_a_fresh_fork():
    """A front worker past its memory limit (here: 1 byte, so every worker retires at once)
    gives its keep-alive connections, with a request read only in part, to its replacement:
    the client sees every answer, the server none of them."""
    store = _small_store()
    served = _Front(store, recycle_bytes=1)
    try:
        zygote = served.pool._zygote
        assert zygote is not None
        first = _children(zygote.process.pid)
        second = _sparql(ASK, f"Accept: {JSON_TYPE}")
        with served.connect() as client:
            client.sendall(_sparql(ASK) + second[:10])  # one request and a tenth of another
            assert _response(client)[0] == 200
            time.sleep(0.3)  # the worker retires with the part read
            client.sendall(second[10:])
            status, _, body = _response(client)
            assert status == 200 and json.loads(body)["boolean"] is True
            for _ in range(5):
                client.sendall(_sparql(ASK))
                assert _response(client)[0] == 200
        served.ours.setblocking(False)
        with pytest.raises(BlockingIOError):  # nothing was handed to the server
            served.ours.recv(1)
        # a worker retires and its fork starts in its own time: wait for the pool to settle
        deadline = time.monotonic() + 10
        later = _children(zygote.process.pid)
        while not (first - later and len(later) == len(first)) and time.monotonic() < deadline:
            time.sleep(0.05)
            later = _children(zygote.process.pid)
        assert first - later, "the first front worker has retired"
        assert len(later) == len(first)  # and was replaced
    finally:
        served.close()
        store.close()


def _children(pid: int) -> set[int]:
    """The live child processes of `pid` (Linux); none once it has exited."""
    found: set[int] = set()
    if not os.path.exists(f"/proc/{pid}/task"):
        return found
    for task in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{task}/children") as children:
            found |= {int(c) for c in children.read().split()}
    return found


# --- a real `policykg serve` ------------------------------------------------------------


def _fronted(base: str) -> None:
    """Wait until /healthz says the front workers answer from a loaded copy."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if httpx.get(base + "/healthz", timeout=30).json()["sparql"] == {
            "copy": "ready",
            "front": True,
        }:
            return
        time.sleep(0.1)
    pytest.fail("the front workers never answered")


def _answered_by_a_front_worker(base: str) -> bool:
    """Only a front worker keeps an HTTP/1.0 connection open when asked (uvicorn closes
    it), which tells them apart from outside."""
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as client:
        client.sendall(_sparql(ASK, "Connection: keep-alive", version="1.0"))
        return _response(client)[1].get("connection") == "keep-alive"


@pytest.fixture(scope="module")
def fronted_server(store: Store, tmp_path_factory) -> Iterator[str]:
    folder = built_on_disk(store, tmp_path_factory.mktemp("front") / "store")
    # A timeout long enough for every catalogue query on a busy machine
    with run_server({"POLICYKG_STORE": str(folder), "POLICYKG_QUERY_TIMEOUT": "6"}) as base:
        _fronted(base)
        yield base


def test_healthz_tells_when_the_front_workers_answer(fronted_server):
    """The readiness /healthz reports is true: once it says `front`, a front worker answers
    (a server whose copy is turned off says so, and none does: the test below)."""
    assert _answered_by_a_front_worker(fronted_server)


def test_healthz_tells_a_server_without_a_copy(store: Store, tmp_path):
    folder = built_on_disk(store, tmp_path / "store")
    with run_server({"POLICYKG_STORE": str(folder), "POLICYKG_COPY_LIMIT_MB": "0.001"}) as base:
        assert httpx.get(base + "/sparql", params={"query": ASK}).status_code == 200
        assert httpx.get(base + "/healthz").json()["sparql"] == {"copy": "off", "front": False}
        assert not _answered_by_a_front_worker(base)


def test_the_catalogue_gets_the_same_answers_from_the_front_as_from_the_route(
    fronted_server, store
):
    """Each catalogue query by GET (a front worker) and by POST (the application's route,
    a pool worker forked from the same copy): the same solutions."""
    with httpx.Client(base_url=fronted_server, headers={"Accept": JSON_TYPE}, timeout=60) as c:
        for name in sorted(named_queries.catalogue()):
            query = named_queries.get(name)
            text = named_queries.bound_sparql(store, query, query.example_values())
            fronted = c.get("/sparql", params={"query": text})
            routed = c.post("/sparql", data={"query": text})
            assert fronted.status_code == routed.status_code == 200, name
            assert rows(fronted.content) == rows(routed.content), name
            assert fronted.headers["content-type"] == routed.headers["content-type"]


def test_one_keep_alive_connection_gets_the_front_and_the_application(fronted_server):
    host, port = fronted_server.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as client:
        client.sendall(_sparql(ASK, f"Accept: {JSON_TYPE}"))
        assert json.loads(_response(client)[2])["boolean"] is True
        client.sendall(_get("/healthz"))
        status, headers, _ = _response(client)
        assert status == 200 and "connection" not in headers  # still open
        client.sendall(_sparql(ASK, f"Accept: {JSON_TYPE}"))  # now answered by the server
        assert json.loads(_response(client)[2])["boolean"] is True


@pytest.mark.parametrize(
    ("request_bytes", "status", "error"),
    [
        (_sparql("SELECT ?x WHERE { ?x"), 400, "QuerySyntaxError"),
        (_sparql("DELETE WHERE { ?s ?p ?o }"), 403, "Forbidden"),
        (_sparql("SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"), 400, "BadRequest"),
        (_sparql(ASK, "Accept: text/turtle"), 406, "NotAcceptable"),
        (_get("/sparql?query=" + quote("ASK {}") + "&default-graph-uri=no"), 400, "BadRequest"),
        (b"GET /sparql?query=x HTTP/1.1\r\nBad Name: x\r\n\r\n", 400, None),
    ],
)
def test_bad_requests_get_the_applications_answer(fronted_server, request_bytes, status, error):
    host, port = fronted_server.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as client:
        client.sendall(request_bytes)
        got, _, body = _response(client)
    assert got == status
    if error is not None:
        assert json.loads(body)["error"] == error


def test_a_runaway_query_through_the_front_is_stopped(fronted_server):
    started = time.monotonic()
    response = httpx.get(fronted_server + "/sparql", params={"query": RUNAWAY}, timeout=30)
    assert response.status_code == 503 and response.json()["error"] == "QueryTimeout"
    assert time.monotonic() - started >= 6
    again = httpx.get(fronted_server + "/sparql", params={"query": ASK}, timeout=30)
    assert again.json()["boolean"] is True


def test_the_server_stays_answering_while_every_front_worker_runs_a_long_query(fronted_server):
    """Two runaway queries (as many as front workers) keep both front workers inside a
    query until the timeout; a page and a small query on new connections are answered
    meanwhile (the server takes what no front worker takes), not after the runaways."""
    import threading

    settings = Settings()
    runaways = [
        threading.Thread(
            target=httpx.get,
            args=(fronted_server + "/sparql",),
            kwargs={"params": {"query": RUNAWAY}, "timeout": 30},
        )
        for _ in range(settings.sparql_front_workers)
    ]
    for thread in runaways:
        thread.start()
    time.sleep(1)  # both inside their query
    page = httpx.get(fronted_server + "/healthz", timeout=30)
    small = httpx.get(
        fronted_server + "/sparql", params={"query": ASK}, headers={"Accept": JSON_TYPE}
    )
    still_running = [thread.is_alive() for thread in runaways]
    for thread in runaways:
        thread.join()
    assert page.status_code == 200 and small.json()["boolean"] is True
    assert all(still_running), "answered only once the runaway queries had stopped"


def test_settle_replaces_the_workers_reading_the_disk_by_forks_of_the_copy(tmp_path):
    """With front workers the pool may answer nothing once the copy is loaded: the server
    calls `settle`, so that its own workers stop holding RocksDB caches of their own."""
    from kg.publish.query_pool import _ForkedWorker, _Worker

    store = EmbeddedStore(tmp_path / "store")
    triple = Triple(NamedNode("https://e.org/s"), NamedNode("https://e.org/p"), Literal("o"))
    replace_graph(store, NamedNode("https://e.org/g"), [triple])
    pool = QueryPool(store, timeout=30, workers=2, in_memory=True)
    try:
        pool.run(ASK, Dataset(), JSON)  # from the disk: the copy starts loading after it
        assert any(isinstance(w, _Worker) for w in pool._workers)
        assert pool._zygote is not None and pool._zygote.poll_ready(120)
        pool.settle()
        assert len(pool._workers) == 2
        assert all(isinstance(w, _ForkedWorker) for w in pool._workers)
        assert b"true" in pool.run(ASK, Dataset(), JSON).body
    finally:
        pool.close()
        store.close()


def test_the_recycle_limit_is_a_setting_reaching_the_front_workers():
    from api.sparql_handoff import FrontDoor
    from kg.errors import ConfigurationError

    assert Settings.from_env({}).front_recycle_mb == 0  # never, unless asked
    settings = Settings.from_env({"POLICYKG_FRONT_RECYCLE_MB": "48"})
    assert FrontDoor.front(settings, 5.0).options.recycle_bytes == 48 * 1024 * 1024
    assert Settings.from_env({"POLICYKG_FRONT_RECYCLE_MB": "0"}).front_recycle_mb == 0
    with pytest.raises(ConfigurationError):
        Settings.from_env({"POLICYKG_FRONT_RECYCLE_MB": "-5"})
