"""The ingestion time limit (issue 11.3): reading that outlives POLICYKG_INGEST_TIMEOUT is
stopped in its process, nothing is written, and the client gets a clear 503."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from kg import locale
from kg.config import Settings
from kg.errors import IngestTimeout, PolicyKGError
from kg.ingest.reader import ReaderPool, ReadRequest
from kg.store import Store, count
from tests.conftest import copy_of

TOKEN = "limit-token"
AUTH = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "text/plain"}
# Large enough that reading it (parse + every extractor) takes well over 50 ms anywhere.
LONG_TEXT = (
    "Article 225-12-1 du code pénal : puni de sept ans d'emprisonnement et de 100 000 euros "
    "d'amende ; plus de 11 000 mineurs, le Royaume-Uni et la Suède, le 13 avril 2016. "
) * 4000


@pytest.fixture(scope="module")
def impatient(store: Store) -> Iterator[TestClient]:
    copy = copy_of(store)
    settings = Settings(store="memory", token=TOKEN, ingest_timeout=0.05)
    with TestClient(create_app(settings, store=copy)) as client:
        yield client
    copy.close()


def test_reading_past_the_time_limit_is_stopped_and_writes_nothing(impatient):
    store = impatient.app.state.store
    before = count(store)
    response = impatient.post("/api/documents", content=LONG_TEXT.encode(), headers=AUTH)
    assert response.status_code == 503
    body = response.json()
    assert body["error"] == "IngestTimeout" and "POLICYKG_INGEST_TIMEOUT" in body["message"]
    assert count(store) == before
    killed = impatient.app.state.readers.killed
    assert killed and not any(process.is_alive() for process in killed)


def test_the_reader_pool_kills_the_reader_and_serves_the_next_document():
    with ReaderPool(timeout=0.05, workers=1) as readers:
        with pytest.raises(IngestTimeout):
            readers.read(ReadRequest(LONG_TEXT.encode(), "long.txt"))
        assert len(readers.killed) == 1 and not readers.killed[0].is_alive()
        readers.timeout = 60
        doc = readers.read(ReadRequest("La Suède, 2020.".encode(), "short.txt"))
        assert doc.text.startswith("La Suède")


def test_an_error_read_in_a_worker_is_translated_where_it_is_shown(impatient):
    """The reader process knows no request language: the error crosses the pipe as template
    and values and is translated by the request that shows it."""
    store = impatient.app.state.store
    before = count(store)
    headers = {**AUTH, "Content-Type": "application/octet-stream"}
    binary = bytes(range(32)) * 40
    answers = {
        lang: impatient.post(f"/api/documents?lang={lang}", content=binary, headers=headers)
        for lang in ("en", "fr", "sv")
    }
    assert {response.status_code for response in answers.values()} == {422}
    assert "binary data, not text" in answers["en"].json()["message"]
    assert "données binaires, pas du texte" in answers["fr"].json()["message"]
    assert "binära data, inte text" in answers["sv"].json()["message"]
    assert count(store) == before


def test_a_reader_error_keeps_its_template_and_values():
    with ReaderPool(timeout=60, workers=1) as readers, pytest.raises(PolicyKGError) as caught:
        readers.read(ReadRequest(b"   ", "blank.txt"))
    assert caught.value.template == "{name}: the document is empty"
    assert caught.value.values == {"name": "blank.txt"}
    assert caught.value.message == "blank.txt: the document is empty"
    with locale.using("fr"):
        assert locale.error_text(caught.value) == "blank.txt\u00a0: le document est vide"
