"""The rules of a brief's answers, on parts and documents written for them: an ask is
"answered" only when every part of it is, "no-data" when none has anything, "partly"
otherwise; a topic with no fact on any side is "unknown", a stated absence is known; an
ask's topics are the mentions inside its span (both ends included).

Fast on purpose: `make mutate` runs these once per mutant of the brief's rules."""

from __future__ import annotations

from datetime import date

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
    status, note = ask_status([])
    assert status == "no-data" and note
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


# ------------------------------------------------------------------ parts by topic


def context(**more):
    return AskContext(store=None, day=date(2020, 1, 1), lang="en", home="FR", foreign=[],
                      topics=[], **more)  # type: ignore[arg-type]  # fmt: skip


def test_a_part_is_answered_only_when_no_topic_lacks_a_verified_fact():
    ctx = context(topic_labels={"a": "A", "b": "B"})
    fact = {"iri": "f"}
    assert _by_topic(ctx, "legislation", ["a", "b"], [], [fact])["status"] == "answered"
    partly = _by_topic(ctx, "legislation", ["a", "b"], ["b"], [fact])
    assert partly["status"] == "partly" and "B" in partly["note"] and "A" not in partly["note"]
    none = _by_topic(ctx, "legislation", ["a", "b"], ["a", "b"], [])
    assert none["status"] == "no-data" and "A, B" in none["note"]
    assert none["kind"] == "legislation" and none["facts"] == []


def test_figures_are_answered_only_by_a_verified_figure_on_point():
    ctx = context()
    verified = {"verification": "verified", "territory": "FR"}
    unverified = {"verification": "unverified", "territory": "FR"}
    assert _figures_status(ctx, [], [])[0] == "no-data"
    status, note = _figures_status(ctx, [], [verified])
    assert status == "no-data" and "other populations" in note
    assert _figures_status(ctx, [unverified], [])[0] == "partly"
    assert _figures_status(ctx, [unverified, verified], []) == ("answered", None)
    # asked below the national level: only national figures is partly
    local = context(territorial="par département")
    assert _figures_status(local, [verified], [])[0] == "partly"
    regional = {"verification": "verified", "territory": "FR-75"}
    assert _figures_status(local, [verified, regional], []) == ("answered", None)


# ------------------------------------------------------------------ key fact


def test_the_key_fact_is_the_first_on_point_fact_then_a_known_finding():
    side = {"on_point": False, "summary": "side", "sources": ["s0"], "url": None,
            "checked_on": None, "verification": None, "iri": "i0"}  # fmt: skip
    point = side | {"on_point": True, "summary": "point", "sources": [], "url": "u1", "iri": "i1"}
    parts = [
        part("figures", "partly", facts=[side]),
        part("legislation", "answered", facts=[point]),
    ]
    key = key_fact(parts)
    assert key is not None
    assert (key["kind"], key["text"], key["source"], key["iri"]) == (
        "legislation",
        "point",
        "u1",
        "i1",
    )
    unknown = {"verdict": "unknown", "reference": "SE", "target": "FR", "explanation": "u",
               "sources": []}  # fmt: skip
    gap = unknown | {"verdict": "gap", "explanation": "g", "sources": ["s"]}
    key = key_fact([part("foreign-models", "answered", findings=[unknown, gap])])
    assert key is not None and key["text"] == "SE → FR: g" and key["source"] == "s"
    assert key_fact([part("foreign-models", "no-data", findings=[unknown])]) is None
    assert key_fact([part("figures", "no-data", facts=[side])]) is None


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
