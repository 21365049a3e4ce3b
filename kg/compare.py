"""`compare(topic, jurisdictions, at)`: the /api/compare document (CONTRACT §5).

For each jurisdiction: the facts on the topic in force on `at` (validFrom ≤ at < validUntil)
with their sanctions in force on the same day, or a stated absence, or "unknown". Values
are read as recorded: a number that is not in the graph is null, never a guess.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from pyoxigraph import Literal, NamedNode

from kg import queries
from kg.catalog import expand_jurisdictions, pick_label, resolve_topic
from kg.errors import BadRequest
from kg.ns import DCTERMS, ELI, PKG, RDFS
from kg.store import Store
from kg.terms import date_literal, literal_value

#: ontology class → the `kind` of an item in the compare document.
KINDS = {
    PKG + "Offence": "offence",
    PKG + "ReportingDuty": "reporting-duty",
    PKG + "ActionPlan": "action-plan",
    PKG + "Body": "body",
    PKG + "DataSystem": "data-system",
    PKG + "StatisticalObservation": "statistic",
    PKG + "ProtectionMeasure": "protection-measure",
    PKG + "LegalInstrument": "instrument",
}
ABSENCE = PKG + "Absence"


def parse_date(value: str | date | None) -> date:
    """`at` as a date; today when not given."""
    if value is None or value == "":
        return date.today()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise BadRequest(f"'at' must be a date as YYYY-MM-DD, not {value!r}") from exc


def compare(
    store: Store, topic: str, codes: list[str], at: str | date | None = None, lang: str = "en"
) -> dict[str, Any]:
    """The comparison of `topic` across `codes` (UK expands to its parts) on `at`."""
    if not codes:
        raise BadRequest("Name at least one jurisdiction (e.g. FR, SE, UK)")
    day = parse_date(at)
    the_topic = resolve_topic(store, topic)
    members = expand_jurisdictions(store, codes)
    reader = _Reader(store, day, lang)
    rows = []
    for member in members:
        found = queries.run(
            store,
            "compare-items",
            topic=NamedNode(the_topic.iri),
            jurisdiction=NamedNode(member.iri),
            at=date_literal(day),
        )
        items = [reader.item(r) for r in found if _iri(r["class"]) in KINDS]
        absences = [reader.absence(r) for r in found if _iri(r["class"]) == ABSENCE]
        status = "present" if items else "absent" if absences else "unknown"
        row: dict[str, Any] = {"jurisdiction": member.code, "status": status, "items": items}
        if status == "absent":
            row["absence"] = absences
        rows.append(row)
    return {
        "topic": {
            "notation": the_topic.notation,
            "iri": the_topic.iri,
            "label": pick_label(the_topic.labels, lang),
        },
        "at": day.isoformat(),
        "jurisdictions": [m.code for m in members],
        "rows": rows,
    }


class _Reader:
    """Turns graph resources into the JSON shapes of the compare document."""

    def __init__(self, store: Store, day: date, lang: str) -> None:
        self.store, self.day, self.lang = store, day, lang

    def props(self, iri: str) -> dict[str, list[Any]]:
        values: dict[str, list[Any]] = defaultdict(list)
        for row in queries.run(self.store, "properties", subject=NamedNode(iri)):
            prop, value = row["property"], row["value"]
            assert isinstance(prop, NamedNode)
            if value not in values[prop.value]:
                values[prop.value].append(value)
        return values

    def label(self, values: list[Any]) -> str | None:
        labels = {v.language or "": v.value for v in values if isinstance(v, Literal)}
        return pick_label(labels, self.lang)

    def item(self, row: dict[str, Any]) -> dict[str, Any]:
        iri = _iri(row["item"])
        kind = KINDS[_iri(row["class"])]
        props = self.props(iri)
        provisions = [
            self.props(p.value) | {"@id": [p.value]}
            for p in sorted(
                _iris(props.get(PKG + "definedBy", []) + props.get(PKG + "legalSource", []))
            )
            for p in [NamedNode(p)]
        ]
        first = provisions[0] if provisions else {}
        sources = _iris(props.get(DCTERMS + "source", []))
        sanctions = []
        if kind in ("offence", "reporting-duty"):
            found = queries.run(
                self.store, "sanctions-at", item=NamedNode(iri), at=date_literal(self.day)
            )
            for sanction_row in found:
                sanction = self.sanction(_iri(sanction_row["sanction"]))
                sanctions.append(sanction)
                for source in sanction.pop("_sources"):
                    if source not in sources:
                        sources.append(source)
            sanctions.sort(key=_severity_order)
        return {
            "iri": iri,
            "kind": kind,
            "label": self.label(props.get(RDFS + "label", [])),
            "citation": self.label(first.get(PKG + "citation", [])),
            "url": _first_iri(first.get(PKG + "officialUrl", [])),
            "valid_from": literal_value(row["validFrom"]),
            "valid_until": literal_value(row["validUntil"]),
            "sanctions": sanctions,
            "details": self.details(kind, props, provisions),
            "sources": sources,
        }

    def details(
        self, kind: str, props: dict[str, list[Any]], provisions: list[dict[str, list[Any]]]
    ) -> dict[str, Any]:
        details: dict[str, Any] = {
            "verification": _verification(props),
            "checked_on": _firstliteral_value(props.get(PKG + "checkedOn", [])),
            "provisions": [
                {
                    "iri": p["@id"][0],
                    "citation": self.label(p.get(PKG + "citation", [])),
                    "number": _firstliteral_value(p.get(ELI + "number", [])),
                    "url": _first_iri(p.get(PKG + "officialUrl", [])),
                }
                for p in provisions
            ],
            "notes": [v.value for v in props.get(PKG + "note", []) if isinstance(v, Literal)],
        }
        if kind == "offence":
            details["victim_age_below"] = _firstliteral_value(props.get(PKG + "victimAgeBelow", []))
        return details

    def sanction(self, iri: str) -> dict[str, Any]:
        props = self.props(iri)
        basis = [self.props(p.value) for p in props.get(PKG + "legalBasis", [])]
        amount = _firstliteral_value(props.get(PKG + "maxFineAmount", []))
        unlimited = _firstliteral_value(props.get(PKG + "fineUnlimited", []))
        kind = _firstliteral_value(props.get(PKG + "fineKind", []))
        has_fine = amount is not None or unlimited is not None or kind is not None
        return {
            "iri": iri,
            "condition": self.label(props.get(PKG + "condition", [])),
            "condition_kind": _local(_first_iri(props.get(PKG + "conditionKind", []))),
            "procedure": _firstliteral_value(props.get(PKG + "procedure", [])),
            "victim_age_below": _firstliteral_value(props.get(PKG + "victimAgeBelow", [])),
            "victim_age_from": _firstliteral_value(props.get(PKG + "victimAgeFrom", [])),
            "max_prison_years": _firstliteral_value(props.get(PKG + "maxImprisonmentYears", [])),
            "min_prison_years": _firstliteral_value(props.get(PKG + "minImprisonmentYears", [])),
            "life_imprisonment": bool(
                _firstliteral_value(props.get(PKG + "lifeImprisonment", [])) or False
            ),
            "max_fine": {
                "amount": amount,
                "currency": _firstliteral_value(props.get(PKG + "fineCurrency", [])),
                "unlimited": bool(unlimited or kind == "unlimited"),
                "kind": kind,
            }
            if has_fine
            else None,
            "legal_basis": next(
                (self.label(b.get(PKG + "citation", [])) for b in basis if b.get(PKG + "citation")),
                None,
            ),
            "valid_from": _firstliteral_value(props.get(PKG + "validFrom", [])),
            "valid_until": _firstliteral_value(props.get(PKG + "validUntil", [])),
            "verification": _verification(props),
            "checked_on": _firstliteral_value(props.get(PKG + "checkedOn", [])),
            "notes": [v.value for v in props.get(PKG + "note", []) if isinstance(v, Literal)],
            "_sources": _iris(props.get(DCTERMS + "source", [])),
        }

    def absence(self, row: dict[str, Any]) -> dict[str, Any]:
        iri = _iri(row["item"])
        props = self.props(iri)
        return {
            "iri": iri,
            "comment": self.label(props.get(RDFS + "comment", [])),
            "valid_from": literal_value(row["validFrom"]),
            "valid_until": literal_value(row["validUntil"]),
            "sources": _iris(props.get(DCTERMS + "source", [])),
        }


def _severity_order(sanction: dict[str, Any]) -> tuple[bool, float, str]:
    """Base penalty first, then the others from the most to the least severe."""
    years = 1000.0 if sanction["life_imprisonment"] else float(sanction["max_prison_years"] or 0)
    return (sanction["condition_kind"] != "base-condition", -years, sanction["iri"])


def _iri(term: Any) -> str:
    return term.value if isinstance(term, NamedNode) else ""


def _iris(values: list[Any]) -> list[str]:
    return [v.value for v in values if isinstance(v, NamedNode)]


def _first_iri(values: list[Any]) -> str | None:
    return next(iter(_iris(values)), None)


def _local(iri: str | None) -> str | None:
    if iri is None:
        return None
    name = iri.rsplit("#", 1)[-1]
    return "".join("-" + c.lower() if c.isupper() else c for c in name).lstrip("-")


def _verification(props: dict[str, list[Any]]) -> str | None:
    status = _first_iri(props.get(PKG + "verification", []))
    return {PKG + "Verified": "verified", PKG + "Unverified": "unverified"}.get(status or "")


def _firstliteral_value(values: list[Any]) -> Any:
    return next((literal_value(v) for v in values if isinstance(v, Literal)), None)
