"""The rules that check what a text says, on a small graph built for them
(rules_claims_graph.py): a citation or penalty against the provision's facts in force
(start inclusive, end exclusive), "outdated" when a change took effect after the text's date
and by the day asked; a claim's resource in force on its first day and not on its end day.

Fast on purpose: `make mutate` runs these once per mutant of the brief's and claims' rules."""

from __future__ import annotations

from dataclasses import asdict
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

IN_FORCE = "{n} offences or sanctions resting on it are in force on {day}"
IN_FORCE_ONE = "1 offence or sanction resting on it is in force on {day}"
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
         IN_FORCE_ONE.format(day="2002-12-31") + UNDATED, ["OQ"]),
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


def claim(kind, stage, resources, **more):
    return {
        "kind": kind,
        "text": "t",
        "start": 0,
        "end": 1,
        "stage": stage,
        "resources": resources,
        "jurisdiction": "XX",
    } | more


def ev(iri, role, when=None, until=None, label=None, lang=None, verification=None):
    """One evidence entry of a verdict."""
    return {"iri": ID + iri, "label": label, "label_lang": lang if label else None,
            "role": role, "date": when, "until": until, "verification": verification}  # fmt: skip


def verdict(checked, day, name, rule, why, evidence=(), changes=(), reason=None):
    """The verdict as a dict, compared whole."""
    assert asdict(checked) == {
        "as_of": day,
        "verdict": name,
        "label": name,
        "rule": rule,
        "rule_label": rule,
        "explanation": why,
        "evidence": list(evidence),
        "changes": list(changes),
        "reason": reason,
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


def test_an_ended_plan_is_followed_by_the_next_plan_of_its_coordinator(store):
    [checked] = judged(store, "2004-06-01", "2010-01-01", claim("plan", "adopted", [ID + "PLAN1"]))
    # PLAN0 began the day PLAN1 did (not after it), PLAN3 has another coordinator
    verdict(
        checked.at_date, "2010-01-01", "outdated", "resource-in-force",
        "Plan 1 ended on 1 January 2010; followed by Plan 2",
        changes=[
            ev("PLAN1", "in-force", "2005-01-01", "2010-01-01", "Plan 1", "en", "Verified"),
            ev("PLAN2", "later-plan", "2010-01-01", None, "Plan 2", "en", "Unverified"),
        ],
    )  # fmt: skip
    [later] = judged(store, "2004-06-01", "2012-01-01", claim("plan", "adopted", [ID + "PLAN1"]))
    verdict(
        later.at_date, "2012-01-01", "outdated", "resource-in-force",
        "Plan 1 ended on 1 January 2010; followed by Plan 2; " + ID + "PLAN1b",
        changes=[
            ev("PLAN1", "in-force", "2005-01-01", "2010-01-01", "Plan 1", "en", "Verified"),
            ev("PLAN2", "later-plan", "2010-01-01", None, "Plan 2", "en", "Unverified"),
            ev("PLAN1b", "later-plan", "2012-01-01", "2015-01-01"),
        ],
    )  # fmt: skip
    verdict(
        checked.at_document_date, "2004-06-01", "contradicted", "resource-in-force",
        "Plan 1 had not begun on that day (it begins on 1 January 2005)",
        evidence=[ev("PLAN1", "in-force", "2005-01-01", "2010-01-01", "Plan 1", "en", "Verified")],
    )  # fmt: skip


def test_a_claim_on_what_is_in_force_names_what_it_rests_on(store):
    named = claim("plan", "adopted", [ID + "PLAN1", ID + "C1"])
    [checked] = judged(store, "2004-06-01", "2005-01-01", named)
    verdict(
        checked.at_date, "2005-01-01", "consistent", "resource-in-force",
        "everything the claim names is in force on that day",
        evidence=[ev("PLAN1", "in-force", "2005-01-01", "2010-01-01", "Plan 1", "en", "Verified")],
    )  # fmt: skip
    assert checked.resources == [
        {"iri": ID + "PLAN1", "label": "Plan 1", "label_lang": "en"},
        {"iri": ID + "C1", "label": "C1", "label_lang": "en"},
    ]
    # an ended offence: outdated, with no successor (only plans have one)
    [ended] = judged(store, "2004-06-01", "2005-01-01", claim("measure-taken", "done", [ID + "OQ"]))
    verdict(
        ended.at_date, "2005-01-01", "outdated", "resource-in-force",
        ID + "OQ ended on 1 January 2003",
        changes=[ev("OQ", "in-force", "2000-01-01", "2003-01-01")],
    )  # fmt: skip


@pytest.mark.parametrize(
    ("resources", "more", "why", "evidence"),
    [
        ([ID + "C1"], {}, "the claim names nothing the graph dates (only C1)",
         [ev("C1", "named", label="C1", lang="en")]),
        ([], {"unresolved": ["a thing"]}, "what the claim names is not in the graph: a thing", []),
        ([], {}, "the claim names no plan, body, text or measure the graph holds", []),
    ],
)  # fmt: skip
def test_a_claim_naming_nothing_dated_is_not_checkable(store, resources, more, why, evidence):
    [checked] = judged(
        store, "2004-06-01", "2005-01-01", claim("measure-taken", "done", resources, **more)
    )
    verdict(checked.at_date, "2005-01-01", "not-checkable", "resource-in-force", why, evidence,
            reason=why)  # fmt: skip


def test_a_change_to_a_cited_provision_is_listed_with_its_act(store):
    [checked] = judged(store, "2005-01-01", "2012-01-01", claim("legal-sufficiency", "stated", [P]))
    verdict(
        checked.at_date, "2012-01-01", "outdated", "law-unchanged-since",
        "2 changes to the provisions in scope took effect after the document's date "
        "(1 January 2005) and by 1 January 2012",
        evidence=[{"iri": P, "label": "P", "label_lang": "en", "role": "in-force", "date": None,
                   "until": None, "verification": None}],
        changes=[
            ev("P-2010", "later-change", "2010-01-01", None, ID + "P-2010 — Act of 2009",
               verification="Verified"),
            ev("S7", "later-change", "2010-01-01", "2020-01-01"),
        ],
    )  # fmt: skip
    verdict(
        checked.at_document_date, "2005-01-01", "consistent", "law-unchanged-since",
        "no change to the 1 provision in scope is recorded between the document's date "
        "(1 January 2005) and 1 January 2005",
        evidence=[{"iri": P, "label": "P", "label_lang": "en", "role": "in-force", "date": None,
                   "until": None, "verification": None}],
    )  # fmt: skip


TOPIC_T = "https://w3id.org/policykg/concept/topic/t"


def test_a_change_on_the_text_s_own_date_is_not_after_it(store):
    on_topic = claim("legal-sufficiency", "stated", [], topics=[TOPIC_T])
    [checked] = judged(store, "2011-01-01", "2012-01-01", on_topic)
    assert checked.at_date.verdict == "consistent"
    [both] = judged(store, "2010-01-01", "2012-01-01", claim("legal-sufficiency", "stated", [P, T]))
    assert both.at_date.explanation == (
        "no change to the 2 provisions in scope is recorded between the document's date "
        "(1 January 2010) and 1 January 2012"
    )


@pytest.mark.parametrize(
    ("day", "name", "why", "changes"),
    [
        ("2010-12-31", "consistent", "no change to the 1 provision in scope is recorded between "
         "the document's date (1 January 2005) and 31 December 2010", []),
        ("2011-01-01", "outdated", "1 change to the provisions in scope took effect after the "
         "document's date (1 January 2005) and by 1 January 2011",
         [ev("OX2", "later-change", "2011-01-01", None, "OX2", "en", "Unverified")]),
    ],
)  # fmt: skip
def test_a_claim_on_the_law_of_a_topic_reads_the_offences_of_its_jurisdiction(
    store, day, name, why, changes
):
    on_topic = claim("legal-sufficiency", "stated", [], topics=[TOPIC_T])
    [checked] = judged(store, "2005-01-01", day, on_topic)
    u = {"iri": ID + "act/x/article/u", "label": None, "label_lang": None, "role": "in-force",
         "date": None, "until": None, "verification": None}  # fmt: skip
    verdict(checked.at_date, day, name, "law-unchanged-since", why, [u], changes)


@pytest.mark.parametrize(
    ("resources", "more", "code"),
    [
        ([], {}, "XX"),  # no topic
        ([], {"jurisdiction": None, "topics": [TOPIC_T]}, "?"),  # no jurisdiction
        ([ID + "act/x"], {}, "XX"),  # an act is not a provision
        ([ID + "x/article/1"], {}, "XX"),  # an article outside an act
    ],
)
def test_a_claim_on_the_law_with_nothing_in_scope_is_not_checkable(store, resources, more, code):
    [checked] = judged(store, "2005-01-01", "2012-01-01",
                       claim("legal-sufficiency", "stated", resources, **more))  # fmt: skip
    why = f"the claim cites no provision and the graph holds no offence of {code} on its topics"
    verdict(checked.at_date, "2012-01-01", "not-checkable", "law-unchanged-since", why,
            reason=why)  # fmt: skip


def test_what_was_in_force_is_kept_beside_what_ended(store):
    both = claim("plan", "adopted", [ID + "OQ", ID + "PLAN1", ID + "PLAN2"])
    [checked] = judged(store, "2004-06-01", "2010-01-01", both)
    # the ended offence has no successor; the ended plan still has its own
    verdict(
        checked.at_date, "2010-01-01", "outdated", "resource-in-force",
        ID + "OQ ended on 1 January 2003; followed by Plan 2",
        evidence=[ev("PLAN2", "in-force", "2010-01-01", None, "Plan 2", "en", "Unverified")],
        changes=[
            ev("OQ", "in-force", "2000-01-01", "2003-01-01"),
            ev("PLAN1", "in-force", "2005-01-01", "2010-01-01", "Plan 1", "en", "Verified"),
            ev("PLAN2", "later-plan", "2010-01-01", None, "Plan 2", "en", "Unverified"),
        ],
    )  # fmt: skip
    # a plan not begun, named by its IRI when it has no label
    [early] = judged(store, "2004-06-01", "2011-01-01", claim("plan", "adopted", [ID + "PLAN1b"]))
    assert early.at_date.explanation == (
        ID + "PLAN1b had not begun on that day (it begins on 1 January 2012)"
    )


def test_a_sanction_is_not_a_resource_a_claim_can_date(store):
    [checked] = judged(
        store, "2004-06-01", "2005-01-01", claim("measure-taken", "done", [ID + "S5"])
    )
    assert checked.at_date.verdict == "not-checkable"
    assert checked.at_date.explanation == f"the claim names nothing the graph dates (only {ID}S5)"


def test_a_plan_of_no_jurisdiction_that_ended_has_no_successor(store):
    [checked] = judged(store, "2005-06-01", "2007-01-01", claim("plan", "adopted", [ID + "PLANZ"]))
    assert checked.at_date.verdict == "outdated"
    assert checked.at_date.explanation == "Plan Z ended on 1 January 2006"
