"""Issue 11 ("Hardening"): one regression test per defect found by trying the service as an
attacker would. Each failed before its fix."""

from __future__ import annotations

import http.server
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import ClassVar

import pytest
from fastapi.testclient import TestClient
from pyoxigraph import Literal, NamedNode, Triple

from api.app import create_app
from kg.config import Settings
from kg.store import EmbeddedStore, Store, count, replace_graph
from tests.conftest import copy_of

ASK = "ASK { ?s a pkg:Offence }"
TOKEN = "hardening-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


class _Recorder(http.server.BaseHTTPRequestHandler):
    """A loopback HTTP server standing for "another host": it records every request and
    answers with the body and type its class attributes give."""

    hits: ClassVar[list[str]] = []
    body = (
        b'{"head":{"vars":["x"]},"results":{"bindings":[{"x":{"type":"literal","value":"far"}}]}}'
    )
    content_type = "application/sparql-results+json"

    def do_POST(self) -> None:
        self._answer()

    def do_GET(self) -> None:
        self._answer()

    def _answer(self) -> None:
        type(self).hits.append(self.path)
        length = int(self.headers.get("content-length") or 0)
        self.rfile.read(length)
        self.send_response(200)
        self.send_header("Content-Type", self.content_type)
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args: object) -> None:
        pass


def _start(handler: type[_Recorder]) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/sparql"
    finally:
        server.shutdown()
        server.server_close()


class _Results(_Recorder):
    hits: ClassVar[list[str]] = []


class _PlainText(_Recorder):
    hits: ClassVar[list[str]] = []
    body = b"not a SPARQL result"
    content_type = "text/plain"


@pytest.fixture(scope="module")
def other_host() -> Iterator[str]:
    yield from _start(_Results)


@pytest.fixture(scope="module")
def plain_host() -> Iterator[str]:
    yield from _start(_PlainText)


@pytest.fixture(scope="module")
def federating(store: Store, other_host: str, plain_host: str) -> Iterator[TestClient]:
    settings = Settings(store="memory", service_allow=(other_host, plain_host))
    with TestClient(create_app(settings, store=store)) as client:
        yield client


# --- 1. SERVICE: server-side request forgery ------------------------------------------------


@pytest.mark.parametrize(
    "template",
    [
        "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        "select * where {{ service silent <{url}> {{ ?s ?p ?o }} }}",
        "SELECT * WHERE {{ SERVICE # a comment\n <{url}> {{ ?s ?p ?o }} }}",
        "SELECT * WHERE {{ \\u0053ERVICE <{url}> {{ ?s ?p ?o }} }}",
        "PREFIX far: <{url}#>\nSELECT * WHERE {{ SERVICE far: {{ ?s ?p ?o }} }}",
        "BASE <{url}>\nSELECT * WHERE {{ SERVICE <> {{ ?s ?p ?o }} }}",
        "SELECT * WHERE {{ BIND(<{url}> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}",
        "SELECT * WHERE {{ ?s <urn:x\\'> ?o . SERVICE <{url}> {{ ?s ?p ?o }} }}",
        "SELECT * WHERE {{ {{ SERVICE <{url}> {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} }}",
    ],
)
def test_service_is_refused_by_default_and_no_request_leaves(client, other_host, template):
    _Results.hits.clear()
    query = template.format(url=other_host)
    response = client.get("/sparql", params={"query": query})
    assert response.status_code == 400, response.text
    assert "POLICYKG_SERVICE_ALLOW" in response.json()["message"]
    assert _Results.hits == []


def test_service_in_strings_iris_and_comments_is_not_federation(client):
    query = (
        'SELECT ?x WHERE { BIND("SERVICE <http://127.0.0.1:9/>" AS ?x) '
        "?s <urn:SERVICE> ?o } # SERVICE <http://127.0.0.1:9/>"
    )
    assert client.get("/sparql", params={"query": query}).status_code == 200


def test_allowed_endpoint_is_reached_and_others_refused(federating, other_host):
    _Results.hits.clear()
    query = f"SELECT ?x WHERE {{ SERVICE <{other_host}> {{ ?x ?p ?o }} }}"
    response = federating.get("/sparql", params={"query": query})
    assert response.status_code == 200, response.text
    assert [b["x"]["value"] for b in response.json()["results"]["bindings"]] == ["far"]
    assert len(_Results.hits) == 1
    elsewhere = other_host.replace("/sparql", "/other")
    refused = federating.get(
        "/sparql", params={"query": f"SELECT * {{ SERVICE <{elsewhere}> {{ ?s ?p ?o }} }}"}
    )
    assert refused.status_code == 400 and "not allowed" in refused.json()["message"]
    variable = federating.get(
        "/sparql", params={"query": f"SELECT * {{ BIND(<{other_host}> AS ?e) SERVICE ?e {{}} }}"}
    )
    assert variable.status_code == 400


# --- 4. anyone can crash a query worker -------------------------------------------------------


