"""`timeline(jurisdiction, topic)`: what changed and when (the /api/timeline document).

Every validFrom/validUntil of the offences, other regime facts, stated absences and sanctions
of a jurisdiction on a topic becomes a dated event, each with its source. Successive versions
of "the same" penalty (same jurisdiction, topic, condition kind, victim age band and mode of
trial, whichever offence node carries it) are paired, so a drafter reads "penalty raised from
3 to 5 years" rather than one version ending and another starting on the same day.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from pyoxigraph import Literal, NamedNode

from kg import queries
from kg.analysis.compare import KINDS
from kg.analysis.penalties import (
    Custody,
    Fine,
    Rate,
    changeover,
    compare_custody,
    compare_fines,
    format_rate,
    within_rounding,
)
from kg.locale import _, format_money, format_number, format_years, mark, using
from kg.ns import DCTERMS, PKG, RDFS
from kg.store import Store
from kg.terms import literal_value
from kg.vocabulary import (
    choose_label,
    expand_jurisdictions,
    pick_label,
    places_and_topics,
    resolve_topic,
    scopes,
    topics,
    topics_within,
)

ABSENCE = PKG + "Absence"

#: Same-day events in reading order: what ends before what begins.
KIND_ORDER = [
    "absence-ends",
    "offence-ended",
    "fact-ends",
    "offence-created",
    "data-begins",
    "fact-starts",
    "penalty-set",
    "penalty-raised",
    "penalty-lowered",
    "penalty-changed",
    "penalty-converted",
    "penalty-ended",
    "absence-starts",
]

#: query variable → key of a penalty in the timeline document.
PENALTY_FIELDS = {
    "max": "max_prison_years",
    "min": "min_prison_years",
    "life": "life_imprisonment",
    "amount": "max_fine_amount",
    "currency": "fine_currency",
    "fineKind": "fine_kind",
    "unlimited": "fine_unlimited",
}


class _Props:
    """Properties of resources, read once each (labels, citations, sources)."""

    def __init__(self, store: Store, lang: str) -> None:
        self.store, self.lang = store, lang
        self.cache: dict[str, dict[str, list[Any]]] = {}

    def of(self, iri: str) -> dict[str, list[Any]]:
        if iri not in self.cache:
            values: dict[str, list[Any]] = defaultdict(list)
            for row in queries.run(self.store, "properties", subject=NamedNode(iri)):
                values[row["property"].value].append(row["value"])  # type: ignore[union-attr]
            self.cache[iri] = values
        return self.cache[iri]

    def text(self, iri: str, *props: str) -> str | None:
        """The first of `props` that has a literal, in the chosen language if possible."""
        for prop in props:
            labels = {
                v.language or "": v.value
                for v in self.of(iri).get(prop, [])
                if isinstance(v, Literal)
            }
            if labels:
                return pick_label(labels, self.lang)
        return None

    def name(self, iri: str) -> str | None:
        """A fact's name for the reader: its official name in the reader's language, else a
        curator's translation (:labelTranslation), else another language; a comment when
        it has no name (a stated absence)."""
        values = self.of(iri)
        official = [v for v in values.get(RDFS + "label", []) if isinstance(v, Literal)]
        translated = [v for v in values.get(PKG + "labelTranslation", []) if isinstance(v, Literal)]
        chosen = choose_label(official, translated, self.lang)
        return chosen.text if chosen else self.text(iri, RDFS + "comment")

    def iris(self, iri: str, prop: str) -> list[str]:
        return sorted(v.value for v in self.of(iri).get(prop, []) if isinstance(v, NamedNode))

    def provision(self, iri: str) -> tuple[str | None, str | None]:
        """Citation and official URL of a fact's first provision (or a provision itself)."""
        provisions = self.iris(iri, PKG + "definedBy") + self.iris(iri, PKG + "legalSource")
        target = provisions[0] if provisions else iri
        urls = self.iris(target, PKG + "officialUrl")
        return self.text(target, PKG + "citation"), (urls[0] if urls else None)


@dataclass
class _Version:
    """One sanction version, with the key that links it to its predecessor and successor."""

    iri: str
    item: str
    topic: str
    key: tuple[Any, ...]
    valid_from: str
    valid_until: str | None
    penalty: dict[str, Any]
    basis: str | None


def timeline(
    store: Store, jurisdiction: str, topic: str | None = None, lang: str = "en"
) -> dict[str, Any]:
    """Dated events of `jurisdiction` (UK expands) on `topic` (default: every topic); the
    descriptions are written in `lang`."""
    with using(lang):
        return _timeline(store, jurisdiction, topic, lang)


