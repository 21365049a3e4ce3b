"""Ingesting documents: the pipeline, the document API (bearer token) and `policykg ingest`."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.app import create_app
from kg.cli import app as cli_app
from kg.config import PROJECT_ROOT, Settings
from kg.errors import ParseError, TooLarge, UnsupportedFormat
from kg.ingest.pipeline import ingest, read_extraction, read_text
from kg.store import Store, count, named_graphs
from tests.conftest import built_on_disk, copy_of

SOURCES = PROJECT_ROOT / "data" / "sources" / "fr"
QUESTION = (SOURCES / "an-question-17-14232.txt").read_bytes()
ANSWER = (SOURCES / "reponse-ministre-justice-prostitution-mineurs.txt").read_bytes()
CONTRACT_KEYS = {"id", "iri", "type", "language", "title", "metadata", "questions", "citations",
                 "penalties", "figures", "mentions", "provisions"}  # fmt: skip
TOKEN = "test-token"


@pytest.fixture(scope="module")
def doc_store(store: Store) -> Iterator[Store]:
    copy = copy_of(store)
    yield copy
    copy.close()


@pytest.fixture(scope="module")
def writer(doc_store) -> Iterator[TestClient]:
    settings = Settings(store="memory", token=TOKEN, max_document_bytes=200_000)
    with TestClient(create_app(settings, store=doc_store)) as client:
        yield client


AUTH = {"Authorization": f"Bearer {TOKEN}"}


def spans_hold(extraction: dict, text: str) -> None:
    for key in ("questions", "citations", "penalties", "figures", "mentions"):
        for item in extraction[key]:
            assert text[item["start"] : item["end"]] == item["text"], (key, item)


def test_build_ingested_the_bundled_seeds(doc_store):
    ids = {
        g.value.rsplit("/", 1)[-1] for g in named_graphs(doc_store) if "/graph/document/" in g.value
    }
    assert "an-17-14232" in ids and len(ids) >= 2


def test_question_extraction_document(doc_store):
    extraction = read_extraction(doc_store, "an-17-14232")
    assert set(extraction) >= CONTRACT_KEYS
    assert extraction["type"] == "parliamentary-question" and extraction["language"] == "fr"
    meta = extraction["metadata"]
    assert (meta["number"], meta["published"], meta["page"]) == ("14232", "2026-04-14", "3035")
    assert meta["author"] == "Mme Sophie Blanc" and meta["ministry"] == "Intérieur"
    text = read_text(doc_store, "an-17-14232")
    spans_hold(extraction, text)
    assert len(extraction["questions"]) == 5
    figures = {(f["value"], f["qualifier"]) for f in extraction["figures"]}
    assert {(11000, "more-than"), (20000, "up-to")} <= figures
    kinds = {(m["kind"], (m["iri"] or "").rsplit("/", 1)[-1]) for m in extraction["mentions"]}
    assert {("jurisdiction", "SE"), ("jurisdiction", "UK")} <= kinds
    assert any(m["kind"] == "date" and m["value"] == "2026-04-14" for m in extraction["mentions"])


def test_extraction_is_queryable_with_provenance_and_selectors(doc_store):
    ask = doc_store.query(
        """ASK { GRAPH <https://w3id.org/policykg/graph/document/an-17-14232> {
             ?figure a pkg:FigureClaim ; prov:wasDerivedFrom <https://w3id.org/policykg/id/document/an-17-14232> ;
                     pkg:value ?value ; oa:hasTarget ?t .
             FILTER (?value = 11000)
             ?t oa:hasSource <https://w3id.org/policykg/id/document/an-17-14232> ;
                oa:hasSelector [ a oa:TextPositionSelector ; oa:start ?s ; oa:end ?e ] ,
                               [ a oa:TextQuoteSelector ; oa:exact ?quote ] } }"""
    )
    assert bool(ask)


def test_reingesting_replaces_the_document(doc_store):
    first = ingest(doc_store, ANSWER, "answer.txt")
    size = count(doc_store)
    again = ingest(doc_store, ANSWER, "answer.txt")
    assert again.id == first.id and not again.created
    assert count(doc_store) == size
    assert again.extraction["type"] == "ministerial-answer"


@pytest.mark.parametrize(
    ("data", "error"),
    [(b"", ParseError), (b"   \n", ParseError), (b"\x00\x01\x02\xff" * 50, ParseError),
     (b"<?xml version='1.0'?><QUESTION TYPE='QE'><LEGISLATURE>14", ParseError),
     (b"<?xml version='1.0'?><svg/>", UnsupportedFormat), (b"x" * 300_000, TooLarge)],
)  # fmt: skip
def test_bad_input_writes_nothing(doc_store, data, error):
    before = count(doc_store)
    with pytest.raises(error) as raised:
        ingest(doc_store, data, "bad-file.bin", max_bytes=200_000)
    assert "bad-file.bin" in raised.value.message or error is TooLarge
    assert count(doc_store) == before


def test_api_refuses_writes_without_a_configured_token(client):
    response = client.post("/api/documents", content=ANSWER, headers={"Content-Type": "text/plain"})
    assert response.status_code == 403 and "POLICYKG_TOKEN" in response.json()["message"]


def test_api_needs_the_right_token(writer):
    response = writer.post(
        "/api/documents", content=ANSWER, headers={"Authorization": "Bearer nope"}
    )
    assert response.status_code == 401 and response.headers["www-authenticate"] == "Bearer"


def test_api_document_lifecycle(writer):
    created = writer.post(
        "/api/documents?name=note.v2020-01-01.txt",
        content="Le Royaume-Uni et la Suède, 13 avril 2016.".encode(),
        headers=AUTH | {"Content-Type": "text/plain"},
    )
    assert created.status_code == 201
    doc = created.json()
    assert set(doc) >= CONTRACT_KEYS
    replaced = writer.post(
        "/api/documents?name=note.v2020-01-01.txt",
        content="Le Royaume-Uni et la Suède, 13 avril 2016.".encode(),
        headers=AUTH,
    )
    assert replaced.status_code == 200 and replaced.json()["id"] == doc["id"]
    listed = writer.get("/api/documents").json()["documents"]
    assert doc["id"] in {d["id"] for d in listed}
    assert writer.get(f"/api/documents/{doc['id']}").json() == doc
    text = writer.get(f"/api/documents/{doc['id']}/text").text
    spans_hold(doc, text)
    assert writer.delete(f"/api/documents/{doc['id']}", headers=AUTH).status_code == 204
    assert writer.get(f"/api/documents/{doc['id']}").status_code == 404
    assert writer.delete(f"/api/documents/{doc['id']}", headers=AUTH).status_code == 404


@pytest.mark.parametrize(
    ("body", "query", "status"),
    [(b"", "", 422), (b"\x00\xff\xfe" * 100, "", 422), (b"x" * 250_000, "", 413),
     (b"<?xml version='1.0'?><svg/>", "", 415), (b"bonjour", "?format=no-such-format", 415)],
)  # fmt: skip
def test_api_bad_input_is_4xx_and_writes_nothing(writer, doc_store, body, query, status):
    before = count(doc_store)
    response = writer.post("/api/documents" + query, content=body, headers=AUTH)
    assert response.status_code == status
    assert response.json()["message"]
    assert count(doc_store) == before


def test_cli_ingest_reports_bad_files_and_ingests_the_rest(tmp_path, store):
    inputs = tmp_path / "in"
    inputs.mkdir()
    good = inputs / "good.txt"
    good.write_bytes(ANSWER)
    bad = inputs / "empty.txt"
    bad.write_bytes(b"")
    store_dir = built_on_disk(store, tmp_path / "store")
    result = CliRunner().invoke(
        cli_app, ["ingest", str(inputs), "--json"], env={"POLICYKG_STORE": str(store_dir)}
    )
    assert result.exit_code == 1
    assert "empty.txt" in result.stderr and "empty" in result.stderr
    printed = json.loads(result.stdout)
    assert [d["type"] for d in printed] == ["ministerial-answer"]


def test_citations_resolve_to_curated_provisions(doc_store):
    text = (
        "Le recours à la prostitution d'un mineur est réprimé par l'article 225-12-1 du code "
        "pénal ; en Suède, 6 kap. 9 § brottsbalken ; au Royaume-Uni, section 47 of the Sexual "
        "Offences Act 2003. Voir aussi l'article 999-1 du code pénal et la directive 2011/36/UE."
    ).encode()
    result = ingest(doc_store, text, "note-citations.txt")
    resolved = {c["text"]: c["resolved"] for c in result.extraction["citations"]}
    base = "https://w3id.org/policykg/id/act/"
    assert base + "fr/code-penal/article/225-12-1" in resolved.values()
    assert base + "se/sfs/1962/700/kap/6/par/9" in resolved.values()
    assert base + "uk/ukpga/2003/42/section/47" in resolved.values()
    unresolved = [t for t, iri in resolved.items() if iri is None]
    assert any("999-1" in t for t in unresolved)  # not in the graph: kept, unresolved


def test_a_penalty_in_a_text_belongs_to_the_provision_cited_before_it(doc_store):
    text = (
        "L'article 225-12-1 du code pénal punit de trois ans d'emprisonnement et de 45 000 euros "
        "d'amende le client d'un mineur. Ailleurs, une peine de sept ans d'emprisonnement."
    ).encode()
    penalties = ingest(doc_store, text, "note-penalties.txt").extraction["penalties"]
    assert [p["max_prison_years"] for p in penalties] == [3, 7]
    assert (
        penalties[0]["provision"]
        == "https://w3id.org/policykg/id/act/fr/code-penal/article/225-12-1"
    )
    assert penalties[1]["provision"] is None
