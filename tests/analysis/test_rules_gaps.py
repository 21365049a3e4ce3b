"""The rules of gaps on a small graph built for them (rules_gaps_graph.py): unknown is never a
gap, a stated absence against facts is; equal values are not a gap (strictly higher only);
a target with facts but nothing of a kind, or no value on a dimension, is not comparable.

Fast on purpose: `make mutate` runs these once per mutant of the gaps rules."""

from __future__ import annotations

import pytest

from kg.analysis.gaps import _Highest, _highest, gaps_between
from kg.analysis.penalties import Custody, Fine, compare_custody
from tests.analysis.rules_gaps_graph import gaps_store
from tests.analysis.rules_graph import turtle_store

ID = "https://w3id.org/policykg/id/"

DAY = "2005-01-01"


@pytest.fixture(scope="module")
def store():
    built = gaps_store()
    yield built
    built.close()


def pair(store, ref, tgt, at=DAY, topic="t"):
    doc = gaps_between(store, ref, tgt, at, topics=[topic]).as_dict()
    [comparison] = doc["comparisons"]
    return doc, comparison


def found(comparison):
    """(dimension, aspect) → (verdict, direction, kind) of every finding."""
    every = (
        comparison["gaps"]
        + comparison["no_gap"]
        + comparison["unknown"]
        + comparison["not_comparable"]
    )
    result = {
        (f["dimension"], f["aspect"]): (f["verdict"], f["direction"], f["kind"]) for f in every
    }
    assert len(result) == len(every)  # one finding per dimension
    verdicts = {"gaps": "gap", "no_gap": "no-gap", "unknown": "unknown"}
    verdicts["not_comparable"] = "not-comparable"
    for key, verdict in verdicts.items():
        assert all(f["verdict"] == verdict for f in comparison[key])
    return result


# ------------------------------------------------------------------ topic level


def test_facts_against_nothing_recorded_is_unknown_not_a_gap(store):
    doc, c = pair(store, "RF", "UN")
    [topic] = c["topics"]
    assert (topic["reference_status"], topic["target_status"]) == ("present", "unknown")
    assert topic["verdict"] == "unknown"
    assert found(c) == {("presence", None): ("unknown", None, None)}
    assert c["gaps"] == [] and doc["summary"]["gaps"] == 0
    assert doc["summary"]["unknown_topics"] == ["t"]
    [finding] = c["unknown"]
    assert finding["reference_value"]["status"] == "present"
    assert finding["target_value"]["status"] == "unknown"
    assert "UN" in finding["explanation"]


def test_nothing_recorded_on_the_reference_side_is_unknown(store):
    doc, c = pair(store, "UN", "RF")
    assert c["topics"][0]["verdict"] == "unknown"
    assert found(c) == {("presence", None): ("unknown", None, None)}
    assert doc["summary"]["gaps"] == 0


def test_facts_against_a_stated_absence_is_a_gap(store):
    doc, c = pair(store, "RF", "AB")
    [topic] = c["topics"]
    assert (topic["reference_status"], topic["target_status"]) == ("present", "absent")
    assert topic["verdict"] == "gap"
    assert found(c) == {("presence", None): ("gap", "reference-stronger", "lacks")}
    assert doc["summary"]["gaps"] == 1 and doc["summary"]["by_pair"] == {"RF→AB": 1}
    assert doc["summary"]["unknown_topics"] == []
    [gap] = c["gaps"]
    assert gap["target_value"]["status"] == "absent"
    assert [e["iri"] for e in gap["evidence"]["target"]] == ["https://w3id.org/policykg/id/A-AB"]


def test_a_stated_absence_on_the_reference_side_is_no_gap(store):
    _, c = pair(store, "AB", "RF")
    assert c["topics"][0]["verdict"] == "no-gap"
    assert found(c) == {("presence", None): ("no-gap", None, None)}