def _timeline(store: Store, jurisdiction: str, topic: str | None, lang: str) -> dict[str, Any]:
    members = expand_jurisdictions(store, [jurisdiction])
    scheme = topics(store)
    chosen = [resolve_topic(store, topic)] if topic else [scheme[n] for n in sorted(scheme)]
    notation_of = {t.iri: n for n, t in scheme.items()}
    props = _Props(store, lang)
    events: list[dict[str, Any]] = []
    for member in members:
        facts = _facts(store, member.iri, [t.iri for t in chosen])
        created = _creations(store, facts)
        fact_events = _fact_events(facts, member.code, notation_of, props, created)
        begins = {
            (e["subject"]["iri"], e["date"]) for e in fact_events if e["kind"] == "data-begins"
        }
        events += fact_events
        events += _sanction_events(store, facts, member.code, notation_of, props, begins)
    events.sort(key=lambda e: (e["date"], e["jurisdiction"], KIND_ORDER.index(e["kind"])))
    for event in events:
        known = scheme.get(event["topic"] or "")
        event["topic_label"] = pick_label(known.labels, lang) if known else None
    return {
        "jurisdiction": jurisdiction,
        "jurisdictions": [m.code for m in members],
        "topic": topic,
        "topics": [t.notation for t in chosen],
        "events": events,
        "note": None
        if events
        else _("Nothing is recorded for this jurisdiction and topic: the history is unknown"),
    }


def _facts(store: Store, jurisdiction: str, topic_iris: list[str]) -> dict[str, dict[str, Any]]:
    """Regime facts on the topics, one entry per fact (its own topic kept)."""
    places = scopes(store, jurisdiction)
    rows = queries.run(
        store, "timeline-facts", **places_and_topics(places, topics_within(store, topic_iris))
    )
    found: dict[str, dict[str, Any]] = {}
    for row in rows:
        iri = row["item"].value  # type: ignore[union-attr]
        found.setdefault(
            iri,
            {
                "iri": iri,
                "class": row["class"].value,  # type: ignore[union-attr]
                "topic": row["itemTopic"].value,  # type: ignore[union-attr]
                "valid_from": literal_value(row["validFrom"]),
                "valid_until": literal_value(row["validUntil"]),
            },
        )
    return found


def _creations(store: Store, facts: dict[str, dict[str, Any]]) -> dict[str, str | None]:
    """Offences whose creation the graph records, with the creating act when known: a
    defining provision first in force on the offence's first day, or a wording version
    starting that day introduced by an act. Any other first day is where the data begins."""
    offences = [f for f in facts.values() if f["class"] == PKG + "Offence"]
    if not offences:
        return {}
    starts = {f["iri"]: f["valid_from"] for f in offences}
    created: dict[str, str | None] = {}
    rows = queries.run(store, "timeline-creation", item=[NamedNode(i) for i in sorted(starts)])
    for row in rows:
        iri = row["item"].value  # type: ignore[union-attr]
        start = str(starts[iri])
        first, version_from = literal_value(row["first"]), literal_value(row["versionFrom"])
        act = row["act"].value if isinstance(row["act"], NamedNode) else None
        if version_from is not None and str(version_from) == start and act:
            created[iri] = act
        elif first is not None and str(first) == start:
            created.setdefault(iri, None)
    return created


