"""`coverage(store, at)`: the topic × jurisdiction matrix of present / absent / unknown.

A cell is *present* when a rule, body, plan or figure on the topic is in force on the day,
*absent* when the graph states that the jurisdiction has none, and *unknown* when nothing is
recorded. The same facts give, per cell, the periods since the horizon (2000-01-01) for which
nothing is recorded, and the data files give the count of unverified facts. Facts of an
enclosing jurisdiction (UK-wide ones) count for its parts, as in `compare`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, TypedDict

from pyoxigraph import Literal, NamedNode

from kg import queries
from kg.analysis.compare import parse_date
from kg.facts import ABSENCE, in_force
from kg.ns import GRAPH, PKG
from kg.store import Store, named_graphs
from kg.vocabulary import (
    Jurisdiction,
    expand_jurisdictions,
    jurisdictions,
    pick_label_and_language,
    topics,
)

HORIZON = date(2000, 1, 1)
#: what `coverage` shows when no jurisdiction is asked for.
DEFAULT_JURISDICTIONS = ["FR", "SE", "UK-EW", "UK-SCT", "UK-NI", "EU", "CoE"]
STATUSES = ("present", "absent", "unknown")


#: A period as the document shows it (`until` None = open); "from" is a Python keyword,
#: hence the functional form.
PeriodDict = TypedDict("PeriodDict", {"from": str, "until": str | None})


class Label(TypedDict):
    text: str
    lang: str


class VerificationCounts(TypedDict):
    verified: int
    unverified: int
    by_file: dict[str, dict[str, int]]
    by_jurisdiction: dict[str, dict[str, float]]


class CoverageDocument(TypedDict):
    """The /api/coverage document (docs/api.md)."""

    at: str
    lang: str
    topics: list[str]
    jurisdictions: list[str]
    matrix: dict[str, dict[str, str]]
    totals: dict[str, int]
    unknown_since_2000: dict[str, dict[str, list[PeriodDict]]]
    topic_labels: dict[str, Label]
    verification: VerificationCounts


@dataclass(frozen=True)
class Period:
    """[start, end): end None = open."""

    start: date
    end: date | None

    def holds_on(self, day: date) -> bool:
        return in_force(self.start, self.end, day)

    def as_dict(self) -> PeriodDict:
        return {"from": self.start.isoformat(), "until": self.end.isoformat() if self.end else None}


@dataclass
class Coverage:
    at: date
    topics: list[str]
    jurisdictions: list[str]
    all_codes: list[str] = field(default_factory=list)
    cells: dict[tuple[str, str], str] = field(default_factory=dict)
    gaps: dict[tuple[str, str], list[Period]] = field(default_factory=dict)
    verification: dict[str, dict[str, int]] = field(default_factory=dict)
    topic_labels: dict[str, Label] = field(default_factory=dict)
    lang: str = "en"

    @property
    def unverified(self) -> int:
        return sum(v.get("unverified", 0) for v in self.verification.values())

    @property
    def verified(self) -> int:
        return sum(v.get("verified", 0) for v in self.verification.values())

    def unknown_cells(self) -> list[tuple[str, str]]:
        return [
            (code, topic)
            for code in self.jurisdictions
            for topic in self.topics
            if self.cells.get((code, topic)) == "unknown"
        ]

    def as_dict(self) -> CoverageDocument:
        return {
            "at": self.at.isoformat(),
            "lang": self.lang,
            "topics": self.topics,
            "jurisdictions": self.jurisdictions,
            "matrix": {
                code: {topic: self.cells[(code, topic)] for topic in self.topics}
                for code in self.jurisdictions
            },
            "totals": {
                status: sum(1 for v in self.cells.values() if v == status) for status in STATUSES
            },
            "unknown_since_2000": {
                code: {
                    topic: [p.as_dict() for p in self.gaps[(code, topic)]]
                    for topic in self.topics
                    if self.gaps.get((code, topic))
                }
                for code in self.jurisdictions
            },
            "topic_labels": self.topic_labels,
            "verification": {
                "verified": self.verified,
                "unverified": self.unverified,
                "by_file": self.verification,
                "by_jurisdiction": self.by_jurisdiction(),
            },
        }

    def by_jurisdiction(self) -> dict[str, dict[str, float]]:
        """Verified and unverified counts and the verified share per jurisdiction, read from
        the data files' names (data/jurisdictions/FR, data/statistics/FR, data/…/GRETA-FR)."""
        totals: dict[str, dict[str, float]] = {}
        for name, counts in self.verification.items():
            stem = name.rsplit("/", 1)[-1]
            code = stem if stem in self.all_codes else stem.rsplit("-", 1)[-1]
            for known in self.all_codes:  # UK-EW wins over EW
                if stem.endswith("-" + known) or stem == known:
                    code = known
            entry = totals.setdefault(code, {"verified": 0, "unverified": 0})
            entry["verified"] += counts.get("verified", 0)
            entry["unverified"] += counts.get("unverified", 0)
        for entry in totals.values():
            checked = entry["verified"] + entry["unverified"]
            entry["share"] = round(entry["verified"] / checked, 3) if checked else 0.0
        return dict(sorted(totals.items()))


