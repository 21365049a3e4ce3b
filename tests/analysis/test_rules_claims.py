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
from tests.analysis.rules_claims_graph import ID, P, Q, R, T, claims_store


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

IN_FORCE = "{n} offence(s)/sanction(s) resting on it are in force on {day}"
UNDATED = " (document date unknown: changes since it were not checked)"
CHANGED = "facts resting on this provision changed on {dates}, after the document's date ({w})"


@pytest.mark.parametrize(
    ("provision", "written", "day", "verdict", "rule", "why", "evidence"),
    [
        # no change after the text's date up to the day before the change
        (P, "2005-01-01", "2009-12-31", "consistent", "in-force",
         IN_FORCE.format(n=2, day="2009-12-31"), ["OP", "S5"]),
        # the change's first day: outdated
        (P, "2005-01-01", "2010-01-01", "outdated", "changed-after-document",
         CHANGED.format(dates="2010-01-01", w="2005-01-01"), ["OP", "S7"]),
        # a change on the text's own date is not after it
        (P, "2010-01-01", "2012-01-01", "consistent", "in-force",
         IN_FORCE.format(n=2, day="2012-01-01"), ["OP", "S7"]),
        (P, "2009-12-31", "2012-01-01", "outdated", "changed-after-document",
         CHANGED.format(dates="2010-01-01", w="2009-12-31"), ["OP", "S7"]),
        (P, None, "2012-01-01", "consistent", "in-force",
         IN_FORCE.format(n=2, day="2012-01-01") + UNDATED, ["OP", "S7"]),
        # a change by an end only, by a start only, and two changes
        (Q, "2002-01-01", "2005-01-01", "outdated", "changed-after-document",
         CHANGED.format(dates="2003-01-01", w="2002-01-01"), ["OQ"]),
        (T, "2005-01-01", "2009-01-01", "outdated", "changed-after-document",
         CHANGED.format(dates="2008-01-01", w="2005-01-01"), ["OT", "SL"]),
        (Q, "1999-12-31", "2005-01-01", "outdated", "changed-after-document",
         CHANGED.format(dates="2000-01-01, 2003-01-01", w="1999-12-31"), ["OQ"]),
        # in force until the day it ends
        (Q, None, "2002-12-31", "consistent", "in-force",
         IN_FORCE.format(n=1, day="2002-12-31") + UNDATED, ["OQ"]),
        (Q, None, "2003-01-01", "outdated", "not-in-force",
         "no offence or sanction resting on this provision is in force on 2003-01-01", ["OQ"]),
    ],
)  # fmt: skip
def test_a_citation_is_outdated_from_the_day_a_later_change_takes_effect(
    store, provision, written, day, verdict, rule, why, evidence
):
    checked = check_citation(store, cite(provision), written, date.fromisoformat(day))
    assert checked == {
        "kind": "citation",
        "text": "art. x",
        "start": 3,
        "end": 9,
        "verdict": verdict,
        "rule": rule,
        "explanation": why,
        "evidence": checked["evidence"],
        "provision": provision,
    }
    assert short(checked["evidence"]) == evidence
    first = checked["evidence"][0]
    assert first["kind"] == "offence" and first["valid_from"] == "2000-01-01"
    assert [e["kind"] for e in checked["evidence"][1:]] == ["sanction"] * (len(evidence) - 1)


def test_a_citation_with_nothing_to_check_is_unchecked(store):
    day = date(2005, 1, 1)
    base = {"kind": "citation", "text": "art. x", "start": 3, "end": 9, "verdict": "unchecked"}
    assert check_citation(store, cite(R), "2004-01-01", day) == base | {
        "rule": "no-curated-fact",
        "explanation": "no curated offence or sanction rests on this provision",
        "evidence": [],
        "provision": R,
    }
    assert check_citation(store, cite(None), "2004-01-01", day) == base | {
        "rule": "citation-unresolved",
        "explanation": "the citation does not resolve to a provision of the graph",
        "evidence": [],
    }


# ------------------------------------------------------------------ penalties

SAME_IN_FORCE = "a sanction in force has this maximum"
SUPERSEDED = "only a sanction no longer in force has this maximum"


@pytest.mark.parametrize(
    ("provision", "years", "day", "verdict", "rule", "why", "evidence"),
    [
        (P, 5, "2009-12-31", "consistent", "matches-in-force", SAME_IN_FORCE, ["S5"]),
        (P, 5, "2010-01-01", "outdated", "matches-superseded-version", SUPERSEDED, ["S5"]),
        (P, 7, "2010-01-01", "consistent", "matches-in-force", SAME_IN_FORCE, ["S7"]),
        (P, 7, "2009-12-31", "outdated", "matches-superseded-version", SUPERSEDED, ["S7"]),
        (P, 9, "2005-01-01", "contradicted", "differs-from-every-version",
         "no recorded sanction of this provision, in any version, has this maximum",
         ["S5", "S7"]),
        (T, "life", "2009-01-01", "consistent", "matches-in-force", SAME_IN_FORCE, ["SL"]),
        (P, "life", "2009-01-01", "contradicted", "differs-from-every-version",
         "no recorded sanction of this provision, in any version, has this maximum",
         ["S5", "S7"]),
    ],
)  # fmt: skip
def test_a_penalty_matches_the_sanction_in_force_on_the_day(
    store, provision, years, day, verdict, rule, why, evidence
):
    penalty = {"provision": provision, "text": "x", "start": 0, "end": 1}
    if years == "life":
        penalty["life_imprisonment"] = True
    else:
        penalty["max_prison_years"] = years
    checked = check_penalty(store, penalty, date.fromisoformat(day))
    assert checked == {
        "kind": "penalty",
        "text": "x",
        "start": 0,
        "end": 1,
        "verdict": verdict,
        "rule": rule,
        "explanation": why,
        "evidence": checked["evidence"],
        "provision": provision,
    }
    assert short(checked["evidence"]) == evidence
    assert {e["kind"] for e in checked["evidence"]} == {"sanction"}


def test_a_penalty_with_nothing_to_check_is_unchecked(store):
    day = date(2005, 1, 1)
    base = {"text": "x", "start": 0, "end": 1}
    unchecked = base | {"kind": "penalty", "verdict": "unchecked", "evidence": []}
    untied = unchecked | {
        "rule": "no-provision",
        "explanation": "the penalty is not tied to a provision (or names no prison term)",
    }
    assert check_penalty(store, base | {"provision": P}, day) == untied
    assert check_penalty(store, base | {"max_prison_years": 5}, day) == untied
    assert check_penalty(store, base | {"provision": Q, "max_prison_years": 5}, day) == (
        unchecked
        | {
            "rule": "no-curated-sanction",
            "explanation": "no sanction is recorded for it",
            "provision": Q,
        }
    )


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