def _fact_events(
    facts: dict[str, dict[str, Any]],
    code: str,
    notation_of: dict[str, str],
    props: _Props,
    created: dict[str, str | None] | None = None,
) -> list[dict[str, Any]]:
    """Start and end of each fact; an offence ending the day another starts is a replacement."""
    events = []
    offences = [f for f in facts.values() if f["class"] == PKG + "Offence"]
    for fact in facts.values():
        is_absence = fact["class"] == ABSENCE
        kind = "absence" if is_absence else KINDS.get(fact["class"], "fact")
        label = props.name(fact["iri"])
        citation, url = props.provision(fact["iri"])
        base = {
            "jurisdiction": code,
            "topic": notation_of.get(fact["topic"]),
            "subject": {"iri": fact["iri"], "kind": kind, "label": label},
            "citation": citation,
            "url": url,
            "sources": props.iris(fact["iri"], DCTERMS + "source"),
            "before": None,
            "after": None,
        }
        start, end = _fact_kinds(kind)
        replaces = [
            o for o in offences if kind == "offence" and o["valid_until"] == fact["valid_from"]
        ]
        text = _("{what} begins: {label}", what=_noun(kind), label=label)
        extra: dict[str, Any] = {}
        if kind == "offence":
            text = _("Offence created: {label}", label=label)
            if replaces:
                old = props.name(replaces[0]["iri"])
                text = _("Offence created: {label} (replaces {old})", label=label, old=old)
            elif fact["iri"] not in (created or {}):
                # the first version in the data, with no creation recorded: not a creation
                start = "data-begins"
                text = _(
                    "Data begins: {label} was already in force; its earlier history is not "
                    "recorded",
                    label=label,
                )
            act = (created or {}).get(fact["iri"])
            if act and not replaces:
                extra["created_by"] = {"iri": act, "label": props.text(act, *ACT_NAMES)}
                if extra["created_by"]["label"]:
                    text = _(
                        "Offence created: {label} (by {act})",
                        label=label,
                        act=extra["created_by"]["label"],
                    )
        events.append(
            base | extra | {"date": fact["valid_from"], "kind": start, "description": text}
        )
        if fact["valid_until"]:
            text = _("{what} ends: {label}", what=_noun(kind), label=label)
            if kind == "offence":
                successors = [o for o in offences if o["valid_from"] == fact["valid_until"]]
                text = (
                    _(
                        "Offence ended: {label} (replaced by {new})",
                        label=label,
                        new=props.name(successors[0]["iri"]),
                    )
                    if successors
                    else _("Offence ended: {label}", label=label)
                )
            elif is_absence:
                text = _("Absence ends: {label}", label=label)
            events.append(base | {"date": fact["valid_until"], "kind": end, "description": text})
    return events


#: Properties that name an act, best first.
ACT_NAMES = (
    "http://data.europa.eu/eli/ontology#title",
    PKG + "citation",
    RDFS + "label",
)


def _fact_kinds(kind: str) -> tuple[str, str]:
    if kind == "offence":
        return "offence-created", "offence-ended"
    if kind == "absence":
        return "absence-starts", "absence-ends"
    return "fact-starts", "fact-ends"


#: The kinds of fact, as an event names them.
NOUNS = {
    "absence": mark("Stated absence"),
    "offence": mark("Offence"),
    "reporting-duty": mark("Reporting duty"),
    "action-plan": mark("Action plan"),
    "body": mark("Body"),
    "data-system": mark("Data system"),
    "statistic": mark("Statistic"),
    "protection-measure": mark("Protection measure"),
    "instrument": mark("Instrument"),
}


def _noun(kind: str) -> str:
    return _(NOUNS[kind]) if kind in NOUNS else kind.replace("-", " ").capitalize()


def _sanction_events(
    store: Store,
    facts: dict[str, dict[str, Any]],
    code: str,
    notation_of: dict[str, str],
    props: _Props,
    begins: set[tuple[str, Any]] | None = None,
) -> list[dict[str, Any]]:
    """Penalty set, raised, lowered, changed, converted or ended: versions paired by their
    key. A first version starting where its offence's data begins is said to be in force
    when the data begins, not set that day."""
    carriers = [f["iri"] for f in facts.values() if f["class"] != ABSENCE]
    if not carriers:
        return []
    versions = _versions(store, carriers, facts, notation_of)
    by_key: dict[tuple[Any, ...], list[_Version]] = defaultdict(list)
    for version in versions:
        by_key[version.key].append(version)
    events = []
    for group in by_key.values():
        group.sort(key=lambda v: v.valid_from)
        for version in group:
            before = next((v for v in group if v.valid_until == version.valid_from), None)
            after = next(
                (v for v in group if version.valid_until and v.valid_from == version.valid_until),
                None,
            )
            start = _change_event(before, version, code, props)
            if (
                start is not None
                and before is None
                and (version.item, version.valid_from) in (begins or set())
            ):
                start["data_begins"] = True
                start["description"] = _(
                    "Penalty in force when the data begins ({condition}): {penalty}",
                    condition=_condition(version, props),
                    penalty=_penalty_text(version.penalty),
                )
            if start is not None:
                events.append(start)
            if version.valid_until and after is None:
                events.append(_event(version, code, props, "penalty-ended", version.valid_until))
                events[-1]["before"], events[-1]["after"] = version.penalty, None
                events[-1]["description"] = _(
                    "Penalty ended ({condition}): was {penalty}",
                    condition=_condition(version, props),
                    penalty=_penalty_text(version.penalty),
                )
    return events


