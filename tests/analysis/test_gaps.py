"""Gaps: values read from the curated data, UK expanded, unknown never counted as a gap."""

from __future__ import annotations

import pytest

from kg.analysis.coverage import coverage
from kg.analysis.gaps import gaps
from kg.errors import BadRequest, NotFound

FR_OFFENCE = "https://w3id.org/policykg/id/offence/fr/recours-prostitution-mineur"
UK_EW_OFFENCE = "https://w3id.org/policykg/id/offence/uk-ew/paying-for-sexual-services-of-a-child"
UK_EW_LIFE = (
    "https://w3id.org/policykg/id/sanction/uk-ew/paying-for-sexual-services-of-a-child/"
    "under-13-penetration/2004-05-01"
)


def findings(comparison, feature, topic="purchase-sex-minor"):
    every = comparison["gaps"] + comparison["no_gap"] + comparison["unknown"]
    return [f for f in every if f["feature"] == feature and f["topic"] == topic]


def test_se_is_not_stronger_than_fr_on_maximum_penalty(store):
    doc = gaps(store, "SE", "FR", "2026-11-22")
    [pair] = doc["comparisons"]
    assert (pair["reference"], pair["target"]) == ("SE", "FR")
    [penalty] = findings(pair, "higher-maximum-penalty")
    assert penalty["verdict"] == "no-gap"
    assert penalty["reference_value"]["max_prison_years"] == 4
    assert penalty["target_value"]["max_prison_years"] == 10
    # the only gap today is on the demand side: prison in Sweden, a fine only in France
    assert [(g["topic"], g["feature"]) for g in pair["gaps"]] == [
        ("purchase-sex-adult", "higher-maximum-penalty")
    ]
    [demand] = findings(pair, "demand-penalised")
    assert (demand["verdict"], demand["reference_value"], demand["target_value"]) == (
        "no-gap",
        "present",
        "present",
    )


def test_uk_reference_expands_and_names_the_part_with_life(store):
    doc = gaps(store, "UK", "FR", "2026-11-22")
    assert doc["reference"]["members"] == ["UK-EW", "UK-NI", "UK-SCT"]
    pairs = {c["reference"]: c for c in doc["comparisons"]}
    [gap] = [
        g
        for g in pairs["UK-EW"]["gaps"]
        if g["feature"] == "higher-maximum-penalty" and g["topic"] == "purchase-sex-minor"
    ]
    assert gap["kind"] == "weaker"
    assert gap["reference_value"]["life_imprisonment"] is True
    assert gap["reference_value"]["sanction"] == UK_EW_LIFE
    assert gap["target_value"]["max_prison_years"] == 10
    evidence_ref = {e["iri"] for e in gap["evidence"]["reference"]}
    evidence_target = gap["evidence"]["target"]
    assert UK_EW_OFFENCE in evidence_ref
    assert evidence_target[0]["iri"] == FR_OFFENCE
    assert evidence_target[0]["citation"] == "Code pénal, art. 225-12-1"
    assert evidence_target[0]["sources"]
    # Scotland: 14 years for a child under 16 on indictment (2005 Act s. 9(5)(b)) against 10
    [scotland] = findings(pairs["UK-SCT"], "higher-maximum-penalty")
    assert (scotland["verdict"], scotland["kind"]) == ("gap", "weaker")
    assert scotland["reference_value"]["max_prison_years"] == 14
    assert scotland["reference_value"]["life_imprisonment"] is False
    assert doc["summary"]["by_pair"]["UK-EW→FR"] == len(pairs["UK-EW"]["gaps"])


def test_topics_without_facts_are_unknown_not_gaps(store):
    # long before the project's horizon nothing is recorded on either side
    day = "1985-01-01"
    assert coverage(store, day, ["SE", "FR"]).cells[("FR", "reporting-duty")] == "unknown"
    doc = gaps(store, "SE", "FR", day)
    [pair] = doc["comparisons"]
    verdicts = {t["topic"]: t["verdict"] for t in pair["topics"]}
    assert verdicts["reporting-duty"] == "unknown"
    assert pair["gaps"] == []
    assert "reporting-duty" in doc["summary"]["unknown_topics"]
    [reporting] = findings(pair, "mandatory-reporting", "reporting-duty")
    assert reporting["verdict"] == "unknown"
    assert "not the same as a gap" in doc["summary"]["note"]


def test_stated_absence_is_a_gap(store):
    """On 2005-05-01 Sweden had its offence; Scotland's stated absence ran to 2005-10-07."""
    doc = gaps(store, "SE", "UK-SCT", "2005-05-01")
    [pair] = doc["comparisons"]
    [gap] = findings({**pair, "no_gap": [], "unknown": []}, "demand-penalised")
    assert (gap["feature"], gap["kind"], gap["target_value"]) == (
        "demand-penalised",
        "lacks",
        "absent",
    )
    assert gap["evidence"]["target"][0]["kind"] == "absence"
    assert gap["evidence"]["target"][0]["sources"]


def test_alignment_path_goes_through_the_topic(store):
    [pair] = gaps(store, "SE", "FR", "2026-11-22")["comparisons"]
    middles = {a["path"]["nodes"][1]["iri"] for a in pair["alignments"]}
    topic = "https://w3id.org/policykg/concept/topic/"
    assert {topic + "purchase-sex-minor", topic + "purchase-sex-adult"} <= middles
    assert all(m.startswith(topic) for m in middles)


def test_errors(store):
    with pytest.raises(NotFound):
        gaps(store, "XX", "FR")
    with pytest.raises(BadRequest):
        gaps(store, "SE", "FR", "22/11/2026")
    with pytest.raises(BadRequest):
        gaps(store, "FR", "FR")


def test_http(client):
    response = client.get(
        "/api/gaps", params={"reference": "UK", "target": "FR", "at": "2026-11-22"}
    )
    assert response.status_code == 200
    doc = response.json()
    assert doc["at"] == "2026-11-22"
    assert {c["reference"] for c in doc["comparisons"]} == {"UK-EW", "UK-NI", "UK-SCT"}
    assert client.get("/api/gaps", params={"reference": "ZZ", "target": "FR"}).status_code == 404
    bad = client.get("/api/gaps", params={"reference": "SE", "target": "FR", "at": "soon"})
    assert bad.status_code == 400
    assert bad.json()["error"] == "BadRequest"
    assert client.get("/api/gaps", params={"reference": "SE"}).status_code == 400
