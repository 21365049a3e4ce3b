"""Penalties read in ingested statutes against the curated sanctions of the same provision.

For each penalty found in a statute version (a provision and the date that version starts),
the curated sanctions with that provision as legal basis and in force on that date should
include one with the same maximum prison term (life or years) and, when both state one, the
same maximum fine. Every penalty that matches none of them is a disagreement to look at:
the curated fact may be wrong, or the statute text may be another version.

A provision in numbered parts ("I. -", "II. -") states one penalty per part, and the curated
facts may model only some parts (art. 225-4-2 since 2013: part II only). A penalty of one
part that matches no curated sanction is therefore not a disagreement when a penalty of
another part of the same version matches one: that part is curated, this one is not
(counted as uncurated).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from pyoxigraph import Literal, NamedNode

from kg import queries
from kg.store import Store
from kg.terms import date_literal, literal_value


@dataclass(frozen=True)
class Disagreement:
    document: str
    provision: str
    at: str
    statute_says: str
    quote: str
    curated: list[str]


@dataclass(frozen=True)
class Check:
    compared: int  # statute penalties that had curated sanctions to compare with
    uncurated: int  # statute penalties on provisions or dates without curated sanctions
    disagreements: list[Disagreement]


Penalty = tuple[bool, float | None, float | None, str | None]


def _penalty(row: Mapping[str, object]) -> Penalty:
    life = bool(literal_value(row["life"])) if isinstance(row["life"], Literal) else False
    years = literal_value(row["max"])
    amount = literal_value(row["amount"])
    currency = literal_value(row["currency"])
    return life, years, amount, currency


def _describe(penalty: Penalty) -> str:
    life, years, amount, currency = penalty
    prison = "life" if life else (f"{years:g} years" if years is not None else "no prison term")
    fine = f", {amount:,.0f} {currency or ''}".rstrip() if amount is not None else ""
    return prison + fine


def _agrees(statute: Penalty, curated: Penalty) -> bool:
    if statute[0] != curated[0] or (not statute[0] and statute[1] != curated[1]):
        return False
    both_fined = statute[2] is not None and curated[2] is not None
    return not both_fined or (statute[2] == curated[2] and statute[3] == curated[3])


def check(store: Store) -> Check:
    compared = uncurated = 0
    disagreements = []
    unmatched: list[tuple[queries.Row, Penalty, list[Penalty]]] = []
    matched_parts: dict[tuple[str, str, str], set[str]] = {}
    for row in queries.run(store, "statute-penalties"):
        provision, at = row["provision"], row["from"]
        assert isinstance(provision, NamedNode) and isinstance(at, Literal)
        statute = _penalty(row)
        curated = [
            _penalty(r)
            for r in queries.run(
                store,
                "curated-sanctions-at",
                provision=provision,
                at=date_literal(date.fromisoformat(at.value)),
            )
        ]
        if not curated:
            uncurated += 1
            continue
        key = (row.text("document"), provision.value, at.value)
        part = literal_value(row.get("condition")) or ""
        if any(_agrees(statute, c) for c in curated):
            compared += 1
            matched_parts.setdefault(key, set()).add(part)
        else:
            unmatched.append((row, statute, curated))
    for row, statute, curated in unmatched:
        key = (row.text("document"), row.text("provision"), row.text("from"))
        part = literal_value(row.get("condition")) or ""
        if part and matched_parts.get(key, set()) - {part, ""}:
            uncurated += 1  # another part of this provision is the curated one
            continue
        compared += 1
        disagreements.append(
            Disagreement(
                document=str(row.text("document")),
                provision=row.text("provision"),
                at=row.text("from"),
                statute_says=_describe(statute),
                quote=str(row.text("quote")),
                curated=sorted({_describe(c) for c in curated}),
            )
        )
    return Check(compared, uncurated, disagreements)