def _versions(
    store: Store,
    carriers: list[str],
    facts: dict[str, dict[str, Any]],
    notation_of: dict[str, str],
) -> list[_Version]:
    found: dict[str, _Version] = {}
    for row in queries.run(store, "timeline-sanctions", item=[NamedNode(i) for i in carriers]):
        iri = row["sanction"].value  # type: ignore[union-attr]
        item = row["item"].value  # type: ignore[union-attr]
        values = {k: literal_value(row[k]) for k in ("below", "from", "procedure")}
        kind = row["kind"].value if isinstance(row["kind"], NamedNode) else None
        topic = notation_of.get(facts[item]["topic"], "")
        found.setdefault(
            iri,
            _Version(
                iri=iri,
                item=item,
                topic=topic,
                key=(topic, kind, values["below"], values["from"], values["procedure"]),
                valid_from=literal_value(row["validFrom"]),
                valid_until=literal_value(row["validUntil"]),
                penalty=_penalty(row),
                basis=row["basis"].value if isinstance(row["basis"], NamedNode) else None,
            ),
        )
    return list(found.values())


def _penalty(row: dict[str, Any]) -> dict[str, Any]:
    penalty = {name: literal_value(row[var]) for var, name in PENALTY_FIELDS.items()}
    penalty["life_imprisonment"] = bool(penalty["life_imprisonment"])
    penalty["fine_unlimited"] = bool(penalty["fine_unlimited"])
    return penalty


def _change_event(
    before: _Version | None, version: _Version, code: str, props: _Props
) -> dict[str, Any] | None:
    """The event that starts `version`: set (no predecessor), raised, lowered, changed;
    None when the values did not change (a new legal basis, a reworded condition)."""
    if before is None:
        event = _event(version, code, props, "penalty-set", version.valid_from)
        event["description"] = _(
            "Penalty set ({condition}): {penalty}",
            condition=_condition(version, props),
            penalty=_penalty_text(version.penalty),
        )
        event["after"] = version.penalty
        return event
    if before.penalty == version.penalty:
        return None
    kind, words, rate = _direction(before.penalty, version.penalty, version.valid_from)
    event = _event(version, code, props, kind, version.valid_from)
    if rate is not None:
        old_fine = _fine_of(before.penalty)
        event["currency_change"] = {
            "from": rate.currency,
            "to": rate.target,
            "units_per_euro": rate.units_per_euro,
            "instrument": rate.instrument,
            "source": rate.source,
            "old_amount": old_fine.amount,
            "old_amount_converted": round(old_fine.converted or 0, 2),
            "new_amount": version.penalty["max_fine_amount"],
        }
    event["description"] = _(
        "{change} ({condition})", change=words, condition=_condition(version, props)
    )
    event["before"], event["after"] = before.penalty, version.penalty
    event["previous"] = before.iri
    return event


def _fine_of(penalty: dict[str, Any]) -> Fine:
    return Fine.of(
        penalty["max_fine_amount"],
        penalty["fine_currency"],
        penalty["fine_kind"],
        penalty["fine_unlimited"],
    )


