"""AN written questions in four shapes: seed 003 (text), an HTML and an open-data JSON
fixture mirroring it, and the real legacy XML of question 14-47351."""

from __future__ import annotations

import copy
import json

import pytest

from kg.errors import ParseError
from kg.ingest.model import METADATA_KEYS, Document
from kg.ingest.parsers import PARSERS
from kg.ingest.parsers.question import (
    parse_question_html,
    parse_question_json,
    parse_question_text,
    parse_question_xml,
)
from tests.ingest.fuzzing import fuzz_tests, read
from tests.paths import FIXTURES as ALL_FIXTURES
from tests.paths import SHARED

FIXTURES = ALL_FIXTURES / "questions"
SEED = SHARED / "seeds" / "003_6b7262543303aeef.txt"
LEGACY_XML = SHARED / "realdata" / "fr_an_question_xml" / "q14_14-47351QE.xml"
HTML_FIXTURE = FIXTURES / "an_question_17_14232.html"
JSON_FIXTURE = FIXTURES / "an_question_17_14232.json"

EXPECTED = {
    "number": "14232",
    "author": "Mme Sophie Blanc",
    "group": "Rassemblement National",
    "constituency": "Pyrénées-Orientales (1re circonscription)",
    "ministry": "Intérieur",
    "answering_ministry": "Intérieur",
    "published": "2026-04-14",
    "answered": None,
    "page": "3035",
    "rubric": "Crimes, délits et contraventions",
    "legislature": "17",
}
TITLE = "Progression de la prostitution des mineurs en France"
BODY_START = "Mme Sophie Blanc attire l'attention"
BODY_END = "obligations de signalement."


@pytest.fixture(scope="module")
def seed_document() -> Document:
    return parse_question_text(read(SEED), SEED.name)


@pytest.fixture(scope="module")
def legacy() -> Document:
    return parse_question_xml(read(LEGACY_XML), LEGACY_XML.name)


def body(document: Document) -> str:
    return document.text[document.metadata["body_start"] : document.metadata["body_end"]]


def test_formats_are_registered() -> None:
    for name in ("an-question-text", "an-question-html", "an-question-xml", "an-question-json"):
        assert name in PARSERS


# ---------------------------------------------------------------------- text (seed 003)


def test_seed_metadata(seed_document: Document) -> None:
    assert {key: seed_document.metadata[key] for key in EXPECTED} == EXPECTED
    assert set(METADATA_KEYS) <= set(seed_document.metadata)
    assert seed_document.title == TITLE
    assert seed_document.type == "parliamentary-question"
    assert seed_document.language == "fr"
    assert seed_document.source_format == "an-question-text"


def test_seed_body_offsets(seed_document: Document) -> None:
    text = body(seed_document)
    assert text.startswith(BODY_START)
    assert text.endswith(BODY_END)
    assert "Données clés" not in text


def test_seed_text_is_readable(seed_document: Document) -> None:
    assert "[Mme Sophie Blanc](#)" not in seed_document.text
    assert "**Auteur :** Mme Sophie Blanc" in seed_document.text
    assert "<sup>" not in seed_document.text
    assert seed_document.text == seed_document.text.strip()


def test_text_with_crlf_and_bom_gives_same_offsets(seed_document: Document) -> None:
    data = b"\xef\xbb\xbf" + read(SEED).replace(b"\n", b"\r\n")
    document = parse_question_text(data, "crlf.txt")
    assert document.text == seed_document.text
    assert document.metadata == seed_document.metadata


def test_text_with_answer_section() -> None:
    data = (
        read(SEED)
        .decode("utf-8")
        .replace(
            "### Données clés",
            "### Texte de la réponse\n\nLa lutte contre la prostitution des mineurs est une priorité.\n\n"
            "### Données clés",
        )
    )
    data += "\n\nRéponse publiée au JO le : [2 juin 2026](#), page 4410"
    document = parse_question_text(data.encode("utf-8"), "answered.txt")
    start, end = document.metadata["answer_start"], document.metadata["answer_end"]
    assert (
        document.text[start:end] == "La lutte contre la prostitution des mineurs est une priorité."
    )
    assert document.metadata["answered"] == "2026-06-02"
    assert document.metadata["answer_page"] == "4410"
    assert body(document).endswith(BODY_END)