@dataclass(frozen=True)
class _Fact:
    absence: bool
    period: Period


def coverage(
    store: Store, at: str | date | None = None, codes: list[str] | None = None, lang: str = "en"
) -> Coverage:
    """The coverage matrix on `at` (default today) for `codes` (default: all seven); topic
    labels in `lang`."""
    day = parse_date(at)
    known = jurisdictions(store)
    members = _members(store, known, codes)
    scheme = topics(store)
    topic_order = _topic_order(store, scheme)
    by_iri = {j.iri: j.code for j in known.values()}
    notation = {t.iri: t.notation for t in scheme.values()}

    facts: dict[tuple[str, str], list[_Fact]] = defaultdict(list)
    # Only the facts of the asked jurisdictions and those enclosing them are read: the query
    # starts from them (an index look-up each), so its cost follows the matrix, not the store.
    scopes = sorted({s for member in members for s in _scopes(member, known)})
    asked = [NamedNode(known[s].iri) for s in scopes]
    for row in queries.run(store, "coverage-facts", jurisdiction=asked) if asked else []:
        code = by_iri.get(_value(row["jurisdiction"]))
        topic = notation.get(_value(row["topic"]))
        if code is None or topic is None:
            continue
        start = date.fromisoformat(_value(row["validFrom"]))
        end = row["validUntil"]
        period = Period(start, date.fromisoformat(end.value) if isinstance(end, Literal) else None)
        facts[(code, topic)].append(_Fact(_value(row["class"]) == ABSENCE, period))

    result = Coverage(day, topic_order, [m.code for m in members], sorted(known, key=len))
    result.topic_labels = {
        n: {"text": chosen[0], "lang": chosen[1]}
        for n, t in scheme.items()
        if (chosen := pick_label_and_language(t.labels, lang))
    }
    result.lang = lang
    for member in members:
        scopes = _scopes(member, known)
        for topic in topic_order:
            cell = [f for scope in scopes for f in facts.get((scope, topic), [])]
            result.cells[(member.code, topic)] = _status(cell, day)
            result.gaps[(member.code, topic)] = uncovered(
                [f.period for f in cell], HORIZON, max(day, HORIZON)
            )
    result.verification = verification_counts(store)
    return result


def verification_counts(store: Store) -> dict[str, dict[str, int]]:
    """Verified and unverified curated resources per data file (graph name without prefix)."""
    counts: dict[str, dict[str, int]] = {}
    # Counted in the curated data files' graphs only, named from the graph index: a count
    # over every graph read every ingested document and every other graph of the store.
    curated = named_graphs(store, keep=lambda iri: iri.startswith(GRAPH + "data/"))
    if not curated:
        return counts
    for row in queries.run(store, "verification-count", graph=curated):
        graph = _value(row["graph"]).removeprefix(GRAPH)
        if not graph.startswith("data/"):
            continue
        status = {PKG + "Verified": "verified", PKG + "Unverified": "unverified"}.get(
            _value(row["verification"])
        )
        if status is None:
            continue
        entry = counts.setdefault(graph.removeprefix("data/"), {"verified": 0, "unverified": 0})
        entry[status] += int(_value(row["facts"]))
    return counts


def _status(facts: list[_Fact], day: date) -> str:
    in_force = [f for f in facts if f.period.holds_on(day)]
    if any(not f.absence for f in in_force):
        return "present"
    return "absent" if in_force else "unknown"


def uncovered(periods: list[Period], start: date, end: date) -> list[Period]:
    """The parts of [start, end] that no period covers (the last one open if it reaches end)."""
    gaps: list[Period] = []
    cursor = start
    for period in sorted(periods, key=lambda p: p.start):
        if period.start > cursor:
            gaps.append(Period(cursor, min(period.start, end + timedelta(days=1))))
        if period.end is None:
            cursor = date.max
            break
        cursor = max(cursor, period.end)
        if cursor > end:
            break
    if cursor <= end:
        gaps.append(Period(cursor, None))
    return [g for g in gaps if g.start <= end]


def _members(
    store: Store, known: dict[str, Jurisdiction], codes: list[str] | None
) -> list[Jurisdiction]:
    return expand_jurisdictions(store, codes or [c for c in DEFAULT_JURISDICTIONS if c in known])


def _scopes(member: Jurisdiction, known: dict[str, Jurisdiction]) -> list[str]:
    """The jurisdiction and every one it is part of (UK-EW → UK-EW, UK)."""
    scopes = [member.code]
    while (parent := known[scopes[-1]].part_of) is not None and parent not in scopes:
        scopes.append(parent)
    return scopes


def _topic_order(store: Store, scheme: dict[str, Any]) -> list[str]:
    """The scheme's ordered topics (ontology/topics.ttl), then any others by notation."""
    ordered = [_value(row["notation"]) for row in queries.run(store, "topic-order")]
    place = {notation: i for i, notation in enumerate(ordered)}
    return sorted(scheme, key=lambda notation: (place.get(notation, len(place)), notation))


def _value(term: Any) -> str:
    return term.value if isinstance(term, (NamedNode, Literal)) else ""