@pytest.mark.parametrize(("ref", "tgt"), [("UN", "UX"), ("UN", "AB")])
def test_nothing_on_the_reference_side_is_unknown_whatever_the_target(store, ref, tgt):
    _, c = pair(store, ref, tgt)
    assert c["topics"][0]["verdict"] == "unknown"
    assert found(c) == {("presence", None): ("unknown", None, None)}


NOT_A_GAP = "not recorded for NS; this is not a gap"
FRF = "FRF3,279.78 (€500 at 6.55957 FRF = 1 EUR)"


@pytest.mark.parametrize(
    ("ref", "tgt", "reason", "expected"),
    [
        ("RF", "AB", "RF has facts on this topic; the graph states AB has none", [
            ("presence", "RF has facts on this topic; the graph states AB has none",
             "facts recorded", "none (stated)"),
        ]),
        ("RF", "UN", "RF has facts on this topic; nothing is recorded for UN", [
            ("presence", "RF has facts on this topic; nothing is recorded for UN",
             "facts recorded", "nothing recorded"),
        ]),
        ("UN", "RF", "nothing is recorded on this topic for UN", [
            ("presence", "nothing is recorded on this topic for UN", "nothing recorded",
             "facts recorded"),
        ]),
        ("UN", "UX", "nothing is recorded on this topic for either side", [
            ("presence", "nothing is recorded on this topic for either side",
             "nothing recorded", "nothing recorded"),
        ]),
        ("AB", "RF", "the graph states AB has nothing on this topic either", [
            ("presence", "the graph states AB has nothing on this topic either",
             "none (stated)", "facts recorded"),
        ]),
        ("RF", "DU", "both sides have facts on this topic", [
            ("offence", "DU has facts on this topic, but none of this kind is recorded; this "
             "is not a gap", "O-RF", "nothing of this kind recorded"),
        ]),
        ("RF", "EQ", "both sides have facts on this topic", [
            ("offence", "both have it: RF: O-RF; EQ: O-EQ", "O-RF", "O-EQ"),
            ("max-custody", "the same on both sides: 5 years", "5 years", "5 years"),
            ("min-custody", "the same on both sides: 1 year", "1 year", "1 year"),
            ("max-fine", "the same on both sides: €1,000", "€1,000", "€1,000"),
            ("element", "the same on both sides: under 18 years old", "under 18 years old",
             "under 18 years old"),
        ]),
        ("RF", "LO", "both sides have facts on this topic", [
            ("max-custody", "LO is below RF: 3 years against 5 years", "5 years", "3 years"),
            ("min-custody", "LO is below RF: no minimum against 1 year", "1 year",
             "no minimum"),
            ("max-fine", f"LO is below RF: {FRF} against €1,000", "€1,000", FRF),
            ("offence", "both have it: RF: O-RF; LO: O-LO", "O-RF", "O-LO"),
            ("element", "not recorded for LO; this is not a gap", "under 18 years old",
             "not recorded"),
        ]),
        ("RF", "HI", "both sides have facts on this topic", [
            ("offence", "both have it: RF: O-RF; HI: O-HI", "O-RF", "O-HI"),
            ("max-custody", "HI is not below RF: 8 years (when aggravated) against 5 years",
             "5 years", "8 years (when aggravated)"),
            ("min-custody", "HI is not below RF: 3 years (in all cases) against 1 year", "1 year",
             "3 years (in all cases)"),
            ("max-fine", "HI is not below RF: €2,000 against €1,000", "€1,000", "€2,000"),
            ("element", "HI is not below RF: under 21 years old against under 18 years old",
             "under 18 years old", "under 21 years old"),
        ]),
        ("RF", "NS", "both sides have facts on this topic", [
            ("offence", "both have it: RF: O-RF; NS: O-NS", "O-RF", "O-NS"),
            ("max-custody", NOT_A_GAP, "5 years", "no prison term recorded"),
            ("min-custody", NOT_A_GAP, "1 year", "no prison term recorded"),
            ("max-fine", NOT_A_GAP, "€1,000", "no fine recorded"),
            ("element", NOT_A_GAP, "under 18 years old", "not recorded"),
        ]),
        ("NS", "RF", "both sides have facts on this topic", [
            ("offence", "both have it: NS: O-NS; RF: O-RF", "O-NS", "O-RF"),
            ("max-custody", NOT_A_GAP, "no prison term recorded", "5 years"),
            ("min-custody", NOT_A_GAP, "no prison term recorded", "1 year"),
            ("max-fine", NOT_A_GAP, "no fine recorded", "€1,000"),
        ]),
    ],
)  # fmt: skip
def test_each_finding_says_why_with_both_values(store, ref, tgt, reason, expected):
    _, c = pair(store, ref, tgt)
    [topic] = c["topics"]
    assert topic["reason"] == reason
    assert (topic["topic"], topic["label"]) == ("t", "topic t")
    every = c["gaps"] + c["no_gap"] + c["unknown"] + c["not_comparable"]
    got = [
        (f["dimension"], f["explanation"], f["reference_value"]["text"], f["target_value"]["text"])
        for f in every
    ]
    assert got == expected
    for f in every:
        assert (f["topic"], f["topic_label"]) == ("t", "topic t")
        assert f["reference_value"]["pieces"] and f["target_value"]["pieces"]


