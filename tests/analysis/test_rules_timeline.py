"""The rules of the timeline on a small graph built for them (rules_timeline_graph.py): a
fact's start and end (start inclusive, end exclusive: an offence ending the day another
begins is replaced by it), a creation recorded or "data begins", versions of one penalty
paired into changes, life ranked above any term, fines in francs read in euros at the fixed
legal rate (6.55957 FRF = 1 EUR), and same-day events in reading order. Whole events are
compared (wording, values, dates, sources).

Fast on purpose: `make mutate` runs these once per mutant of the timeline rules."""

from __future__ import annotations

import pytest

from kg.analysis.timeline import KIND_ORDER, _direction, _fine, _from_to, timeline
from tests.analysis.rules_timeline_graph import timeline_store

ID = "https://w3id.org/policykg/id/"


def terms(
    *,
    prison: object,
    fine: object,
    min_prison: object = None,
    currency: object = "EUR",
    fine_kind: object = None,
    unlimited: bool = False,
    life: bool = False,
) -> dict[str, object]:
    """The penalty terms an event shows before or after a change, as the analysis writes them."""
    return {
        "fine_currency": currency,
        "fine_kind": fine_kind,
        "fine_unlimited": unlimited,
        "life_imprisonment": life,
        "max_fine_amount": fine,
        "max_prison_years": prison,
        "min_prison_years": min_prison,
    }


@pytest.fixture(scope="module")
def store():
    built = timeline_store()
    yield built
    built.close()


