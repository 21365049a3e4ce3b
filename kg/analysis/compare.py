"""`compare(topic, jurisdictions, at)`: the /api/compare document (docs/api.md §5).

For each jurisdiction: the facts on the topic in force on `at` (validFrom ≤ at < validUntil)
with their sanctions in force on the same day, or a stated absence, or "unknown". Values
are read as recorded: a number that is not in the graph is null, never a guess.
"""

from __future__ import annotations

from datetime import date
from typing import Any, NotRequired, TypedDict

from pyoxigraph import Literal, NamedNode

from kg import queries
from kg.analysis.recommendations import about as recommendations_about
from kg.errors import BadRequest
from kg.facts import ABSENCE, KIND_ORDER, KINDS
from kg.locale import _
from kg.ns import DCTERMS, ELI, PKG, RDFS, SKOS
from kg.store import Store
from kg.store.resources import properties
from kg.terms import date_literal, literal_value
from kg.vocabulary import (
    choose_label,
    expand_jurisdictions,
    jurisdictions,
    pick_label,
    places_and_topics,
    resolve_topic,
    scopes,
    topics_within,
)

#: treaty action kind → key in an instrument's `details.parties[code]`.
TREATY_ACTIONS = {
    PKG + "Signature": "signature",
    PKG + "Ratification": "ratification",
    PKG + "EntryIntoForce": "entry_into_force",
    PKG + "CeasedToApply": "ceased_to_apply",
}
METHODS = {PKG + "Recorded": "recorded", PKG + "Estimate": "estimate"}


# ------------------------------------------------------------------ the document's shape
# The /api/compare document (docs/api.md, docs/compare.md) as types: what gaps, brief, the
# pages and the exports read. Values are JSON values; `details` varies with the kind.


class TopicRef(TypedDict):
    notation: str
    iri: str
    label: str | None


class Fine(TypedDict):
    amount: int | float | None
    currency: str | None
    unlimited: bool
    kind: str | None


class Sanction(TypedDict):
    iri: str
    condition: str | None
    condition_lang: str | None
    condition_kind: str | None
    procedure: str | None
    victim_age_below: int | None
    victim_age_from: int | None
    max_prison_years: int | float | None
    min_prison_years: int | float | None
    life_imprisonment: bool
    max_fine: Fine | None
    legal_basis: str | None
    valid_from: str | None
    valid_until: str | None
    verification: str | None
    checked_on: str | None
    notes: list[str]


class OfficialLabel(TypedDict):
    text: str
    lang: str | None


class Name(TypedDict):
    label: str | None
    label_lang: str | None
    label_translated: bool
    official_label: OfficialLabel | None


class Item(Name):
    iri: str
    kind: str
    citation: str | None
    url: str | None
    valid_from: str | None
    valid_until: str | None
    sanctions: list[Sanction]
    details: dict[str, Any]
    sources: list[str]


class AbsenceStatement(TypedDict):
    iri: str
    comment: str | None
    comment_lang: str | None
    valid_from: str | None
    valid_until: str | None
    sources: list[str]


class Row(TypedDict):
    jurisdiction: str
    status: str  # "present", "absent" or "unknown"
    items: list[Item]
    absence: NotRequired[list[AbsenceStatement]]


class Fallback(TypedDict):
    iri: str
    field: str
    lang: str | None


class CompareDocument(TypedDict):
    topic: TopicRef
    at: str
    lang: str
    jurisdictions: list[str]
    rows: list[Row]
    fallbacks: list[Fallback]


def parse_date(value: str | date | None) -> date:
    """`at` as a date; today when not given."""
    if value is None or value == "":
        return date.today()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise BadRequest(
            _("'at' must be a date as YYYY-MM-DD, not {value!r}", value=value)
        ) from exc


def compare(
    store: Store, topic: str, codes: list[str], at: str | date | None = None, lang: str = "en"
) -> CompareDocument:
    """The comparison of `topic` across `codes` (UK expands to its parts) on `at`."""
    if not codes:
        raise BadRequest(_("Name at least one jurisdiction (e.g. FR, SE, UK)"))
    day = parse_date(at)
    the_topic = resolve_topic(store, topic)
    members = expand_jurisdictions(store, codes)
    reader = _Reader(store, day, lang)
    within = topics_within(store, [the_topic.iri])
    rows: list[Row] = []
    for member in members:
        found = queries.run(
            store,
            "compare-items",
            **places_and_topics(scopes(store, member.iri), within),
            at=date_literal(day),
        )
        items = [reader.item(r) for r in found if _iri(r["class"]) in KINDS]
        items.sort(key=lambda item: KIND_ORDER.index(item["kind"]))
        absences = [reader.absence(r) for r in found if _iri(r["class"]) == ABSENCE]
        status = "present" if items else "absent" if absences else "unknown"
        row: Row = {"jurisdiction": member.code, "status": status, "items": items}
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
        "lang": lang,
        "jurisdictions": [m.code for m in members],
        "rows": rows,
        "fallbacks": reader.fallbacks,
    }