# ------------------------------------------------------------------ dimensions


def test_equal_penalties_and_elements_are_not_a_gap(store):
    doc, c = pair(store, "RF", "EQ")
    assert c["topics"][0]["verdict"] == "no-gap"
    assert found(c) == {
        ("offence", None): ("no-gap", None, None),
        ("max-custody", None): ("no-gap", "equal", None),
        ("min-custody", None): ("no-gap", "equal", None),
        ("max-fine", None): ("no-gap", "equal", None),
        ("element", "victim-age"): ("no-gap", "equal", None),
    }
    assert doc["summary"]["gaps"] == 0


def test_lower_penalties_are_gaps_and_a_missing_element_is_not(store):
    doc, c = pair(store, "RF", "LO")
    assert found(c) == {
        ("offence", None): ("no-gap", None, None),
        ("max-custody", None): ("gap", "reference-stronger", "weaker"),
        ("min-custody", None): ("gap", "reference-stronger", "weaker"),
        ("max-fine", None): ("gap", "reference-stronger", "weaker"),
        ("element", "victim-age"): ("not-comparable", None, None),
    }
    assert doc["summary"]["gaps"] == 3
    custody = next(g for g in c["gaps"] if g["dimension"] == "max-custody")
    assert custody["reference_value"]["data"]["max_prison_years"] == 5
    assert custody["target_value"]["data"]["max_prison_years"] == 3


def test_higher_penalties_on_the_target_are_no_gap(store):
    _, c = pair(store, "RF", "HI")
    assert found(c) == {
        ("offence", None): ("no-gap", None, None),
        ("max-custody", None): ("no-gap", "target-stronger", None),
        ("min-custody", None): ("no-gap", "target-stronger", None),
        ("max-fine", None): ("no-gap", "target-stronger", None),
        ("element", "victim-age"): ("no-gap", "target-stronger", None),
    }
    # and the other way round, each is a gap
    _, back = pair(store, "HI", "RF")
    assert {k: v[0] for k, v in found(back).items() if k[0] != "offence"} == {
        ("max-custody", None): "gap",
        ("min-custody", None): "gap",
        ("max-fine", None): "gap",
        ("element", "victim-age"): "gap",
    }


def test_a_target_with_no_penalty_recorded_is_not_comparable_not_a_gap(store):
    doc, c = pair(store, "RF", "NS")
    assert found(c) == {
        ("offence", None): ("no-gap", None, None),
        ("max-custody", None): ("not-comparable", None, None),
        ("min-custody", None): ("not-comparable", None, None),
        ("max-fine", None): ("not-comparable", None, None),
        ("element", "victim-age"): ("not-comparable", None, None),
    }
    assert doc["summary"]["gaps"] == 0
    for finding in c["not_comparable"]:
        assert "NS" in finding["explanation"] and "not a gap" in finding["explanation"]


