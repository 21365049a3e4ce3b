"""The rules of a brief's answers, on parts and documents written for them: an ask is
"answered" only when every part of it is, "no-data" when none has anything, "partly"
otherwise; a topic with no fact on any side is "unknown", a stated absence is known; an
ask's topics are the mentions inside its span (both ends included).

Fast on purpose: `make mutate` runs these once per mutant of the brief's rules."""

from __future__ import annotations

from datetime import date
from unittest.mock import ANY

import pytest

from kg.analysis.ask_answers import AskContext, _by_topic, _figures_status
from kg.analysis.asks import ask_topics
from kg.analysis.brief import ask_status, key_fact, topic_answer
from kg.ns import TOPIC


def part(kind, status, note=None, facts=(), **more):
    return {"kind": kind, "status": status, "note": note, "facts": list(facts)} | more


# ------------------------------------------------------------------ ask status


def test_an_ask_is_answered_only_when_every_part_is():
    assert ask_status([part("figures", "answered"), part("legislation", "answered")]) == (
        "answered",
        None,
    )
    status, note = ask_status([part("figures", "answered"), part("legislation", "no-data", "x")])
    assert status == "partly"
    assert note == "answered: figures; legislation: x"
    status, note = ask_status([part("figures", "partly", "p"), part("legislation", "answered")])
    assert (status, note) == ("partly", "answered: legislation; figures: p")


def test_an_ask_with_nothing_is_no_data():
    status, note = ask_status([part("figures", "no-data", "a"), part("resources", "no-data", "b")])
    assert (status, note) == ("no-data", "figures: a; resources: b")
    assert ask_status([]) == (
        "no-data",
        "the kind of this ask was not recognised, so nothing answers it",
    )
    two = [
        part("figures", "answered"),
        part("resources", "answered"),
        part("intention", "no-data", "n"),
    ]
    assert ask_status(two) == ("partly", "answered: figures, resources; intention: n")
    # partly everywhere is not "answered: …"
    assert ask_status([part("figures", "partly", "p")]) == ("partly", "figures: p")


# ------------------------------------------------------------------ topics


def row(code, status, items=(), absence=None):
    found = {"jurisdiction": code, "status": status, "items": list(items)}
    return found | ({"absence": absence} if absence is not None else {})


def test_a_topic_with_no_fact_on_any_side_is_unknown():
    answer = topic_answer({"rows": [row("FR", "unknown"), row("SE", "unknown")]})
    assert answer["status"] == "unknown"
    assert [r["status"] for r in answer["rows"]] == ["unknown", "unknown"]
    assert answer["rows"][0] == {
        "jurisdiction": "FR",
        "status": "unknown",
        "facts": [],
        "absence": [],
    }


@pytest.mark.parametrize("status", ["present", "absent"])
def test_a_topic_with_facts_or_a_stated_absence_on_one_side_is_known(status):
    absence = [{"iri": "a"}] if status == "absent" else None
    answer = topic_answer({"rows": [row("FR", "unknown"), row("SE", status, absence=absence)]})
    assert answer["status"] == "answered"
    assert answer["rows"][1]["absence"] == (absence or [])
    answer = topic_answer({"rows": [row("SE", status, absence=absence), row("FR", "unknown")]})
    assert answer["status"] == "answered"


def test_a_topic_answer_cites_each_fact_with_its_sanctions():
    sanction = {"iri": "s", "condition": "c", "condition_lang": "fr", "max_prison_years": 5,
                "min_prison_years": 1,
                "life_imprisonment": False, "max_fine": None, "legal_basis": "art. 1",
                "procedure": "ignored"}  # fmt: skip
    item = {"iri": "o", "kind": "offence", "label": "O", "label_lang": "en",
            "label_translated": True, "official_label": {"text": "Ö", "lang": "sv"},
            "citation": "art. 1", "url": "u",
            "valid_from": "2000-01-01", "valid_until": None, "details": {"verification": "verified"},
            "sanctions": [sanction], "sources": ["src"]}  # fmt: skip
    answer = topic_answer({"rows": [row("FR", "present", [item])]})
    assert answer["status"] == "answered"
    [fact] = answer["rows"][0]["facts"]
    assert fact == {k: v for k, v in item.items()} | {
        "verification": "verified",
        "sanctions": [{k: v for k, v in sanction.items() if k != "procedure"}],
    }


# ------------------------------------------------------------------ parts by topic


def context(**more):
    return AskContext(store=None, day=date(2020, 1, 1), lang="en", home="FR", foreign=[],
                      topics=[], **more)  # fmt: skip


def test_a_part_is_answered_only_when_no_topic_lacks_a_verified_fact():
    ctx = context(topic_labels={"a": "A", "b": "B"})
    fact = {"iri": "f"}
    assert _by_topic(ctx, "legislation", ["a", "b"], [], [fact]) == {
        "kind": "legislation",
        "status": "answered",
        "note": None,
        "facts": [fact],
    }
    assert _by_topic(ctx, "legislation", ["a", "b"], ["b"], [fact]) == {
        "kind": "legislation",
        "status": "partly",
        "note": "no verified fact is recorded on B",
        "facts": [fact],
    }
    assert _by_topic(ctx, "coordination", ["a", "b"], ["a", "b"], []) == {
        "kind": "coordination",
        "status": "no-data",
        "note": "nothing verified or unverified is recorded on A, B",
        "facts": [],
    }


