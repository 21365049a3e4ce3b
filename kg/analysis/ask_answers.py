"""Each kind of ask answered with the facts of that kind, and an honest status per part.

A part's status follows from what it found, never from the topic merely having facts:
- ``answered``: facts of the kind asked for, on point (the population and offences the ask
  names), at least one verified;
- ``partly``: something is missing, and the note says what (only unverified figures or
  estimates, no figure below the national level, no staffing, a topic not assessed…);
- ``no-data``: nothing of that kind is recorded, and the note says what is missing.

Facts come from the comparison document (`kg.analysis.compare.compare`), so the brief cites
exactly what /api/compare shows; foreign models from `kg.analysis.gaps`; intentions from the
claims of ministerial answers (`kg.analysis.claims` when present, see `answer_claims`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from kg.analysis.compare import compare
from kg.analysis.recommendations import for_ask
from kg.locale import _, format_date, format_money, format_number
from kg.store import Store

#: Topics that name an offence family or a legal duty: what "legislation" looks up and what
#: statistics are filtered by (`measured_topic`).
LAW_TOPICS = (
    "purchase-sex-minor",
    "purchase-sex-adult",
    "procuring-minor",
    "trafficking-minor",
    "online-solicitation-minor",
    "reporting-duty",
    "victim-protection",
)
#: Item kinds that state the law.
LAW_KINDS = ("offence", "reporting-duty", "protection-measure", "instrument")
#: Topics and item kinds of "coordination": bodies and shared data systems.
COORDINATION_TOPICS = ("coordination-body", "data-system")
COORDINATION_KINDS = ("body", "data-system")


@dataclass
class AskContext:
    """What answering one ask needs: the store, the day, the reader's language, the
    document's own jurisdiction (home) and the foreign ones it names, the ask's topics and
    the population it is about."""

    store: Store
    day: date
    lang: str
    home: str
    foreign: list[str]
    topics: list[str]
    population: str | None = None
    population_label: str | None = None
    territorial: str | None = None
    topic_labels: dict[str, str] = field(default_factory=dict)
    compared: dict[tuple[str, tuple[str, ...]], Any] = field(default_factory=dict)

    def named(self, topics: list[str]) -> str:
        """Topics by their labels in the reader's language, for a note."""
        return ", ".join(self.topic_labels.get(t, t) for t in topics) or "—"

    def items(self, topic: str, codes: list[str]) -> list[dict[str, Any]]:
        """The items in force of `topic` for `codes`, each with its jurisdiction (one
        comparison per topic and codes for the whole brief)."""
        key = (topic, tuple(codes))
        if key not in self.compared:
            self.compared[key] = compare(self.store, topic, codes, self.day, self.lang)
        return [
            item | {"jurisdiction": row["jurisdiction"]}
            for row in self.compared[key]["rows"]
            for item in row["items"]
        ]


def part(
    kind: str,
    status: str,
    note: str | None,
    facts: list[dict[str, Any]],
    **more: Any,
) -> dict[str, Any]:
    """One part of an ask's answer (one kind)."""
    return {"kind": kind, "status": status, "note": note, "facts": facts} | more


# ------------------------------------------------------------------ facts


def fact(item: Mapping[str, Any], on_point: bool = True) -> dict[str, Any]:
    """A compare item cut down to what a brief cites, with a one-line summary in the
    reader's language."""
    details = item["details"]
    out: dict[str, Any] = {
        "iri": item["iri"],
        "kind": item["kind"],
        "jurisdiction": item.get("jurisdiction") or details.get("jurisdiction"),
        "label": item["label"],
        "label_lang": item.get("label_lang"),
        "citation": item["citation"],
        "url": item["url"],
        "valid_from": item["valid_from"],
        "valid_until": item["valid_until"],
        "verification": details.get("verification"),
        "checked_on": details.get("checked_on"),
        "sources": list(item["sources"]),
        "on_point": on_point,
    }
    if item["kind"] == "statistic":
        out |= {
            "value": details.get("value"),
            "unit": details.get("unit"),
            "unit_lang": details.get("unit_lang"),
            "period": details.get("period"),
            "year": details.get("year"),
            "territory": details.get("territory"),
            "method": details.get("method"),
            "attributed_to": details.get("attributed_to"),
            "attributed_to_lang": details.get("attributed_to_lang"),
            "measure": _notation(details.get("measure")),
            "measure_label": (details.get("measure") or {}).get("label"),
            "population": _notation(details.get("population")),
            "unit_measure": _notation(details.get("unit_measure")),
            "measured_topics": [t["notation"] for t in details.get("measured_topic") or []],
        }
    elif item["kind"] == "action-plan":
        out |= {"budget": details.get("budget"), "period": details.get("period")}
    elif item["sanctions"]:
        out["max_prison_years"] = max(
            (s["max_prison_years"] or 0 for s in item["sanctions"]), default=None
        )
        out["life_imprisonment"] = any(s["life_imprisonment"] for s in item["sanctions"])
    out["summary"] = summary(out)
    return out


