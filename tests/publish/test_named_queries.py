"""The named-query catalogue: every query parses, lists, runs with typed parameters only."""

from __future__ import annotations

import csv
import io

import pytest
from fastapi.testclient import TestClient
from pyoxigraph import Store as OxStore

from api.app import create_app
from kg.config import Settings
from kg.errors import BadRequest
from kg.ingest.pipeline import ingest
from kg.publish import named_queries as catalogue
from tests.conftest import REALDATA, copy_of

NAMES = sorted(catalogue.catalogue())
ARTICLE = "https://w3id.org/policykg/id/act/fr/code-penal/article/225-12-1"


def rows(response) -> list[dict[str, str]]:
    assert response.status_code == 200, response.text
    return [{k: v["value"] for k, v in b.items()} for b in response.json()["results"]["bindings"]]


def test_the_catalogue_has_the_drafters_questions():
    assert len(NAMES) >= 6
    assert {
        "max-penalties",
        "offences-in-force",
        "provisions",
        "unverified",
        "documents-citing",
        "figures",
        "inferred",
    } <= set(NAMES)
    for query in catalogue.catalogue().values():
        assert query.title and query.description, query.name


@pytest.mark.parametrize("name", NAMES)
def test_every_catalogue_query_parses(name):
    OxStore().query(catalogue.get(name).sparql)  # no predeclared prefixes: each is self-contained


def test_listing(client):
    listed = client.get("/api/queries").json()["queries"]
    assert [q["name"] for q in listed] == NAMES
    penalties = next(q for q in listed if q["name"] == "max-penalties")
    assert penalties["title"] == "Maximum penalty for a topic in a jurisdiction on a date"
    assert [(p["name"], p["type"], p["required"]) for p in penalties["parameters"]] == [
        ("topic", "notation", True),
        ("jurisdiction", "code", True),
        ("at", "date", True),
    ]
    assert "pkg:hasSanction" in penalties["sparql"]
    assert "VALUES (?topic ?jurisdiction ?at)" in penalties["example_sparql"]


@pytest.mark.parametrize("name", [n for n in NAMES if n != "documents-citing"])
def test_each_query_runs_with_its_examples(client, name):
    query = catalogue.get(name)
    found = rows(client.get(f"/api/queries/{name}", params=query.example_values()))
    assert found, name
    assert all(any(v for v in row.values()) for row in found)


def test_maximum_penalties_in_france_in_2015(client):
    found = rows(
        client.get(
            "/api/queries/max-penalties",
            params={"topic": "purchase-sex-minor", "jurisdiction": "FR", "at": "2015-01-01"},
        )
    )
    years = {row["victimAgeBelow"]: set() for row in found}
    for row in found:
        years[row["victimAgeBelow"]].add(float(row["maxImprisonmentYears"]))
    assert years == {"18": {3.0, 5.0}, "15": {7.0}}
    base = next(r for r in found if r["condition"].startswith("base offence"))
    assert (base["maxFineAmount"], base["fineCurrency"]) == ("45000", "EUR")


def test_a_composite_jurisdiction_includes_its_parts(client):
    found = rows(
        client.get(
            "/api/queries/offences-in-force", params={"at": "2015-01-01", "jurisdiction": "UK"}
        )
    )
    assert {r["code"] for r in found} == {"UK-EW", "UK-NI", "UK-SCT"}
    everywhere = rows(client.get("/api/queries/offences-in-force", params={"at": "2015-01-01"}))
    assert {"FR", "SE", "UK-EW"} <= {r["code"] for r in everywhere}


def test_figures_keep_qualifier_and_attribution(client):
    found = rows(client.get("/api/queries/figures"))
    first = next(r for r in found if r["value"] == "11000")
    assert (first["qualifier"], first["attributedTo"]) == ("more-than", "Les services de l'État")


def test_csv_format(client):
    response = client.get(
        "/api/queries/max-penalties",
        params={
            "topic": "purchase-sex-minor",
            "jurisdiction": "FR",
            "at": "2015-01-01",
            "format": "csv",
        },
    )
    assert response.headers["content-type"].startswith("text/csv")
    table = list(csv.DictReader(io.StringIO(response.text)))
    assert {r["maxImprisonmentYears"] for r in table} == {"3", "5", "7"}