TA_T = [
    {
        "after": None,
        "before": None,
        "citation": None,
        "date": "1990-01-01",
        "description": "Stated absence begins: no offence",
        "jurisdiction": "TA",
        "kind": "absence-starts",
        "sources": ["https://example.org/a-ta"],
        "subject": {"iri": ID + "A-TA", "kind": "absence", "label": "no offence"},
        "topic": "t",
        "topic_label": "topic t",
        "url": None,
    },
    {
        "after": None,
        "before": None,
        "citation": None,
        "date": "1995-01-01",
        "description": "Absence ends: no offence",
        "jurisdiction": "TA",
        "kind": "absence-ends",
        "sources": ["https://example.org/a-ta"],
        "subject": {"iri": ID + "A-TA", "kind": "absence", "label": "no offence"},
        "topic": "t",
        "topic_label": "topic t",
        "url": None,
    },
    {
        "after": None,
        "before": None,
        "citation": "Code, art. 1",
        "date": "1995-01-01",
        "description": "Data begins: old offence was already in force; its earlier history is not "
        "recorded",
        "jurisdiction": "TA",
        "kind": "data-begins",
        "sources": ["https://example.org/o-ta1"],
        "subject": {"iri": ID + "O-TA1", "kind": "offence", "label": "old offence"},
        "topic": "t",
        "topic_label": "topic t",
        "url": "https://example.org/art-1",
    },
    {
        "after": terms(prison=3, fine=300000, min_prison=1, currency="FRF"),
        "before": None,
        "citation": "Code, art. 1",
        "data_begins": True,
        "date": "1995-01-01",
        "description": "Penalty in force when the data begins (in all cases): 3 years, FRF300,000",
        "jurisdiction": "TA",
        "kind": "penalty-set",
        "offence": ID + "O-TA1",
        "sources": ["https://example.org/s-ta1"],
        "subject": {"iri": ID + "S-TA1", "kind": "sanction", "label": "in all cases"},
        "topic": "t",
        "topic_label": "topic t",
        "url": "https://example.org/art-1",
    },
    {
        "after": terms(prison=3, fine=45734.71, min_prison=1),
        "before": terms(prison=3, fine=300000, min_prison=1, currency="FRF"),
        "citation": "Code, art. 1",
        "currency_change": {
            "from": "FRF",
            "instrument": "Council Regulation (EC) No 2866/98 of 31 December 1998",
            "new_amount": 45734.71,
            "old_amount": 300000.0,
            "old_amount_converted": 45734.71,
            "source": "https://eur-lex.europa.eu/eli/reg/1998/2866/oj",
            "to": "EUR",
            "units_per_euro": 6.55957,
        },
        "date": "2002-01-01",
        "description": "Penalty converted at a fixed legal rate: fine converted from FRF300,000 (= "
        "€45,735 at the legal rate of 6.55957 FRF = 1 EUR, Council Regulation (EC) No "
        "2866/98 of 31 December 1998) to €45,734.71 (in all cases)",
        "jurisdiction": "TA",
        "kind": "penalty-converted",
        "offence": ID + "O-TA1",
        "previous": ID + "S-TA1",
        "sources": [],
        "subject": {"iri": ID + "S-TA2", "kind": "sanction", "label": "in all cases"},
        "topic": "t",
        "topic_label": "topic t",
        "url": "https://example.org/art-1",
    },
    {
        "after": None,
        "before": None,
        "citation": None,
        "date": "2003-06-01",
        "description": "Reporting duty begins: duty",
        "jurisdiction": "TA",
        "kind": "fact-starts",
        "sources": [],
        "subject": {"iri": ID + "D-TA", "kind": "reporting-duty", "label": "duty"},
        "topic": "t",
        "topic_label": "topic t",
        "url": None,
    },
    {
        "after": None,
        "before": None,
        "citation": "Code, art. 1",
        "date": "2005-01-01",
        "description": "Offence ended: old offence (replaced by new offence)",
        "jurisdiction": "TA",
        "kind": "offence-ended",
        "sources": ["https://example.org/o-ta1"],
        "subject": {"iri": ID + "O-TA1", "kind": "offence", "label": "old offence"},
        "topic": "t",
        "topic_label": "topic t",
        "url": "https://example.org/art-1",
    },
    {
        "after": None,
        "before": None,
        "citation": "Code, art. 2",
        "date": "2005-01-01",
        "description": "Offence created: new offence (replaces old offence)",
        "jurisdiction": "TA",
        "kind": "offence-created",
        "sources": [],
        "subject": {"iri": ID + "O-TA2", "kind": "offence", "label": "new offence"},
        "topic": "t",
        "topic_label": "topic t",
        "url": None,
    },
    {
        "after": terms(prison=None, fine=None, currency=None, life=True),
        "before": None,
        "citation": None,
        "date": "2005-01-01",
        "description": "Penalty set (condition not recorded): life imprisonment",
        "jurisdiction": "TA",
        "kind": "penalty-set",
        "offence": ID + "O-TA2",
        "sources": [],
        "subject": {"iri": ID + "S-TA4", "kind": "sanction", "label": None},
        "topic": "t",
        "topic_label": "topic t",
        "url": None,
    },
    {
        "after": terms(prison=5, fine=75000, min_prison=2),
        "before": terms(prison=3, fine=45734.71, min_prison=1),
        "citation": "Code, art. 2",
        "date": "2005-01-01",
        "description": "Penalty raised: prison raised from 3 to 5 years; fine from €45,734.71 to "
        "€75,000; minimum from 1 year to 2 years (in all cases)",
        "jurisdiction": "TA",
        "kind": "penalty-raised",
        "offence": ID + "O-TA2",
        "previous": ID + "S-TA2",
        "sources": [],
        "subject": {"iri": ID + "S-TA3", "kind": "sanction", "label": "in all cases"},
        "topic": "t",
        "topic_label": "topic t",
        "url": None,
    },
    {
        "after": None,
        "before": None,
        "citation": None,
        "date": "2008-06-01",
        "description": "Reporting duty ends: duty",
        "jurisdiction": "TA",
        "kind": "fact-ends",
        "sources": [],
        "subject": {"iri": ID + "D-TA", "kind": "reporting-duty", "label": "duty"},
        "topic": "t",
        "topic_label": "topic t",
        "url": None,
    },
    {
        "after": terms(prison=20, fine=None, currency=None),
        "before": terms(prison=None, fine=None, currency=None, life=True),
        "citation": None,
        "date": "2010-01-01",
        "description": "Penalty lowered: prison lowered from life imprisonment to 20 years (victim "
        "under 15)",
        "jurisdiction": "TA",
        "kind": "penalty-lowered",
        "offence": ID + "O-TA2",
        "previous": ID + "S-TA4",
        "sources": [],
        "subject": {"iri": ID + "S-TA5", "kind": "sanction", "label": "victim under 15"},
        "topic": "t",
        "topic_label": "topic t",
        "url": None,
    },
    {
        "after": None,
        "before": terms(prison=20, fine=None, currency=None),
        "citation": "Code, art. 2",
        "date": "2015-01-01",
        "description": "Penalty ended (victim under 15): was 20 years",
        "jurisdiction": "TA",
        "kind": "penalty-ended",
        "offence": ID + "O-TA2",
        "sources": [],
        "subject": {"iri": ID + "S-TA6", "kind": "sanction", "label": "victim under 15"},
        "topic": "t",
        "topic_label": "topic t",
        "url": None,
    },
]

