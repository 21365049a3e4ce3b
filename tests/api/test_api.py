"""The HTTP API in process: health, SPARQL protocol and negotiation, compare, catalogue."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook
from pyoxigraph import RdfFormat, parse

COMPARE = "/api/compare?topic=purchase-sex-minor&jurisdiction=FR&jurisdiction=SE&jurisdiction=UK"
SELECT = "SELECT ?code WHERE { ?j a pkg:Jurisdiction ; skos:notation ?code } ORDER BY ?code"
CONSTRUCT = (
    "CONSTRUCT { ?j skos:notation ?code } WHERE { ?j a pkg:Jurisdiction ; skos:notation ?code }"
)


def test_healthz(client, store):
    from kg.store import count

    body = client.get("/healthz").json()
    assert body["status"] == "ok" and body["triples"] == count(store)
    assert body["sparql"]["front"] is False  # no listening socket in a test client
    assert body["sparql"]["copy"] in {"off", "loading", "ready"}
    assert body["triples"] > 1000


def test_sparql_get_select_defaults_to_json(client):
    response = client.get("/sparql", params={"query": SELECT})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/sparql-results+json")
    codes = [b["code"]["value"] for b in response.json()["results"]["bindings"]]
    assert "UK-SCT" in codes and len(codes) == 8


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("text/html;q=0.5, text/csv;q=0.9", "text/csv"),
        ("*/*", "application/sparql-results+json"),
    ],
)
def test_sparql_result_set_negotiation(client, accept, expected):
    response = client.get("/sparql", params={"query": SELECT}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(expected)


def test_sparql_ask(client):
    response = client.get("/sparql", params={"query": "ASK { ?s a pkg:Offence }"})
    assert response.json()["boolean"] is True


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [
        (None, RdfFormat.TURTLE),
        ("application/n-triples", RdfFormat.N_TRIPLES),
        ("application/rdf+xml", RdfFormat.RDF_XML),
        ("application/ld+json", RdfFormat.JSON_LD),
    ],
)
def test_sparql_construct_negotiation(client, accept, fmt):
    headers = {"Accept": accept} if accept else {}
    response = client.get("/sparql", params={"query": CONSTRUCT}, headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(fmt.media_type)
    assert len(list(parse(response.content, format=fmt))) == 8


def test_sparql_post_forms(client):
    direct = client.post(
        "/sparql", content=SELECT, headers={"Content-Type": "application/sparql-query"}
    )
    form = client.post("/sparql", data={"query": SELECT})
    assert direct.status_code == form.status_code == 200
    assert direct.json() == form.json()


@pytest.mark.parametrize(
    "request_kwargs",
    [
        {
            "method": "GET",
            "url": "/sparql",
            "params": {"query": "INSERT DATA { <a:b> <a:c> <a:d> }"},
        },
        {"method": "GET", "url": "/sparql", "params": {"update": "DROP ALL"}},
        {
            "method": "POST",
            "url": "/sparql",
            "content": "DROP ALL",
            "headers": {"Content-Type": "application/sparql-update"},
        },
        {"method": "POST", "url": "/sparql", "data": {"update": "CLEAR ALL"}},
        {
            "method": "POST",
            "url": "/sparql",
            "data": {"query": "PREFIX x: <a:> # note\nDELETE WHERE { ?s ?p ?o }"},
        },
    ],
)
def test_updates_are_refused(client, store, request_kwargs):
    from kg.store import count

    before = count(store)
    response = client.request(**request_kwargs)
    assert response.status_code == 403
    assert "read-only" in response.json()["message"]
    assert count(store) == before


def test_syntax_error_is_400_with_the_parser_message(client):
    response = client.get("/sparql", params={"query": "SELECT ?x WHERE { ?x"})
    assert response.status_code == 400
    assert response.json()["error"] == "QuerySyntaxError" and response.json()["message"]


def test_browser_without_query_gets_the_editor(client):
    response = client.get(
        "/sparql", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
    )
    assert response.status_code == 200 and "<textarea" in response.text
    assert client.get("/sparql").status_code == 400


def test_compare_json(client):
    response = client.get(COMPARE + "&at=2015-01-01")
    assert response.status_code == 200
    doc = response.json()
    assert doc["at"] == "2015-01-01"
    assert doc["jurisdictions"] == ["FR", "SE", "UK-EW", "UK-NI", "UK-SCT"]
    fr = next(r for r in doc["rows"] if r["jurisdiction"] == "FR")
    assert any(
        s["max_prison_years"] == 3 and s["max_fine"]["amount"] == 45000
        for s in fr["items"][0]["sanctions"]
    )


def test_compare_defaults_to_today(client, time_machine):
    """No `at`: the day the request is made (the clock is fixed, so is the answer)."""
    from datetime import UTC, datetime

    time_machine.move_to(datetime(2015, 6, 1, 12, tzinfo=UTC), tick=False)
    doc = client.get(COMPARE).json()
    assert doc["at"] == "2015-06-01"
    assert doc == client.get(COMPARE + "&at=2015-06-01").json()


def test_compare_exports(client):
    as_csv = client.get(COMPARE + "&format=csv&at=2015-01-01")
    assert as_csv.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(as_csv.text)))
    assert {r["jurisdiction"] for r in rows} == {"FR", "SE", "UK-EW", "UK-NI", "UK-SCT"}
    md = client.get(COMPARE + "&format=md")
    assert md.text.startswith("## Purchase of sex from a minor")
    xlsx = client.get(COMPARE + "&format=xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.cell(1, 1).value == "jurisdiction" and sheet.max_row > 5


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("topic=nope&jurisdiction=FR", 404),
        ("topic=purchase-sex-minor&jurisdiction=ZZ", 404),
        ("topic=purchase-sex-minor", 400),
        ("topic=purchase-sex-minor&jurisdiction=FR&at=yesterday", 400),
        ("topic=purchase-sex-minor&jurisdiction=FR&format=pdf", 400),
    ],
)
def test_compare_bad_input(client, query, status):
    response = client.get("/api/compare?" + query)
    assert response.status_code == status
    assert response.json()["message"]


def test_topics_and_jurisdictions(client):
    topics = client.get("/api/topics").json()["topics"]
    assert {t["notation"] for t in topics} >= {"purchase-sex-minor", "reporting-duty"}
    assert all(set(t["labels"]) >= {"en", "fr", "sv"} for t in topics)
    jurisdictions = {j["code"]: j for j in client.get("/api/jurisdictions").json()["jurisdictions"]}
    assert jurisdictions["UK"]["parts"] == ["UK-EW", "UK-NI", "UK-SCT"]
    assert jurisdictions["SE"]["labels"]["sv"] == "Sverige"


def test_home_page_and_openapi(client):
    home = client.get("/")
    assert home.status_code == 200 and "purchase-sex-minor" in home.text
    spec = client.get("/openapi.json").json()
    assert {"/healthz", "/sparql", "/api/compare", "/api/topics", "/api/jurisdictions"} <= set(
        spec["paths"]
    )
    assert client.get("/docs").status_code == 200


def test_compare_cache_follows_writes(store_copy):
    """A remembered comparison is reused until the store is written to. The test writes, so
    on its own copy of the graph: the shared one stays as every other test expects."""
    from pyoxigraph import Literal, NamedNode, Triple

    from api.routes.compare import compare_cached as _compare_cached
    from kg.store import replace_graph

    store = store_copy
    first = _compare_cached(store, "purchase-sex-minor", ("FR",), "2015-01-01", "en")
    assert _compare_cached(store, "purchase-sex-minor", ("FR",), "2015-01-01", "en") is first
    graph = NamedNode("https://w3id.org/policykg/graph/test/cache")
    replace_graph(store, graph, [Triple(graph, NamedNode("https://example.org/p"), Literal("x"))])
    again = _compare_cached(store, "purchase-sex-minor", ("FR",), "2015-01-01", "en")
    assert again is not first and again == first


def test_oversized_query_is_refused(client):
    response = client.post(
        "/sparql", content=b"#" * 1_100_000, headers={"Content-Type": "application/sparql-query"}
    )
    assert response.status_code == 413 and "limit" in response.json()["message"]


def test_an_unexpected_error_is_json_without_a_trace(settings, store, monkeypatch):
    from fastapi.testclient import TestClient

    import api.routes.home
    from api.app import create_app

    def broken(*_args, **_kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(api.routes.home, "total", broken)
    with TestClient(create_app(settings, store=store), raise_server_exceptions=False) as client:
        response = client.get("/healthz")
    assert response.status_code == 500
    assert response.json()["error"] == "InternalError"
    assert "secret internals" not in response.text and "Traceback" not in response.text


def test_coverage_endpoint(client):
    doc = client.get("/api/coverage").json()
    assert set(doc["matrix"]) == {"FR", "SE", "UK-EW", "UK-SCT", "UK-NI", "EU", "CoE"}
    assert doc["totals"]["unknown"] == sum(
        1 for row in doc["matrix"].values() for status in row.values() if status == "unknown"
    )
    uk = client.get("/api/coverage", params={"jurisdiction": "UK", "at": "2003-06-01"}).json()
    assert uk["jurisdictions"] == ["UK-EW", "UK-NI", "UK-SCT"] and uk["at"] == "2003-06-01"
    csv = client.get("/api/coverage", params={"format": "csv"})
    assert csv.headers["content-type"].startswith("text/csv")
    assert csv.text.splitlines()[0].startswith("jurisdiction,purchase-sex-minor")
    assert client.get("/api/coverage", params={"format": "pdf"}).status_code == 400
    assert client.get("/api/coverage", params={"at": "soon"}).status_code == 400
    assert client.get("/api/coverage", params={"jurisdiction": "XX"}).status_code == 404


def test_recommendations_endpoint_and_page(client):
    response = client.get("/api/recommendations", params={"jurisdiction": "SE", "lang": "sv"})
    assert response.status_code == 200
    document = response.json()
    assert document["jurisdiction"] == "SE" and document["count"] >= 3
    assert {r["jurisdiction"] for r in document["recommendations"]} == {"SE"}
    assert document["timeline"]["SE"]
    assert client.get("/api/recommendations", params={"body": "nobody"}).status_code == 404
    assert client.get("/api/recommendations", params={"jurisdiction": "XX"}).status_code == 404
    page = client.get("/recommendations", params={"jurisdiction": "FR", "lang": "fr"})
    assert page.status_code == 200
    assert "pas encore satisfaite" in page.text
    assert "Plan d&#39;action national contre la traite des êtres humains (2014-2016)" in page.text


def test_recommendations_network_view_and_resource_page(client):
    graph = client.get("/graph.json", params={"view": "recommendations", "jurisdiction": "FR"})
    assert graph.status_code == 200
    assert any(n["kind"] == "recommendation" for n in graph.json()["nodes"])
    assert client.get("/graph.json", params={"view": "recommendations"}).status_code == 400
    page = client.get(
        "/id/plan/fr/plan-action-national-traite-2014-2016", headers={"Accept": "text/html"}
    )
    assert page.status_code == 200
    assert "/id/report/coe/greta/fr/1/rec/pr-1" in page.text


def test_gaps_show_what_the_monitors_asked_of_the_target(client):
    document = client.get("/api/gaps", params={"reference": "SE", "target": "FR"}).json()
    open_requests = document["open_recommendations"]
    assert open_requests and all(r["jurisdiction"] == "FR" for r in open_requests)
    assert all(r["status"]["notation"] != "addressed" for r in open_requests)
    page = client.get("/gaps", params={"reference": "SE", "target": "FR", "lang": "sv"})
    assert "Vad övervakningsorganen har begärt av FR" in page.text