def _direction(
    old: dict[str, Any], new: dict[str, Any], on: str | None = None
) -> tuple[str, str, Rate | None]:
    """penalty-raised/lowered/changed/converted, the words for it ("raised from 3 to 5
    years"), and the fixed rate when the fine moved to another currency. Custody is ranked
    with life above any term; fines only within one currency, an old amount in francs read
    in euros at the legal rate — a changeover is never a cut."""
    custody = compare_custody(
        Custody.of(new["max_prison_years"], new["life_imprisonment"]),
        Custody.of(old["max_prison_years"], old["life_imprisonment"]),
    )
    parts = []
    if (old["max_prison_years"], old["life_imprisonment"]) != (
        new["max_prison_years"],
        new["life_imprisonment"],
    ):
        parts.append(
            _("prison raised {change}", change=_from_to(old, new))
            if custody == "higher"
            else _("prison lowered {change}", change=_from_to(old, new))
            if custody == "lower"
            else _("prison changed {change}", change=_from_to(old, new))
        )
    old_fine, new_fine = _fine_of(old), _fine_of(new)
    rate = changeover(old_fine, new_fine, on)
    converted_only = rate is not None and within_rounding(old_fine, new_fine)
    fine_order = "equal" if converted_only else compare_fines(new_fine, old_fine)[0]
    if (old["max_fine_amount"], old["fine_kind"], old["fine_unlimited"], old["fine_currency"]) != (
        new["max_fine_amount"],
        new["fine_kind"],
        new["fine_unlimited"],
        new["fine_currency"],
    ):
        if rate is not None:
            parts.append(
                _(
                    "fine converted from {old} (= {converted} at the legal rate of {rate} "
                    "{currency} = 1 {target}, {instrument}) to {new}",
                    old=_fine(old) or _("none"),
                    new=_fine(new) or _("none"),
                    rate=format_rate(rate.units_per_euro),
                    currency=rate.currency,
                    target=rate.target,
                    instrument=rate.instrument,
                    converted=format_money(round(old_fine.converted or 0), rate.target),
                )
            )
        else:
            parts.append(
                _(
                    "fine from {old} to {new}",
                    old=_fine(old) or _("none"),
                    new=_fine(new) or _("none"),
                )
            )
    if old["min_prison_years"] != new["min_prison_years"]:
        parts.append(
            _(
                "minimum from {old} to {new}",
                old=_years(old["min_prison_years"]) or _("none"),
                new=_years(new["min_prison_years"]) or _("none"),
            )
        )
    if custody in ("higher", "lower"):
        kind = "penalty-raised" if custody == "higher" else "penalty-lowered"
    elif custody == "equal" and fine_order in ("higher", "lower"):
        kind = "penalty-raised" if fine_order == "higher" else "penalty-lowered"
    elif (
        converted_only and custody == "equal" and old["min_prison_years"] == new["min_prison_years"]
    ):
        kind = "penalty-converted"
    else:
        kind = "penalty-changed"
    head = {
        "penalty-raised": _("Penalty raised"),
        "penalty-lowered": _("Penalty lowered"),
        "penalty-converted": _("Penalty converted at a fixed legal rate"),
    }.get(kind, _("Penalty changed"))
    if not parts:
        return kind, head, rate
    # the reader's punctuation: French sets a no-break space before ":" and ";"
    return kind, _("{head}: {changes}", head=head, changes=_("; ").join(parts)), rate


def _from_to(old: dict[str, Any], new: dict[str, Any]) -> str:
    """ "from 3 to 5 years" when both are terms of a year or more and the new one is more
    than a year (never "to 1 years"), else each spelt out ("from 3 years to 1 year")."""
    if (
        not old["life_imprisonment"]
        and not new["life_imprisonment"]
        and (old["max_prison_years"] or 0) >= 1
        and (new["max_prison_years"] or 0) > 1
    ):
        return _(
            "from {old} to {new} years",
            old=format_number(old["max_prison_years"]),
            new=format_number(new["max_prison_years"]),
        )
    return _("from {old} to {new}", old=_prison(old), new=_prison(new))


def _event(version: _Version, code: str, props: _Props, kind: str, day: str) -> dict[str, Any]:
    citation, url = props.provision(version.basis) if version.basis else (None, None)
    return {
        "date": day,
        "jurisdiction": code,
        "topic": version.topic,
        "kind": kind,
        "description": "",
        "subject": {
            "iri": version.iri,
            "kind": "sanction",
            "label": props.text(version.iri, PKG + "condition"),
        },
        "offence": version.item,
        "citation": citation,
        "url": url,
        "sources": props.iris(version.iri, DCTERMS + "source"),
        "before": None,
        "after": None,
    }


def _condition(version: _Version, props: _Props) -> str:
    return props.text(version.iri, PKG + "condition") or _("condition not recorded")


def _years(value: Any) -> str | None:
    if value is None:
        return None
    return format_years(value)


def _prison(penalty: dict[str, Any]) -> str:
    """Life as life, a fine-only penalty as "no prison", never "0 years"."""
    return Custody.of(penalty["max_prison_years"], penalty["life_imprisonment"]).text()


def _fine(penalty: dict[str, Any]) -> str | None:
    if penalty["fine_unlimited"] or penalty["fine_kind"] == "unlimited":
        return _("unlimited fine")
    if penalty["max_fine_amount"] is not None:
        return format_money(penalty["max_fine_amount"], penalty["fine_currency"])
    kinds = {
        "day-fines": _("day-fines"),
        "statutory-maximum": _("fine up to the statutory maximum"),
    }
    return kinds.get(penalty["fine_kind"] or "")


def _penalty_text(penalty: dict[str, Any]) -> str:
    fine = _fine(penalty)
    return _prison(penalty) + (f", {fine}" if fine else "")