TB_T = [
    {
        "after": None,
        "before": None,
        "citation": "Law, s. 1",
        "date": "2001-03-01",
        "description": "Offence created: created offence",
        "jurisdiction": "TB",
        "kind": "offence-created",
        "sources": [],
        "subject": {"iri": ID + "O-TB1", "kind": "offence", "label": "created offence"},
        "topic": "t",
        "topic_label": "topic t",
        "url": None,
    },
    {
        "after": terms(prison=None, fine=1500),
        "before": None,
        "citation": None,
        "date": "2001-03-01",
        "description": "Penalty set (condition not recorded): no prison term recorded, €1,500",
        "jurisdiction": "TB",
        "kind": "penalty-set",
        "offence": ID + "O-TB1",
        "sources": [],
        "subject": {"iri": ID + "S-TB1", "kind": "sanction", "label": None},
        "topic": "t",
        "topic_label": "topic t",
        "url": None,
    },
    {
        "after": None,
        "before": None,
        "citation": "Law, s. 2",
        "created_by": {"iri": ID + "ACT", "label": "Act 2003"},
        "date": "2003-01-01",
        "description": "Offence created: enacted offence (by Act 2003)",
        "jurisdiction": "TB",
        "kind": "offence-created",
        "sources": [],
        "subject": {"iri": ID + "O-TB2", "kind": "offence", "label": "enacted offence"},
        "topic": "t",
        "topic_label": "topic t",
        "url": None,
    },
    {
        "after": terms(prison=None, fine=None, currency=None, unlimited=True, life=True),
        "before": None,
        "citation": None,
        "date": "2003-01-01",
        "description": "Penalty set (condition not recorded): life imprisonment, unlimited fine",
        "jurisdiction": "TB",
        "kind": "penalty-set",
        "offence": ID + "O-TB2",
        "sources": [],
        "subject": {"iri": ID + "S-TB3", "kind": "sanction", "label": None},
        "topic": "t",
        "topic_label": "topic t",
        "url": None,
    },
    {
        "after": None,
        "before": None,
        "citation": "Law, s. 2",
        "date": "2004-01-01",
        "description": "Offence ended: enacted offence",
        "jurisdiction": "TB",
        "kind": "offence-ended",
        "sources": [],
        "subject": {"iri": ID + "O-TB2", "kind": "offence", "label": "enacted offence"},
        "topic": "t",
        "topic_label": "topic t",
        "url": None,
    },
    {
        "after": None,
        "before": terms(prison=None, fine=None, currency=None, unlimited=True, life=True),
        "citation": None,
        "date": "2004-01-01",
        "description": "Penalty ended (condition not recorded): was life imprisonment, unlimited "
        "fine",
        "jurisdiction": "TB",
        "kind": "penalty-ended",
        "offence": ID + "O-TB2",
        "sources": [],
        "subject": {"iri": ID + "S-TB3", "kind": "sanction", "label": None},
        "topic": "t",
        "topic_label": "topic t",
        "url": None,
    },
    {
        "after": terms(prison=1, fine=None, currency="SEK", fine_kind="day-fines"),
        "before": terms(prison=None, fine=1500),
        "citation": None,
        "date": "2006-01-01",
        "description": "Penalty changed: prison changed from no prison term recorded to 1 year; fine "
        "from €1,500 to day-fines (condition not recorded)",
        "jurisdiction": "TB",
        "kind": "penalty-changed",
        "offence": ID + "O-TB1",
        "previous": ID + "S-TB1",
        "sources": [],
        "subject": {"iri": ID + "S-TB2", "kind": "sanction", "label": None},
        "topic": "t",
        "topic_label": "topic t",
        "url": None,
    },
]


