"""The rules of compare and coverage on a small graph built for them (rules_graph.py):
boundary days, present / absent / unknown on each side, equal values, ordering.

Fast on purpose: `make mutate` runs these once per mutant of compare.py, coverage.py and
kg/facts.py, so each rule must be pinned here, not only by the curated data's tests."""

from __future__ import annotations

from datetime import date

import pytest

from kg.analysis.compare import compare, parse_date, severity_order
from kg.analysis.coverage import Period, coverage, uncovered
from kg.errors import BadRequest
from tests.analysis.rules_graph import ID, rules_store


@pytest.fixture(scope="module")
def store():
    built = rules_store()
    yield built
    built.close()


def rows(store, at, codes=("FR", "SE", "UK", "DK", "NO")):
    doc = compare(store, "t", list(codes), at)
    return {r["jurisdiction"]: r for r in doc["rows"]}


def items(row):
    return [i["iri"].removeprefix(ID) for i in row["items"]]


# ------------------------------------------------------------------ boundary days


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2002-03-03", []),  # the day before the law's first day
        ("2002-03-04", ["O1", "B1"]),  # its first day
        ("2009-12-31", ["O1", "B1"]),  # its last day
        ("2010-01-01", ["O2", "B1"]),  # its end day: the successor only
    ],
)
def test_a_law_is_in_force_from_its_first_day_until_the_day_it_ends(store, day, expected):
    assert items(rows(store, day)["FR"]) == expected


@pytest.mark.parametrize(
    ("day", "present"),
    [("2005-12-31", False), ("2006-01-01", True), ("2007-12-31", True), ("2008-01-01", False)],
)
def test_a_penalty_is_in_force_on_its_first_day_and_not_on_its_end_day(store, day, present):
    [o1] = [i for i in rows(store, day)["FR"]["items"] if i["iri"] == ID + "O1"]
    assert (ID + "S-20" in [s["iri"] for s in o1["sanctions"]]) is present
    assert len(o1["sanctions"]) == (6 if present else 5)


# ------------------------------------------------------------------ present, absent, unknown


def test_unknown_absent_and_present_on_each_side_of_a_change(store):
    before, on = rows(store, "2005-06-30"), rows(store, "2005-07-01")
    assert before["SE"]["status"] == "absent"
    assert [a["iri"] for a in before["SE"]["absence"]] == [ID + "A1"]
    assert before["SE"]["absence"][0]["sources"] == ["https://example.org/a1"]
    assert before["SE"]["items"] == []
    assert on["SE"]["status"] == "present" and "absence" not in on["SE"]
    assert items(on["SE"]) == ["O3"]
    assert before["DK"] == {"jurisdiction": "DK", "status": "unknown", "items": []}
    assert rows(store, "1998-12-31")["SE"]["status"] == "unknown"  # before the absence


def test_present_wins_over_a_stated_absence_in_force_the_same_day(store):
    assert rows(store, "2003-12-31")["NO"]["status"] == "absent"
    assert rows(store, "2004-01-01")["NO"]["status"] == "present"
    assert "absence" not in rows(store, "2004-01-01")["NO"]


def test_a_fact_of_the_whole_counts_for_its_part(store):
    assert rows(store, "2003-04-30")["UK-EW"]["status"] == "unknown"
    assert items(rows(store, "2003-05-01")["UK-EW"]) == ["O4"]


def test_a_narrower_topic_counts_for_the_broader_one(store):
    assert items(rows(store, "2010-01-01", ["FR"])["FR"]) == ["O2", "B1"]
    assert items(compare(store, "u", ["FR"], "2010-01-01")["rows"][0]) == ["O2"]
    assert compare(store, "u", ["FR"], "2009-12-31")["rows"][0]["status"] == "unknown"


# ------------------------------------------------------------------ ordering and values


def test_penalties_base_first_then_most_severe_first_equal_ones_by_iri(store):
    [o1] = [i for i in rows(store, "2007-01-01")["FR"]["items"] if i["iri"] == ID + "O1"]
    order = [s["iri"].removeprefix(ID) for s in o1["sanctions"]]
    assert order == ["S-base", "S-life", "S-20", "S-10", "S-7a", "S-7b"]
    base = o1["sanctions"][0]
    assert base["condition_kind"] == "base-condition"
    assert (base["max_prison_years"], base["life_imprisonment"], base["max_fine"]) == (
        5,
        False,
        None,
    )
    life = o1["sanctions"][1]
    assert (life["max_prison_years"], life["life_imprisonment"]) == (None, True)