def test_facts_but_none_of_the_kind_is_not_comparable(store):
    doc, c = pair(store, "RF", "DU")
    assert c["topics"][0]["verdict"] == "no-gap"
    assert found(c) == {("offence", None): ("not-comparable", None, None)}
    [finding] = c["not_comparable"]
    assert finding["target_value"]["status"] == "present"
    assert finding["reference_value"]["data"] == {"items": ["https://w3id.org/policykg/id/O-RF"]}
    assert [e["iri"] for e in finding["evidence"]["reference"]] == [
        "https://w3id.org/policykg/id/O-RF"
    ]
    assert finding["evidence"]["target"] == []
    assert doc["summary"]["gaps"] == 0


@pytest.mark.parametrize(
    ("day", "direction"),
    [("2009-12-31", "equal"), ("2010-01-01", "target-stronger")],
)
def test_an_element_is_read_on_its_first_day_and_not_on_its_end_day(store, day, direction):
    _, c = pair(store, "RF", "EQ", day)
    [element] = [f for f in c["no_gap"] if f["dimension"] == "element"]
    assert element["direction"] == direction
    assert element["reference_value"]["data"]["number"] == (18 if day < "2010" else 15)


def test_custody_order_is_strict():
    five, five_again, eight = Custody.of(5), Custody.of(5.0), Custody.of(8)
    assert compare_custody(five, five_again) == "equal"
    assert compare_custody(eight, five) == "higher"
    assert compare_custody(five, eight) == "lower"
    assert compare_custody(Custody.of(None, True), eight) == "higher"
    assert compare_custody(Custody.of(0), five) == "lower"
    assert compare_custody(Custody.of(None), five) == "not-comparable"
    assert compare_custody(five, Custody.of(None)) == "not-comparable"


@pytest.mark.parametrize("tgt", ["EQ", "LO", "HI", "NS"])
def test_each_dimension_names_both_sides_with_their_evidence(store, tgt):
    doc, c = pair(store, "RF", tgt)
    every = c["gaps"] + c["no_gap"] + c["unknown"] + c["not_comparable"]
    for f in every:
        assert f["reference_value"]["status"] == f["target_value"]["status"] == "present"
        assert f["dimension_label"]
        for side, code in (("reference", "RF"), ("target", tgt)):
            assert all(e["jurisdiction"] == code for e in f["evidence"][side])
        if f["dimension"] in ("max-custody", "min-custody", "max-fine", "offence"):
            assert [e["iri"] for e in f["evidence"]["reference"]] == [ID + "O-RF"]
            assert [e["iri"] for e in f["evidence"]["target"]] == [ID + "O-" + tgt]
    assert doc["rates"] == [] or tgt == "LO"


def test_penalties_are_the_highest_of_the_offences_only(store):
    _, c = pair(store, "RF", "HI")
    by = {f["dimension"]: f for f in c["no_gap"]}
    custody = by["max-custody"]["target_value"]
    assert custody["data"]["sanction"] == ID + "S-HI" and custody["data"]["years"] == 8
    assert custody["pieces"][2] == {"text": "when aggravated", "lang": "en"}
    assert by["min-custody"]["target_value"]["data"] == {"years": 3.0}
    assert by["max-fine"]["target_value"]["data"]["amount"] == 2000
    # EQ's reporting duty punished by 20 years is not an offence: not compared
    _, eq = pair(store, "RF", "EQ")
    [custody] = [f for f in eq["no_gap"] if f["dimension"] == "max-custody"]
    assert custody["target_value"]["data"]["max_prison_years"] == 5