def test_every_event_of_a_jurisdiction_in_order_with_its_wording_values_and_sources(store):
    doc = timeline(store, "TA", "t")
    assert doc["events"] == TA_T
    assert (doc["jurisdiction"], doc["jurisdictions"], doc["topic"], doc["topics"]) == (
        "TA",
        ["TA"],
        "t",
        ["t"],
    )
    assert doc["note"] is None
    assert timeline(store, "TB", "t")["events"] == TB_T


def test_a_composite_jurisdiction_is_its_parts_sorted_by_day_then_jurisdiction(store):
    doc = timeline(store, "TX", "t")
    assert doc["jurisdictions"] == ["TA", "TB"]
    expected = sorted(
        TA_T + TB_T, key=lambda e: (e["date"], e["jurisdiction"], KIND_ORDER.index(e["kind"]))
    )
    assert doc["events"] == expected
    # on one day, what ends comes before what begins, then the penalties
    on_day = [(e["kind"], e["subject"]["iri"]) for e in doc["events"] if e["date"] == "2005-01-01"]
    assert on_day == [
        ("offence-ended", ID + "O-TA1"),
        ("offence-created", ID + "O-TA2"),
        ("penalty-set", ID + "S-TA4"),
        ("penalty-raised", ID + "S-TA3"),
    ]
    on_day = [e["kind"] for e in doc["events"] if e["date"] == "1995-01-01"]
    assert on_day == ["absence-ends", "data-begins", "penalty-set"]


def test_every_topic_by_default_and_nothing_recorded_says_the_history_is_unknown(store):
    doc = timeline(store, "TA")
    assert doc["topic"] is None and doc["topics"] == ["t", "u"]
    other = [e for e in doc["events"] if e["topic"] == "u"]
    assert other == [
        {
            "after": None,
            "before": None,
            "citation": None,
            "date": "2001-01-01",
            "description": "Data begins: other offence was already in force; its earlier "
            "history is not recorded",
            "jurisdiction": "TA",
            "kind": "data-begins",
            "sources": [],
            "subject": {"iri": ID + "O-TAU", "kind": "offence", "label": "other offence"},
            "topic": "u",
            "topic_label": "topic u",
            "url": None,
        }
    ]
    assert [e for e in doc["events"] if e["topic"] == "t"] == TA_T
    empty = timeline(store, "TN", "t")
    assert empty == {
        "jurisdiction": "TN",
        "jurisdictions": ["TN"],
        "topic": "t",
        "topics": ["t"],
        "events": [],
        "note": "Nothing is recorded for this jurisdiction and topic: the history is unknown",
    }


def test_the_reader_language_names_the_offence_and_the_topic(store):
    events = timeline(store, "TA", "t", lang="fr")["events"]
    first = next(e for e in events if e["kind"] == "data-begins")
    assert first["subject"]["label"] == "ancienne infraction"
    assert first["topic_label"] == "thème t"
    assert first["description"] != TA_T[2]["description"]


def _penalty(years=None, life=False, amount=None, currency=None, kind=None, minimum=None):
    return {
        "max_prison_years": years,
        "min_prison_years": minimum,
        "life_imprisonment": life,
        "max_fine_amount": amount,
        "fine_currency": currency,
        "fine_kind": kind,
        "fine_unlimited": False,
    }


def test_life_is_above_any_term():
    assert _direction(_penalty(life=True), _penalty(1000)) == (
        "penalty-lowered",
        "Penalty lowered: prison lowered from life imprisonment to 1,000 years",
        None,
    )
    assert _direction(_penalty(1000), _penalty(life=True)) == (
        "penalty-raised",
        "Penalty raised: prison raised from 1,000 years to life imprisonment",
        None,
    )
    assert _direction(_penalty(5), _penalty(5)) == ("penalty-changed", "Penalty changed", None)