def test_severity_order_directly():
    def sanction(iri, kind="aggravation", years=None, life=False):
        return {
            "iri": iri,
            "condition_kind": kind,
            "max_prison_years": years,
            "life_imprisonment": life,
        }

    given = [
        sanction("a", years=2),
        sanction("b", years=None),
        sanction("c", life=True),
        sanction("d", kind="base-condition", years=1),
        sanction("e", years=2),
        sanction("f", years=0.5),
    ]
    ordered = [s["iri"] for s in sorted(given, key=severity_order)]
    assert ordered == ["d", "c", "a", "e", "f", "b"]


def test_kinds_in_document_order_and_sources_once(store):
    fr = rows(store, "2007-01-01")["FR"]
    assert [i["kind"] for i in fr["items"]] == ["offence", "body"]
    [o1] = [i for i in fr["items"] if i["kind"] == "offence"]
    # the item's own source, then its penalties' sources not already listed
    assert o1["sources"] == ["https://example.org/o1", "https://example.org/s-base"]
    assert all("_sources" not in s for s in o1["sanctions"])
    assert (o1["valid_from"], o1["valid_until"]) == ("2002-03-04", "2010-01-01")


def test_the_document_says_what_was_asked(store):
    doc = compare(store, "t", ["UK", "FR"], date(2007, 1, 1))
    assert doc["at"] == "2007-01-01"
    assert doc["jurisdictions"] == ["UK-EW", "FR"]
    assert doc["topic"]["notation"] == "t" and doc["topic"]["label"] == "topic t"


def test_bad_requests():
    with pytest.raises(BadRequest):
        parse_date("2007-13-01")
    assert parse_date(date(2001, 2, 3)) == date(2001, 2, 3)
    assert parse_date("2001-02-03") == date(2001, 2, 3)


def test_no_jurisdiction_is_a_bad_request(store):
    with pytest.raises(BadRequest):
        compare(store, "t", [], "2007-01-01")


# ------------------------------------------------------------------ coverage


@pytest.mark.parametrize(
    ("day", "cells"),
    [
        ("1998-12-31", {"FR": "unknown", "SE": "unknown", "NO": "unknown", "DK": "unknown"}),
        ("2002-03-03", {"FR": "unknown", "SE": "absent", "NO": "absent", "DK": "unknown"}),
        ("2002-03-04", {"FR": "present", "SE": "absent", "NO": "absent", "DK": "unknown"}),
        ("2004-01-01", {"FR": "present", "SE": "absent", "NO": "present", "DK": "unknown"}),
        ("2005-07-01", {"FR": "present", "SE": "present", "NO": "present", "DK": "unknown"}),
    ],
)
def test_coverage_cells_on_boundary_days(store, day, cells):
    result = coverage(store, day, list(cells))
    assert {code: result.cells[(code, "t")] for code in cells} == cells
    doc = result.as_dict()
    assert doc["matrix"] == {
        code: {"t": cells[code], "u": doc["matrix"][code]["u"]} for code in cells
    }
    assert doc["totals"]["unknown"] == sum(1 for v in result.cells.values() if v == "unknown")


def test_coverage_agrees_with_compare_on_every_cell(store):
    for day in ("1999-01-01", "2002-03-04", "2003-05-01", "2005-07-01", "2010-01-01"):
        result = coverage(store, day, ["FR", "SE", "UK-EW", "DK", "NO"])
        for code, row in rows(store, day).items():
            assert result.cells[(code, "t")] == row["status"], (day, code)


def test_coverage_narrower_topic_and_the_part_of_a_whole(store):
    result = coverage(store, "2010-01-01", ["FR", "UK-EW"])
    assert result.cells[("FR", "u")] == "present"
    assert result.cells[("UK-EW", "t")] == "present"
    assert coverage(store, "2009-12-31", ["FR"]).cells[("FR", "u")] == "unknown"


def test_unknown_periods_since_the_horizon(store):
    result = coverage(store, "2011-06-01", ["FR", "SE", "DK"])
    as_text = {k: [p.as_dict() for p in v] for k, v in result.gaps.items() if k[1] == "t"}
    assert as_text[("FR", "t")] == [{"from": "2000-01-01", "until": "2002-03-04"}]
    assert as_text[("SE", "t")] == []  # the absence is a statement: nothing unknown
    assert as_text[("DK", "t")] == [{"from": "2000-01-01", "until": None}]