# ---------------------------------------------------------------------- HTML and JSON fixtures


def test_html_fixture_gives_seed_metadata(seed_document: Document) -> None:
    document = parse_question_html(read(HTML_FIXTURE), HTML_FIXTURE.name)
    assert {key: document.metadata[key] for key in EXPECTED} == EXPECTED
    assert document.title == TITLE
    assert body(document) == body(seed_document)
    assert "dataLayer" not in document.text  # scripts dropped
    assert "text-align" not in document.text  # styles dropped
    assert document.source_format == "an-question-html"


def test_json_fixture_gives_seed_metadata(seed_document: Document) -> None:
    document = parse_question_json(read(JSON_FIXTURE), JSON_FIXTURE.name)
    # The open data names no constituency: the deputy's mandate lives in another file.
    expected = {**EXPECTED, "constituency": None}
    assert {key: document.metadata[key] for key in EXPECTED} == expected
    assert document.metadata["uid"] == "QANR5L17QE14232"
    assert document.metadata["author_ref"] == "PA795604"
    assert document.title == TITLE
    assert body(document) == body(seed_document)
    assert document.metadata["answer_start"] is None


def test_json_lists_and_objects_are_both_read() -> None:
    """One child is an object, several a list: the parser must take both."""
    value = json.loads(read(JSON_FIXTURE))
    question = copy.deepcopy(value["question"])
    attribution = question["minAttribs"]["minAttrib"]
    later = copy.deepcopy(attribution)
    later["denomination"] = {"abrege": "Justice", "developpe": "Ministère de la justice"}
    question["minAttribs"]["minAttrib"] = [attribution, later]
    question["indexationAN"]["analyses"]["analyse"] = ["Titre un", "Titre deux"]
    question["textesQuestion"]["texteQuestion"] = [question["textesQuestion"]["texteQuestion"]]
    question["textesReponse"] = {
        "texteReponse": {
            "infoJO": {"typeJO": "JO_QUESTION", "dateJO": "2026-06-02", "pageJO": "4410"},
            "texte": "<p>Réponse de test.</p>",
        }
    }
    question["cloture"] = {"codeCloture": "REP_PUB", "libelleCloture": "Réponse publiée"}
    document = parse_question_json(json.dumps({"question": question}).encode(), "lists.json")
    assert document.metadata["answering_ministry"] == "Justice"
    assert document.metadata["analyses"] == ["Titre un", "Titre deux"]
    assert document.title == "Titre un"
    assert document.metadata["answered"] == "2026-06-02"
    assert document.metadata["status"] == "Réponse publiée"
    assert document.text[document.metadata["answer_start"] :] == "Réponse de test."
    assert "\n\nRéponse\nRéponse de test." in document.text


# ---------------------------------------------------------------------- legacy XML (real)


def test_legacy_xml_metadata(legacy: Document) -> None:
    metadata = legacy.metadata
    assert metadata["number"] == "47351"
    assert metadata["legislature"] == "14"
    assert metadata["published"] == "2014-01-07"
    assert metadata["answered"] == "2014-05-13"
    assert metadata["page"] == "18"
    assert "défense" in metadata["ministry"].lower()
    assert metadata["answering_ministry"] == "Défense"
    assert metadata["author"] == "M. François Cornut-Gentille"
    assert metadata["group"] == "Les Républicains"
    assert metadata["constituency"] == "Haute-Marne (2e circonscription)"
    assert metadata["rubric"] == "défense"
    assert metadata["analyses"] == ["équipements militaires", "vieillissement", "bilan"]
    assert legacy.type == "parliamentary-question"
    assert legacy.language == "fr"