def test_equal_terms_rank_by_the_fine_then_the_minimum_changes_nothing_in_rank():
    assert _direction(
        _penalty(5, amount=100, currency="EUR"), _penalty(5, amount=200, currency="EUR")
    )[:2] == ("penalty-raised", "Penalty raised: fine from €100 to €200")
    assert _direction(
        _penalty(5, amount=200, currency="EUR"), _penalty(5, amount=100, currency="EUR")
    )[:2] == ("penalty-lowered", "Penalty lowered: fine from €200 to €100")
    # a higher term with a lower fine is raised: custody first
    assert _direction(
        _penalty(5, amount=200, currency="EUR"), _penalty(6, amount=100, currency="EUR")
    )[:2] == (
        "penalty-raised",
        "Penalty raised: prison raised from 5 to 6 years; fine from €200 to €100",
    )
    assert _direction(_penalty(5, minimum=1), _penalty(5, minimum=2))[:2] == (
        "penalty-changed",
        "Penalty changed: minimum from 1 year to 2 years",
    )
    assert _direction(_penalty(5), _penalty(5, minimum=2))[:2] == (
        "penalty-changed",
        "Penalty changed: minimum from none to 2 years",
    )
    assert _direction(_penalty(5, minimum=2), _penalty(5))[:2] == (
        "penalty-changed",
        "Penalty changed: minimum from 2 years to none",
    )
    # not comparable custody (nothing recorded) is a change, not a raise
    assert _direction(_penalty(), _penalty(2))[:2] == (
        "penalty-changed",
        "Penalty changed: prison changed from no prison term recorded to 2 years",
    )


def test_francs_are_read_in_euros_at_the_fixed_legal_rate_from_its_first_day():
    francs = _penalty(7, amount=655957, currency="FRF")
    kind, words, rate = _direction(francs, _penalty(7, amount=100000, currency="EUR"), "1999-01-01")
    assert kind == "penalty-converted"
    assert words == (
        "Penalty converted at a fixed legal rate: fine converted from FRF655,957 (= €100,000 at "
        "the legal rate of 6.55957 FRF = 1 EUR, Council Regulation (EC) No 2866/98 of 31 "
        "December 1998) to €100,000"
    )
    assert rate is not None and (rate.currency, rate.target, rate.units_per_euro) == (
        "FRF",
        "EUR",
        6.55957,
    )
    # the day before the rate exists: no conversion, the fine is not comparable
    assert _direction(francs, _penalty(7, amount=100000, currency="EUR"), "1998-12-31") == (
        "penalty-changed",
        "Penalty changed: fine from FRF655,957 to €100,000",
        None,
    )
    # up to 5% off the converted amount is the changeover rounding; beyond is a real change
    assert _direction(francs, _penalty(7, amount=105000, currency="EUR"), "2002-01-01")[0] == (
        "penalty-converted"
    )
    assert _direction(francs, _penalty(7, amount=95000, currency="EUR"), "2002-01-01")[0] == (
        "penalty-converted"
    )
    assert _direction(francs, _penalty(7, amount=106000, currency="EUR"), "2002-01-01")[0] == (
        "penalty-raised"
    )
    assert _direction(francs, _penalty(7, amount=94000, currency="EUR"), "2002-01-01")[0] == (
        "penalty-lowered"
    )
    # a conversion with another change of the term or the minimum is not only a conversion
    assert _direction(francs, _penalty(8, amount=100000, currency="EUR"), "2002-01-01")[0] == (
        "penalty-raised"
    )
    changed = _direction(
        francs, _penalty(7, amount=100000, currency="EUR", minimum=1), "2002-01-01"
    )
    assert changed[0] == "penalty-changed" and changed[2] is not None
    assert changed[1].endswith("to €100,000; minimum from none to 1 year")