def test_a_text_plain_service_answer_is_an_error_and_the_worker_lives(federating, plain_host):
    query = f"SELECT * WHERE {{ SERVICE <{plain_host}> {{ ?s ?p ?o }} }}"
    response = federating.get("/sparql", params={"query": query})
    assert 400 <= response.status_code < 600 and response.status_code != 500
    assert response.json()["message"]
    pool = federating.app.state.query_pool
    assert pool.deaths == 0  # no worker died: the error was caught where it happened
    assert federating.get("/sparql", params={"query": ASK}).json()["boolean"] is True


@pytest.mark.parametrize("opener", ["{", "(", "["])
def test_an_over_deep_query_is_refused_before_parsing(client, opener):
    closer = {"{": "}", "(": ")", "[": "]"}[opener]
    if opener == "{":
        query = "SELECT * WHERE " + "{" * 10_000 + " ?s ?p ?o " + "}" * 10_000
    elif opener == "(":
        query = "SELECT * WHERE { FILTER(" + "(" * 10_000 + "1" + ")" * 10_000 + ") }"
    else:
        query = "SELECT * WHERE { ?s ?p " + "[ ?p " * 10_000 + "1" + " ]" * 10_000 + " }"
    assert closer in query
    response = client.post(
        "/sparql", content=query, headers={"Content-Type": "application/sparql-query"}
    )
    assert response.status_code == 400
    assert "POLICYKG_MAX_QUERY_DEPTH" in response.json()["message"]
    assert client.get("/sparql", params={"query": ASK}).json()["boolean"] is True
    assert client.app.state.query_pool.deaths == 0


def test_cli_query_refuses_an_over_deep_query(tmp_path):
    query = "SELECT * WHERE " + "{" * 10_000 + " ?s ?p ?o " + "}" * 10_000
    policykg = str(Path(sys.executable).parent / "policykg")
    done = subprocess.run(
        [policykg, "query", "-"],
        input=query,
        env=os.environ | {"POLICYKG_STORE": str(tmp_path / "store")},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1, (done.returncode, done.stderr)
    assert "POLICYKG_MAX_QUERY_DEPTH" in done.stderr


# --- 2. unbounded responses --------------------------------------------------------------------


@pytest.fixture(scope="module")
def big_literal_client() -> Iterator[TestClient]:
    store = EmbeddedStore()
    big = Literal("x" * 100_000)
    triples = [Triple(NamedNode("urn:big"), NamedNode("urn:value"), big)]
    triples += [Triple(NamedNode(f"urn:s{i}"), NamedNode("urn:p"), Literal(i)) for i in range(40)]
    replace_graph(store, NamedNode("urn:policykg:test:big"), triples)
    settings = Settings(store="memory", max_result_bytes=1_000_000)
    with TestClient(create_app(settings, store=store, query_workers=1)) as client:
        yield client


@pytest.mark.parametrize(
    "accept",
    [
        "application/sparql-results+json",
        "text/csv",
        "application/sparql-results+xml",
        "text/tab-separated-values",
    ],
)
def test_a_response_over_the_byte_cap_is_stopped_with_a_clear_error(big_literal_client, accept):
    query = "SELECT ?big ?s WHERE { <urn:big> <urn:value> ?big . ?s <urn:p> ?o }"
    response = big_literal_client.get(
        "/sparql", params={"query": query}, headers={"Accept": accept}
    )
    assert response.status_code == 413
    body = response.json()
    assert body["error"] == "ResultTooLarge" and "POLICYKG_MAX_RESULT_MB" in body["message"]
    small = big_literal_client.get(
        "/sparql", params={"query": query + " LIMIT 5"}, headers={"Accept": accept}
    )
    assert small.status_code == 200 and len(small.content) > 500_000


def test_a_construct_over_the_byte_cap_is_stopped(big_literal_client):
    query = "CONSTRUCT { ?s <urn:big> ?big } WHERE { <urn:big> <urn:value> ?big . ?s <urn:p> ?o }"
    response = big_literal_client.get("/sparql", params={"query": query})
    assert response.status_code == 413


# --- 5. 500 where a 4xx belongs ------------------------------------------------------------------

BAD_IDS = ["a>b", "a b", 'a"b', "a{b", "a\x01b", "a\\b", "a^b", "a`b", "a|b", "a}b"]


@pytest.mark.parametrize("bad", BAD_IDS)
def test_ids_that_are_not_iri_safe_are_404_not_500(client, bad):
    from urllib.parse import quote

    ident = quote(bad, safe="")
    for path in (
        f"/api/documents/{ident}",
        f"/api/documents/{ident}/text",
        f"/documents/{ident}",
        f"/api/brief?document={ident}",
        f"/brief?document={ident}",
    ):
        response = client.get(path)
        assert response.status_code == 404, (path, response.status_code, response.text[:200])


@pytest.fixture(scope="module")
def writer(store: Store) -> Iterator[TestClient]:
    copy = copy_of(store)
    settings = Settings(store="memory", token=TOKEN)
    with TestClient(create_app(settings, store=copy)) as client:
        yield client
    copy.close()


@pytest.mark.parametrize("bad", BAD_IDS)
def test_delete_with_a_bad_id_is_404(writer, bad):
    from urllib.parse import quote

    response = writer.delete(f"/api/documents/{quote(bad, safe='')}", headers=AUTH)
    assert response.status_code == 404


def test_a_deeply_nested_json_upload_is_a_4xx(writer):
    body = b"[" * 100_000 + b"]" * 100_000
    response = writer.post(
        "/api/documents", content=body, headers=AUTH | {"Content-Type": "application/json"}
    )
    assert 400 <= response.status_code < 500, response.text[:300]
    assert response.json()["message"]


# --- 6. two concurrent POSTs of the same document ----------------------------------------------


def test_concurrent_posts_of_one_document_give_one_201(writer):
    text = "Le Royaume-Uni et la Suède, note du 3 mars 2021 sur la concurrence.".encode()

    def post(_: int) -> int:
        return writer.post(
            "/api/documents?name=concurrent.txt",
            content=text,
            headers=AUTH | {"Content-Type": "text/plain"},
        ).status_code

    with ThreadPoolExecutor(4) as pool:
        statuses = sorted(pool.map(post, range(4)))
    assert statuses == [200, 200, 200, 201]


# --- 7. headers and inputs -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/", "/healthz", "/api/topics", "/sparql?query=ASK%7B%7D", "/docs", "/no-such-page"]
)
def test_security_headers_on_every_response(client, path):
    response = client.get(path)
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert response.headers["x-frame-options"] == "SAMEORIGIN"