def test_a_fine_in_another_currency_is_compared_through_its_fixed_rate(store):
    doc, _ = pair(store, "RF", "LO")
    [rate] = doc["rates"]
    assert (rate["currency"], rate["target"], rate["units_per_euro"]) == ("FRF", "EUR", 6.55957)


def test_no_minimum_on_either_side_is_not_compared(store):
    _, c = pair(store, "LO", "NS")
    assert ("min-custody", None) not in found(c)


def test_a_value_missing_on_both_sides_names_both(store):
    _, c = pair(store, "NS", "NT")
    for f in c["not_comparable"]:
        assert f["explanation"] == "not recorded for NS, NT; this is not a gap"
    assert {f["dimension"] for f in c["not_comparable"]} == {"max-custody", "max-fine"}


def test_a_minimum_against_none_is_ranked_on_both_sides(store):
    _, c = pair(store, "LO", "RF")
    assert found(c)[("min-custody", None)] == ("no-gap", "target-stronger", None)


def test_custody_kinds():
    assert Custody.of(0) == Custody("none", 0.0)
    assert Custody.of(0.5) == Custody("term", 0.5)
    assert Custody.of(None) == Custody("unrecorded")
    assert Custody.of(3, True) == Custody("life")


def test_on_a_demand_topic_a_stated_absence_means_buying_sex_was_no_offence(store):
    _, c = pair(store, "RF", "AB", topic="purchase-sex-minor")
    assert found(c) == {("demand-penalised", None): ("gap", "reference-stronger", "lacks")}
    [gap] = c["gaps"]
    assert gap["dimension_label"] == "buying sex is an offence"
    assert gap["reference_value"]["data"] == {"status": "present"}
    assert gap["target_value"]["data"] == {"status": "absent"}
    # the reference with no offence on it: the topic's presence only
    _, duty = pair(store, "DU", "AB", topic="purchase-sex-minor")
    assert found(duty) == {("presence", None): ("gap", "reference-stronger", "lacks")}
    # both with facts: "demand-penalised" says it, not "offence"
    _, both = pair(store, "RF", "DU", topic="purchase-sex-minor")
    assert found(both) == {("demand-penalised", None): ("not-comparable", None, None)}


def test_the_kind_dimension_lists_only_the_items_of_its_kind(store):
    _, c = pair(store, "EQ", "RF")
    [offence] = [f for f in c["no_gap"] if f["dimension"] == "offence"]
    assert offence["reference_value"]["text"] == "O-EQ"
    assert offence["reference_value"]["data"] == {"items": [ID + "O-EQ"]}
    assert offence["target_value"]["data"] == {"items": [ID + "O-RF"]}
    assert offence["direction"] is None
    _, back = pair(store, "RF", "EQ")
    [offence] = [f for f in back["no_gap"] if f["dimension"] == "offence"]
    assert offence["target_value"]["text"] == "O-EQ"
    assert offence["target_value"]["data"] == {"items": [ID + "O-EQ"]}


def sanction(iri, years=None, life=False, minimum=None, fine=None):
    return {"iri": iri, "max_prison_years": years, "life_imprisonment": life,
            "min_prison_years": minimum, "max_fine": fine}  # fmt: skip


def eur(amount):
    return {"amount": amount, "currency": "EUR", "kind": None, "unlimited": False}


