"""Gaps: values read from the curated data, UK expanded, unknown never counted as a gap."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.analysis.coverage import coverage
from kg.analysis.gaps import gaps
from kg.errors import BadRequest, NotFound

FR_OFFENCE = "https://w3id.org/policykg/id/offence/fr/recours-prostitution-mineur"
UK_EW_OFFENCE = "https://w3id.org/policykg/id/offence/uk-ew/paying-for-sexual-services-of-a-child"
UK_EW_LIFE = (
    "https://w3id.org/policykg/id/sanction/uk-ew/paying-for-sexual-services-of-a-child/"
    "under-13-penetration/2004-05-01"
)


def findings(comparison, dimension, topic="purchase-sex-minor", aspect=None):
    every = (
        comparison["gaps"]
        + comparison["no_gap"]
        + comparison["unknown"]
        + comparison["not_comparable"]
    )
    return [
        f
        for f in every
        if f["dimension"] == dimension and f["topic"] == topic and f["aspect"] == aspect
    ]


def test_se_is_not_stronger_than_fr_on_maximum_penalty(store):
    doc = gaps(store, "SE", "FR", "2026-11-22")
    [pair] = doc["comparisons"]
    assert (pair["reference"], pair["target"]) == ("SE", "FR")
    [penalty] = findings(pair, "max-custody")
    assert (penalty["verdict"], penalty["direction"]) == ("no-gap", "target-stronger")
    assert penalty["reference_value"]["data"]["max_prison_years"] == 4
    assert penalty["target_value"]["data"]["max_prison_years"] == 10
    # the demand side: prison in Sweden, a fine only in France — "no prison", not "0 years"
    [adult] = findings(pair, "max-custody", "purchase-sex-adult")
    assert (adult["verdict"], adult["kind"]) == ("gap", "weaker")
    assert adult["target_value"]["data"]["kind"] == "none"
    assert "no prison (fine only)" in adult["target_value"]["text"]
    assert "0 years" not in adult["explanation"]
    assert "1 year " in adult["explanation"] and "1 years" not in adult["explanation"]
    [demand] = findings(pair, "demand-penalised")
    assert demand["verdict"] == "no-gap"
    assert demand["reference_value"]["status"] == demand["target_value"]["status"] == "present"
    # every gap names its dimension, both values and evidence with sources
    for gap in pair["gaps"]:
        assert gap["reference_value"]["text"] and gap["target_value"]["text"]
        assert gap["evidence"]["reference"] and all(
            e["sources"] for e in gap["evidence"]["reference"]
        )


def test_uk_reference_expands_and_names_the_part_with_life(store):
    doc = gaps(store, "UK", "FR", "2026-11-22")
    assert doc["reference"]["members"] == ["UK-EW", "UK-NI", "UK-SCT"]
    pairs = {c["reference"]: c for c in doc["comparisons"]}
    [gap] = [
        g
        for g in pairs["UK-EW"]["gaps"]
        if g["dimension"] == "max-custody" and g["topic"] == "purchase-sex-minor"
    ]
    assert gap["kind"] == "weaker"
    assert gap["reference_value"]["data"]["kind"] == "life"
    assert gap["reference_value"]["data"]["sanction"] == UK_EW_LIFE
    assert gap["reference_value"]["text"].startswith("life imprisonment")
    assert gap["target_value"]["data"]["max_prison_years"] == 10
    evidence_ref = {e["iri"] for e in gap["evidence"]["reference"]}
    evidence_target = gap["evidence"]["target"]
    assert UK_EW_OFFENCE in evidence_ref
    assert evidence_target[0]["iri"] == FR_OFFENCE
    assert evidence_target[0]["citation"] == "Code pénal, art. 225-12-1"
    assert evidence_target[0]["sources"]
    # Scotland: 14 years for a child under 16 on indictment (2005 Act s. 9(5)(b)) against 10
    [scotland] = findings(pairs["UK-SCT"], "max-custody")
    assert (scotland["verdict"], scotland["kind"]) == ("gap", "weaker")
    assert scotland["reference_value"]["data"]["max_prison_years"] == 14
    assert scotland["reference_value"]["data"]["kind"] == "term"
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
    # one topic-level finding says it; no finer dimension repeats it
    [reporting] = [f for f in pair["unknown"] if f["topic"] == "reporting-duty"]
    assert reporting["dimension"] == "presence"
    assert "not the same as a gap" in doc["summary"]["note"]


def test_stated_absence_is_a_gap(store):
    """On 2005-05-01 Sweden had its offence; Scotland's stated absence ran to 2005-10-07."""
    doc = gaps(store, "SE", "UK-SCT", "2005-05-01")
    [pair] = doc["comparisons"]
    [gap] = [g for g in pair["gaps"] if g["topic"] == "purchase-sex-minor"]
    assert (gap["dimension"], gap["kind"], gap["target_value"]["status"]) == (
        "demand-penalised",
        "lacks",
        "absent",
    )
    assert gap["evidence"]["target"][0]["kind"] == "absence"
    assert gap["evidence"]["target"][0]["sources"]


def test_a_topic_is_reported_once_coe_against_scotland(store):
    """The CoE has facts on reporting; Scotland's stated absence: one gap, nothing unknown."""
    [pair] = gaps(store, "CoE", "UK-SCT", "2026-11-22")["comparisons"]
    on_reporting = [
        f
        for key in ("gaps", "no_gap", "unknown", "not_comparable")
        for f in pair[key]
        if f["topic"] == "reporting-duty"
    ]
    assert [(f["dimension"], f["verdict"]) for f in on_reporting] == [("presence", "gap")]