def test_figures_are_answered_only_by_a_verified_figure_on_point():
    ctx = context()
    verified = {"verification": "verified", "territory": "FR"}
    unverified = {"verification": "unverified", "territory": "FR"}
    nothing = "no figure on the population asked about is recorded for FR"
    assert _figures_status(ctx, [], []) == ("no-data", nothing)
    assert _figures_status(ctx, [], [verified]) == (
        "no-data",
        nothing + "; figures on other populations are listed",
    )
    minors = context(population_label="minors")
    assert _figures_status(minors, [unverified], []) == (
        "partly",
        "only unverified figures or estimates on minors are recorded for FR",
    )
    assert _figures_status(ctx, [unverified, verified], []) == ("answered", None)
    # asked below the national level: only national figures is partly
    local = context(territorial="par département")
    assert _figures_status(local, [verified], []) == (
        "partly",
        "national figures are recorded; no figure below the national level (asked for: "
        "“par département”) is recorded for FR",
    )
    unknown_place = verified | {"territory": None}
    assert _figures_status(local, [unknown_place], [])[0] == "partly"
    regional = {"verification": "verified", "territory": "FR-75"}
    assert _figures_status(local, [verified, regional], []) == ("answered", None)


# ------------------------------------------------------------------ key fact


def test_the_key_fact_is_the_first_on_point_fact_then_a_known_finding_then_a_claim():
    side = {"on_point": False, "summary": "side", "sources": ["s0"], "url": None,
            "checked_on": None, "verification": None, "iri": "i0"}  # fmt: skip
    point = side | {"on_point": True, "summary": "point", "sources": [], "url": "u1", "iri": "i1",
                    "label_lang": "fr", "checked_on": "2026-12-02", "verification": "verified"}  # fmt: skip
    parts = [
        part("figures", "partly", facts=[side]),
        part("legislation", "answered", facts=[point]),
    ]
    assert key_fact(parts) == {
        "kind": "legislation",
        "text": "point",
        "lang": "fr",
        "source": "u1",
        "checked_on": "2026-12-02",
        "verification": "verified",
        "iri": "i1",
    }
    sourced = point | {"sources": ["s1", "s2"]}
    assert key_fact([part("legislation", "answered", facts=[sourced])])["source"] == "s1"
    unknown = {"verdict": "unknown", "reference": "SE", "target": "FR", "explanation": "u",
               "sources": []}  # fmt: skip
    gap = unknown | {"verdict": "gap", "explanation": "g", "sources": ["s"]}
    claim = {"text": "c", "explanation": "e", "answer": "a1", "verdict": "outdated"}
    assert key_fact([part("foreign-models", "answered", findings=[unknown, gap])]) == {
        "kind": "foreign-models",
        "text": "SE → FR: g",
        "source": "s",
        "checked_on": None,
        "verification": None,
        "iri": None,
    }
    no_source = gap | {"sources": []}
    assert key_fact([part("foreign-models", "answered", findings=[no_source])])["source"] is None
    assert key_fact([part("foreign-models", "no-data", findings=[unknown])]) is None
    assert key_fact([part("figures", "no-data", facts=[side])]) is None
    assert key_fact([part("intention", "answered", claims=[claim])]) == {
        "kind": "intention",
        "text": "“c” — e",
        "source": "a1",
        "checked_on": None,
        "verification": "outdated",
        "iri": None,
    }
    # a fact on point comes before a finding or a claim of the same part
    both = part("legislation", "answered", facts=[point], findings=[gap], claims=[claim])
    assert key_fact([both])["text"] == "point"
    assert key_fact([part("x", "answered", findings=[gap], claims=[claim])])["text"] == (
        "SE → FR: g"
    )


# ------------------------------------------------------------------ an ask's topics


@pytest.mark.parametrize(
    ("start", "end", "inside"),
    [(10, 20, True), (10, 21, False), (9, 20, False), (12, 18, True)],
)
def test_a_mention_counts_for_an_ask_when_it_lies_within_its_span(start, end, inside):
    question = {"start": 10, "end": 20, "text": "—"}
    mention = {"kind": "topic", "iri": TOPIC + "t", "start": start, "end": end, "text": "t"}
    extraction = {"mentions": [mention, mention | {"iri": TOPIC + "other"}]}
    found = ask_topics(extraction, question, {"t"})
    assert found == ([{"topic": "t", "matched_by": [
        {"rule": "mention", "text": "t", "start": start, "end": end}
    ]}] if inside else [])  # fmt: skip


def test_an_ask_finds_its_topics_by_keyword_too_only_among_known_topics():
    cue = r"\bchiffres?\b|\bstatisti\w*|\bnombre de\b|\bfigures?\b|\bstatistik\w*"
    question = {
        "start": 0,
        "end": 40,
        "text": "Les chiffres, les moyens contre les grands réseaux ?",
    }
    mention = {"kind": "topic", "iri": TOPIC + "data-system", "start": 1, "end": 5, "text": "d"}
    extraction = {"mentions": [mention, mention | {"kind": "place"}, mention | {"iri": None}]}
    found = ask_topics(extraction, question, {"victim-statistics", "data-system"})
    figures = {"rule": "keyword", "text": "chiffres", "pattern": cue,
               "why": "asks for figures or statistics"}  # fmt: skip
    assert found == [
        {"topic": "data-system", "matched_by": [
            {"rule": "mention", "text": "d", "start": 1, "end": 5}, figures,
        ]},
        {"topic": "victim-statistics", "matched_by": [figures]},
    ]  # fmt: skip
    # the cues after the first that matched are read too ("réseaux"), for known topics only
    assert ask_topics({"mentions": []}, question, {"action-plan"}) == [
        {"topic": "action-plan", "matched_by": [
            {"rule": "keyword", "text": "moyens … réseaux", "pattern": ANY, "why": ANY},
        ]},
    ]  # fmt: skip
    assert ask_topics({"mentions": []}, question | {"text": "rien"}, {"action-plan"}) == []