def test_uncovered_joins_touching_periods_and_keeps_holes():
    d = date.fromisoformat
    periods = [Period(d("2001-01-01"), d("2002-01-01")), Period(d("2002-01-01"), d("2003-01-01"))]
    assert uncovered(periods, d("2000-01-01"), d("2005-01-01")) == [
        Period(d("2000-01-01"), d("2001-01-01")),
        Period(d("2003-01-01"), None),
    ]
    hole = [Period(d("2000-01-01"), d("2001-01-01")), Period(d("2001-01-02"), None)]
    assert uncovered(hole, d("2000-01-01"), d("2005-01-01")) == [
        Period(d("2001-01-01"), d("2001-01-02"))
    ]
    assert uncovered([], d("2000-01-01"), d("2000-01-01")) == [Period(d("2000-01-01"), None)]
    assert uncovered([Period(d("2000-01-01"), None)], d("2000-01-01"), d("2009-01-01")) == []


def test_a_period_holds_from_its_start_until_before_its_end():
    d = date.fromisoformat
    period = Period(d("2002-03-04"), d("2010-01-01"))
    assert [
        period.holds_on(d(x)) for x in ("2002-03-03", "2002-03-04", "2009-12-31", "2010-01-01")
    ] == [
        False,
        True,
        True,
        False,
    ]
    assert Period(d("2002-03-04"), None).holds_on(d("2999-01-01"))


def test_a_cell_is_unknown_again_the_day_its_only_fact_ends(store):
    assert coverage(store, "2002-12-31", ["IS"]).cells[("IS", "t")] == "present"
    ended = coverage(store, "2003-01-01", ["IS"])
    assert ended.cells[("IS", "t")] == "unknown"
    assert [p.as_dict() for p in ended.gaps[("IS", "t")]] == [
        {"from": "2000-01-01", "until": "2001-01-01"},
        {"from": "2003-01-01", "until": None},
    ]
    assert rows(store, "2003-01-01", ["IS"])["IS"]["status"] == "unknown"


def test_facts_of_unknown_jurisdictions_or_topics_are_skipped_not_fatal(store):
    """O7 belongs to no jurisdiction of the graph, O8 to a topic outside the scheme: both
    are skipped, and every other fact is still read."""
    result = coverage(store, "2007-01-01", ["FR", "SE", "UK-EW", "DK", "NO", "IS"])
    assert {code: result.cells[(code, "t")] for code in result.jurisdictions} == {
        "FR": "present",
        "SE": "present",
        "UK-EW": "present",
        "DK": "unknown",
        "NO": "present",
        "IS": "unknown",
    }


def test_coverage_defaults_labels_and_language(store):
    default = coverage(store, "2007-01-01")
    assert default.jurisdictions == ["FR", "SE", "UK-EW"]  # the default ones the graph has
    doc = default.as_dict()
    assert doc["lang"] == "en" and doc["at"] == "2007-01-01"
    assert doc["topic_labels"]["t"] == {"text": "topic t", "lang": "en"}
    french = coverage(store, "2007-01-01", ["FR"], lang="fr").as_dict()
    assert french["lang"] == "fr"
    assert french["topic_labels"]["t"] == {"text": "thème t", "lang": "fr"}
    assert french["topic_labels"]["u"] == {"text": "topic u", "lang": "en"}  # no French one


def test_verification_counts_by_file_and_by_jurisdiction(store):
    result = coverage(store, "2007-01-01", ["FR"])
    assert result.verification == {
        "jurisdictions/FR": {"verified": 1, "unverified": 1},
        "jurisdictions/UK-EW": {"verified": 2, "unverified": 0},
        "statistics/GRETA-SE": {"verified": 0, "unverified": 1},
    }  # the graph outside data/ does not count
    assert result.by_jurisdiction() == {
        "FR": {"verified": 1, "unverified": 1, "share": 0.5},
        "SE": {"verified": 0, "unverified": 1, "share": 0.0},
        "UK-EW": {"verified": 2, "unverified": 0, "share": 1.0},
    }
    assert (result.verified, result.unverified) == (3, 2)


