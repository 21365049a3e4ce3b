"""`claims_for(store, document, at)`: each claim of an ingested answer or report judged
against the graph twice, as of the document's date and as of `at` (today by default).

A claim (kg/ingest/extract/claims.py) has a kind; each kind has its rule (the notations of
the claim-rule scheme, ontology/claims.ttl), and every verdict carries the rule, the evidence
(graph resources with their dates and verification status) and, for an outdated claim, the
later changes:

- legal-sufficiency → `law-unchanged-since`: the provisions the claim cites, or else those
  defining the offences of its topics in its jurisdiction, are searched for versions,
  sanctions and offences that started after the document's date: none up to the day →
  consistent; some → outdated, naming them.
- plan under way ("un nouveau plan est en voie de finalisation") → `later-plan`: a plan of the
  same jurisdiction (and coordinator, when the claim names a plan that has one) whose period
  or validity began after the document's date → fulfilled; none yet on the document's date →
  consistent; none at all later → not checkable.
- measure taken, subject circular → `measure-recorded`: the jurisdiction's circulars of the
  years named; one missing → not checkable, saying which.
- EU or international file, measure announced, intention → `adopted-since`: an instrument,
  plan or body the claim names that began after the document's date → fulfilled once begun,
  consistent (still to come) before.
- anything else naming dated resources (plans, bodies, measures said to exist) →
  `resource-in-force`: in force on the day → consistent; ended → outdated, naming what
  followed; not begun yet → contradicted.
- figure → `official-figure`: an official observation of the jurisdiction with that value.
- no resource, no rule, or no document date → not checkable with the reason (`no-evidence`,
  `no-date`).

Only this module judges claims; the brief (kg/analysis/brief.py) calls `claims_for` and reads
the `CheckedClaim` / `Verdict` / `Evidence` types below.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, TypedDict

from pyoxigraph import Literal, NamedNode

from kg import queries
from kg.analysis.compare import parse_date
from kg.ingest.pipeline import read_extraction
from kg.locale import _, format_date, ngettext, using
from kg.ns import BASE, JURISDICTION, PKG
from kg.store import Store
from kg.terms import literal_value
from kg.vocabulary import pick_label_and_language

#: How far above "more than X" (or below "up to X") a recorded value may lie and still bear
#: the figure out.
FIGURE_BAND = 0.25
VERDICTS = ("consistent", "fulfilled", "outdated", "contradicted", "not-checkable")
KIND_SCHEME = BASE + "concept/claim-kind"
VERDICT_SCHEME = BASE + "concept/verdict"
RULE_SCHEME = BASE + "concept/claim-rule"
#: Resource types a claim can be checked against by their dates.
DATED_TYPES = ("ActionPlan", "Body", "LegalInstrument", "Circular", "Measure", "DataSystem",
               "ProtectionMeasure", "ReportingDuty", "Offence", "Provision")  # fmt: skip


#: Which name of a resource to show first: its label, then a translation, then how it is
#: cited, then its (often long) official title.
_LABEL_ORDER = (
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    PKG + "labelTranslation",
    PKG + "citation",
    "http://data.europa.eu/eli/ontology#title",
    "http://purl.org/dc/terms/title",
    PKG + "condition",
)


class Evidence(TypedDict):
    """One graph resource a verdict rests on."""

    iri: str
    label: str | None
    label_lang: str | None  # the label's language (a page marks it: it is data, not interface)
    role: str  # in-force, later-change, later-plan, adopted, missing-year, observation…
    date: str | None  # the date that matters for the role (start, adoption, change)
    until: str | None
    verification: str | None  # Verified / Unverified, as curated


@dataclass
class Verdict:
    """A claim judged as of one day by one rule."""

    as_of: str
    verdict: str  # one of VERDICTS
    label: str  # the verdict in the requested language
    rule: str  # a notation of the claim-rule scheme
    rule_label: str
    explanation: str
    evidence: list[Evidence] = field(default_factory=list)
    changes: list[Evidence] = field(default_factory=list)  # later changes, when outdated
    reason: str | None = None  # why, when not checkable


@dataclass
class CheckedClaim:
    """One claim with its two verdicts: on the document's date and on the day asked."""

    index: int
    kind: str
    kind_label: str
    text: str
    start: int
    end: int
    stage: str
    jurisdiction: str | None
    resources: list[dict[str, str | None]]  # {iri, label}
    unresolved: list[str]
    document_date: str | None
    at_document_date: Verdict
    at_date: Verdict

    def as_dict(self) -> dict[str, Any]:
        """JSON form; `verdict`, `rule`, `explanation`, `evidence` repeat the verdict as of
        the day asked (the brief's claim keys, docs/api.md §5)."""
        data = asdict(self)
        data |= {
            "verdict": self.at_date.verdict,
            "rule": self.at_date.rule,
            "explanation": self.at_date.explanation,
            "evidence": [*self.at_date.evidence, *self.at_date.changes],
        }
        return data