@pytest.mark.parametrize("path", ["/", "/compare", "/documents", "/sparql", "/healthz"])
def test_head_on_pages(client, path):
    headers = {"Accept": "text/html"}
    response = client.head(path, headers=headers)
    assert response.status_code == 200, path
    assert response.content == b""


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "file:///etc/passwd", "data:text/html,x", "ftp://x/y"]
)
def test_source_url_must_be_http(writer, store, url):
    before = count(writer.app.state.store)
    response = writer.post(
        "/api/documents",
        params={"source_url": url, "name": "source.txt"},
        content="La Suède, 2020.".encode(),
        headers=AUTH | {"Content-Type": "text/plain"},
    )
    assert response.status_code == 400 and "source_url" in response.json()["message"]
    assert count(writer.app.state.store) == before


# --- 8. the OpenAPI document ------------------------------------------------------------------------


def test_openapi_declares_bodies_parameters_security_and_errors(client):
    spec = client.get("/openapi.json").json()
    post = spec["paths"]["/api/documents"]["post"]
    assert "requestBody" in post and post["requestBody"]["content"]
    assert post["security"] == [{"bearer": []}]
    assert spec["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    for code in ("400", "401", "403", "413", "415", "503"):
        assert code in post["responses"], code
    get = spec["paths"]["/sparql"]["get"]
    assert "query" in {p["name"] for p in get["parameters"]}
    assert "requestBody" in spec["paths"]["/sparql"]["post"]
    for code in ("400", "403", "406", "413", "503"):
        assert code in get["responses"], code
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            if (method, path) != ("post", "/api/documents"):  # 422: a document it cannot read
                assert "422" not in operation.get("responses", {}), (method, path)
            assert "400" in operation["responses"], (method, path)


# --- 10. nothing readable left behind ---------------------------------------------------------------


def test_no_snapshot_file_is_written(tmp_path, monkeypatch, store):
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with TestClient(create_app(Settings(store="memory"), store=store, query_workers=1)) as c:
        assert c.get("/sparql", params={"query": ASK}).status_code == 200
        assert list(tmp_path.iterdir()) == []


def test_error_bodies_are_json_with_a_message(client):
    response = client.get("/sparql", params={"query": "SELECT ?x WHERE { ?x"})
    assert response.status_code == 400
    assert json.loads(response.text)["message"]


def test_the_served_fast_path_answers_like_the_route(live_server):
    """`policykg serve` answers GET /sparql through api/sparql_fast.py: same body, same
    headers (security, CORS) as the FastAPI route the tests' in-process client reaches."""
    import httpx

    response = httpx.get(
        live_server + "/sparql",
        params={"query": ASK},
        headers={"Origin": "https://example.org", "Accept": "application/sparql-results+json"},
        timeout=60,  # the first query may wait for a worker to start on a busy machine
    )
    assert response.status_code == 200 and response.json()["boolean"] is True
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "SAMEORIGIN"
    assert response.headers["access-control-allow-origin"] == "*"
    assert response.headers["content-type"].startswith("application/sparql-results+json")
    refused = httpx.get(
        live_server + "/sparql", params={"query": "SELECT * { SERVICE <http://127.0.0.1:9/> {} }"}
    )
    assert refused.status_code == 400 and refused.json()["error"] == "BadRequest"
