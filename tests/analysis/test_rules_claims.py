"""The rules that check what a text says, on a small graph built for them
(rules_claims_graph.py): a citation or penalty against the provision's facts in force
(start inclusive, end exclusive), "outdated" when a change took effect after the text's date
and by the day asked; a claim's resource in force on its first day and not on its end day.

Fast on purpose: `make mutate` runs these once per mutant of the brief's and claims' rules."""

from __future__ import annotations

from datetime import date

import pytest

from kg.analysis.brief import check_citation, check_penalty
from kg.analysis.claims import claims_for
from tests.analysis.rules_claims_graph import ID, P, Q, R, claims_store


@pytest.fixture(scope="module")
def store():
    built = claims_store()
    yield built
    built.close()


def cite(provision):
    return {"resolved": provision, "text": "art. x", "start": 3, "end": 9}


def short(evidence):
    return [e["iri"].removeprefix(ID) for e in evidence]


# ------------------------------------------------------------------ citations


@pytest.mark.parametrize(
    ("written", "day", "verdict", "rule", "evidence"),
    [
        # no change after the text's date up to the day before the change
        ("2005-01-01", "2009-12-31", "consistent", "in-force", ["OP", "S5"]),
        # the change's first day: outdated
        ("2005-01-01", "2010-01-01", "outdated", "changed-after-document", ["OP", "S7"]),
        # a change on the text's own date is not after it
        ("2010-01-01", "2012-01-01", "consistent", "in-force", ["OP", "S7"]),
        ("2009-12-31", "2012-01-01", "outdated", "changed-after-document", ["OP", "S7"]),
        (None, "2012-01-01", "consistent", "in-force", ["OP", "S7"]),
    ],
)
def test_a_citation_is_outdated_from_the_day_a_later_change_takes_effect(
    store, written, day, verdict, rule, evidence
):
    checked = check_citation(store, cite(P), written, date.fromisoformat(day))
    assert (checked["verdict"], checked["rule"]) == (verdict, rule)
    assert short(checked["evidence"]) == evidence
    assert checked["provision"] == P
    assert (checked["text"], checked["start"], checked["end"]) == ("art. x", 3, 9)
    if rule == "changed-after-document":
        assert "2010-01-01" in checked["explanation"]
    assert ("document date unknown" in checked["explanation"]) is (written is None)


@pytest.mark.parametrize(
    ("day", "verdict", "rule"),
    [("2002-12-31", "consistent", "in-force"), ("2003-01-01", "outdated", "not-in-force")],
)
def test_a_cited_offence_is_in_force_until_the_day_it_ends(store, day, verdict, rule):
    checked = check_citation(store, cite(Q), None, date.fromisoformat(day))
    assert (checked["verdict"], checked["rule"]) == (verdict, rule)
    assert short(checked["evidence"]) == ["OQ"]


def test_a_citation_with_nothing_to_check_is_unchecked(store):
    day = date(2005, 1, 1)
    nothing = check_citation(store, cite(R), "2004-01-01", day)
    assert (nothing["verdict"], nothing["rule"]) == ("unchecked", "no-curated-fact")
    assert nothing["provision"] == R
    unresolved = check_citation(store, cite(None), "2004-01-01", day)
    assert (unresolved["verdict"], unresolved["rule"]) == ("unchecked", "citation-unresolved")


# ------------------------------------------------------------------ penalties


@pytest.mark.parametrize(
    ("years", "day", "verdict", "rule", "evidence"),
    [
        (5, "2009-12-31", "consistent", "matches-in-force", ["S5"]),  # its last day
        (5, "2010-01-01", "outdated", "matches-superseded-version", ["S5"]),  # its end day
        (7, "2010-01-01", "consistent", "matches-in-force", ["S7"]),  # the successor's first
        (7, "2009-12-31", "outdated", "matches-superseded-version", ["S7"]),
        (9, "2005-01-01", "contradicted", "differs-from-every-version", ["S5", "S7"]),
    ],
)
def test_a_penalty_matches_the_sanction_in_force_on_the_day(
    store, years, day, verdict, rule, evidence
):
    penalty = {"provision": P, "max_prison_years": years, "text": "x", "start": 0, "end": 1}
    checked = check_penalty(store, penalty, date.fromisoformat(day))
    assert (checked["verdict"], checked["rule"]) == (verdict, rule)
    assert short(checked["evidence"]) == evidence


