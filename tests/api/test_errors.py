"""One error format everywhere (issue 19): JSON for API clients, a page for browsers, in the
reader's language; RDF/XML and the usual suffixes on every RDF route; HEAD wherever GET is.

A tiny store (one resource) keeps these tests fast: the rules are about the HTTP layer.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from pyoxigraph import Literal, NamedNode, RdfFormat, Triple, parse

from api.app import create_app
from kg import __version__
from kg.config import PROJECT_ROOT, Settings
from kg.ns import ID, RDFS, graph_iri
from kg.store import EmbeddedStore, replace_graph

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
THING = ID + "act/test/example"


@pytest.fixture(scope="module")
def tiny() -> Iterator[TestClient]:
    store = EmbeddedStore()
    subject = NamedNode(THING)
    replace_graph(
        store,
        graph_iri("data", "test"),
        [
            Triple(subject, NamedNode(RDFS + "label"), Literal("An example act", language="en")),
            Triple(subject, NamedNode(RDFS + "comment"), Literal("Pour les tests", language="fr")),
        ],
    )
    app = create_app(Settings(store="memory"), store=store, query_workers=1)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


@pytest.fixture(autouse=True)
def _no_remembered_language(tiny: TestClient) -> None:
    """``?lang=`` is remembered in a cookie, like a browser's choice: each test starts without it."""
    tiny.cookies.clear()


def _is_json_error(response, status: int, error: str) -> dict:
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body["status"] == status and body["error"] == error and body["message"]
    return body


def _is_error_page(response, status: int) -> str:
    assert response.status_code == status
    assert response.headers["content-type"].startswith("text/html")
    assert "content-security-policy" in response.headers
    assert f"{status} " in response.text
    return response.text


def test_missing_page_is_json_for_clients_and_a_page_for_browsers(tiny):
    body = _is_json_error(tiny.get("/no/such/page"), 404, "NotFound")
    assert "/no/such/page" in body["message"]
    page = _is_error_page(tiny.get("/no/such/page", headers=BROWSER), 404)
    assert "Page not found" in page and "/no/such/page" in page
    assert 'href="/"' in page  # a way back


@pytest.mark.parametrize(
    ("lang", "title"),
    [("fr", "Page introuvable"), ("sv", "Sidan finns inte")],
)
def test_error_pages_are_translated(tiny, lang, title):
    page = _is_error_page(tiny.get(f"/no/such/page?lang={lang}", headers=BROWSER), 404)
    assert title in page
    assert f'lang="{lang}"' in page


def test_hostile_path_is_escaped_on_the_error_page(tiny):
    page = _is_error_page(tiny.get("/<script>alert(1)</script>", headers=BROWSER), 404)
    assert "<script>alert" not in page
    assert "&lt;script&gt;" in page


@pytest.mark.parametrize(
    "path",
    [
        "/id/act/test/example",
        "/sparql?query=SELECT%20*%20WHERE%20%7B%7D",
        "/ontology",
        "/fragments",
    ],
)
def test_406_is_json_not_plain_text(tiny, path):
    response = tiny.get(path, headers={"Accept": "image/png"})
    body = _is_json_error(response, 406, "NotAcceptable")
    assert "image/png" in body["message"]


def test_406_message_in_the_language_asked_for(tiny):
    response = tiny.get("/id/act/test/example?lang=fr", headers={"Accept": "image/png"})
    body = _is_json_error(response, 406, "NotAcceptable")
    assert body["message"].startswith("Aucun des types acceptés (image/png)")
    assert "application/rdf+xml" in body["message"]


def test_bad_parameter_is_json_and_a_page(tiny):
    _is_json_error(tiny.get("/api/compare"), 400, "BadRequest")
    _is_error_page(tiny.get("/api/compare", headers=BROWSER), 400)


def test_method_not_allowed_is_json(tiny):
    _is_json_error(tiny.put("/api/topics"), 405, "MethodNotAllowed")


@pytest.mark.parametrize(
    "request_",
    [
        ("/id/act/test/example", {"Accept": "application/rdf+xml"}),
        ("/id/act/test/example.rdf", {}),
        ("/id/act/test/example.owl", {}),
    ],
)
def test_resources_in_rdf_xml_by_accept_and_suffix(tiny, request_):
    path, headers = request_
    response = tiny.get(path, headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/rdf+xml")
    triples = [q.triple for q in parse(response.content, format=RdfFormat.RDF_XML)]
    assert (
        Triple(
            NamedNode(THING), NamedNode(RDFS + "label"), Literal("An example act", language="en")
        )
        in triples
    )


def test_link_header_names_the_rdf_xml_alternate(tiny):
    links = tiny.get("/id/act/test/example.ttl").headers["link"]
    assert '</id/act/test/example.rdf>; rel="alternate"; type="application/rdf+xml"' in links


@pytest.mark.parametrize("path", ["/ontology.rdf", "/ontology.owl"])
def test_ontology_in_rdf_xml(tiny, path):
    response = tiny.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/rdf+xml")


def test_fragments_in_rdf_xml(tiny):
    response = tiny.get("/fragments", headers={"Accept": "application/rdf+xml"})
    assert response.status_code == 200
    parse(response.content, format=RdfFormat.RDF_XML)


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/compare",
        "/coverage",
        "/documents",
        "/ontology",
        "/id/act/test/example",
        "/sparql",
        "/docs",
        "/api/topics",
        "/healthz",
        "/openapi.json",
    ],
)
def test_head_wherever_get(tiny, path):
    get = tiny.get(path, headers=BROWSER)
    head = tiny.head(path, headers=BROWSER)
    assert head.status_code == get.status_code != 405
    assert head.content == b""
    assert head.headers["content-type"] == get.headers["content-type"]


def test_version_comes_from_pyproject(tiny):
    """One declaration: pyproject.toml; the package and /openapi.json read it."""
    declared = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert __version__ == declared, "reinstall (pip install -e .) after changing the version"
    assert tiny.get("/openapi.json").json()["info"]["version"] == declared
