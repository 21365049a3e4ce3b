"""Brief: the seed question's five asks answered with cited facts; claims checked by rule."""

from __future__ import annotations

from datetime import date

import pytest
from pyoxigraph import Literal, NamedNode

from kg.analysis.brief import ask_topics, brief, check_claims, check_figure
from kg.errors import NotFound

QUESTION = "an-17-14232"
ART_225_12_1 = "https://w3id.org/policykg/id/act/fr/code-penal/article/225-12-1"
FR = "https://w3id.org/policykg/id/jurisdiction/FR"


@pytest.fixture(scope="module")
def question_brief(store):
    return brief(store, QUESTION, "2026-11-22")


def test_five_asks_each_with_topics(question_brief):
    asks = question_brief["asks"]
    assert [a["index"] for a in asks] == [1, 2, 3, 4, 5]
    assert all(a["topics"] for a in asks)
    assert question_brief["jurisdictions"] == ["FR", "SE", "UK-EW", "UK-NI", "UK-SCT"]
    topics = [{t["topic"] for t in a["topics"]} for a in asks]
    assert {"victim-statistics", "data-system", "purchase-sex-minor"} <= topics[0]
    assert "data-system" in topics[1]
    assert {"action-plan", "coordination-body", "trafficking-minor"} <= topics[2]
    assert {"purchase-sex-minor", "purchase-sex-adult"} <= topics[3]
    assert {"coordination-body", "reporting-duty", "purchase-sex-adult"} <= topics[4]


def test_keyword_table_explains_asks_without_a_topic_label(question_brief):
    third = question_brief["asks"][2]
    rules = {m["rule"] for t in third["topics"] for m in t["matched_by"]}
    assert rules == {"keyword"}
    fourth = {t["topic"]: t for t in question_brief["asks"][3]["topics"]}
    assert {m["rule"] for m in fourth["purchase-sex-minor"]["matched_by"]} == {"mention", "keyword"}


def test_facts_are_cited_per_jurisdiction(question_brief):
    fourth = {t["topic"]: t for t in question_brief["asks"][3]["topics"]}
    rows = {r["jurisdiction"]: r for r in fourth["purchase-sex-minor"]["rows"]}
    assert set(rows) == {"FR", "SE", "UK-EW", "UK-NI", "UK-SCT"}
    [fr] = rows["FR"]["facts"]
    assert fr["citation"] == "Code pénal, art. 225-12-1"
    assert fr["url"].startswith("https://www.legifrance.gouv.fr/")
    assert fr["sources"]
    assert max(s["max_prison_years"] or 0 for s in fr["sanctions"]) == 10
    [se] = rows["SE"]["facts"]
    assert se["citation"] == "Brottsbalken 6 kap. 9 §"
    assert rows["UK-EW"]["facts"][0]["citation"] == "Sexual Offences Act 2003, s. 47"
    [sct] = rows["UK-SCT"]["facts"]
    assert sct["citation"] == (
        "Protection of Children and Prevention of Sexual Offences (Scotland) Act 2005, s. 9"
    )
    # s. 9(5)(b): a child under 16, on indictment (read in the revised text, not guessed)
    assert max(s["max_prison_years"] or 0 for s in sct["sanctions"]) == 14


def test_every_topic_of_the_question_is_answered(question_brief):
    # the curated data covers every topic in all five jurisdictions (present or absent)
    assert question_brief["unknown_topics"] == []
    fifth = {t["topic"]: t for t in question_brief["asks"][4]["topics"]}
    statuses = {r["jurisdiction"]: r["status"] for r in fifth["reporting-duty"]["rows"]}
    assert set(statuses) == {"FR", "SE", "UK-EW", "UK-NI", "UK-SCT"}
    assert statuses["FR"] == "present"  # art. 434-3 Code pénal: a duty on everyone
    assert set(statuses.values()) <= {"present", "absent"}
    assert [c["verdict"] for c in question_brief["claims"]] == ["unchecked"] * 3