def test_a_penalty_with_nothing_to_check_is_unchecked(store):
    day = date(2005, 1, 1)
    base = {"text": "x", "start": 0, "end": 1}
    no_term = check_penalty(store, base | {"provision": P}, day)
    assert (no_term["verdict"], no_term["rule"]) == ("unchecked", "no-provision")
    no_provision = check_penalty(store, base | {"max_prison_years": 5}, day)
    assert no_provision["rule"] == "no-provision"
    none_recorded = check_penalty(store, base | {"provision": Q, "max_prison_years": 5}, day)
    assert (none_recorded["verdict"], none_recorded["rule"]) == (
        "unchecked",
        "no-curated-sanction",
    )
    life = check_penalty(store, base | {"provision": P, "life_imprisonment": True}, day)
    assert life["verdict"] == "contradicted"


# ------------------------------------------------------------------ claims


def claim(kind, stage, resources):
    return {
        "kind": kind,
        "text": "t",
        "start": 0,
        "end": 1,
        "stage": stage,
        "resources": resources,
        "jurisdiction": "XX",
    }


def judged(store, written, at, *claims):
    extraction = {"id": "d", "metadata": {"date": written}, "claims": list(claims)}
    return claims_for(store, extraction, at)


@pytest.mark.parametrize(
    ("day", "verdict"),
    [
        ("2004-12-31", "contradicted"),  # the day before the plan begins
        ("2005-01-01", "consistent"),  # its first day
        ("2009-12-31", "consistent"),  # its last day
        ("2010-01-01", "outdated"),  # its end day
    ],
)
def test_a_named_plan_is_in_force_from_its_first_day_until_its_end_day(store, day, verdict):
    [checked] = judged(store, "2004-06-01", day, claim("plan", "adopted", [ID + "PLAN1"]))
    assert checked.at_date.verdict == verdict
    assert checked.at_date.rule == "resource-in-force"
    assert checked.at_document_date.verdict == "contradicted"  # not begun on 2004-06-01
    if verdict == "outdated":
        # ended, followed by the plan of the same coordinator that began that day
        assert short(checked.at_date.changes) == ["PLAN1", "PLAN2"]
        assert checked.at_date.evidence == []
        assert "Plan 2" in checked.at_date.explanation
    elif verdict == "consistent":
        assert short(checked.at_date.evidence) == ["PLAN1"]


def test_an_ended_plan_has_no_successor_before_its_end(store):
    [checked] = judged(store, "2006-01-01", "2010-01-01", claim("plan", "adopted", [ID + "PLAN1"]))
    assert checked.at_document_date.verdict == "consistent"
    assert checked.at_date.verdict == "outdated"


@pytest.mark.parametrize(
    ("written", "day", "verdict", "changes"),
    [
        ("2005-01-01", "2009-12-31", "consistent", []),
        ("2005-01-01", "2010-01-01", "outdated", ["P-2010", "S7"]),  # the change's first day
        ("2010-01-01", "2012-01-01", "consistent", []),  # a change on the text's date
        ("2009-12-31", "2012-01-01", "outdated", ["P-2010", "S7"]),
    ],
)
def test_the_law_is_outdated_from_the_day_a_later_change_takes_effect(
    store, written, day, verdict, changes
):
    [checked] = judged(store, written, day, claim("legal-sufficiency", "stated", [P]))
    assert (checked.at_date.verdict, checked.at_date.rule) == (verdict, "law-unchanged-since")
    assert short(checked.at_date.changes) == changes
    assert checked.at_document_date.verdict == "consistent"  # nothing changes on its own day
    assert checked.document_date == written


def test_an_undated_text_is_not_checkable(store):
    extraction = {"id": "d", "metadata": {}, "claims": [claim("plan", "adopted", [ID + "PLAN1"])]}
    [checked] = claims_for(store, extraction, "2006-01-01")
    assert checked.document_date is None
    assert checked.at_document_date.verdict == checked.at_date.verdict == "not-checkable"
