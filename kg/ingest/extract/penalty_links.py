"""Penalties tied to the provision they belong to, the part of it they apply to, and the
values of a penalty given by reference.

- In a statute, a penalty belongs to the provision whose text holds it; outside one, to the
  resolved provision cited just before it in the same sentence ("l'article 225-12-1 du code
  pénal punit de cinq ans…").
- Inside a provision, the numbered part it falls in ("I. -", "II.-") is its `condition`, so
  that paragraphs I and II of one article stay two penalties of two parts (the statute check
  compares them part by part).
- A penalty by reference takes its values from, in order: for "mêmes peines", the penalty
  just before it in the same provision; for "les peines prévues par l'article 225-5", the
  penalty of that provision in the same document, else the one curated sanction in force on
  the document's date whose legal basis it is. When none is found, or several that differ,
  it is not a penalty the text states: it is dropped (the article it names stays a
  citation). "La tentative … est punie des mêmes peines" refers to every penalty of a
  section, so it is one of those.

Every step is a binary search over positions: linear in the size of the document.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re

from pyoxigraph import NamedNode

from kg import queries
from kg.ingest.model import Document, Fine, Penalty
from kg.ns import ID
from kg.queries import Queryable
from kg.terms import date_literal, literal_value

_PART = re.compile(r"(?m)^(?P<part>[IVX]{1,5})\s*\.?\s*[-–—]")
_SENTENCE_END = re.compile(r"[.;!?](?:\s|$)")


def tie_penalties(store: Queryable, doc: Document, date: str | None) -> None:
    provisions = sorted(doc.provisions, key=lambda p: p.start)
    starts = [p.start for p in provisions]
    parts = _parts(doc, provisions)
    cited = sorted((c.end, c.resolved) for c in doc.citations if c.resolved and c.provision)
    cited_ends = [end for end, _ in cited]
    for penalty in doc.penalties:
        i = bisect.bisect_right(starts, penalty.start) - 1
        holder = provisions[i] if i >= 0 and penalty.end <= provisions[i].end else None
        if holder is not None:
            penalty.provision = holder.iri
            penalty.condition = _part_at(parts.get(holder.iri or "", []), penalty.start)
        else:
            penalty.provision = _cited_before(doc.text, cited, cited_ends, penalty.start)
    _fill_references(store, doc, date)


def _parts(doc: Document, provisions: list) -> dict[str, list[tuple[int, str]]]:
    """Per provision, the (offset, label) of its numbered parts, when it has at least two."""
    found: dict[str, list[tuple[int, str]]] = {}
    for provision in provisions:
        marks = [
            (provision.start + m.start(), m["part"])
            for m in _PART.finditer(doc.text[provision.start : provision.end])
        ]
        if len(marks) >= 2 and provision.iri:
            found[provision.iri] = marks
    return found


def _part_at(marks: list[tuple[int, str]], position: int) -> str | None:
    i = bisect.bisect_right([m[0] for m in marks], position) - 1
    return marks[i][1] if i >= 0 else None


def _cited_before(
    text: str, cited: list[tuple[int, str]], ends: list[int], position: int
) -> str | None:
    """The resolved provision cited last before `position` in the same sentence."""
    i = bisect.bisect_right(ends, position) - 1
    if i < 0:
        return None
    end, iri = cited[i]
    return None if _SENTENCE_END.search(text, end, position) else iri


def _fill_references(store: Queryable, doc: Document, date: str | None) -> None:
    by_provision: dict[str, list[Penalty]] = {}
    for penalty in doc.penalties:
        if penalty.provision and penalty.reference is None:
            by_provision.setdefault(penalty.provision, []).append(penalty)
    previous: Penalty | None = None
    for penalty in doc.penalties:
        if penalty.reference == "same":
            if (
                previous is not None
                and previous.provision == penalty.provision
                and penalty.provision
            ):
                _copy(previous, penalty)
            else:
                penalty.reason = "no earlier penalty in the same provision"
        elif penalty.reference:
            _from_reference(store, doc, penalty, by_provision, date)
        if _has_values(penalty):
            previous = penalty
    doc.penalties = [q for q in doc.penalties if q.reference is None or _has_values(q)]


def _from_reference(
    store: Queryable,
    doc: Document,
    penalty: Penalty,
    by_provision: dict[str, list[Penalty]],
    date: str | None,
) -> None:
    instrument = doc.instrument
    if not instrument:
        penalty.reason = "the provision referred to is in no known instrument"
        return
    iri = f"{ID}act/{instrument}/{penalty.reference}"
    same_document = [p for p in by_provision.get(iri, []) if _has_values(p)]
    if same_document:
        _copy(same_document[0], penalty)
        return
    if not date:
        penalty.reason = f"{iri} is not in this document and the document has no date"
        return
    at = date_literal(dt.date.fromisoformat(date))
    rows = queries.run(store, "curated-sanctions-at", provision=NamedNode(iri), at=at)
    values = {
        (literal_value(r["max"]), literal_value(r["life"]), literal_value(r["amount"]),
         literal_value(r["currency"]))
        for r in rows
    }  # fmt: skip
    if len(values) != 1:
        penalty.reason = (
            f"{len(values)} curated sanctions of {iri} in force on {date}"
            if values
            else f"no penalty of {iri} in this document or the graph on {date}"
        )
        return
    years, life, amount, currency = values.pop()
    penalty.max_prison_years = float(years) if years is not None else None
    penalty.life_imprisonment = bool(life)
    if amount is not None:
        penalty.max_fine = Fine(amount=float(amount), currency=currency, kind="fixed")


def _has_values(penalty: Penalty) -> bool:
    return bool(
        penalty.life_imprisonment or penalty.max_prison_years is not None
        or penalty.min_prison_years is not None or penalty.max_fine is not None
    )  # fmt: skip


def _copy(source: Penalty, target: Penalty) -> None:
    target.max_prison_years = source.max_prison_years
    target.min_prison_years = source.min_prison_years
    target.life_imprisonment = source.life_imprisonment
    target.max_fine = source.max_fine
    target.reason = None
