"""Penalties compared as a lawyer reads them: life is life, "no prison" is not "0 years",
equal maxima are equal, fines of different kinds or currencies are not ranked, and a franc
amount is read in euros at the legal rate."""

from __future__ import annotations

import pytest

from kg.analysis.penalties import (
    Custody,
    Fine,
    changeover,
    compare_custody,
    compare_fines,
    currencies,
    within_rounding,
)
from kg.locale import using


def test_life_is_above_any_term_and_shown_as_life():
    life, thirty = Custody.of(None, life=True), Custody.of(30)
    assert compare_custody(life, thirty) == "higher"
    assert compare_custody(thirty, life) == "lower"
    with using("fr"):
        assert life.text() == "réclusion à perpétuité"
    assert life.years is None  # never a number of years on an axis


def test_equal_maxima_are_equal_not_a_gap():
    assert compare_custody(Custody.of(10), Custody.of(10.0)) == "equal"
    assert compare_custody(Custody.of(10), Custody.of(7)) == "higher"


def test_fine_only_is_no_prison_and_no_minimum_is_not_zero_years():
    none = Custody.of(0)
    assert none.kind == "none"
    assert compare_custody(Custody.of(1), none) == "higher"
    assert compare_custody(Custody.of(None), none) == "not-comparable"
    with using("en"):
        assert none.text() == "no prison (fine only)"
        assert Custody.of(None).minimum_text() == "no minimum"
        assert Custody.of(1).text() == "1 year"
        assert Custody.of(0.5).text() == "6 months"
    with using("sv"):
        assert Custody.of(None).minimum_text() == "inget minimistraff"


def test_the_legal_franc_rate_is_stated_and_applied():
    rate = currencies().rates["FRF"]
    assert (rate.units_per_euro, rate.target, rate.since) == (6.55957, "EUR", "1999-01-01")
    assert "2866/98" in rate.instrument
    francs = Fine.of(1_000_000, "FRF", "fixed", None)
    assert francs.converted == pytest.approx(152_449.02, abs=0.01)
    with using("en"):
        assert "6.55957 FRF = 1 EUR" in francs.text()
    with using("fr"):
        assert "6,55957" in francs.text()
    euros = Fine.of(150_000, "EUR", "fixed", None)
    # a million francs is a little more than 150 000 euros, not "more than ten times"
    assert compare_fines(francs, euros) == ("higher", None)
    assert changeover(francs, euros, "2002-01-01") is rate
    assert within_rounding(francs, euros)
    assert not within_rounding(francs, Fine.of(75_000, "EUR", "fixed", None))


def test_fines_of_other_kinds_or_currencies_are_not_ranked():
    day_fines = Fine.of(None, "SEK", "day-fines", None)
    euros = Fine.of(75_000, "EUR", "fixed", None)
    pounds = Fine.of(5_000, "GBP", "fixed", None)
    assert compare_fines(day_fines, euros) == ("not-comparable", "kinds")
    assert compare_fines(pounds, euros) == ("not-comparable", "currencies")
    assert compare_fines(Fine.of(None, None, "unlimited", True), euros) == ("higher", None)
    assert compare_fines(euros, Fine("none")) == ("higher", None)
    # nothing recorded is not "no fine"
    assert Fine.of(None, None, None, None).kind == "unrecorded"
    assert compare_fines(euros, Fine.of(None, None, None, None)) == ("not-comparable", "unrecorded")
    assert compare_fines(euros, Fine.of(75_000.0, "EUR", "fixed", None)) == ("equal", None)
    with using("en"):
        assert day_fines.text() == "day-fines (no maximum in money)"
