"""`gaps_between(store, reference, target, at)`: what the reference regime has that the target
lacks or has weaker, dimension by dimension, each finding with its evidence (the /api/gaps
document, docs/analyses.md).

Why it is built this way:

- **Never contradicts the coverage matrix.** Each side's status on a topic is the coverage
  cell (`kg.analysis.coverage`): present, absent (a sourced statement) or unknown (nothing
  recorded). A topic is compared dimension by dimension only when both sides have facts on
  it; otherwise one topic-level finding says why (`gap` against a stated absence, `unknown`
  when nothing is recorded). So "unknown" is never said of a side the matrix shows with
  facts, and a missing record is never turned into a gap.
- **Typed dimensions**, not raw numbers: offence elements (ontology/elements.ttl, compared
  by the rules of kg/analysis/data/dimensions.yaml), maximum and minimum custody (life as
  life, "no prison" rather than "0 years"), maximum fine by kind (day-fines, statutory
  maximum, unlimited, fixed amounts compared in one currency through fixed legal rates
  only: kg/analysis/penalties.py), reporting duties, data systems, plans, coordination
  bodies and recorded figures. Where two values cannot be ranked the finding says
  `not-comparable` and why, rather than guessing.
- **Alignments** name why two offences are compared: their SKOS mappings to the shared topic
  (exact, close, broad…) and the element dimensions on which they agree or differ.

UK on either side expands to its three criminal-law jurisdictions, each compared on its own.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from functools import cache
from importlib import resources
from typing import Any, Literal

from pyoxigraph import Literal as RdfLiteral
from pyoxigraph import NamedNode

from kg import queries
from kg.analysis.compare import compare, parse_date
from kg.analysis.coverage import coverage
from kg.analysis.penalties import (
    Custody,
    Fine,
    Order,
    Rate,
    compare_custody,
    compare_fines,
    currencies,
    format_rate,
)
from kg.errors import BadRequest
from kg.facts import in_force
from kg.locale import _, format_number, mark, ngettext, using
from kg.ns import PKG
from kg.store import Store
from kg.terms import literal_value
from kg.vocabulary import expand_jurisdictions, pick_label, pick_label_and_language, topics

Verdict = Literal["gap", "no-gap", "unknown", "not-comparable"]
Direction = Literal["reference-stronger", "target-stronger", "equal", "differs"]
Status = Literal["present", "absent", "unknown"]

#: The dimensions, in the order a page lists them, with their names for the reader.
DIMENSIONS: dict[str, str] = {
    "presence": mark("rules on the topic"),
    "demand-penalised": mark("buying sex is an offence"),
    "offence": mark("an offence on the topic"),
    "max-custody": mark("maximum custody"),
    "min-custody": mark("minimum custody"),
    "max-fine": mark("maximum fine"),
    "element": mark("element of the offence or duty"),
    "mandatory-reporting": mark("a legal duty to report suspected exploitation"),
    "centralised-data": mark("a central register or referral system for victims"),
    "action-plan": mark("an action plan in force"),
    "coordination-body": mark("a coordinating body"),
    "figures": mark("recorded figures"),
}

#: Dimensions that ask "is there an item of this kind on the topic?": dimension → (topics
#: it applies to (None: every topic), item kind).
DEMAND_TOPICS = ("purchase-sex-minor", "purchase-sex-adult")
KIND_DIMENSIONS: dict[str, tuple[tuple[str, ...] | None, str]] = {
    "demand-penalised": (DEMAND_TOPICS, "offence"),
    "offence": (None, "offence"),
    "mandatory-reporting": (("reporting-duty",), "reporting-duty"),
    "centralised-data": (("data-system",), "data-system"),
    "action-plan": (("action-plan",), "action-plan"),
    "coordination-body": (("coordination-body",), "body"),
}


@dataclass
class Basis:
    """One provision a typed element rests on: its IRI, citation and official URL."""

    iri: str
    citation: str | None
    url: str | None


@dataclass
class Evidence:
    """One fact (or stated absence, or typed element) behind a finding, with its sources.

    `citation` and `url` are those of the first provision; an element can rest on several
    (an offence's own article and the general rule on attempt, on age or on jurisdiction),
    all of them in `bases`, which a reader needs to check the finding."""

    jurisdiction: str
    iri: str
    kind: str
    label: str | None
    label_lang: str | None
    citation: str | None
    url: str | None
    sources: list[str]
    sanctions: list[str] = field(default_factory=list)
    checked_on: str | None = None
    verification: str | None = None
    bases: list[Basis] = field(default_factory=list)


@dataclass
class SideValue:
    """One side's value on a dimension: `text` in the reader's language, `status` the
    coverage cell of the topic, `data` the typed value (custody kind and years, fine kind and
    amounts, element values…)."""

    status: Status
    text: str
    data: dict[str, Any] = field(default_factory=dict)
    #: `text` in pieces, each {"text", "lang"}: `lang` is the language of a label read from
    #: the graph, None for interface text in the reader's language. A page marks each data
    #: piece with its own `lang` (a screen reader then pronounces it right).
    pieces: list[dict[str, str | None]] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.pieces:
            self.pieces = [{"text": self.text, "lang": None}]

    @classmethod
    def joined(
        cls,
        status: Status,
        pieces: list[tuple[str, str | None]],
        data: dict[str, Any] | None = None,
    ) -> SideValue:
        """A value made of interface text and data labels, `text` being their concatenation."""
        kept = [{"text": text, "lang": lang} for text, lang in pieces if text]
        return cls(status, "".join(text for text, _ in pieces), data or {}, kept)


@dataclass
class Finding:
    dimension: str
    dimension_label: str
    topic: str
    topic_label: str | None
    verdict: Verdict
    direction: Direction | None
    #: for a gap: "lacks" (the target has none of it) or "weaker" (it has less)
    kind: str | None
    explanation: str
    reference_value: SideValue
    target_value: SideValue
    evidence: dict[str, list[Evidence]]
    #: the element dimension or the measure a finding is about ("victim-age", "convictions")
    aspect: str | None = None


@dataclass
class TopicVerdict:
    topic: str
    label: str | None
    reference_status: Status
    target_status: Status
    verdict: Verdict
    reason: str


@dataclass
class ElementMatch:
    dimension: str
    label: str
    same: bool
    reference: list[str]
    target: list[str]
    #: the two values in pieces (see SideValue.pieces), for pages
    reference_pieces: list[dict[str, str | None]] = field(default_factory=list)
    target_pieces: list[dict[str, str | None]] = field(default_factory=list)


@dataclass
class Alignment:
    """Why a reference offence (or duty) is read against a target one: both are mapped to
    the same topic concept, with these SKOS relations, and agree or differ on elements."""

    topic: str
    reference: str
    target: str
    reference_label: str | None
    target_label: str | None
    reference_relation: str
    target_relation: str
    strength: Literal["equivalent", "close", "partial"]
    elements: list[ElementMatch]
    reference_label_lang: str | None = None
    target_label_lang: str | None = None


@dataclass
class PairComparison:
    reference: str
    target: str
    topics: list[TopicVerdict]
    gaps: list[Finding]
    no_gap: list[Finding]
    unknown: list[Finding]
    not_comparable: list[Finding]
    alignments: list[Alignment]


@dataclass
class Party:
    code: str
    members: list[str]


@dataclass
class Summary:
    gaps: int
    by_pair: dict[str, int]
    unknown_topics: list[str]
    headline: str
    note: str
    currency_note: str


@dataclass
class GapsDocument:
    reference: Party
    target: Party
    at: str
    lang: str
    comparisons: list[PairComparison]
    summary: Summary
    #: the fixed conversion rates fines were compared with (stated, with their source)
    rates: list[Rate]

    def as_dict(self) -> dict[str, Any]:
        """The JSON document of /api/gaps (each finding also under its old key `feature`)."""
        doc = asdict(self)
        for pair in doc["comparisons"]:
            for key in ("gaps", "no_gap", "unknown", "not_comparable"):
                for finding in pair[key]:
                    finding["feature"] = finding["dimension"]
                    finding["feature_label"] = finding["dimension_label"]
        return doc


# ------------------------------------------------------------------ public functions


def gaps_between(
    store: Store,
    reference: str,
    target: str,
    at: str | date | None = None,
    topics: list[str] | None = None,
    lang: str = "en",
) -> GapsDocument:
    """The gaps of `target` measured against `reference` on `at` (default today), on
    `topics` (default: every topic of the scheme), worded in `lang`. Stable name: the brief
    calls it for asks about foreign models."""
    with using(lang):
        return _Analysis(store, reference, target, parse_date(at), topics, lang).run()


def gaps(
    store: Store, reference: str, target: str, at: str | date | None = None, lang: str = "en"
) -> dict[str, Any]:
    """`gaps_between` as the JSON document of /api/gaps."""
    return gaps_between(store, reference, target, at, lang=lang).as_dict()


# ------------------------------------------------------------------ rules


@cache
def element_rules() -> dict[str, dict[str, Any]]:
    """How each element dimension compares (kg/analysis/data/dimensions.yaml)."""
    import yaml  # imported by the analysis that reads it, not by every page

    text = resources.files("kg.analysis").joinpath("data/dimensions.yaml").read_text("utf-8")
    return dict(yaml.safe_load(text))


@dataclass
class _Element:
    """One typed element in force: values (notations and labels) or a number."""

    item: str
    iri: str
    dimension: str
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    number: float | None = None
    evidence: Evidence | None = None


# ------------------------------------------------------------------ the analysis


class _Analysis:
    def __init__(
        self,
        store: Store,
        reference: str,
        target: str,
        day: date,
        chosen: list[str] | None,
        lang: str,
    ) -> None:
        self.store, self.day, self.lang = store, day, lang
        self.reference, self.target = reference, target
        self.ref_members = [m.code for m in expand_jurisdictions(store, [reference])]
        self.target_members = [m.code for m in expand_jurisdictions(store, [target])]
        if not any(r != t for r in self.ref_members for t in self.target_members):
            raise BadRequest(
                _("Nothing to compare: reference and target are both {code!r}", code=reference)
            )
        scheme = topics(store)
        unknown = [t for t in chosen or [] if t not in scheme]
        if unknown:
            raise BadRequest(_("Unknown topic: {topic}", topic=", ".join(unknown)))
        self.notations = sorted(chosen or scheme)
        self.labels = {n: pick_label(t.labels, lang) for n, t in scheme.items()}
        self.rates_used: dict[str, Rate] = {}

    def run(self) -> GapsDocument:
        everyone = list(dict.fromkeys(self.ref_members + self.target_members))
        self.cells = coverage(self.store, self.day, everyone, self.lang).cells
        documents = {
            n: compare(self.store, n, everyone, self.day, self.lang) for n in self.notations
        }
        self.rows = {n: {r["jurisdiction"]: r for r in d["rows"]} for n, d in documents.items()}
        self.elements = self._elements()
        self.dimension_labels = self._dimension_labels()
        comparisons = [
            self._pair(ref, tgt)
            for ref in self.ref_members
            for tgt in self.target_members
            if ref != tgt
        ]
        return GapsDocument(
            reference=Party(self.reference, self.ref_members),
            target=Party(self.target, self.target_members),
            at=self.day.isoformat(),
            lang=self.lang,
            comparisons=comparisons,
            summary=self._summary(comparisons),
            rates=sorted(self.rates_used.values(), key=lambda r: r.currency),
        )

    # -------------------------------------------------------------- reading

    def status(self, code: str, notation: str) -> Status:
        found = self.cells.get((code, notation))
        if found in ("present", "absent", "unknown"):
            return found  # type: ignore[return-value]
        return "unknown"

    def items(self, code: str, notation: str, kind: str | None = None) -> list[Any]:
        """The compare items of one side on a topic (of one kind)."""
        row = self.rows[notation][code]
        return [i for i in row["items"] if kind is None or i["kind"] == kind]

    def _elements(self) -> dict[str, dict[str, list[_Element]]]:
        """Typed elements in force on the day: item IRI → dimension → elements."""
        carriers = sorted(
            {
                item["iri"]
                for rows in self.rows.values()
                for row in rows.values()
                for item in row["items"]
                if item["kind"] in ("offence", "reporting-duty")
            }
        )
        found: dict[str, _Element] = {}
        labels: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)
        if not carriers:
            return {}
        items = [NamedNode(i) for i in carriers]
        for row in queries.run(self.store, "gap-elements", item=items):
            start, end = literal_value(row["validFrom"]), literal_value(row["validUntil"])
            if not in_force(_text(start), _text(end), self.day):
                continue
            iri = _iri(row["element"])
            if iri in found:  # an element of two carriers: kept with the first
                continue
            number, status = literal_value(row["number"]), _iri(row["verification"])
            found[iri] = _Element(
                item=_iri(row["item"]),
                iri=iri,
                dimension=str(literal_value(row["dimension"])),
                number=None if number is None else float(number),
                evidence=Evidence(
                    jurisdiction="",
                    iri=iri,
                    kind="element",
                    label=None,
                    label_lang=None,
                    citation=None,
                    url=None,
                    sources=[],
                    checked_on=_text(literal_value(row["checkedOn"])),
                    verification=status.removeprefix(PKG).lower() if status else None,
                ),
            )
        if found:
            self._element_parts(found, labels)
        by_item: dict[str, dict[str, list[_Element]]] = defaultdict(lambda: defaultdict(list))
        for element in found.values():
            for (iri, notation), texts in labels.items():
                if iri != element.iri:
                    continue
                if notation:
                    element.values[notation] = texts
                elif element.evidence is not None:
                    element.evidence.label = pick_label(texts, self.lang)
                    element.evidence.label_lang = _language(texts, self.lang)
            by_item[element.item][element.dimension].append(element)
        return by_item

    def _element_parts(
        self, found: dict[str, _Element], labels: dict[tuple[str, str], dict[str, str]]
    ) -> None:
        """The many-valued parts of the elements in `found`: values (their labels go into
        `labels` by (element, notation)), the provisions that state them, their sources and
        the curators' comments (into `labels` by (element, ""))."""
        elements = [NamedNode(i) for i in found]
        for row in queries.run(self.store, "gap-element-values", element=elements):
            notation = literal_value(row["valueNotation"])
            label = row["valueLabel"]
            if notation is not None and isinstance(label, RdfLiteral):
                labels[(_iri(row["element"]), str(notation))][label.language or ""] = label.value
        for row in queries.run(self.store, "gap-element-bases", element=elements):
            evidence = found[_iri(row["element"])].evidence
            assert evidence is not None
            basis, citation, url = (
                _iri(row["basis"]),
                literal_value(row["citation"]),
                _iri(row["url"]),
            )
            if basis and all(b.iri != basis for b in evidence.bases):
                evidence.bases.append(
                    Basis(basis, None if citation is None else str(citation), url or None)
                )
            evidence.citation = evidence.citation or citation
            evidence.url = evidence.url or (url or None)
        for row in queries.run(self.store, "gap-element-sources", element=elements):
            evidence = found[_iri(row["element"])].evidence
            source = _iri(row["source"])
            if evidence is not None and source and source not in evidence.sources:
                evidence.sources.append(source)
        for row in queries.run(self.store, "gap-element-comments", element=elements):
            comment = row["comment"]
            if isinstance(comment, RdfLiteral):
                labels[(_iri(row["element"]), "")][comment.language or ""] = comment.value

    def _dimension_labels(self) -> dict[str, str]:
        texts: dict[str, dict[str, str]] = defaultdict(dict)
        for row in queries.run(self.store, "element-dimensions"):
            label = row["label"]
            if isinstance(label, RdfLiteral):
                texts[str(literal_value(row["dimension"]))][label.language or ""] = label.value
        return {n: pick_label(t, self.lang) or n for n, t in texts.items()}

    # -------------------------------------------------------------- one pair

    def _pair(self, ref: str, tgt: str) -> PairComparison:
        verdicts: list[TopicVerdict] = []
        findings: list[Finding] = []
        for notation in self.notations:
            verdict, finding = self._topic(notation, ref, tgt)
            verdicts.append(verdict)
            if finding is not None:
                findings.append(finding)
                continue  # the topic is reported once, at topic level
            findings += self._dimensions(notation, ref, tgt)
        by_verdict: dict[str, list[Finding]] = defaultdict(list)
        for finding in findings:
            by_verdict[finding.verdict].append(finding)
        return PairComparison(
            reference=ref,
            target=tgt,
            topics=verdicts,
            gaps=by_verdict["gap"],
            no_gap=by_verdict["no-gap"],
            unknown=by_verdict["unknown"],
            not_comparable=by_verdict["not-comparable"],
            alignments=self._alignments(ref, tgt),
        )

    def _topic(self, notation: str, ref: str, tgt: str) -> tuple[TopicVerdict, Finding | None]:
        """The topic's verdict from the two coverage cells, and a topic-level finding unless
        both sides have facts (then the dimensions say more)."""
        a, b = self.status(ref, notation), self.status(tgt, notation)
        verdict: Verdict
        if a == "unknown" and b == "unknown":
            verdict, why = "unknown", _("nothing is recorded on this topic for either side")
        elif a == "unknown":
            verdict, why = "unknown", _("nothing is recorded on this topic for {ref}", ref=ref)
        elif a == "absent":
            verdict = "no-gap"
            why = _("the graph states {ref} has nothing on this topic either", ref=ref)
        elif b == "absent":
            verdict = "gap"
            why = _(
                "{ref} has facts on this topic; the graph states {tgt} has none", ref=ref, tgt=tgt
            )
        elif b == "unknown":
            verdict = "unknown"
            why = _(
                "{ref} has facts on this topic; nothing is recorded for {tgt}", ref=ref, tgt=tgt
            )
        else:
            verdict, why = "no-gap", _("both sides have facts on this topic")
        topic = TopicVerdict(notation, self.labels.get(notation), a, b, verdict, why)
        if a == "present" and b == "present":
            return topic, None
        words = {
            "present": _("facts recorded"),
            "absent": _("none (stated)"),
            "unknown": _("nothing recorded"),
        }
        # on the demand topics a stated absence means buying sex was no offence: say so
        dimension = "presence"
        if notation in DEMAND_TOPICS and self.items(ref, notation, "offence"):
            dimension = "demand-penalised"
        finding = self._finding(
            dimension,
            notation,
            verdict,
            "reference-stronger" if verdict == "gap" else None,
            "lacks" if verdict == "gap" else None,
            why,
            SideValue(a, words[a], {"status": a}),
            SideValue(b, words[b], {"status": b}),
            self._evidence(ref, tgt, notation),
        )
        return topic, finding

    def _dimensions(self, notation: str, ref: str, tgt: str) -> list[Finding]:
        """Both sides have facts on the topic: each dimension that applies."""
        found: list[Finding] = []
        for dimension, (applies_to, kind) in KIND_DIMENSIONS.items():
            if applies_to is not None and notation not in applies_to:
                continue
            if dimension == "offence" and notation in DEMAND_TOPICS:
                continue  # said by demand-penalised
            finding = self._kind(dimension, kind, notation, ref, tgt)
            if finding is not None:
                found.append(finding)
        if self.items(ref, notation, "offence") and self.items(tgt, notation, "offence"):
            found += self._penalties(notation, ref, tgt)
        for kind in ("offence", "reporting-duty"):
            if self.items(ref, notation, kind) and self.items(tgt, notation, kind):
                found += self._element_findings(notation, kind, ref, tgt)
        found += self._figures(notation, ref, tgt)
        return found

    # -------------------------------------------------------------- dimensions

    def _kind(self, dimension: str, kind: str, notation: str, ref: str, tgt: str) -> Finding | None:
        """Does the target have an item of `kind` where the reference has one?"""
        mine, theirs = self.items(ref, notation, kind), self.items(tgt, notation, kind)
        if not mine:
            return None  # nothing of this kind the target could lack
        a = SideValue.joined(
            "present", self._names(mine, kind), {"items": [i["iri"] for i in mine]}
        )
        if theirs:
            b = SideValue.joined(
                "present", self._names(theirs, kind), {"items": [i["iri"] for i in theirs]}
            )
            verdict: Verdict = "no-gap"
            direction: Direction | None = None
            why = _("both have it: {ref}: {a}; {tgt}: {b}", ref=ref, tgt=tgt, a=a.text, b=b.text)
        else:
            b = SideValue("present", _("nothing of this kind recorded"))
            verdict, direction = "not-comparable", None
            why = _(
                "{code} has facts on this topic, but none of this kind is recorded; this is "
                "not a gap",
                code=tgt,
            )
        evidence = {
            "reference": [self._item_evidence(ref, i) for i in mine],
            "target": [self._item_evidence(tgt, i) for i in theirs],
        }
        return self._finding(dimension, notation, verdict, direction, None, why, a, b, evidence)

    def _names(self, items: list[dict[str, Any]], kind: str) -> list[tuple[str, str | None]]:
        """The items in a short line, as pieces: names (in their language), plan periods,
        who must report."""
        pieces: list[tuple[str, str | None]] = []
        for item in items:
            if pieces:
                pieces.append((_("; "), None))
            if item["label"]:
                pieces.append((item["label"], item.get("label_lang")))
            else:
                pieces.append((item["citation"] or item["iri"], None))
            details = item.get("details") or {}
            if kind == "action-plan" and details.get("period"):
                period = details["period"]
                start, end = (str(period.get(k) or "")[:4] for k in ("start", "end"))
                pieces.append((f" ({start or '?'}–{end})", None))
            if kind == "reporting-duty" and details.get("duty_bearers"):
                # "who:" is interface text, the bearers are data (in their own language)
                pieces.append((" — " + _("who") + _(":") + " ", None))
                bearers = "; ".join(details["duty_bearers"])
                pieces.append((bearers, details.get("duty_bearers_lang")))
        return pieces

    def _penalties(self, notation: str, ref: str, tgt: str) -> list[Finding]:
        a, b = (
            _highest(self.items(ref, notation, "offence")),
            _highest(self.items(tgt, notation, "offence")),
        )
        evidence = self._evidence(ref, tgt, notation, "offence")
        found = []
        # maximum custody: life as life, a fine-only offence as "no prison"
        order = compare_custody(a.custody, b.custody)
        found.append(
            self._ranked(
                "max-custody",
                notation,
                ref,
                tgt,
                order,
                _with_condition(a.custody.text(), a.custody_from, a.custody_data()),
                _with_condition(b.custody.text(), b.custody_from, b.custody_data()),
                evidence,
                "not-recorded",
            )
        )
        # minimum custody: only where one side has one ("no minimum", never "0 years"); a
        # side with no prison term recorded has no known minimum either (not a gap)
        if (a.minimum.years or 0) > 0 or (b.minimum.years or 0) > 0:
            found.append(
                self._ranked(
                    "min-custody",
                    notation,
                    ref,
                    tgt,
                    _minimum_order(a.minimum, b.minimum)
                    if "unrecorded" not in (a.custody.kind, b.custody.kind)
                    else "not-comparable",
                    _minimum_value(a),
                    _minimum_value(b),
                    evidence,
                    "not-recorded",
                )
            )
        # maximum fine, by kind; amounts in one currency through fixed legal rates only
        fine_order, reason = compare_fines(a.fine, b.fine)
        for fine in (a.fine, b.fine):
            if fine.rate is not None:
                self.rates_used[fine.rate.currency] = fine.rate
        found.append(
            self._ranked(
                "max-fine",
                notation,
                ref,
                tgt,
                fine_order,
                SideValue("present", a.fine.text(), _fine_data(a.fine)),
                SideValue("present", b.fine.text(), _fine_data(b.fine)),
                evidence,
                reason or "not-recorded",
            )
        )
        return found

    def _element_findings(self, notation: str, kind: str, ref: str, tgt: str) -> list[Finding]:
        """Each element dimension the reference's items record, against the target's."""
        mine = self._side_elements(ref, notation, kind)
        theirs = self._side_elements(tgt, notation, kind)
        rules = element_rules()
        found = []
        for dimension in sorted(mine):
            a_elements, b_elements = mine[dimension], theirs.get(dimension, [])
            rule = rules.get(dimension, {"compare": "differs"})
            a = self._element_value(a_elements, rule)
            evidence = {
                "reference": [_located(e, ref) for e in a_elements],
                "target": [_located(e, tgt) for e in b_elements],
            }
            if not b_elements:
                b = SideValue("present", _("not recorded"))
                finding = self._finding(
                    "element",
                    notation,
                    "not-comparable",
                    None,
                    None,
                    _("not recorded for {code}; this is not a gap", code=tgt),
                    a,
                    b,
                    evidence,
                    aspect=dimension,
                )
                found.append(finding)
                continue
            b = self._element_value(b_elements, rule)
            found.append(
                self._compare_elements(notation, dimension, rule, ref, tgt, a, b, evidence)
            )
        return found

    def _side_elements(self, code: str, notation: str, kind: str) -> dict[str, list[_Element]]:
        found: dict[str, list[_Element]] = defaultdict(list)
        for item in self.items(code, notation, kind):
            for dimension, elements in self.elements.get(item["iri"], {}).items():
                found[dimension] += elements
        return found

    def _element_value(self, elements: list[_Element], rule: dict[str, Any]) -> SideValue:
        """The side's value on a dimension: the highest number, or every value recorded."""
        if rule.get("compare") == "number":
            numbers = [e.number for e in elements if e.number is not None]
            top = max(numbers) if numbers else None
            text = format_number(top) if top is not None else _("not recorded")
            if top is not None and elements[0].dimension == "victim-age":
                text = ngettext("under {n} year old", "under {n} years old", top)
            return SideValue("present", text, {"number": top})
        values: dict[str, tuple[str, str | None]] = {}
        for element in elements:
            for notation, labels in element.values.items():
                values[notation] = pick_label_and_language(labels, self.lang) or (notation, None)
        if not values:
            return SideValue("present", _("not recorded"), {"values": []})
        pieces: list[tuple[str, str | None]] = []
        for notation in sorted(values):
            pieces += [(_("; "), None), values[notation]] if pieces else [values[notation]]
        return SideValue.joined("present", pieces, {"values": sorted(values)})

    def _compare_elements(
        self,
        notation: str,
        dimension: str,
        rule: dict[str, Any],
        ref: str,
        tgt: str,
        a: SideValue,
        b: SideValue,
        evidence: dict[str, list[Evidence]],
    ) -> Finding:
        how = rule.get("compare")
        if how == "number":
            x, y = a.data.get("number"), b.data.get("number")
            order: Order = (
                "not-comparable"
                if x is None or y is None
                else "higher"
                if x > y
                else "lower"
                if x < y
                else "equal"
            )
            return self._ranked(
                "element", notation, ref, tgt, order, a, b, evidence, "not-recorded", dimension
            )
        mine, theirs = set(a.data.get("values", [])), set(b.data.get("values", []))
        if how == "tiers":
            rank = {v: i for i, tier in enumerate(rule["tiers"]) for v in tier}
            known_a = [rank[v] for v in mine if v in rank]
            known_b = [rank[v] for v in theirs if v in rank]
            if not known_a or not known_b:
                order = "not-comparable"
            else:
                x, y = max(known_a), max(known_b)
                order = "higher" if x > y else "lower" if x < y else "equal"
            return self._ranked(
                "element", notation, ref, tgt, order, a, b, evidence, "differs", dimension
            )
        if how == "set":
            everything = rule.get("covers_all")
            if everything in theirs:
                missing: set[str] = set()
            elif everything in mine:
                missing = {str(everything)}
            else:
                missing = mine - theirs
            if missing:
                names = _("; ").join(self._value_label(n) for n in sorted(missing))
                why = _("{tgt} lacks what {ref} covers: {missing}", ref=ref, tgt=tgt, missing=names)
                return self._finding(
                    "element",
                    notation,
                    "gap",
                    "reference-stronger",
                    "lacks",
                    why,
                    a,
                    b,
                    evidence,
                    aspect=dimension,
                )
            order = "equal" if mine == theirs or everything in (mine & theirs) else "lower"
            return self._ranked(
                "element", notation, ref, tgt, order, a, b, evidence, "differs", dimension
            )
        order = "equal" if mine == theirs else "not-comparable"
        return self._ranked(
            "element", notation, ref, tgt, order, a, b, evidence, "differs", dimension
        )

    def _value_label(self, notation: str) -> str:
        for by_dimension in self.elements.values():
            for elements in by_dimension.values():
                for element in elements:
                    if notation in element.values:
                        return pick_label(element.values[notation], self.lang) or notation
        return notation

    def _figures(self, notation: str, ref: str, tgt: str) -> list[Finding]:
        """Recorded figures by what they measure: does the target record the same measure?
        Counts are never ranked across countries (populations and methods differ)."""
        mine, theirs = (
            _by_measure(self.items(ref, notation, "statistic")),
            _by_measure(self.items(tgt, notation, "statistic")),
        )
        found = []
        for measure in sorted(mine):
            a_items, b_items = mine[measure], theirs.get(measure, [])
            a = _latest_figure(a_items, {"measure": measure})
            evidence = {
                "reference": [self._item_evidence(ref, i) for i in a_items],
                "target": [self._item_evidence(tgt, i) for i in b_items],
            }
            if b_items:
                b = _latest_figure(b_items, {"measure": measure})
                verdict: Verdict = "no-gap"
                why = _(
                    "both record this figure: {ref}: {a}; {tgt}: {b}",
                    ref=ref,
                    tgt=tgt,
                    a=a.text,
                    b=b.text,
                )
            else:
                b = SideValue("present", _("not recorded"), {"measure": measure})
                verdict = "not-comparable"
                why = _("not recorded for {code}; this is not a gap", code=tgt)
            label = a_items[0]["details"]["measure"].get("label") or measure
            finding = self._finding(
                "figures", notation, verdict, None, None, why, a, b, evidence, aspect=measure
            )
            finding.dimension_label = _("recorded figures: {measure}", measure=label)
            found.append(finding)
        return found

    # -------------------------------------------------------------- wording

    def _ranked(
        self,
        dimension: str,
        notation: str,
        ref: str,
        tgt: str,
        order: Order,
        a: SideValue,
        b: SideValue,
        evidence: dict[str, list[Evidence]],
        reason: str,
        aspect: str | None = None,
    ) -> Finding:
        """A finding from an ordered comparison of the reference (`a`) with the target (`b`)."""
        values = {"ref": ref, "tgt": tgt, "a": a.text, "b": b.text}
        verdict: Verdict
        direction: Direction | None
        kind = None
        if order == "higher":
            verdict, direction, kind = "gap", "reference-stronger", "weaker"
            why = _("{tgt} is below {ref}: {b} against {a}", **values)
        elif order == "lower":
            verdict, direction = "no-gap", "target-stronger"
            why = _("{tgt} is not below {ref}: {b} against {a}", **values)
        elif order == "equal":
            verdict, direction = "no-gap", "equal"
            why = (
                _("the same on both sides: {a}", a=a.text)
                if a.text == b.text
                else _("the same level on both sides: {ref}: {a}; {tgt}: {b}", **values)
            )
        else:
            verdict, direction = "not-comparable", "differs" if reason == "differs" else None
            why = {
                "kinds": _("fines of different kinds cannot be ranked: {a} against {b}", **values),
                "currencies": _(
                    "different currencies without a fixed legal rate: {a} against {b}", **values
                ),
                "differs": _(
                    "they differ and cannot be ranked: {a} against {b}; read the texts", **values
                ),
            }.get(reason) or _(
                "not recorded for {code}; this is not a gap", code=_unrecorded(ref, tgt, a, b)
            )
        return self._finding(
            dimension, notation, verdict, direction, kind, why, a, b, evidence, aspect
        )

    def _finding(
        self,
        dimension: str,
        notation: str,
        verdict: Verdict,
        direction: Direction | None,
        kind: str | None,
        why: str,
        a: SideValue,
        b: SideValue,
        evidence: dict[str, list[Evidence]],
        aspect: str | None = None,
    ) -> Finding:
        label = _(DIMENSIONS[dimension])
        if dimension == "element" and aspect:
            label = self.dimension_labels.get(aspect, aspect)
        return Finding(
            dimension=dimension,
            dimension_label=label,
            topic=notation,
            topic_label=self.labels.get(notation),
            verdict=verdict,
            direction=direction,
            kind=kind,
            explanation=why,
            reference_value=a,
            target_value=b,
            evidence=evidence,
            aspect=aspect,
        )

    # -------------------------------------------------------------- evidence

    def _evidence(
        self, ref: str, tgt: str, notation: str, kind: str | None = None
    ) -> dict[str, list[Evidence]]:
        return {
            "reference": self._row_evidence(ref, notation, kind),
            "target": self._row_evidence(tgt, notation, kind),
        }

    def _row_evidence(self, code: str, notation: str, kind: str | None) -> list[Evidence]:
        row = self.rows[notation][code]
        found = [self._item_evidence(code, i) for i in self.items(code, notation, kind)]
        found += [
            Evidence(
                jurisdiction=code,
                iri=absence["iri"],
                kind="absence",
                label=absence["comment"],
                label_lang=absence.get("comment_lang"),
                citation=None,
                url=None,
                sources=absence["sources"],
            )
            for absence in row.get("absence", [])
        ]
        return found

    @staticmethod
    def _item_evidence(code: str, item: dict[str, Any]) -> Evidence:
        details = item.get("details") or {}
        return Evidence(
            jurisdiction=code,
            iri=item["iri"],
            kind=item["kind"],
            label=item["label"],
            label_lang=item.get("label_lang"),
            citation=item["citation"],
            url=item["url"],
            sources=item["sources"],
            sanctions=[s["iri"] for s in item["sanctions"]],
            checked_on=details.get("checked_on"),
            verification=details.get("verification"),
        )

    # -------------------------------------------------------------- alignments

    def _alignments(self, ref: str, tgt: str) -> list[Alignment]:
        """Offences (and duties) of the two sides mapped to the same topic concept, with
        the strength of the match and the element dimensions they share."""
        found = []
        for notation in self.notations:
            for kind in ("offence", "reporting-duty"):
                for a in self.items(ref, notation, kind):
                    for b in self.items(tgt, notation, kind):
                        found += self._aligned(notation, a, b)
        return found

    def _aligned(self, notation: str, a: dict[str, Any], b: dict[str, Any]) -> list[Alignment]:
        mappings_a = {m["topic"]: m["relation"] for m in a["details"].get("mappings", [])}
        mappings_b = {m["topic"]: m["relation"] for m in b["details"].get("mappings", [])}
        found = []
        for topic in sorted(set(mappings_a) & set(mappings_b)):
            if topic != notation:
                continue
            ra, rb = mappings_a[topic], mappings_b[topic]
            pair = {ra, rb}
            strength: Literal["equivalent", "close", "partial"] = (
                "equivalent"
                if pair == {"skos:exactMatch"}
                else "close"
                if pair <= {"skos:exactMatch", "skos:closeMatch"}
                else "partial"
            )
            found.append(
                Alignment(
                    topic=topic,
                    reference=a["iri"],
                    target=b["iri"],
                    reference_label=a["label"],
                    target_label=b["label"],
                    reference_relation=ra,
                    target_relation=rb,
                    strength=strength,
                    elements=self._element_matches(a["iri"], b["iri"]),
                    reference_label_lang=a.get("label_lang"),
                    target_label_lang=b.get("label_lang"),
                )
            )
        return found

    def _element_matches(self, a: str, b: str) -> list[ElementMatch]:
        mine, theirs = self.elements.get(a, {}), self.elements.get(b, {})
        rules = element_rules()
        matches = []
        for dimension in sorted(set(mine) & set(theirs)):
            rule = rules.get(dimension, {})
            x = self._element_value(mine[dimension], rule)
            y = self._element_value(theirs[dimension], rule)
            matches.append(
                ElementMatch(
                    dimension=dimension,
                    label=self.dimension_labels.get(dimension, dimension),
                    same=x.data == y.data,
                    reference=[x.text],
                    target=[y.text],
                    reference_pieces=x.pieces,
                    target_pieces=y.pieces,
                )
            )
        return matches

    # -------------------------------------------------------------- summary

    def _summary(self, comparisons: list[PairComparison]) -> Summary:
        unknown_everywhere = [
            n
            for n in self.notations
            if all(t.verdict == "unknown" for c in comparisons for t in c.topics if t.topic == n)
        ]
        count = sum(len(c.gaps) for c in comparisons)
        rate = currencies().rates.get("FRF")
        return Summary(
            gaps=count,
            by_pair={f"{c.reference}→{c.target}": len(c.gaps) for c in comparisons},
            unknown_topics=unknown_everywhere,
            headline=ngettext("{n} gap found", "{n} gaps found", count),
            note=(
                ngettext(
                    "{n} topic of {total} cannot be assessed: nothing is recorded on it for "
                    "one side or both, which is not the same as a gap",
                    "{n} topics of {total} cannot be assessed: nothing is recorded on them for "
                    "one side or both, which is not the same as a gap",
                    len(unknown_everywhere),
                    total=len(self.notations),
                )
                if unknown_everywhere
                else _("every topic has facts on at least the reference side")
            ),
            currency_note=_(
                "Fine amounts are compared in one currency only through fixed legal rates "
                "({rate} FRF = 1 EUR, {instrument}); amounts in other currencies are not "
                "converted and are reported as not comparable.",
                rate=format_rate(rate.units_per_euro) if rate else "",
                instrument=rate.instrument if rate else "",
            ),
        )


# ------------------------------------------------------------------ helpers


@dataclass
class _Highest:
    """A side's most severe custody, highest minimum and highest fine on a topic, each with
    the sanction and offence it comes from."""

    custody: Custody
    custody_from: dict[str, Any] | None
    minimum: Custody
    fine: Fine
    minimum_from: dict[str, Any] | None = None

    def custody_data(self) -> dict[str, Any]:
        source = self.custody_from or {}
        return {
            "kind": self.custody.kind,
            "years": self.custody.years,
            "life_imprisonment": self.custody.kind == "life",
            "max_prison_years": self.custody.years,
            "condition": source.get("condition"),
            "sanction": source.get("iri"),
            "offence": source.get("offence"),
            "legal_basis": source.get("legal_basis"),
        }


def _highest(items: list[dict[str, Any]]) -> _Highest:
    custody, chosen = Custody("unrecorded"), None
    minimum, minimum_from = Custody("none", 0.0), None
    fine = Fine("unrecorded")
    fine_seen = False
    for item in items:
        for sanction in item["sanctions"]:
            term = Custody.of(sanction["max_prison_years"], sanction["life_imprisonment"])
            if compare_custody(term, custody) == "higher" or (
                custody.kind == "unrecorded" and term.kind != "unrecorded"
            ):
                custody, chosen = term, sanction | {"offence": item["iri"]}
            low = Custody.of(sanction["min_prison_years"])
            if low.kind == "term" and (minimum.years or 0) < (low.years or 0):
                minimum, minimum_from = low, sanction
            raw = sanction.get("max_fine") or {}
            this = Fine.of(
                raw.get("amount"), raw.get("currency"), raw.get("kind"), raw.get("unlimited")
            )
            unset = fine.kind in ("unrecorded", "none") and this.kind not in ("unrecorded", "none")
            if not fine_seen or unset or compare_fines(this, fine)[0] == "higher":
                fine, fine_seen = this, True
    return _Highest(custody, chosen, minimum, fine, minimum_from)


def _minimum_order(a: Custody, b: Custody) -> Order:
    x, y = a.years or 0, b.years or 0
    return "higher" if x > y else "lower" if x < y else "equal"


def _minimum_value(side: _Highest) -> SideValue:
    """A side's minimum custody; unrecorded (not "no minimum") when no prison term is."""
    if side.custody.kind == "unrecorded":
        return SideValue("present", side.custody.text(), {"kind": "unrecorded"})
    return _with_condition(
        side.minimum.minimum_text(), side.minimum_from, {"years": side.minimum.years}
    )


def _with_condition(text: str, sanction: dict[str, Any] | None, data: dict[str, Any]) -> SideValue:
    """A penalty in the reader's words, followed by the sanction's condition (a label from
    the graph, in its own language) when it has one."""
    if sanction and sanction.get("condition"):
        condition = (sanction["condition"], sanction.get("condition_lang"))
        return SideValue.joined(
            "present", [(text, None), (" (", None), condition, (")", None)], data
        )
    return SideValue("present", text, data)


def _fine_data(fine: Fine) -> dict[str, Any]:
    return {
        "kind": fine.kind,
        "amount": fine.amount,
        "currency": fine.currency,
        "converted": round(fine.converted, 2) if fine.converted is not None else None,
        "converted_currency": fine.common_currency,
        "rate": fine.rate.units_per_euro if fine.rate else None,
    }


def _unrecorded(ref: str, tgt: str, a: SideValue, b: SideValue) -> str:
    """Which side lacks the record (both named when neither has it)."""
    missing_a = a.data.get("kind") == "unrecorded" or a.data.get("number", 0) is None
    missing_b = b.data.get("kind") == "unrecorded" or b.data.get("number", 0) is None
    if missing_a and not missing_b:
        return ref
    if missing_b and not missing_a:
        return tgt
    return f"{ref}, {tgt}"


def _by_measure(items: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for item in items:
        measure = (item["details"].get("measure") or {}).get("notation")
        if measure:
            found[measure].append(item)
    return found


def _latest_figure(items: list[dict[str, Any]], data: dict[str, Any]) -> SideValue:
    """The figure of the latest period, as "1 234 persons (2024)" (the unit is a curator's
    label, in its own language)."""

    def key(item: dict[str, Any]) -> str:
        d = item["details"]
        return str(d.get("period") or d.get("year") or d.get("published") or "")

    latest = max(items, key=key)
    d = latest["details"]
    value = d.get("value")
    number = format_number(value) if isinstance(value, (int, float)) else str(value or "?")
    unit = d.get("unit")
    when = key(latest)
    pieces: list[tuple[str, str | None]] = [(number, None)]
    if unit:
        pieces += [(" ", None), (unit, d.get("unit_lang"))]
    if when:
        pieces.append((f" ({when})", None))
    return SideValue.joined("present", pieces, data)


def _located(element: _Element, code: str) -> Evidence:
    assert element.evidence is not None
    return replace(element.evidence, jurisdiction=code)


def _iri(term: Any) -> str:
    return term.value if isinstance(term, NamedNode) else ""


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _language(texts: dict[str, str], lang: str) -> str | None:
    if lang in texts:
        return lang
    return "en" if "en" in texts else next(iter(texts), None)
