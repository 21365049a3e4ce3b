"""What a regime fact is, for every reader: its kinds, and when it is in force.

Kinds. One list, kept as data in `kg/fact-kinds.csv` (in the order the compare document
shows the kinds), read by the analyses and by the SPARQL fragments `#include fact-classes`
and `#include regime-classes` (see `kg.queries`), so adding a kind is one line in one file.
A stated absence (`pkg:Absence`) is not a kind of fact but the statement that there is none;
`fact-classes` includes it because compare, coverage and the timeline read both.

In force. A fact (offence, sanction, duty, plan, provision version, …) is in force on a day
when its start is on or before that day and its end, if any, is after it: `validFrom <= at <
validUntil`, start inclusive, end exclusive, a missing end (or start) open. A law that ends
on 1 January no longer applies on 1 January; its successor, starting that day, does. The
SPARQL queries share the same rule as the fragment `kg/queries/include/in-force.rq`
(`#include in-force …`); the network views' `at=` (kg/publish/network.py `in_force_on`)
call `in_force` below.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources

from kg.ns import PKG

ABSENCE = PKG + "Absence"
Day = date | str | None


@dataclass(frozen=True)
class FactKind:
    """One kind: its ontology class IRI, its name in documents, and whether it is a feature
    of a regime (the analytics compare regimes on features; whole instruments are not)."""

    iri: str
    kind: str
    regime_feature: bool


@cache
def fact_kinds() -> tuple[FactKind, ...]:
    """Every kind, in the order of `kg/fact-kinds.csv`."""
    text = resources.files("kg").joinpath("fact-kinds.csv").read_text(encoding="utf-8")
    return tuple(
        FactKind(PKG + row["class"], row["kind"], row["regime_feature"] == "yes")
        for row in csv.DictReader(text.splitlines())
    )


def kinds() -> dict[str, str]:
    """Ontology class IRI → kind name, in document order."""
    return {k.iri: k.kind for k in fact_kinds()}


def regime_kinds() -> dict[str, str]:
    """The kinds that are features of a regime (every kind but whole instruments)."""
    return {k.iri: k.kind for k in fact_kinds() if k.regime_feature}


KINDS = kinds()
KIND_ORDER = list(KINDS.values())


def as_day(value: Day) -> date | None:
    """A date, an ISO `YYYY-MM-DD` text (longer timestamps cut to their day) or None."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(value[:10])


def in_force(valid_from: Day, valid_until: Day, at: date | str) -> bool:
    """Whether a fact valid from `valid_from` (inclusive) until `valid_until` (exclusive)
    is in force on `at`; None for either end leaves that end open."""
    day = as_day(at)
    if day is None:
        raise ValueError("in_force needs a day")
    start, end = as_day(valid_from), as_day(valid_until)
    return (start is None or start <= day) and (end is None or day < end)
