"""The /api/compare document on the purchase-sex-minor slice: shape, dates, values.

Expected penalties are the law as read in the official texts (see docs/curation/), so a
change to the data that contradicts them fails here.
"""

from __future__ import annotations

import pytest

from kg.analysis.compare import compare
from kg.errors import BadRequest, NotFound

TOPIC = "purchase-sex-minor"
ITEM_KEYS = {
    "iri",
    "kind",
    "label",
    "citation",
    "url",
    "valid_from",
    "valid_until",
    "sanctions",
    "details",
    "sources",
}
SANCTION_KEYS = {
    "condition",
    "victim_age_below",
    "max_prison_years",
    "min_prison_years",
    "life_imprisonment",
    "max_fine",
}


def row(doc, code):
    return next(r for r in doc["rows"] if r["jurisdiction"] == code)


def sanctions(doc, code):
    return [s for item in row(doc, code)["items"] for s in item["sanctions"]]


def by_condition(doc, code, words):
    found = [s for s in sanctions(doc, code) if words in (s["condition"] or "")]
    assert found, f"no sanction of {code} whose condition mentions {words!r}"
    return found


def test_document_shape(store):
    doc = compare(store, TOPIC, ["FR", "SE", "UK"], "2026-11-22")
    assert doc["topic"]["notation"] == TOPIC and doc["topic"]["iri"].endswith("/" + TOPIC)
    assert doc["at"] == "2026-11-22"
    assert doc["jurisdictions"] == ["FR", "SE", "UK-EW", "UK-NI", "UK-SCT"]  # UK expanded
    assert [r["jurisdiction"] for r in doc["rows"]] == doc["jurisdictions"]
    for r in doc["rows"]:
        assert r["status"] in ("present", "absent", "unknown")
        for item in r["items"]:
            assert set(item) >= ITEM_KEYS
            assert item["kind"] == "offence"
            assert item["sources"] and all(s.startswith("http") for s in item["sources"])
            for s in item["sanctions"]:
                assert set(s) >= SANCTION_KEYS
                assert s["max_prison_years"] is None or isinstance(
                    s["max_prison_years"], (int, float)
                )


def test_france_today_and_in_2015(store):
    today = compare(store, TOPIC, ["FR"], "2026-11-22")
    assert row(today, "FR")["status"] == "present"
    assert row(today, "FR")["items"][0]["citation"] == "Code pénal, art. 225-12-1"
    base = by_condition(today, "FR", "base")[0]
    assert (base["max_prison_years"], base["max_fine"]["amount"], base["max_fine"]["currency"]) == (
        5,
        75000,
        "EUR",
    )
    under15 = next(s for s in sanctions(today, "FR") if s["victim_age_below"] == 15)
    assert (under15["max_prison_years"], under15["max_fine"]["amount"]) == (10, 150000)

    before = compare(store, TOPIC, ["FR"], "2015-01-01")
    base = by_condition(before, "FR", "base")[0]
    assert (base["max_prison_years"], base["max_fine"]["amount"]) == (3, 45000)
    # loi n° 2016-444 restructured the article on 2016-04-15 (same amounts, a new wording)
    assert base["valid_until"] == "2016-04-15"


def test_france_before_the_offence_existed_is_a_stated_absence(store):
    doc = compare(store, TOPIC, ["FR"], "2001-06-01")
    assert row(doc, "FR")["status"] == "absent"
    assert row(doc, "FR")["absence"][0]["sources"]


def test_sweden_today_and_in_2015(store):
    today = sanctions(compare(store, TOPIC, ["SE"], "2026-11-22"), "SE")
    base = next(s for s in today if s["min_prison_years"] is not None)
    assert (base["min_prison_years"], base["max_prison_years"]) == (0.5, 4)
    before = sanctions(compare(store, TOPIC, ["SE"], "2015-01-01"), "SE")
    assert [s["max_prison_years"] for s in before] == [2]
    assert before[0]["max_fine"]["kind"] == "day-fines"


def test_united_kingdom_parts(store):
    doc = compare(store, TOPIC, ["UK"], "2026-11-22")
    life = [s for s in sanctions(doc, "UK-EW") if s["life_imprisonment"]]
    assert (
        len(life) == 1
        and life[0]["victim_age_below"] == 13
        and life[0]["procedure"] == "indictment"
    )
    assert max(s["max_prison_years"] or 0 for s in sanctions(doc, "UK-EW")) == 14
    ni = row(doc, "UK-NI")["items"]
    assert ni[0]["citation"] == "Sexual Offences (Northern Ireland) Order 2008, art. 37"
    assert any(s["life_imprisonment"] for s in sanctions(doc, "UK-NI"))


def test_only_what_is_in_force_on_the_date_is_returned(store):
    for at in ("2003-06-01", "2006-01-01", "2015-01-01", "2019-07-01", "2026-11-22"):
        doc = compare(store, TOPIC, ["FR", "SE", "UK"], at)
        for r in doc["rows"]:
            for thing in [*r["items"], *[s for i in r["items"] for s in i["sanctions"]]]:
                assert thing["valid_from"] <= at
                assert thing["valid_until"] is None or thing["valid_until"] > at
    early = compare(store, TOPIC, ["UK-EW"], "2003-06-01")
    assert row(early, "UK-EW")["status"] != "present"  # s. 47 commenced on 2004-05-01


def test_summary_and_indictment_are_distinct_sanctions_in_england_and_wales(store):
    doc = compare(store, TOPIC, ["UK-EW"], "2015-01-01")
    procedures = {s["procedure"] for s in sanctions(doc, "UK-EW")}
    assert procedures == {"summary", "indictment"}
    summary = [s for s in sanctions(doc, "UK-EW") if s["procedure"] == "summary"]
    assert all(s["max_prison_years"] == 0.5 for s in summary)


def test_labels_follow_the_requested_language(store):
    doc = compare(store, TOPIC, ["FR"], "2026-11-22", lang="fr")
    assert doc["topic"]["label"] == "Recours à la prostitution d'un mineur"


@pytest.mark.parametrize(
    ("topic", "codes", "at", "error"),
    [
        ("no-such-topic", ["FR"], None, NotFound),
        (TOPIC, ["XX"], None, NotFound),
        (TOPIC, [], None, BadRequest),
        (TOPIC, ["FR"], "22/11/2026", BadRequest),
    ],
)
def test_bad_input_is_a_clear_error(store, topic, codes, at, error):
    with pytest.raises(error):
        compare(store, topic, codes, at)