def test_prison_and_fines_are_spelt_out():
    assert _from_to(_penalty(3), _penalty(5)) == "from 3 to 5 years"
    assert _from_to(_penalty(1), _penalty(2)) == "from 1 to 2 years"
    assert _from_to(_penalty(0.5), _penalty(2)) == "from 6 months to 2 years"
    assert _from_to(_penalty(2), _penalty(0.5)) == "from 2 years to 6 months"
    assert _from_to(_penalty(life=True), _penalty(2)) == "from life imprisonment to 2 years"
    assert _from_to(_penalty(2), _penalty(life=True)) == "from 2 years to life imprisonment"
    assert _fine(_penalty(kind="unlimited")) == "unlimited fine"
    assert _fine(_penalty(amount=5, currency="EUR", kind="unlimited")) == "unlimited fine"
    assert _fine(_penalty(kind="day-fines")) == "day-fines"
    assert _fine(_penalty(kind="statutory-maximum")) == "fine up to the statutory maximum"
    assert _fine(_penalty(amount=5, currency="EUR")) == "€5"
    assert _fine(_penalty()) is None
    assert _fine(_penalty(kind="other")) is None
    assert _direction(_penalty(2, amount=5, currency="EUR"), _penalty(2))[1] == (
        "Penalty changed: fine from €5 to none"
    )
    assert _direction(_penalty(2), _penalty(2, amount=5, currency="EUR"))[1] == (
        "Penalty changed: fine from none to €5"
    )


def test_a_narrower_topic_kinds_and_victim_ages_keep_penalties_apart(store):
    """TC: a later amending act is not the creating one; penalties of another condition kind
    or victim age are separate penalties, not one changed; francs before the fixed rate
    exists are not converted."""
    events = timeline(store, "TC", "t")["events"]
    rows = [
        (e["date"], e["kind"], e["subject"]["iri"].removeprefix(ID), e["topic"], e["description"])
        for e in events
    ]
    assert rows == [
        ("1995-01-01", "offence-created", "O-TC1", None, "Offence created: c offence"),
        (
            "1995-01-01",
            "penalty-set",
            "S-TC2",
            "",
            "Penalty set (condition not recorded): 10 years",
        ),
        ("1995-01-01", "penalty-set", "S-TC4", "", "Penalty set (condition not recorded): 3 years"),
        (
            "1995-01-01",
            "penalty-set",
            "S-TC5",
            "",
            "Penalty set (condition not recorded): 5 years, FRF65,595.70",
        ),
        (
            "1995-01-01",
            "penalty-set",
            "S-TC7",
            "",
            "Penalty set (condition not recorded): 1 year, FRF0",
        ),
        (
            "1998-01-01",
            "penalty-changed",
            "S-TC6",
            "",
            "Penalty changed: fine from FRF65,595.70 to €10,000 (condition not recorded)",
        ),
        (
            "2002-01-01",
            "penalty-raised",
            "S-TC8",
            "",
            "Penalty raised: fine converted from FRF0 (= €0 at the legal rate of 6.55957 FRF = 1 "
            "EUR, Council Regulation (EC) No 2866/98 of 31 December 1998) to €10 (condition not "
            "recorded)",
        ),
        ("2005-01-01", "penalty-set", "S-TC1", "", "Penalty set (condition not recorded): 2 years"),
        (
            "2005-01-01",
            "penalty-ended",
            "S-TC4",
            "",
            "Penalty ended (condition not recorded): was 3 years",
        ),
        (
            "2010-01-01",
            "penalty-set",
            "S-TC3",
            "",
            "Penalty set (condition not recorded): 12 years",
        ),
        (
            "2010-01-01",
            "penalty-ended",
            "S-TC2",
            "",
            "Penalty ended (condition not recorded): was 10 years",
        ),
    ]
    assert all(e["topic_label"] is None for e in events)
    assert "created_by" not in events[0]
    [converted] = [e for e in events if "currency_change" in e]
    assert converted["currency_change"] == {
        "from": "FRF",
        "to": "EUR",
        "units_per_euro": 6.55957,
        "instrument": "Council Regulation (EC) No 2866/98 of 31 December 1998",
        "source": "https://eur-lex.europa.eu/eli/reg/1998/2866/oj",
        "old_amount": 0.0,
        "old_amount_converted": 0.0,
        "new_amount": 10,
    }


def test_a_new_term_of_one_year_is_never_one_years():
    assert _from_to(_penalty(3), _penalty(1)) == "from 3 years to 1 year"
    assert _from_to(_penalty(3), _penalty(1.5)) == "from 3 to 1.5 years"
    assert _from_to(_penalty(3), _penalty()) == "from 3 years to no prison term recorded"
    assert _from_to(_penalty(), _penalty(3)) == "from no prison term recorded to 3 years"