@pytest.fixture(scope="module")
def with_statute(store):
    copy = copy_of(store)
    path = REALDATA / "fr_code_penal_md" / "article-225-12-1.v2002-03-05.md"
    if not path.exists():
        pytest.skip(f"{path} is not available")
    ingest(copy, path.read_bytes(), path.name)
    with TestClient(create_app(Settings(store="memory"), store=copy)) as test_client:
        yield test_client


def test_documents_that_cite_a_provision(with_statute):
    found = rows(with_statute.get("/api/queries/documents-citing", params={"provision": ARTICLE}))
    assert found
    assert found[0]["document"].endswith("/id/document/fr-code-penal-article-225-12-1-2002-03-05")
    assert "trois ans d'emprisonnement" in found[0]["quote"]
    assert int(found[0]["start"]) < int(found[0]["end"])


def test_errors(client):
    assert client.get("/api/queries/nope").status_code == 404
    assert (
        client.get("/api/queries/max-penalties", params={"topic": "purchase-sex-minor"}).status_code
        == 400
    )
    for at in ("2015-02-30", "2015-1-1", "2015-01-01T00:00", "yesterday", ""):
        response = client.get(
            "/api/queries/max-penalties",
            params={"topic": "purchase-sex-minor", "jurisdiction": "FR", "at": at},
        )
        assert response.status_code == 400, at
    assert client.get("/api/queries/inferred", params={"format": "xlsx"}).status_code == 400


HOSTILE = [
    '"',
    "'",
    ">",
    "<",
    "}",
    "{ ?s ?p ?o }",
    "\n",
    '" } ; DROP ALL ; #',
    "FR> } UNION { ?s ?p ?o",
    "https://w3id.org/policykg/id/x> } UNION { ?s ?p ?o } #",
    "urn:x",
    "x" * 5000,
    "https://w3id.org/" + "a" * 3000,
]
TYPED = {"notation": "topic", "code": "jurisdiction", "date": "at", "iri": "provision"}


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize("name", ["max-penalties", "documents-citing", "provisions", "figures"])
def test_hostile_values_are_refused_or_mean_only_themselves(client, name, value):
    query = catalogue.get(name)
    for parameter in query.parameters:
        given = query.example_values() | {parameter.name: value}
        response = client.get(f"/api/queries/{name}", params=given)
        assert response.status_code in (200, 400), response.text
        if response.status_code == 200:
            assert response.json()["results"]["bindings"] == []
        else:
            assert response.json()["error"] == "BadRequest"
            assert "parse" not in response.json()["message"].lower()


@pytest.mark.parametrize("value", HOSTILE)
def test_bound_text_never_changes_the_query(store, value):
    """Below HTTP: a value fails validation, or the query gains one VALUES line, nothing else."""
    query = catalogue.get("figures")
    try:
        text = catalogue.bound_sparql(store, query, {"document": value})
    except BadRequest:
        return
    lines = [line for line in text.splitlines() if line.strip()]
    original = [line for line in query.sparql.splitlines() if line.strip()]
    added = [line for line in lines if line not in original]
    assert len(added) == 1 and added[0].strip().startswith("VALUES (?document) { (<")
    assert len(lines) == len(original) + 1
    OxStore().query(text)


def test_openapi_lists_one_path_per_query(client):
    paths = client.get("/openapi.json").json()["paths"]
    for name in NAMES:
        operation = paths[f"/api/queries/{name}"]["get"]
        declared = {p["name"] for p in operation["parameters"]}
        assert {p.name for p in catalogue.get(name).parameters} | {"format"} == declared
    assert "/api/queries/{name}" not in paths


def test_treaty_status_per_state(client):
    found = rows(client.get("/api/queries/treaty-status", params={"party": "SE"}))
    assert found and {r["code"] for r in found} == {"SE"}
    warsaw = {r["action"]: r["date"] for r in found if r["treaty"].endswith("/act/coe/cets/197")}
    assert warsaw["ratification"] == "2010-05-31"


def test_implementations_by_jurisdiction(client):
    found = rows(client.get("/api/queries/implementations", params={"jurisdiction": "FR"}))
    assert found and {r["code"] for r in found} == {"FR"}
    assert all("/act/coe/" in r["target"] or "/act/eu/" in r["target"] for r in found)