def claims_for(
    store: Store,
    document: str | dict[str, Any],
    at: str | date | None = None,
    lang: str = "en",
) -> list[CheckedClaim]:
    """The claims of `document` (an id or an extraction document), judged as of its date and
    as of `at` (today when None), worded in `lang`."""
    with using(lang):
        extraction = read_extraction(store, document) if isinstance(document, str) else document
        return _Checker(store, extraction, parse_date(at), lang).run()


def claims_document(
    store: Store, doc_id: str, at: str | date | None = None, lang: str = "en"
) -> dict[str, Any]:
    """The JSON of `/api/documents/{id}/claims`: the document's date, the day and the claims."""
    day = parse_date(at)
    extraction = read_extraction(store, doc_id)
    checked = claims_for(store, extraction, day, lang)
    return {
        "document": extraction["id"],
        "document_date": document_date(extraction),
        "at": day.isoformat(),
        "claims": [c.as_dict() for c in checked],
    }


def document_date(extraction: dict[str, Any]) -> str | None:
    """The date the document speaks from (metadata.date, set at ingest; else its answer or
    publication date)."""
    meta = extraction.get("metadata") or {}
    for key in ("date", "answered", "published"):
        value = meta.get(key)
        if isinstance(value, str) and len(value) >= 10:
            return value[:10]
    return None