def test_each_kind_is_cited_from_its_own_source(store):
    fi = rows(store, "2007-01-01", ["FI"])["FI"]
    by_iri = {i["iri"].removeprefix(ID): i for i in fi["items"]}
    assert [i["kind"] for i in fi["items"]] == [
        "offence",
        "reporting-duty",
        "protection-measure",
        "instrument",
        "instrument",
    ]
    # the first defining provision by IRI: P1, not P3
    assert (by_iri["O9"]["citation"], by_iri["O9"]["url"]) == (
        "Code, art. 1",
        "https://example.org/p1",
    )
    assert (by_iri["PM1"]["citation"], by_iri["PM1"]["url"]) == (
        "Code, art. 2",
        "https://example.org/p2",
    )
    assert (by_iri["I1"]["citation"], by_iri["I1"]["url"]) == ("Act I1", "https://example.org/i1")
    assert (by_iri["D1"]["citation"], by_iri["D1"]["url"]) == (None, None)
    assert (by_iri["I2"]["citation"], by_iri["I2"]["url"]) == (None, None)
    # details by kind: a duty says whether its breach is punished, an offence its mappings
    assert by_iri["D1"]["details"]["breach_punished"] is False
    assert by_iri["O9"]["details"]["mappings"] == []
    # each fact its own penalties: a duty's breach, the offence's own
    assert [s["iri"] for s in by_iri["D1"]["sanctions"]] == [ID + "S-d1"]
    assert [s["iri"] for s in by_iri["O9"]["sanctions"]] == [ID + "S-o9"]
    assert by_iri["PM1"]["sanctions"] == [] and by_iri["I1"]["sanctions"] == []
    assert by_iri["O9"]["label"] == "O9" and by_iri["O9"]["label_lang"] == "en"
    assert [p["iri"] for p in by_iri["O9"]["details"]["provisions"]] == [ID + "P1", ID + "P3"]


def test_an_absence_statement_in_full(store):
    [absence] = rows(store, "2000-06-01", ["SE"])["SE"]["absence"]
    assert absence == {
        "iri": ID + "A1",
        "comment": "none",
        "comment_lang": "en",
        "valid_from": "1999-01-01",
        "valid_until": "2005-07-01",
        "sources": ["https://example.org/a1"],
    }


def test_uncovered_stops_at_the_end_of_the_range():
    d = date.fromisoformat
    start, end = d("2000-01-01"), d("2005-01-01")
    # a period starting after the range: the gap runs to the day after its end
    assert uncovered([Period(d("2010-01-01"), None)], start, end) == [
        Period(start, d("2005-01-02"))
    ]
    # covered exactly up to the end day, then a later period: one day unknown
    touching = [Period(start, end), Period(d("2006-01-01"), None)]
    assert uncovered(touching, start, end) == [Period(end, d("2005-01-02"))]
    # covered beyond the end: nothing unknown, whatever comes later
    beyond = [Period(start, d("2006-01-01")), Period(d("2007-01-01"), None)]
    assert uncovered(beyond, start, end) == []


def test_in_force_refuses_a_missing_day_with_a_message():
    from kg.facts import in_force

    with pytest.raises(ValueError, match=r"^in_force needs a day$"):
        in_force("2000-01-01", None, "")


def test_the_readers_language_and_what_fell_back(store):
    english = compare(store, "t", ["SE"], "2000-06-01")
    assert english["topic"] == {
        "notation": "t",
        "iri": "https://w3id.org/policykg/concept/topic/t",
        "label": "topic t",
    }
    assert (english["lang"], english["fallbacks"]) == ("en", [])
    french = compare(store, "t", ["SE", "FI"], "2003-06-01", "fr")
    assert french["lang"] == "fr" and french["topic"]["label"] == "thème t"
    # the absence's comment and the FI names exist only in English: each is flagged
    assert {"iri": ID + "A1", "field": "comment", "lang": "en"} in french["fallbacks"]
    assert {"iri": ID + "O9", "field": "label", "lang": "en"} in french["fallbacks"]


def test_no_date_means_today_and_bad_input_says_what_is_expected(time_machine):
    from datetime import UTC, datetime

    time_machine.move_to(datetime(2007, 5, 6, 12, tzinfo=UTC), tick=False)
    assert parse_date(None) == parse_date("") == date(2007, 5, 6)
    with pytest.raises(BadRequest) as bad:
        parse_date("6 May 2007")
    assert bad.value.message == "'at' must be a date as YYYY-MM-DD, not '6 May 2007'"


def test_no_jurisdiction_says_how_to_name_one(store):
    with pytest.raises(BadRequest) as bad:
        compare(store, "t", [], "2007-01-01")
    assert bad.value.message == "Name at least one jurisdiction (e.g. FR, SE, UK)"