class _Reader:
    """Turns graph resources into the JSON shapes of the compare document."""

    def __init__(self, store: Store, day: date, lang: str) -> None:
        self.store, self.day, self.lang = store, day, lang
        known = jurisdictions(store)
        self.codes = {j.iri: code for code, j in known.items()}
        self.languages = {j.iri: j.languages for j in known.values()}
        #: Texts shown in another language than `lang`: {iri, field, lang}, for the reader.
        self.fallbacks: list[Fallback] = []

    def props(self, iri: str) -> dict[str, list[Any]]:
        return dict(properties(self.store, iri))

    def label(self, values: list[Any]) -> str | None:
        labels = {v.language or "": v.value for v in values if isinstance(v, Literal)}
        return pick_label(labels, self.lang)

    def text(self, iri: str, field: str, values: list[Any]) -> tuple[str | None, str | None]:
        """A curator's text (condition, comment) in the reader's language, or flagged."""
        chosen = choose_label(values, [], self.lang)
        if chosen is None:
            return None, None
        if chosen.fallback:
            self.fallbacks.append({"iri": iri, "field": field, "lang": chosen.lang})
        return chosen.text, chosen.lang

    def name(self, iri: str, props: dict[str, list[Any]]) -> Name:
        """The item's name for the reader, and its official name in its own language.

        rdfs:label (eli:title for instruments) holds official names, pkg:labelTranslation a
        curator's translations; a name in another language than the reader's is flagged.
        """
        official = props.get(RDFS + "label", []) or props.get(ELI + "title", [])
        chosen = choose_label(official, props.get(PKG + "labelTranslation", []), self.lang)
        own = self.languages.get(_first_iri(props.get(PKG + "jurisdiction", [])) or "", [])
        original = next(
            (v for lang in own for v in official if isinstance(v, Literal) and v.language == lang),
            None,
        )
        if chosen is not None and chosen.fallback:
            self.fallbacks.append({"iri": iri, "field": "label", "lang": chosen.lang})
        return {
            "label": chosen.text if chosen else None,
            "label_lang": chosen.lang if chosen else None,
            "label_translated": chosen.translation if chosen else False,
            "official_label": (
                {"text": original.value, "lang": original.language} if original else None
            ),
        }

    def concepts(self, iris: list[str]) -> list[dict[str, Any]]:
        """Concepts of the shared schemes as {notation, label} (label in the asked language)."""
        found = []
        for target in sorted(iris):
            props = self.props(target)
            found.append(
                {
                    "notation": _firstliteral_value(props.get(SKOS + "notation", [])),
                    "label": self.label(props.get(SKOS + "prefLabel", [])),
                }
            )
        return found

    def item(self, row: dict[str, Any]) -> Item:
        iri = _iri(row["item"])
        kind = KINDS[_iri(row["class"])]
        props = self.props(iri)
        provisions = [
            self.props(p) | {"@id": [p]}
            for p in sorted(
                _iris(props.get(PKG + "definedBy", []) + props.get(PKG + "legalSource", []))
            )
        ]
        first = provisions[0] if provisions else {}
        if kind == "instrument":  # an instrument is cited by its own title and page
            first = {PKG + "citation": props.get(ELI + "title", []), **props}
        sources = _iris(props.get(DCTERMS + "source", []))
        sanctions: list[Sanction] = []
        if kind in ("offence", "reporting-duty"):
            found = queries.run(
                self.store, "sanctions-at", item=NamedNode(iri), at=date_literal(self.day)
            )
            for sanction_row in found:
                sanction, sanction_sources = self.sanction(_iri(sanction_row["sanction"]))
                sanctions.append(sanction)
                sources += [s for s in sanction_sources if s not in sources]
            sanctions.sort(key=severity_order)
        return {
            "iri": iri,
            "kind": kind,
            **self.name(iri, props),
            "citation": self.label(first.get(PKG + "citation", [])),
            "url": _first_iri(first.get(PKG + "officialUrl", [])),
            "valid_from": literal_value(row["validFrom"]),
            "valid_until": literal_value(row["validUntil"]),
            "sanctions": sanctions,
            "details": self.details(kind, iri, props, provisions),
            "sources": sources,
        }

    def details(
        self,
        kind: str,
        iri: str,
        props: dict[str, list[Any]],
        provisions: list[dict[str, list[Any]]],
    ) -> dict[str, Any]:
        """Common bookkeeping plus the kind-specific fields documented in docs/compare.md."""
        details: dict[str, Any] = {
            "jurisdiction": self.code(_first_iri(props.get(PKG + "jurisdiction", []))),
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
            "implements": self.names(
                sorted(
                    {
                        target
                        for p in provisions
                        for target in _iris(
                            p.get(PKG + "implements", []) + p.get(ELI + "transposes", [])
                        )
                    }
                ),
                ELI + "title",
            ),
            "notes": self.texts(props.get(PKG + "note", [])),
            # What the monitoring bodies asked about this fact or its provisions, or which of
            # their requests it answers (docs/analyses.md, /api/recommendations).
            "recommendations": recommendations_about(
                self.store, [iri, *[p["@id"][0] for p in provisions]], self.lang
            ),
        }
        if kind in ("offence", "reporting-duty", "protection-measure"):
            details["mappings"] = self.mappings(iri)
        if kind == "offence":
            details["victim_age_below"] = _firstliteral_value(props.get(PKG + "victimAgeBelow", []))
        elif kind == "reporting-duty":
            details["duty_bearers"] = self.texts(props.get(PKG + "dutyBearer", []))
            details["duty_bearers_lang"] = self.texts_language(props.get(PKG + "dutyBearer", []))
            details["trigger"], details["trigger_lang"] = self.text(
                iri, "trigger", props.get(PKG + "trigger", [])
            )
            details["recipients"] = self.names(_iris(props.get(PKG + "recipient", [])))
            details["breach_punished"] = bool(props.get(PKG + "breachSanction"))
        elif kind == "action-plan":
            details["period"] = {
                "start": _firstliteral_value(props.get(PKG + "periodStart", [])),
                "end": _firstliteral_value(props.get(PKG + "periodEnd", [])),
            }
            details["coordinators"] = self.names(_iris(props.get(PKG + "coordinator", [])))
            amount = _firstliteral_value(props.get(PKG + "budgetAmount", []))
            details["budget"] = (
                {
                    "amount": amount,
                    "currency": _firstliteral_value(props.get(PKG + "budgetCurrency", [])),
                }
                if amount is not None
                else None
            )
            details["measures"] = [
                m["label"] for m in self.names(sorted(_iris(props.get(PKG + "hasMeasure", []))))
            ]
        elif kind == "data-system":
            details["operated_by"] = self.names(_iris(props.get(PKG + "operatedBy", [])))
        elif kind == "statistic":
            details.update(
                value=_firstliteral_value(props.get(PKG + "value", [])),
                unit=self.label(props.get(PKG + "unit", [])),
                unit_lang=self.language_of(props.get(PKG + "unit", [])),
                period=_firstliteral_value(props.get(PKG + "refPeriod", [])),
                territory=self.code(_first_iri(props.get(PKG + "refArea", []))),
                method=METHODS.get(_first_iri(props.get(PKG + "method", [])) or ""),
                attributed_to=self.label(props.get(PKG + "attributedTo", [])),
                attributed_to_lang=self.language_of(props.get(PKG + "attributedTo", [])),
                published=_firstliteral_value(props.get(PKG + "validFrom", [])),
                year=_firstliteral_value(props.get(PKG + "refYear", [])),
                **self.dimensions(props),
            )
        elif kind == "instrument":
            details["parties"] = self.parties(iri)
            details["implemented_by"] = [
                {
                    "iri": _iri(row["provision"]),
                    "citation": literal_value(row["citation"]),
                    "jurisdiction": literal_value(row["code"]),
                    "implements": literal_value(row["targetNumber"]),
                }
                for row in queries.run(self.store, "implemented-by", instrument=NamedNode(iri))
            ]
        return details

    def dimensions(self, props: dict[str, list[Any]]) -> dict[str, Any]:
        """What a figure counts, of whom, in what unit and about which offences (one concept
        each for measure, population and unit; a list for the topics and offences)."""

        def one(prop: str) -> dict[str, Any] | None:
            found = self.concepts(_iris(props.get(PKG + prop, []))[:1])
            return found[0] if found else None

        return {
            "measure": one("measure"),
            "population": one("population"),
            "unit_measure": one("unitMeasure"),
            "measured_topic": self.concepts(_iris(props.get(PKG + "measuredTopic", []))),
            "measured_offence": self.names(sorted(_iris(props.get(PKG + "measuredOffence", [])))),
        }

    def code(self, iri: str | None) -> str | None:
        return self.codes.get(iri or "")

    def language_of(self, values: list[Any]) -> str | None:
        """The language of the literal `label` would choose among `values`."""
        chosen = choose_label(values, [], self.lang)
        return chosen.lang if chosen else None

    def texts_language(self, values: list[Any]) -> str | None:
        """The language of what `texts` returns: the reader's, or the first literal's."""
        literals = [v for v in values if isinstance(v, Literal)]
        if any(v.language == self.lang for v in literals):
            return self.lang
        return literals[0].language if literals else None

    def texts(self, values: list[Any]) -> list[str]:
        """Literals in the asked language when there are some, else all of them."""
        literals = [v for v in values if isinstance(v, Literal)]
        preferred = [v.value for v in literals if v.language == self.lang]
        return preferred or [v.value for v in literals]

    def names(self, iris: list[str], fallback: str | None = None) -> list[dict[str, Any]]:
        """Linked resources as {iri, label} (a fallback property when there is no label)."""
        named = []
        for target in iris:
            props = self.props(target)
            chosen = choose_label(
                props.get(RDFS + "label", []), props.get(PKG + "labelTranslation", []), self.lang
            )
            label = chosen.text if chosen else None
            lang = chosen.lang if chosen else None
            for other in (fallback, PKG + "citation"):
                if label is None and other is not None:
                    label = self.label(props.get(other, []))
                    lang = self.language_of(props.get(other, []))
            named.append({"iri": target, "label": label, "lang": lang})
        return named

    def mappings(self, iri: str) -> list[dict[str, Any]]:
        return [
            {
                "relation": "skos:" + _iri(row["predicate"]).rsplit("#", 1)[-1],
                "topic": literal_value(row["notation"]),
                "justification": literal_value(row["justification"]),
            }
            for row in queries.run(self.store, "concept-mappings", subject=NamedNode(iri))
        ]

    def parties(self, iri: str) -> dict[str, dict[str, Any]]:
        """Treaty actions by state: {"FR": {"signature": date, "ratification": date, …}}."""
        parties: dict[str, dict[str, Any]] = {}
        for row in queries.run(self.store, "treaty-actions", treaty=NamedNode(iri)):
            code = literal_value(row["partyCode"])
            party = parties.setdefault(code, {k: None for k in TREATY_ACTIONS.values()})
            key = TREATY_ACTIONS.get(_iri(row["kind"]))
            if key is not None:
                party[key] = literal_value(row["date"])
        return parties

    def sanction(self, iri: str) -> tuple[Sanction, list[str]]:
        """The sanction, and its sources (the item that carries it lists them)."""
        props = self.props(iri)
        basis = [self.props(p.value) for p in props.get(PKG + "legalBasis", [])]
        amount = _firstliteral_value(props.get(PKG + "maxFineAmount", []))
        unlimited = _firstliteral_value(props.get(PKG + "fineUnlimited", []))
        kind = _firstliteral_value(props.get(PKG + "fineKind", []))
        has_fine = amount is not None or unlimited is not None or kind is not None
        condition, condition_lang = self.text(iri, "condition", props.get(PKG + "condition", []))
        sanction: Sanction = {
            "iri": iri,
            "condition": condition,
            "condition_lang": condition_lang,
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
        }
        return sanction, _iris(props.get(DCTERMS + "source", []))

    def absence(self, row: dict[str, Any]) -> AbsenceStatement:
        iri = _iri(row["item"])
        props = self.props(iri)
        comment, comment_lang = self.text(iri, "comment", props.get(RDFS + "comment", []))
        return {
            "iri": iri,
            "comment": comment,
            "comment_lang": comment_lang,
            "valid_from": literal_value(row["validFrom"]),
            "valid_until": literal_value(row["validUntil"]),
            "sources": _iris(props.get(DCTERMS + "source", [])),
        }


def severity_order(sanction: Sanction) -> tuple[bool, float, str]:
    """Base penalty first, then the others from the most to the least severe (life above
    any number of years), ties by IRI so the order is stable."""
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