def test_ask_topics_by_mention_span():
    extraction = {
        "mentions": [
            {"kind": "topic", "start": 5, "end": 10, "text": "x",
             "iri": "https://w3id.org/policykg/concept/topic/reporting-duty"},
            {"kind": "topic", "start": 50, "end": 60, "text": "y",
             "iri": "https://w3id.org/policykg/concept/topic/action-plan"},
        ]
    }  # fmt: skip
    question = {"text": "Quoi ?", "start": 0, "end": 20}
    found = ask_topics(extraction, question, {"reporting-duty", "action-plan"})
    assert [t["topic"] for t in found] == ["reporting-duty"]


def answer(citations=(), penalties=(), figures=(), published=None):
    return {
        "type": "ministerial-answer",
        "language": "fr",
        "jurisdiction": None,
        "metadata": {"published": published, "answered": None},
        "citations": list(citations),
        "penalties": list(penalties),
        "figures": list(figures),
        "mentions": [],
    }


def citation(resolved):
    return {"text": "article 225-12-1 du code pénal", "start": 0, "end": 30, "resolved": resolved}


def test_citation_rules(store):
    today = date(2026, 11, 22)
    [old] = check_claims(store, answer([citation(ART_225_12_1)], published="2015-06-01"), today)
    assert (old["verdict"], old["rule"]) == ("outdated", "changed-after-document")
    assert "2021-04-23" in old["explanation"]
    [recent] = check_claims(store, answer([citation(ART_225_12_1)], published="2022-01-10"), today)
    assert (recent["verdict"], recent["rule"]) == ("consistent", "in-force")
    assert recent["evidence"]
    [early] = check_claims(store, answer([citation(ART_225_12_1)]), date(2001, 1, 1))
    assert (early["verdict"], early["rule"]) == ("outdated", "not-in-force")
    [loose] = check_claims(store, answer([citation(None)]), today)
    assert (loose["verdict"], loose["rule"]) == ("unchecked", "citation-unresolved")


def test_penalty_rules(store):
    def penalty(years):
        return {"text": f"{years} ans", "start": 0, "end": 5, "max_prison_years": years,
                "life_imprisonment": False, "provision": ART_225_12_1}  # fmt: skip

    claims = check_claims(
        store, answer(penalties=[penalty(5), penalty(3), penalty(6)]), date(2026, 11, 22)
    )
    assert [c["verdict"] for c in claims] == ["consistent", "outdated", "contradicted"]


def test_figure_rules():
    observation = {
        "observation": NamedNode("https://w3id.org/policykg/id/statistic/fr/test"),
        "value": Literal("9000", datatype=NamedNode("http://www.w3.org/2001/XMLSchema#decimal")),
        "unit": Literal("mineurs"),
        "area": NamedNode(FR),
        "period": Literal("2024"),
        "source": None,
    }
    figure = {"text": "plus de 11 000 mineurs", "start": 0, "end": 5, "value": 11000,
              "unit": "mineurs", "qualifier": "more-than"}  # fmt: skip
    assert check_figure(figure, [observation], FR)["verdict"] == "contradicted"
    assert check_figure(figure | {"value": 8000}, [observation], FR)["verdict"] == "consistent"
    other_unit = check_figure(figure | {"unit": "jeunes"}, [observation], FR)
    assert (other_unit["verdict"], other_unit["rule"]) == ("unchecked", "no-recorded-observation")


def test_seed_answer_gets_a_claims_list(client):
    documents = client.get("/api/documents").json()["documents"]
    [answer_id] = [d["id"] for d in documents if d["type"] == "MinisterialAnswer"]
    response = client.get("/api/brief", params={"document": answer_id})
    assert response.status_code == 200
    doc = response.json()
    assert doc["document"]["type"] == "ministerial-answer"
    assert isinstance(doc["claims"], list)
    assert doc["note"]  # the seed answer has no citation or figure: it says so
    context = {c["topic"]: c for c in doc["context"]}
    assert context["purchase-sex-minor"]["rows"][0]["jurisdiction"] == "FR"
    assert context["purchase-sex-minor"]["status"] == "answered"


def test_http_question_and_errors(client, store):
    response = client.get("/api/brief", params={"document": QUESTION, "at": "2026-11-22"})
    assert response.status_code == 200
    assert len(response.json()["asks"]) == 5
    assert client.get("/api/brief", params={"document": "nope"}).status_code == 404
    assert client.get("/api/brief", params={"document": QUESTION, "at": "x"}).status_code == 400
    with pytest.raises(NotFound):
        brief(store, "nope")