def test_the_highest_penalties_of_a_side_each_from_its_own_sanction():
    assert _highest([]) == _Highest(
        Custody("unrecorded"), None, Custody("none", 0.0), Fine("unrecorded")
    )
    items = [
        {"iri": "o1", "sanctions": [
            sanction("a", 5, minimum=1, fine=eur(2000)),
            sanction("b", None, True, minimum=2),
            sanction("c", 3, minimum=2, fine=eur(100)),
        ]},
        {"iri": "o2", "sanctions": [sanction("d", 6, minimum=1.5, fine=eur(1000))]},
    ]  # fmt: skip
    top = _highest(items)
    assert top.custody == Custody("life")
    assert top.custody_from is not None and top.custody_from["iri"] == "b"
    assert top.custody_from["offence"] == "o1"
    # the first of two equal minimums is kept
    assert top.minimum == Custody("term", 2.0)
    assert top.minimum_from is not None and top.minimum_from["iri"] == "b"
    assert top.fine.kind == "fixed" and top.fine.amount == 2000
    # a fine after none recorded is taken; an unlimited fine is above a fixed one
    later = [{"iri": "o", "sanctions": [
        sanction("a", 2), sanction("b", 1, fine=eur(50)),
        sanction("c", 1, fine={"amount": None, "currency": None, "kind": None, "unlimited": True}),
        sanction("d", 1, fine={"amount": None, "currency": "SEK", "kind": "day-fines", "unlimited": False}),
    ]}]  # fmt: skip
    top = _highest(later)
    assert top.fine == Fine("unlimited")
    assert top.custody == Custody("term", 2.0) and top.custody_from["iri"] == "a"
    assert top.minimum == Custody("none", 0.0) and top.minimum_from is None
    day_fines = [{"iri": "o", "sanctions": [
        sanction("a", 1, fine={"amount": None, "currency": "SEK", "kind": "day-fines", "unlimited": False}),
    ]}]  # fmt: skip
    assert _highest(day_fines).fine == Fine("day-fines", currency="SEK")
    # a sanction with no prison term recorded does not replace one with a term
    unrecorded_last = [{"iri": "o", "sanctions": [sanction("a", 2), sanction("b")]}]
    assert _highest(unrecorded_last).custody_from["iri"] == "a"
    fine_only = _highest([{"iri": "o", "sanctions": [sanction("a", fine=eur(5))]}])
    assert fine_only.custody == Custody("unrecorded") and fine_only.custody_from is None
    unrecorded_first = [{"iri": "o", "sanctions": [sanction("a"), sanction("b", 0)]}]
    assert _highest(unrecorded_first).custody == Custody("none", 0.0)


@pytest.mark.parametrize(
    ("tgt", "verdict", "direction", "why"),
    [
        ("FE", "no-gap", "equal", "the same level on both sides: RF: €1,000; FE: "
         "FRF6,559.57 (€1,000 at 6.55957 FRF = 1 EUR)"),
        ("KD", "not-comparable", None, "fines of different kinds cannot be ranked: €1,000 "
         "against day-fines (no maximum in money)"),
        ("CU", "not-comparable", None, "different currencies without a fixed legal rate: "
         "€1,000 against SEK1,000"),
    ],
)  # fmt: skip
def test_fines_are_ranked_only_in_one_currency_and_of_one_kind(store, tgt, verdict, direction, why):
    _, c = pair(store, "RF", tgt)
    every = c["gaps"] + c["no_gap"] + c["unknown"] + c["not_comparable"]
    [fine] = [f for f in every if f["dimension"] == "max-fine"]
    assert (fine["verdict"], fine["direction"], fine["explanation"]) == (verdict, direction, why)


def test_the_reference_side_shows_its_own_conditions_and_offences_only(store):
    _, c = pair(store, "HI", "RF")
    by = {f["dimension"]: f for f in c["gaps"]}
    assert by["max-custody"]["reference_value"]["text"] == "8 years (when aggravated)"
    assert by["min-custody"]["reference_value"]["text"] == "3 years (in all cases)"
    _, eq = pair(store, "EQ", "RF")
    [custody] = [f for f in eq["no_gap"] if f["dimension"] == "max-custody"]
    assert custody["direction"] == "equal"  # EQ's duty punished by 20 years is not compared