def test_legacy_xml_text_and_answer(legacy: Document) -> None:
    assert body(legacy).startswith("M. François Cornut-Gentille interroge")
    answer = legacy.text[legacy.metadata["answer_start"] :]
    assert answer.startswith("Les données relatives aux équipements du génie")
    assert "AMX30B2 DT" in answer
    assert "<td" not in answer and "DEBTAB" not in answer
    assert legacy.text[: legacy.metadata["answer_start"]].endswith("\n\nRéponse\n")


def test_legacy_xml_without_answer() -> None:
    data = read(LEGACY_XML)
    start, end = data.index(b"<REPONSE>"), data.index(b"</REPONSE>") + len(b"</REPONSE>")
    document = parse_question_xml(data[:start] + data[end:], "unanswered.xml")
    assert document.metadata["answer_start"] is None
    assert document.metadata["answered"] is None
    assert "Réponse" not in document.text


def test_xml_entities_are_not_expanded() -> None:
    data = (
        b'<?xml version="1.0"?><!DOCTYPE QUESTION [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b"<QUESTION><DEPOT NUMERO='1'><DATE_JO>99/99/2014</DATE_JO></DEPOT>"
        b"<DEPOT><TEXTE_DEPOT>M. X interroge &x; ici.</TEXTE_DEPOT></DEPOT></QUESTION>"
    )
    try:
        document = parse_question_xml(data, "xxe.xml")
    except ParseError:
        return
    assert "root:" not in document.text
    assert document.metadata["published"] is None  # invalid date → None, not a crash


# ---------------------------------------------------------------------- bad input


BAD_INPUTS = {
    "empty": b"",
    "blank": b"  \n\t ",
    "binary": bytes(range(256)) * 4,
    "nul": b"Question \x00\x00\x00 n\x00",
    "utf16-no-bom": "Question écrite n° 1".encode("utf-16-le"),
}


@pytest.mark.parametrize("label", sorted(BAD_INPUTS))
@pytest.mark.parametrize(
    "parser", [parse_question_text, parse_question_html, parse_question_xml, parse_question_json]
)
def test_bad_input_raises_parse_error(parser, label: str) -> None:
    with pytest.raises(ParseError) as raised:
        parser(BAD_INPUTS[label], f"bad-{label}")
    assert f"bad-{label}" in raised.value.message


def test_truncated_and_wrong_shapes() -> None:
    with pytest.raises(ParseError, match="truncated"):
        parse_question_xml(read(LEGACY_XML)[:500], "cut.xml")
    with pytest.raises(ParseError, match="not <QUESTION>"):
        parse_question_xml(b"<html><body>x</body></html>", "other.xml")
    with pytest.raises(ParseError, match="JSON"):
        parse_question_json(read(JSON_FIXTURE)[:300], "cut.json")
    with pytest.raises(ParseError, match="question"):
        parse_question_json(b"[1, 2, 3]", "list.json")
    with pytest.raises(ParseError, match="not an AN question"):
        parse_question_text(b"Bonjour, ceci n'est pas une question.", "plain.txt")
    with pytest.raises(ParseError, match=r"encoding|UTF-8"):
        parse_question_xml(read(LEGACY_XML).replace("é".encode(), b"\xe9"), "latin1.xml")


# ---------------------------------------------------------------------- fuzzing

PARSE_FUNCTIONS = {
    "text": (parse_question_text, SEED),
    "html": (parse_question_html, HTML_FIXTURE),
    "xml": (parse_question_xml, LEGACY_XML),
    "json": (parse_question_json, JSON_FIXTURE),
}
(
    test_random_bytes_give_document_or_parse_error,
    test_truncated_or_mutated_files_give_document_or_parse_error,
) = fuzz_tests(PARSE_FUNCTIONS)
