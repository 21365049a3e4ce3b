"""Claim extraction (kg/ingest/extract/claims.py): sentences typed by the cues of
claim_cues.yaml, in French, English and Swedish, on the seed answer, on answers written as
fixtures and on a real Assemblée nationale record; the document's date given at ingest."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import BadRequest
from kg.ingest.extract.claims import cue_file
from kg.ingest.pipeline import apply_date, check_date, read_document
from tests.paths import FIXTURES, PROJECT, REALDATA

SEED_ANSWER = PROJECT / "data/sources/fr/reponse-ministre-justice-prostitution-mineurs.txt"
SEED_QUESTION = PROJECT / "data/sources/fr/an-question-17-14232.txt"
ANSWERS = FIXTURES / "answers"
KINDS_IN_ONTOLOGY = (PROJECT / "ontology/claims.ttl").read_text(encoding="utf-8")


def read(path: Path, date: str | None = None):
    return read_document(path.read_bytes(), path.name, date=date)


def by_kind(doc) -> dict[str, list]:
    found: dict[str, list] = {}
    for claim in doc.claims:
        found.setdefault(claim.kind, []).append(claim)
    return found


def test_the_seed_answer_yields_the_claims_a_drafter_must_check():
    doc = read(SEED_ANSWER, date="2019-03-28")
    doc.check_spans()  # every claim's text is the text at its offsets
    kinds = by_kind(doc)
    assert {"legal-sufficiency", "measure-taken", "plan", "eu-international-file",
            "cooperation"} <= set(kinds)  # fmt: skip
    circular = kinds["measure-taken"][0]
    assert circular.subject == "circular" and circular.years == [2015, 2016]
    assert circular.stage == "done"
    new_plan = next(c for c in kinds["plan"] if c.text.startswith("Un nouveau plan"))
    assert new_plan.stage == "pending"
    sufficiency = kinds["legal-sufficiency"][0]
    assert "arsenal juridique" in sufficiency.text and "modifier nos textes" in sufficiency.text
    eu = kinds["eu-international-file"][0]
    assert "preuves électroniques" in eu.text and eu.stage == "pending"


def test_a_question_asks_and_does_not_claim():
    """The question's own asks ("Le Gouvernement entend-il…?") are sub-questions, not claims;
    its figures are claims (what the deputy puts forward)."""
    doc = read(SEED_QUESTION)
    assert doc.questions
    assert not [c for c in doc.claims if c.kind == "intention"]
    figures = [c for c in doc.claims if c.kind == "figure"]
    assert any(c.figure and c.figure["value"] == 11000 for c in figures)
    for claim in doc.claims:
        assert not any(q.start < claim.end and claim.start < q.end for q in doc.questions)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "fr-reponse-ecrite-plan.txt",
            {"legal-sufficiency", "measure-taken", "plan", "cooperation"},
        ),
        ("en-written-answer.txt", {"legal-sufficiency", "measure-taken", "plan", "cooperation"}),
        (
            "sv-svar-handlingsplan.txt",
            {"legal-sufficiency", "plan", "cooperation", "eu-international-file"},
        ),
    ],
)
def test_other_answers_in_each_language(name, expected):
    doc = read(ANSWERS / name)
    doc.check_spans()
    assert expected <= set(by_kind(doc)), [(c.kind, c.text) for c in doc.claims]
    pending_plans = [c for c in doc.claims if c.kind == "plan" and c.stage == "pending"]
    assert pending_plans, "a plan being prepared is read as pending"


def test_first_sentences_of_courtesy_make_no_claim():
    doc = read(ANSWERS / "fr-reponse-ecrite-plan.txt")
    first = doc.text.split("\n", 1)[0]
    assert not [c for c in doc.claims if c.text == first]


def test_a_real_answer_that_is_a_table_of_figures_makes_no_statement_claim():
    path = REALDATA / "fr_an_question_xml/q14_14-47351QE.xml"
    if not path.exists():
        pytest.skip(f"{path.name} absent")
    doc = read(path)
    assert doc.metadata["date"] == "2014-05-13" and doc.metadata["date_source"] == "text"
    assert not [c for c in doc.claims if c.kind != "figure"]


def test_every_kind_of_the_cue_file_is_in_the_ontology():
    for kind in cue_file()["kinds"]:
        assert f"kind:{kind} a skos:Concept" in KINDS_IN_ONTOLOGY, kind


# ------------------------------------------------------------------------ the document's date


@pytest.mark.parametrize("bad", ["28/03/2019", "2019-13-01", "2019-02-30", "yesterday", "2019-3-1"])
def test_a_malformed_date_is_a_400(bad):
    with pytest.raises(BadRequest):
        check_date(bad)


def test_a_given_date_dates_an_undated_text():
    doc = read(SEED_ANSWER, date="2019-03-28")
    assert doc.metadata["date"] == "2019-03-28" and doc.metadata["date_source"] == "given"
    assert read(SEED_ANSWER).metadata.get("date") is None


def test_the_texts_own_date_wins_and_the_given_one_is_kept():
    doc = read(SEED_QUESTION, date="2019-03-28")
    assert doc.metadata["date"] == "2026-04-14" and doc.metadata["date_source"] == "text"
    assert doc.metadata["date_given"] == "2019-03-28"
    apply_date(doc, "2026-04-14")  # the same date again: no disagreement to record
    assert doc.metadata["date"] == "2026-04-14"