def _notation(concept: dict[str, Any] | None) -> str | None:
    return concept["notation"] if concept else None


def summary(f: dict[str, Any]) -> str:
    """One line a drafter can paste: what, how much, when, where, how counted."""
    if f["kind"] == "statistic":
        method = {"recorded": _("recorded"), "estimate": _("estimate")}.get(f["method"] or "", "")
        where = ", ".join(str(p) for p in (f["period"], f["territory"], method) if p)
        value = format_number(f["value"])
        if f.get("unit_measure") in ("percent", "percent-change"):
            value += " %"
        return f"{value} — {f['label']} ({where})"
    if f["kind"] == "action-plan" and f.get("budget"):
        money = format_money(f["budget"]["amount"], f["budget"]["currency"])
        return _("{label}: budget {money}", label=f["label"], money=money)
    if f.get("citation"):
        return f"{f['label']} ({f['citation']})"
    return str(f["label"])


def official_first(facts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The latest official first: verified before unverified (a verified figure was read in
    the official text), then the latest reference year, then counts of persons before shares
    and changes, then recorded counts before estimates."""

    def key(f: dict[str, Any]) -> tuple[bool, int, bool, bool, str]:
        return (
            f.get("verification") != "verified",
            -(f.get("year") or 0),
            f.get("unit_measure") not in (None, "persons"),
            f.get("method") != "recorded",
            f["iri"],
        )

    return sorted(facts, key=key)


# ------------------------------------------------------------------ kinds


def _offence_topics(ctx: AskContext) -> list[str]:
    return [t for t in ctx.topics if t in LAW_TOPICS]


def _statistics(ctx: AskContext, topic: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Statistics filed under `topic` for the home jurisdiction about the ask's offences:
    (on point: the population the ask names, related: other populations)."""
    offences = set(_offence_topics(ctx))
    found = [
        fact(i)
        for i in ctx.items(topic, [ctx.home])
        if i["kind"] == "statistic"
        and (not offences or offences & {t["notation"] for t in i["details"]["measured_topic"]})
    ]
    on_point = [f for f in found if ctx.population in (None, f["population"])]
    related = [f | {"on_point": False} for f in found if f not in on_point]
    return official_first(on_point), official_first(related)


def _figures_status(
    ctx: AskContext, on_point: list[dict[str, Any]], related: list[dict[str, Any]]
) -> tuple[str, str | None]:
    who = ctx.population_label or _("the population asked about")
    if not on_point:
        note = _("no figure on {who} is recorded for {code}", who=who, code=ctx.home)
        if related:
            note += _("; figures on other populations are listed")
        return "no-data", note
    if not any(f["verification"] == "verified" for f in on_point):
        return "partly", _(
            "only unverified figures or estimates on {who} are recorded for {code}",
            who=who,
            code=ctx.home,
        )
    if ctx.territorial and not any(f["territory"] not in (None, ctx.home) for f in on_point):
        return "partly", _(
            "national figures are recorded; no figure below the national level "
            "(asked for: “{words}”) is recorded for {code}",
            words=ctx.territorial,
            code=ctx.home,
        )
    return "answered", None


def figures(ctx: AskContext) -> dict[str, Any]:
    """Figures of victims: the latest official first, with period, territory, method, source."""
    on_point, related = _statistics(ctx, "victim-statistics")
    status, note = _figures_status(ctx, on_point, related)
    return part("figures", status, note, on_point + related)


def enforcement(ctx: AskContext) -> dict[str, Any]:
    """Enforcement series (cases, arrests, prosecutions, convictions) on the ask's offences."""
    on_point, related = _statistics(ctx, "enforcement")
    status, note = _figures_status(ctx, on_point, related)
    return part("enforcement", status, note, on_point + related)


def resources(ctx: AskContext) -> dict[str, Any]:
    """Budgets (and staffing, which the graph does not record) of the plans and bodies in
    force; plans and bodies without a budget are listed as related facts only."""
    plans = [fact(i) for i in ctx.items("action-plan", [ctx.home]) if i["kind"] == "action-plan"]
    bodies = [fact(i, on_point=False) for i in ctx.items("coordination-body", [ctx.home])]
    funded = [f for f in plans if f.get("budget")]
    unfunded = [f | {"on_point": False} for f in plans if not f.get("budget")]
    when = format_date(ctx.day)
    if not funded:
        note = _(
            "no budget or staffing is recorded for the plans and bodies of {code} in force on "
            "{date}",
            code=ctx.home,
            date=when,
        )
        return part("resources", "no-data", note, unfunded + bodies)
    return part(
        "resources",
        "partly",
        _("budgets are recorded; staffing is not recorded in the graph"),
        official_first(funded) + unfunded + bodies,
    )


def legislation(ctx: AskContext) -> dict[str, Any]:
    """The law in force on each offence or duty the ask names, at home and in the foreign
    jurisdictions the ask names."""
    topics = _offence_topics(ctx)
    if not topics:
        return part("legislation", "no-data", _("the ask names no offence or legal duty"), [])
    facts, missing = [], []
    for topic in topics:
        found = [fact(i) for i in ctx.items(topic, [ctx.home]) if i["kind"] in LAW_KINDS]
        facts += found
        if not any(f["verification"] == "verified" for f in found):
            missing.append(topic)
    return _by_topic(ctx, "legislation", topics, missing, facts)


def coordination(ctx: AskContext) -> dict[str, Any]:
    """Coordination bodies and shared data systems in force at home."""
    facts = [
        fact(i)
        for topic in COORDINATION_TOPICS
        for i in ctx.items(topic, [ctx.home])
        if i["kind"] in COORDINATION_KINDS
    ]
    missing = [
        t
        for t, k in zip(COORDINATION_TOPICS, COORDINATION_KINDS, strict=True)
        if not any(f["kind"] == k and f["verification"] == "verified" for f in facts)
    ]
    return _by_topic(ctx, "coordination", list(COORDINATION_TOPICS), missing, facts)


def _by_topic(
    ctx: AskContext, kind: str, topics: list[str], missing: list[str], facts: list[dict[str, Any]]
) -> dict[str, Any]:
    if not facts:
        note = _("nothing verified or unverified is recorded on {topics}", topics=ctx.named(topics))
        return part(kind, "no-data", note, facts)
    if missing:
        note = _("no verified fact is recorded on {topics}", topics=ctx.named(missing))
        return part(kind, "partly", note, facts)
    return part(kind, "answered", None, facts)


#: The gaps function the brief calls: (store, reference, target, at, lang, topics) → the
#: JSON gaps document (see `gaps_document`).
GapsFunction = Callable[[Store, str, str, date, str, list[str]], dict[str, Any]]


def gaps_document(
    store: Store, reference: str, target: str, day: date, lang: str, topics: list[str]
) -> dict[str, Any]:
    """The /api/gaps document of `target` against `reference`, limited to `topics` when
    the gaps module offers `gaps_between` (its stable public function), else in full."""
    from kg.analysis import gaps

    between = getattr(gaps, "gaps_between", None)
    if between is None:
        return gaps.gaps(store, reference, target, day, lang)
    document = between(store, reference, target, day, topics=topics, lang=lang)
    return document.as_dict() if hasattr(document, "as_dict") else dict(document)


def foreign_models(ctx: AskContext, gaps_function: GapsFunction) -> dict[str, Any]:
    """What the foreign jurisdictions the question names have that home lacks or has weaker,
    on the ask's topics (the typed findings of `kg.analysis.gaps`); a topic nothing can be
    said about on either side is named as not assessed."""
    topics = [t for t in ctx.topics if t in LAW_TOPICS + COORDINATION_TOPICS + ("action-plan",)]
    findings, assessed = [], set()
    for reference in ctx.foreign:
        document = gaps_function(ctx.store, reference, ctx.home, ctx.day, ctx.lang, topics)
        for comparison in document["comparisons"]:
            for verdict in ("gaps", "no_gap", "unknown", "not_comparable"):
                for finding in comparison.get(verdict) or []:
                    if finding["topic"] not in topics:
                        continue
                    findings.append(
                        {
                            "reference": comparison["reference"],
                            "target": comparison["target"],
                            "topic": finding["topic"],
                            "topic_label": finding.get("topic_label"),
                            "feature": finding.get("dimension") or finding.get("feature"),
                            "feature_label": finding.get("dimension_label")
                            or finding.get("feature_label"),
                            "verdict": finding["verdict"],
                            "explanation": finding["explanation"],
                            "sources": _finding_sources(finding),
                        }
                    )
                    if finding["verdict"] in ("gap", "no-gap"):
                        assessed.add(finding["topic"])
    findings.sort(key=lambda f: ({"gap": 0, "no-gap": 1}.get(f["verdict"], 2), f["topic"]))
    not_assessed = [t for t in topics if t not in assessed]
    # What the international monitors asked of home, and requests abroad a later foreign
    # measure answered: the models the monitors themselves point to.
    monitors = for_ask(ctx.store, ctx.home, topics, ctx.lang, ctx.foreign)
    if not topics or not assessed:
        note = _(
            "no comparison with {codes} can be made on {topics}: nothing is recorded on one side",
            codes=", ".join(ctx.foreign),
            topics=ctx.named(topics),
        )
        return part("foreign-models", "no-data", note, [], findings=findings, monitors=monitors)
    if not_assessed:
        note = _("not assessed: {topics}", topics=ctx.named(not_assessed))
        return part("foreign-models", "partly", note, [], findings=findings, monitors=monitors)
    return part("foreign-models", "answered", None, [], findings=findings, monitors=monitors)


def _finding_sources(finding: dict[str, Any]) -> list[str]:
    """Every source URL under a finding's evidence, in order, once (the evidence is nested
    by side; its exact shape belongs to the gaps module)."""
    sources: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for source in value.get("sources") or []:
                if isinstance(source, str) and source not in sources:
                    sources.append(source)
            for inner in value.values():
                if isinstance(inner, (dict, list)):
                    walk(inner)
        elif isinstance(value, list):
            for inner in value:
                walk(inner)

    walk(finding.get("evidence"))
    return sources


def intention(ctx: AskContext, answers: list[dict[str, Any]]) -> dict[str, Any]:
    """What the government said, from the claims of ministerial answers in the graph: the
    answer to this question when it is recorded, else earlier answers on the same topics
    (each claim with its verdict as of the brief's day)."""
    claims = [c | {"answer": a["id"]} for a in answers for c in a["claims"]]
    # What the state told the monitors, and their requests still open: stated intentions
    # that are on record even when no ministerial answer is.
    monitors = for_ask(ctx.store, ctx.home, list(ctx.topics), ctx.lang)
    if not answers:
        return part(
            "intention",
            "no-data",
            _("no ministerial answer on these topics is in the graph"),
            [],
            answers=[],
            claims=[],
            monitors=monitors,
        )
    if not claims:
        note = _("the ministerial answers on these topics carry no checkable claim")
        return part("intention", "no-data", note, [], answers=answers, claims=[], monitors=monitors)
    if any(a["answers_this"] for a in answers):
        return part(
            "intention", "answered", None, [], answers=answers, claims=claims, monitors=monitors
        )
    note = _(
        "no answer to this question is in the graph; what earlier answers said is checked "
        "against the graph as of {date}",
        date=format_date(ctx.day),
    )
    return part("intention", "partly", note, [], answers=answers, claims=claims, monitors=monitors)
