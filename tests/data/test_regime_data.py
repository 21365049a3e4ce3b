"""The curated regime data itself (issue "comparative regime data"): complete, dated, sourced.

These tests read the real files under data/ through the built graph. They check properties
that any correct curation keeps (no unknown cell today, every item sourced, each penalty
change visible on the right day), plus a few values read in official texts.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import SKOS

from kg.analysis.compare import compare
from kg.analysis.coverage import coverage
from kg.config import PROJECT_ROOT

NATIONAL = ["FR", "SE", "UK-EW", "UK-SCT", "UK-NI"]
#: A fixed day for the tests that must not depend on today's date.
DAY = date(2026, 12, 2)
PKG = Namespace("https://w3id.org/policykg/ontology#")


@pytest.fixture(scope="module")
def today_coverage(store):
    """The coverage on the fixed day DAY (the data's last review), not on the clock's today."""
    return coverage(store, DAY, NATIONAL)


def test_no_unknown_cell_today_for_the_five_jurisdictions(today_coverage):
    assert today_coverage.unknown_cells() == []
    assert len(today_coverage.cells) == 5 * len(today_coverage.topics) >= 55


def test_verification_counts_are_those_of_the_files(today_coverage):
    """Counted in the store (kg.analysis.coverage) and, independently, in the Turtle files."""
    for path in sorted((PROJECT_ROOT / "data").rglob("*.ttl")):
        name = path.relative_to(PROJECT_ROOT / "data").with_suffix("").as_posix()
        if name.startswith("sources/"):
            continue
        graph = Graph().parse(path)
        expected = {
            status: len(set(graph.subjects(PKG.verification, PKG[status.capitalize()])))
            for status in ("verified", "unverified")
        }
        # a file with no verified or unverified fact (data/names: labels only) has no row
        found = today_coverage.verification.get(name, {"verified": 0, "unverified": 0})
        assert found == expected, name


@pytest.mark.parametrize("day", ["2003-06-01", "2015-01-01", None])
def test_coverage_and_compare_agree_on_every_cell(store, day):
    """Two mechanisms (one query and interval arithmetic; a query per cell) give the same
    status for every topic × jurisdiction."""
    matrix = coverage(store, day)
    for topic in matrix.topics:
        doc = compare(store, topic, matrix.jurisdictions, day)
        for row in doc["rows"]:
            assert matrix.cells[(row["jurisdiction"], topic)] == row["status"], (topic, row)


@pytest.mark.parametrize("code", NATIONAL)
def test_every_cell_answers_with_sources(store, today_coverage, code):
    for topic in today_coverage.topics:
        row = compare(store, topic, [code])["rows"][0]
        assert row["status"] in ("present", "absent"), (code, topic)
        if row["status"] == "present":
            for item in row["items"]:
                assert item["sources"], (code, topic, item["iri"])
                assert item["details"]["checked_on"], item["iri"]
        else:
            assert all(a["sources"] for a in row["absence"]), (code, topic)


def test_sanctions_change_on_the_day_of_each_amendment(store):
    """For every offence whose penalties changed, the day before shows the old sanctions and
    the day itself the new ones: `at` selects the regime in force on that date."""
    rows = store.query(
        "SELECT DISTINCT ?offence ?topic ?code ?from WHERE { "
        "?offence a pkg:Offence ; pkg:topic/skos:notation ?topic ; "
        "pkg:jurisdiction/skos:notation ?code ; pkg:hasSanction ?s . "
        "?s pkg:validFrom ?from . ?offence pkg:validFrom ?start FILTER (?from > ?start) }"
    )
    changes = [
        (r["offence"].value, r["topic"].value, r["code"].value, r["from"].value) for r in rows
    ]
    assert len(changes) >= 10, "the history of penalties since 2000 is recorded"
    for offence, topic, code, day in changes:
        before = (date.fromisoformat(day) - timedelta(days=1)).isoformat()
        old = _sanctions(compare(store, topic, [code], before), offence)
        new = _sanctions(compare(store, topic, [code], day), offence)
        assert old != new, (offence, day)
        assert all(s["valid_from"] <= day for s in new.values())
        assert all(s["valid_until"] is None or s["valid_until"] > day for s in new.values())
        assert all(s["valid_until"] is None or s["valid_until"] > before for s in old.values())


def _sanctions(doc, offence):
    return {
        s["iri"]: s
        for row in doc["rows"]
        for item in row["items"]
        if item["iri"] == offence
        for s in item["sanctions"]
    }


def _penalties(store, topic, code, day, offence_fragment):
    doc = compare(store, topic, [code], day)
    [item] = [i for i in doc["rows"][0]["items"] if offence_fragment in i["iri"]]
    return item


def test_sweden_child_sex_purchase_before_and_after_2020(store):
    # brottsbalken 6 kap. 9 §: fines or up to 2 years until 2019, up to 4 years from 2020
    # (prop. 2018/19:157; consolidated text)
    before = _penalties(store, "purchase-sex-minor", "SE", "2019-12-31", "/offence/se/")
    assert max(s["max_prison_years"] for s in before["sanctions"]) == 2
    after = _penalties(store, "purchase-sex-minor", "SE", "2020-01-01", "/offence/se/")
    assert max(s["max_prison_years"] for s in after["sanctions"]) == 4


def test_france_child_sex_purchase_2002_wording(store):
    # Code pénal art. 225-12-1 as created by loi n° 2002-305 (LEGI): 3 years and 45 000 EUR
    item = _penalties(
        store, "purchase-sex-minor", "FR", "2010-06-01", "recours-prostitution-mineur"
    )
    base = item["sanctions"][0]
    assert (base["max_prison_years"], base["max_fine"]["amount"]) == (3, 45000)


def test_uk_wide_facts_reach_each_uk_jurisdiction(store):
    nrm = "https://w3id.org/policykg/id/data-system/uk/national-referral-mechanism"
    for code in ("UK-EW", "UK-SCT", "UK-NI"):
        [row] = compare(store, "data-system", [code])["rows"]
        [item] = [i for i in row["items"] if i["iri"] == nrm]
        assert item["details"]["jurisdiction"] == "UK"


def test_treaties_list_their_parties_and_implementing_provisions(store):
    [row] = compare(store, "trafficking-minor", ["CoE"])["rows"]
    [warsaw] = [i for i in row["items"] if i["iri"].endswith("/act/coe/cets/197")]
    assert warsaw["kind"] == "instrument"
    assert {"FR", "SE", "UK"} <= set(warsaw["details"]["parties"])
    assert warsaw["details"]["parties"]["SE"]["ratification"] == "2010-05-31"
    assert warsaw["details"]["implemented_by"], "national provisions implementing it"


@pytest.mark.parametrize("topic", ["victim-statistics", "enforcement"])
@pytest.mark.parametrize("code", [*NATIONAL, "EU", "CoE"])
def test_statistics_carry_value_unit_period_territory_method_and_publisher(store, topic, code):
    """Every figure of a row says what it counts, of whom, in what unit, for which year and
    about which offence family (round two), in the language asked for."""
    [row] = compare(store, topic, [code], DAY, lang="fr")["rows"]
    for item in [i for i in row["items"] if i["kind"] == "statistic"]:
        d = item["details"]
        assert item["label"], item["iri"]
        assert isinstance(d["value"], (int, float))
        assert d["unit"] and d["period"] and d["territory"] and d["attributed_to"]
        assert d["method"] in ("recorded", "estimate")
        for key in ("measure", "population", "unit_measure"):
            assert d[key]["notation"] and d[key]["label"], (item["iri"], key)
        assert isinstance(d["year"], int) and str(d["year"]) in d["period"]
        assert d["measured_topic"] and all(t["notation"] for t in d["measured_topic"])


def _measures_filed_under(topic: str) -> set[str]:
    measures = Graph().parse(PROJECT_ROOT / "ontology" / "measures.ttl")
    target = URIRef("https://w3id.org/policykg/concept/topic/" + topic)
    return {str(measures.value(m, SKOS.notation)) for m in measures.subjects(SKOS.related, target)}


@pytest.mark.parametrize("code", [*NATIONAL, "EU", "CoE"])
def test_enforcement_is_present_or_a_sourced_absence(store, code):
    """The question asks how the offences are applied: every jurisdiction answers with figures
    on enforcement (offences recorded, suspects, prosecutions, convictions…) or a sourced
    statement that there are none; never unknown."""
    [row] = compare(store, "enforcement", [code], DAY)["rows"]
    assert row["status"] in ("present", "absent"), code
    if row["status"] == "absent":
        assert all(a["sources"] for a in row["absence"]), code
        return
    enforcement_measures = _measures_filed_under("enforcement")
    assert enforcement_measures >= {"offences-recorded", "prosecutions", "convictions"}
    for item in row["items"]:
        assert item["kind"] == "statistic" and item["sources"], item["iri"]
        assert item["details"]["measure"]["notation"] in enforcement_measures, item["iri"]


def test_no_unknown_cell_on_a_fixed_day_for_all_seven_jurisdictions(store):
    matrix = coverage(store, DAY, [*NATIONAL, "EU", "CoE"])
    assert matrix.unknown_cells() == []
    assert "enforcement" in matrix.topics


def test_offences_carry_their_concept_mappings(store):
    [row] = compare(store, "purchase-sex-adult", ["UK-EW"])["rows"]
    relations = {m["relation"] for i in row["items"] for m in i["details"]["mappings"]}
    assert relations == {"skos:broadMatch"}  # narrower national offences, not the Nordic model
    assert all(m["justification"] for i in row["items"] for m in i["details"]["mappings"])


def test_mapping_direction_agrees_with_its_justification():
    """`national skos:broadMatch topic` says the topic is broader (the national concept is
    narrower); a justification that opens by calling the national concept narrower (or
    broader) must use the matching relation."""
    wrong = []
    for path in sorted((PROJECT_ROOT / "data").rglob("*.ttl")):
        graph = Graph().parse(path)
        for mapping in graph.subjects(predicate=PKG.mappingPredicate):
            relation = str(graph.value(mapping, PKG.mappingPredicate)).rsplit("#", 1)[-1]
            english = [
                j for j in graph.objects(mapping, PKG.justification) if j.language in (None, "en")
            ]
            words = " ".join(str(j) for j in english).lower()[:120]
            says_narrower = re.search(r"\bnarrower than\b", words)
            says_broader = re.search(r"\b(broader|wider) than\b", words)
            if (says_narrower and relation == "narrowMatch") or (
                says_broader and relation == "broadMatch"
            ):
                wrong.append(str(mapping))
    assert wrong == []