def test_elements_that_differ_are_shown_never_ranked_and_each_dimension_is_read(store):
    def elements(ref, tgt):
        _, c = pair(store, ref, tgt)
        every = c["gaps"] + c["no_gap"] + c["unknown"] + c["not_comparable"]
        return {
            f["aspect"]: (f["verdict"], f["direction"], f["explanation"])
            for f in every
            if f["dimension"] == "element"
        }

    differ = "they differ and cannot be ranked: does A against does B; read the texts"
    assert elements("C1", "C2") == {
        "conduct": ("not-comparable", None, "not recorded for C2; this is not a gap"),
        "victim-age": ("no-gap", "equal", "the same on both sides: under 16 years old"),
        "zz": ("not-comparable", "differs", differ),  # no rule: shown as differing
    }
    assert elements("C1", "C3") == {
        "conduct": ("not-comparable", "differs", differ),
        "victim-age": ("not-comparable", None, "not recorded for C3; this is not a gap"),
        "zz": ("not-comparable", None, "not recorded for C3; this is not a gap"),
    }
    # the same the other way round: each side's value read from its own offences only
    assert elements("C2", "C1") == {
        "victim-age": ("no-gap", "equal", "the same on both sides: under 16 years old"),
        "zz": ("not-comparable", "differs",
               "they differ and cannot be ranked: does B against does A; read the texts"),
    }  # fmt: skip
    # a number dimension recorded without its number: not recorded on that side
    assert elements("C3", "C1")["victim-age"] == (
        "not-comparable",
        None,
        "not recorded for C3; this is not a gap",
    )


KINDS_TURTLE = """

topic:reporting-duty skos:inScheme <https://w3id.org/policykg/concept/topic> ;
    skos:notation "reporting-duty" ; skos:prefLabel "reporting duty"@en .
topic:action-plan skos:inScheme <https://w3id.org/policykg/concept/topic> ;
    skos:notation "action-plan" ; skos:prefLabel "action plan"@en .
id:K1 a :Jurisdiction ; skos:notation "K1" ; skos:prefLabel "Kind one"@en .
id:K2 a :Jurisdiction ; skos:notation "K2" ; skos:prefLabel "Kind two"@en .
id:D-K1 a :ReportingDuty ; :jurisdiction id:K1 ; :topic topic:reporting-duty ;
    rdfs:label "D-K1"@en ; :dutyBearer "doctors"@en ; :validFrom "2000-01-01"^^xsd:date .
id:D-K2 a :ReportingDuty ; :jurisdiction id:K2 ; :topic topic:reporting-duty ;
    rdfs:label "D-K2"@en ; :dutyBearer "teachers"@en ; :validFrom "2000-01-01"^^xsd:date .
id:P-K1 a :ActionPlan ; :jurisdiction id:K1 ; :topic topic:action-plan ; rdfs:label "P-K1"@en ;
    :periodStart "2003-01-01"^^xsd:date ; :periodEnd "2006-12-31"^^xsd:date ;
    :validFrom "2003-01-01"^^xsd:date .
id:P-K2 a :ActionPlan ; :jurisdiction id:K2 ; :topic topic:action-plan ; rdfs:label "P-K2"@en ;
    :periodStart "2004-01-01"^^xsd:date ; :validFrom "2004-01-01"^^xsd:date .
"""


@pytest.mark.parametrize(
    ("topic", "dimension", "reference", "target"),
    [
        ("reporting-duty", "mandatory-reporting", "D-K1 — who: doctors", "D-K2 — who: teachers"),
        ("action-plan", "action-plan", "P-K1 (2003–2006)", "P-K2 (2004–)"),
    ],
)
def test_a_kind_is_named_with_what_matters_of_it(topic, dimension, reference, target):
    """A duty is named with who must report, a plan with its period (an open end left open)."""
    store = turtle_store(KINDS_TURTLE, "rules-kinds")
    _, comparison = pair(store, "K1", "K2", topic=topic)
    [finding] = [f for f in comparison["no_gap"] if f["dimension"] == dimension]
    assert finding["reference_value"]["text"] == reference
    assert finding["target_value"]["text"] == target
    store.close()