class _Checker:
    """The graph reads one document's checks need, done once, and the rules."""

    def __init__(self, store: Store, extraction: dict[str, Any], day: date, lang: str) -> None:
        self.store, self.extraction, self.day, self.lang = store, extraction, day, lang
        self.written = document_date(extraction)
        self.vocabulary = _vocabulary(store, lang)
        self._labels: dict[str, tuple[str, str] | None] = {}
        self._resources: dict[str, dict[str, Any]] = {}
        #: Each territory's observations, read once for all figure claims and both days.
        self._observations: dict[str, list[Any]] = {}

    # ----------------------------------------------------------------- driving

    def run(self) -> list[CheckedClaim]:
        claims = self.extraction.get("claims") or []
        self._read_resources({iri for c in claims for iri in c["resources"]})
        checked = []
        for n, claim in enumerate(claims):
            own = self.judge(claim, self.written) if self.written else self._undated()
            later = self.judge(claim, self.day.isoformat())
            checked.append(
                CheckedClaim(
                    index=n,
                    kind=claim["kind"],
                    kind_label=self._label("kind", claim["kind"]),
                    text=claim["text"],
                    start=claim["start"],
                    end=claim["end"],
                    stage=claim["stage"],
                    jurisdiction=claim.get("jurisdiction"),
                    resources=[
                        {"iri": i, "label": self.label(i), "label_lang": self.label_lang(i)}
                        for i in claim["resources"]
                    ],
                    unresolved=list(claim.get("unresolved") or []),
                    document_date=self.written,
                    at_document_date=own,
                    at_date=later,
                )
            )
        return checked

    def judge(self, claim: dict[str, Any], day: str) -> Verdict:
        """The verdict of `claim` as of `day` by the rule of its kind."""
        if not self.written:
            return self._undated(day)
        kind, stage = claim["kind"], claim["stage"]
        if kind == "legal-sufficiency":
            return self.law_unchanged(claim, day)
        if kind == "figure":
            return self.official_figure(claim, day)
        if kind == "plan" and stage == "pending":
            return self.later_plan(claim, day)
        if kind == "measure-taken" and claim.get("subject") == "circular":
            return self.measure_recorded(claim, day)
        if kind in ("eu-international-file", "measure-announced", "intention"):
            return self.adopted_since(claim, day)
        return self.resource_in_force(claim, day)

    # ----------------------------------------------------------------- rules

    def law_unchanged(self, claim: dict[str, Any], day: str) -> Verdict:
        rule = "law-unchanged-since"
        provisions = [i for i in claim["resources"] if "/act/" in i and _is_provision(i)]
        offences: list[str] = []
        if not provisions:
            provisions, offences = self._topic_scope(claim)
        if not provisions:
            return self._not_checkable(
                day, rule,
                _(
                    "the claim cites no provision and the graph holds no offence of {j} on "
                    "its topics",
                    j=claim.get("jurisdiction") or "?",
                ),
            )  # fmt: skip
        cited = [NamedNode(p) for p in provisions]
        rows = sorted(
            [
                *queries.run(self.store, "claim-law-changes", provision=cited),
                *queries.run(self.store, "claim-sanction-changes", provision=cited),
            ],
            key=lambda r: (_text(r["from"]) or "", _iri(r["change"])),
        )
        written = self.written or day
        changes = [
            self._evidence(_iri(r["change"]), "later-change", _text(r["from"]), _text(r["until"]),
                           r["verification"], by=_iri(r["by"]))
            for r in rows
            if written < (_text(r["from"]) or "") <= day
        ]  # fmt: skip
        changes += [
            self._evidence(o, "later-change", self._resources[o].get("from"), None,
                           self._resources[o].get("verification"))
            for o in offences
            if written < (self._resources[o].get("from") or "") <= day
        ]  # fmt: skip
        in_force = [
            self._evidence(p, "in-force", None, None, None) for p in sorted(set(provisions))
        ]
        if changes:
            return self._verdict(
                day, "outdated", rule,
                ngettext(
                    "{n} change to the provisions in scope took effect after the document's "
                    "date ({written}) and by {day}",
                    "{n} changes to the provisions in scope took effect after the document's "
                    "date ({written}) and by {day}",
                    len(changes), written=format_date(written),
                    day=format_date(day),
                ),
                in_force, changes,
            )  # fmt: skip
        return self._verdict(
            day, "consistent", rule,
            ngettext(
                "no change to the {n} provision in scope is recorded between the document's "
                "date ({written}) and {day}",
                "no change to the {n} provisions in scope is recorded between the document's "
                "date ({written}) and {day}",
                len(in_force), written=format_date(written),
                day=format_date(day),
            ),
            in_force,
        )  # fmt: skip

    def later_plan(self, claim: dict[str, Any], day: str) -> Verdict:
        rule = "later-plan"
        code = claim.get("jurisdiction")
        if not code:
            return self._not_checkable(day, rule, _("the claim names no jurisdiction"))
        rows = queries.run(self.store, "claim-plans", jurisdiction=NamedNode(JURISDICTION + code))
        named = [self._resources.get(i, {}) for i in claim["resources"]]
        coordinators = {c for r in named for c in r.get("coordinators", ())}
        written = self.written or day
        plans: dict[str, dict[str, Any]] = {}
        for r in rows:
            iri = _iri(r["plan"])
            begins = _text(r["start"]) or _text(r["from"])
            if iri and begins and written < begins:
                entry = plans.setdefault(iri, {"begins": begins, "coordinators": set(),
                                               "verification": r["verification"]})  # fmt: skip
                if _iri(r["coordinator"]):
                    entry["coordinators"].add(_iri(r["coordinator"]))
        if coordinators:
            same = {i: p for i, p in plans.items() if p["coordinators"] & coordinators}
            plans = same or plans
        done = sorted(((p["begins"], i) for i, p in plans.items() if p["begins"] <= day))
        context = [self._evidence(i, "named", None, None, None) for i in claim["resources"]]
        if done:
            evidence = [
                self._evidence(i, "later-plan", begins, None, plans[i]["verification"])
                for begins, i in done
            ]
            return self._verdict(
                day, "fulfilled", rule,
                _(
                    "a plan of {j} began on {begins}, after the document's date ({written})",
                    j=code, begins=format_date(done[0][0]), written=format_date(written),
                ),
                context + evidence,
            )  # fmt: skip
        if day == written:
            return self._verdict(
                day, "consistent", rule,
                _("on the document's date no later plan of {j} was in place, as the claim says",
                  j=code),
                context,
            )  # fmt: skip
        return self._not_checkable(
            day, rule,
            _("no plan of {j} begun after {written} is recorded", j=code,
              written=format_date(written)),
            context,
        )  # fmt: skip

    def measure_recorded(self, claim: dict[str, Any], day: str) -> Verdict:
        rule = "measure-recorded"
        code = claim.get("jurisdiction")
        if not code:
            return self._not_checkable(day, rule, _("the claim names no jurisdiction"))
        rows = queries.run(
            self.store, "claim-circulars", jurisdiction=NamedNode(JURISDICTION + code)
        )
        written = self.written or day
        years = claim.get("years") or []
        dated = [(r, _text(r["date"]) or "") for r in rows]
        found = [r for r, when in dated if when and (not years or int(when[:4]) in years)]
        found_years = {int((_text(r["date"]) or "0")[:4]) for r in found}
        missing = [y for y in years if y not in found_years]
        evidence = [
            self._evidence(_iri(r["circular"]), "recorded", _text(r["date"]), _text(r["until"]),
                           r["verification"])
            for r in found
        ]  # fmt: skip
        if not found or missing:
            what = ", ".join(str(y) for y in missing) if missing else _("any year")
            return self._not_checkable(
                day, rule,
                _("the graph records no circular of {j} dated {years}", j=code, years=what),
                evidence,
            )  # fmt: skip
        if any((_text(r["date"]) or "") > written for r in found):
            return self._verdict(
                day, "contradicted", rule,
                _("a circular of the years named is dated after the document"), evidence,
            )  # fmt: skip
        ended = [e for e in evidence if e["until"] and e["until"] <= day]
        if ended:
            return self._verdict(
                day, "outdated", rule, _("a circular named has been repealed or replaced"),
                [e for e in evidence if e not in ended], ended,
            )  # fmt: skip
        return self._verdict(
            day, "consistent", rule,
            _("the graph records the circulars of the years named, dated before the document"),
            evidence,
        )  # fmt: skip

    def adopted_since(self, claim: dict[str, Any], day: str) -> Verdict:
        rule = "adopted-since"
        dated = self._dated(claim)
        if not dated:
            return self._not_checkable(
                day, rule, self._nothing_named(claim), self._named_evidence(claim)
            )
        written = self.written or day
        later = [(begins, i) for begins, i in dated if begins > written]
        if not later:
            return self._resource_verdict(claim, day, "resource-in-force")
        came = [(b, i) for b, i in later if b <= day]
        if came:
            return self._verdict(
                day, "fulfilled", rule,
                _(
                    "{label} was adopted on {date}, after the document's date ({written})",
                    label=self.label(came[0][1]) or came[0][1], date=format_date(came[0][0]),
                    written=format_date(written),
                ),
                [self._adoption(i) for _b, i in came],
            )  # fmt: skip
        return self._verdict(
            day, "consistent", rule,
            _("on that day the text was still to come: the graph records its adoption on {date}",
              date=format_date(later[0][0])),
            [self._adoption(i) for _b, i in later],
        )  # fmt: skip

    def resource_in_force(self, claim: dict[str, Any], day: str) -> Verdict:
        return self._resource_verdict(claim, day, "resource-in-force")

    def official_figure(self, claim: dict[str, Any], day: str) -> Verdict:
        rule = "official-figure"
        figure = claim.get("figure") or {}
        code = claim.get("jurisdiction")
        value = figure.get("value")
        if value is None or not code or figure.get("qualifier") == "increase":
            return self._not_checkable(day, rule, _("relative changes are not checked"))
        area = JURISDICTION + code
        matching: list[Evidence] = []
        if area not in self._observations:
            self._observations[area] = list(
                queries.run(self.store, "claim-observations", area=NamedNode(area))
            )
        for row in self._observations[area]:
            recorded = literal_value(row["value"])
            period = _text(row["period"]) or ""
            if period[:4] and period[:4] > day[:4]:
                continue
            seen = {e["iri"] for e in matching}
            if (
                recorded is not None
                and _agrees(figure, float(recorded))
                and _iri(row["observation"]) not in seen
            ):
                matching.append(self._evidence(_iri(row["observation"]), "observation",
                                               period or None, None, None))  # fmt: skip
        if matching:
            return self._verdict(
                day, "consistent", rule,
                ngettext("{n} recorded observation of {j} agrees with the figure",
                         "{n} recorded observations of {j} agree with the figure",
                         len(matching), j=code),
                matching,
            )  # fmt: skip
        return self._not_checkable(
            day,
            rule,
            _("no observation of {j} recorded up to that day bears out this value", j=code),
        )

    # ----------------------------------------------------------------- shared steps

    def _resource_verdict(self, claim: dict[str, Any], day: str, rule: str) -> Verdict:
        dated = self._dated(claim)
        if not dated:
            return self._not_checkable(
                day, rule, self._nothing_named(claim), self._named_evidence(claim)
            )
        ok, ended, early = [], [], []
        for begins, iri in dated:
            info = self._resources[iri]
            until = info.get("until")
            evidence = self._evidence(iri, "in-force", begins, until, info.get("verification"))
            if begins > day:
                early.append(evidence)
            elif until and until <= day:
                ended.append(evidence)
            else:
                ok.append(evidence)
        if early:
            return self._verdict(
                day, "contradicted", rule,
                _("{label} had not begun on that day (it begins on {date})",
                  label=early[0]["label"] or early[0]["iri"], date=format_date(early[0]["date"])),
                ok + early,
            )  # fmt: skip
        if ended:
            successors = self._successors(ended, day)
            return self._verdict(
                day, "outdated", rule,
                _("{label} ended on {date}", label=ended[0]["label"] or ended[0]["iri"],
                  date=format_date(ended[0]["until"]))
                + (_("; ") + _("followed by {names}", names=_("; ").join(
                    s["label"] or s["iri"] for s in successors)) if successors else ""),
                ok, ended + successors,
            )  # fmt: skip
        return self._verdict(
            day, "consistent", rule,
            _("everything the claim names is in force on that day"), ok,
        )  # fmt: skip

    def _successors(self, ended: list[Evidence], day: str) -> list[Evidence]:
        """Plans that began when (or after) an ended plan stopped, with the same coordinator."""
        found: list[Evidence] = []
        for item in ended:
            info = self._resources.get(item["iri"], {})
            if "ActionPlan" not in info.get("types", ()) or not info.get("jurisdiction"):
                continue
            rows = queries.run(self.store, "claim-plans",
                               jurisdiction=NamedNode(info["jurisdiction"]))  # fmt: skip
            for r in rows:
                iri = _iri(r["plan"])
                begins = _text(r["start"]) or _text(r["from"])
                same = _iri(r["coordinator"]) in info.get("coordinators", ())
                new = all(f["iri"] != iri for f in found)
                if (
                    iri
                    and begins
                    and item["date"]
                    and item["date"] < begins <= day
                    and same
                    and new
                ):
                    found.append(
                        self._evidence(
                            iri, "later-plan", begins, _text(r["until"]), r["verification"]
                        )
                    )
        return sorted(found, key=lambda e: e["date"] or "")

    def _dated(self, claim: dict[str, Any]) -> list[tuple[str, str]]:
        """(start, iri) of the claim's resources the graph dates."""
        found = []
        for iri in claim["resources"]:
            info = self._resources.get(iri) or {}
            begins = info.get("begins")
            if begins and set(info.get("types", ())) & set(DATED_TYPES):
                found.append((begins, iri))
        return found

    def _nothing_named(self, claim: dict[str, Any]) -> str:
        if claim["resources"]:
            return _(
                "the claim names nothing the graph dates (only {names})",
                names=", ".join(self.label(i) or i for i in claim["resources"]),
            )
        if claim.get("unresolved"):
            return _(
                "what the claim names is not in the graph: {names}",
                names=", ".join(claim["unresolved"]),
            )
        return _("the claim names no plan, body, text or measure the graph holds")

    def _named_evidence(self, claim: dict[str, Any]) -> list[Evidence]:
        return [self._evidence(i, "named", None, None, None) for i in claim["resources"]]

    def _topic_scope(self, claim: dict[str, Any]) -> tuple[list[str], list[str]]:
        """Provisions (and offences) of the claim's topics in its jurisdiction."""
        code = claim.get("jurisdiction")
        topics = set(claim.get("topics") or [])
        if not code or not topics:
            return [], []
        rows = queries.run(
            self.store, "claim-topic-offences", jurisdiction=NamedNode(JURISDICTION + code)
        )
        provisions: list[str] = []
        offences: list[str] = []
        for r in rows:
            if _iri(r["topic"]) not in topics:
                continue
            offence = _iri(r["offence"])
            provision = _iri(r["provision"])
            if offence and offence not in offences:
                offences.append(offence)
                self._resources.setdefault(offence, {
                    "from": _text(r["from"]), "verification": _status(r["verification"]),
                })  # fmt: skip
            if provision and provision not in provisions:
                provisions.append(provision)
        return provisions, offences

    def _read_resources(self, iris: set[str]) -> None:
        if not iris:
            return
        rows = queries.run(self.store, "claim-resources",
                           resource=[NamedNode(i) for i in sorted(iris)])  # fmt: skip
        merged: dict[str, dict[str, Any]] = defaultdict(lambda: {"types": set(),
                                                                 "coordinators": set()})  # fmt: skip
        for r in rows:
            info = merged[_iri(r["resource"]) or ""]
            info["types"].add((_iri(r["type"]) or "").removeprefix(PKG))
            for key in ("from", "until", "start", "adopted", "inForce"):
                info[key] = info.get(key) or _text(r[key])
            if _iri(r["coordinator"]):
                info["coordinators"].add(_iri(r["coordinator"]))
            info["jurisdiction"] = info.get("jurisdiction") or _iri(r["jurisdiction"])
            info["verification"] = info.get("verification") or _status(r["verification"])
        for iri, info in merged.items():
            info["begins"] = info.get("adopted") or info.get("start") or info.get("from")
            self._resources[iri] = info

    def _adoption(self, iri: str) -> Evidence:
        info = self._resources.get(iri, {})
        return self._evidence(iri, "adopted", info.get("begins"), info.get("until"),
                              info.get("verification"))  # fmt: skip

    def label(self, iri: str | None) -> str | None:
        """The resource's label in the language asked (else English, else any)."""
        if not iri:
            return None
        if iri not in self._labels:
            rows = queries.run(self.store, "describe-labels", x=NamedNode(iri))
            ranked = sorted(
                (r for r in rows if isinstance(r["label"], Literal)),
                key=lambda r: (
                    _LABEL_ORDER.index(_iri(r["property"]) or "")
                    if _iri(r["property"]) in _LABEL_ORDER
                    else len(_LABEL_ORDER)
                ),
            )
            by_lang: dict[str, str] = {}
            for r in ranked:
                label = r["label"]
                by_lang.setdefault(label.language or "", label.value)  # type: ignore[union-attr]
            self._labels[iri] = pick_label_and_language(by_lang, self.lang)
        found = self._labels[iri]
        return found[0] if found else None

    def label_lang(self, iri: str | None) -> str | None:
        """The language of `label(iri)` (None when it has none, or no label)."""
        if not iri or self.label(iri) is None:
            return None
        found = self._labels[iri]
        return (found[1] or None) if found else None

    def _evidence(
        self,
        iri: str | None,
        role: str,
        when: str | None,
        until: str | None,
        verification: Any,
        by: str | None = None,
    ) -> Evidence:
        label = self.label(iri)
        if by:
            label = f"{label or iri} — {self.label(by) or by}"
        return Evidence(
            iri=iri or "", label=label, label_lang=self.label_lang(iri), role=role, date=when,
            until=until,
            verification=verification if isinstance(verification, str) or verification is None
            else _status(verification),
        )  # fmt: skip

    def _verdict(
        self,
        day: str,
        verdict: str,
        rule: str,
        explanation: str,
        evidence: list[Evidence] | None = None,
        changes: list[Evidence] | None = None,
        reason: str | None = None,
    ) -> Verdict:
        return Verdict(
            as_of=day, verdict=verdict, label=self._label("verdict", verdict), rule=rule,
            rule_label=self._label("rule", rule), explanation=explanation,
            evidence=evidence or [], changes=changes or [], reason=reason,
        )  # fmt: skip

    def _not_checkable(
        self, day: str, rule: str, reason: str, evidence: list[Evidence] | None = None
    ) -> Verdict:
        return self._verdict(day, "not-checkable", rule, reason, evidence, reason=reason)

    def _undated(self, day: str | None = None) -> Verdict:
        reason = _("the document has no date: give it one at ingest (?date=YYYY-MM-DD, --date)")
        return self._not_checkable(day or "", "no-date", reason)

    def _label(self, scheme: str, notation: str) -> str:
        return self.vocabulary.get((scheme, notation)) or notation