def test_international_reference_is_not_unknown_where_it_has_facts(store):
    """The EU has instruments, bodies and figures, no offences: not "unknown" anywhere the
    coverage matrix shows its facts, and no offence dimension is asked of it."""
    day = "2026-11-22"
    cells = coverage(store, day, ["EU", "FR"]).cells
    [pair] = gaps(store, "EU", "FR", day)["comparisons"]
    for finding in pair["unknown"]:
        assert cells[("EU", finding["topic"])] == "unknown"
    assert not [f for f in pair["no_gap"] + pair["gaps"] if f["dimension"] == "max-custody"]


def test_alignments_name_the_mapping_not_the_topic_node(store):
    [pair] = gaps(store, "SE", "FR", "2026-11-22")["comparisons"]
    by_topic = {a["topic"]: a for a in pair["alignments"]}
    child = by_topic["purchase-sex-minor"]
    assert child["reference"].endswith("/utnyttjande-av-barn-genom-kop-av-sexuell-handling")
    assert child["target"] == FR_OFFENCE
    assert child["reference_relation"] == "skos:closeMatch"
    assert child["strength"] in ("equivalent", "close")
    assert "path" not in child
    # an offence narrower than the topic (broadMatch) is only a partial alignment
    assert all(
        a["strength"] == "partial"
        for a in pair["alignments"]
        if "skos:broadMatch" in (a["reference_relation"], a["target_relation"])
    )


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


SE_ATTEMPT = (
    "https://w3id.org/policykg/id/offence/se/"
    "utnyttjande-av-barn-genom-kop-av-sexuell-handling/element/attempt"
)


def _evidence_of(doc, iri):
    every = [f for c in doc["comparisons"] for key in VERDICT_KEYS for f in c[key]]
    return [e for f in every for side in e_sides(f) for e in side if e["iri"] == iri]


def e_sides(finding):
    return finding["evidence"]["reference"], finding["evidence"]["target"]


def test_an_element_resting_on_two_provisions_cites_both(store, client):
    """Swedish attempt to buy sex from a child rests on the offence's own section and on
    the general rule on attempt: both are given, each with its URL, in the API and on the
    page (the first alone used to be)."""
    found = _evidence_of(gaps(store, "SE", "FR", "2026-11-22"), SE_ATTEMPT)
    assert found
    for evidence in found:
        citations = [b["citation"] for b in evidence["bases"]]
        assert sorted(citations) == ["Brottsbalken 23 kap. 1 §", "Brottsbalken 6 kap. 15 §"]
        assert all(b["url"] for b in evidence["bases"])
        assert evidence["citation"] in citations
    page = client.get("/gaps", params={"reference": "SE", "target": "FR", "at": "2026-11-22"})
    assert page.status_code == 200
    assert "Brottsbalken 23 kap. 1 §" in page.text and "Brottsbalken 6 kap. 15 §" in page.text


CODES = ["FR", "SE", "UK-EW", "UK-NI", "UK-SCT", "EU", "CoE"]
VERDICT_KEYS = ("gaps", "no_gap", "unknown", "not_comparable")


def _check_invariants(store, reference, target, day):
    """What gaps may say, given what the coverage matrix says."""
    cells = coverage(store, day, [reference, target]).cells
    [pair] = gaps(store, reference, target, day)["comparisons"]
    for topic in pair["topics"]:
        a, b = cells[(reference, topic["topic"])], cells[(target, topic["topic"])]
        assert (topic["reference_status"], topic["target_status"]) == (a, b)
    by_topic = {}
    for key in VERDICT_KEYS:
        for finding in pair[key]:
            assert finding["verdict"] == {"gaps": "gap", "no_gap": "no-gap"}.get(
                key, key.replace("_", "-")
            )
            by_topic.setdefault(finding["topic"], []).append(finding)
    for notation, found in by_topic.items():
        a, b = cells[(reference, notation)], cells[(target, notation)]
        for finding in found:
            where = (reference, target, day, notation, finding["dimension"], finding["aspect"])
            # never "unknown" about a topic both sides have facts on
            if finding["verdict"] == "unknown":
                assert "unknown" in (a, b), where
            # never a gap on an unknown side: a missing record is not a missing law
            if finding["verdict"] == "gap":
                assert a == "present" and b in ("present", "absent"), where
                assert finding["reference_value"]["data"] != finding["target_value"]["data"], where
                assert finding["evidence"]["reference"], where
            # equal values are not a gap (> and not >=)
            if finding["direction"] == "equal":
                assert finding["verdict"] == "no-gap", where
        # a topic not present on both sides is said once, at topic level
        if not (a == b == "present"):
            [single] = found
            assert single["dimension"] in ("presence", "demand-penalised")
        else:
            assert all(f["dimension"] != "presence" for f in found)


@pytest.mark.parametrize("reference", CODES)
def test_gaps_never_contradict_coverage_for_every_pair(store, reference):
    for target in CODES:
        if target != reference:
            _check_invariants(store, reference, target, "2026-11-22")


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    pair=st.permutations(CODES).map(lambda codes: codes[:2]),
    day=st.dates(min_value=date(1995, 1, 1), max_value=date(2026, 11, 22)),
)
def test_gaps_never_contradict_coverage_on_any_day(store, pair, day):
    _check_invariants(store, pair[0], pair[1], day.isoformat())