def _vocabulary(store: Store, lang: str) -> dict[tuple[str, str], str]:
    """(scheme, notation) → label in `lang` (else English) for kinds, verdicts and rules."""
    names = {KIND_SCHEME: "kind", VERDICT_SCHEME: "verdict", RULE_SCHEME: "rule"}
    found: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)
    for row in queries.run(store, "claim-vocabulary"):
        key = (names[_iri(row["scheme"]) or ""], str(literal_value(row["notation"])))
        label = row["label"]
        if isinstance(label, Literal):
            found[key][label.language or ""] = label.value
    return {k: v.get(lang) or v.get("en") or k[1] for k, v in found.items()}


def _agrees(figure: dict[str, Any], recorded: float) -> bool:
    """Whether a recorded value bears out the figure as qualified, within a band (a figure
    "more than 11 000" is borne out by 12 000, not by 150 000, which is another count)."""
    value, qualifier = float(figure["value"]), figure.get("qualifier") or "exactly"
    if qualifier == "more-than":
        return value <= recorded <= value * (1 + FIGURE_BAND)
    if qualifier in ("less-than", "up-to"):
        return value * (1 - FIGURE_BAND) <= recorded <= value
    if qualifier == "about":
        return abs(recorded - value) <= 0.1 * max(abs(value), 1.0)
    return recorded == value


def _is_provision(iri: str) -> bool:
    return any(part in iri for part in ("/article/", "/section/", "/kap/", "/par/", "/schedule/"))


def _iri(term: Any) -> str | None:
    return term.value if isinstance(term, NamedNode) else None


def _text(term: Any) -> str | None:
    return term.value if isinstance(term, Literal) else None


def _status(term: Any) -> str | None:
    return term.value.rsplit("#", 1)[-1] if isinstance(term, NamedNode) else None
