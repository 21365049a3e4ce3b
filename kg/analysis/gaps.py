"""`gaps(reference, target, at)`: what the reference regime has that the target lacks or has
weaker, each finding with its evidence (the /api/gaps document, docs/analyses.md).

Built on the comparison document (`kg.analysis.compare.compare`), so a gap rests on exactly the facts
a drafter would see in /api/compare: present, absent (a sourced statement) or unknown
(nothing recorded). "Unknown" is never turned into a gap — a missing record is not a missing
law — and the document lists what could not be assessed instead of staying silent about it.
UK on either side expands to its three criminal-law jurisdictions and each part is compared
on its own, since they have separate statutes.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import networkx as nx

from kg.analysis import analytics
from kg.analysis.compare import compare, parse_date
from kg.errors import BadRequest
from kg.locale import _, format_years, mark, using
from kg.ns import TOPIC
from kg.store import Store
from kg.vocabulary import expand_jurisdictions, pick_label, topics

#: The finer features: name → (topics, item kinds that realise it, what it means).
FEATURES: dict[str, tuple[tuple[str, ...], tuple[str, ...], str]] = {
    "demand-penalised": (
        ("purchase-sex-minor", "purchase-sex-adult"),
        ("offence",),
        mark("buying sex is an offence"),
    ),
    "mandatory-reporting": (
        ("reporting-duty",),
        ("reporting-duty",),
        mark("a legal duty to report suspected exploitation"),
    ),
    "centralised-data": (
        ("data-system",),
        ("data-system",),
        mark("a central register or referral system for victims"),
    ),
}


#: Every feature a finding may name, in words for the reader.
FEATURE_LABELS = {
    "topic": mark("rules on the topic"),
    "demand-penalised": mark("buying sex is an offence"),
    "mandatory-reporting": mark("a legal duty to report suspected exploitation"),
    "centralised-data": mark("a central register or referral system for victims"),
    "higher-maximum-penalty": mark("higher maximum penalty"),
}


def gaps(
    store: Store, reference: str, target: str, at: str | date | None = None, lang: str = "en"
) -> dict[str, Any]:
    """The gaps of `target` measured against `reference` on `at` (default today), worded in
    `lang`."""
    with using(lang):
        return _gaps(store, reference, target, at, lang)


def _gaps(
    store: Store, reference: str, target: str, at: str | date | None, lang: str
) -> dict[str, Any]:
    day = parse_date(at)
    ref_members = [m.code for m in expand_jurisdictions(store, [reference])]
    target_members = [m.code for m in expand_jurisdictions(store, [target])]
    if not any(r != t for r in ref_members for t in target_members):
        raise BadRequest(
            _("Nothing to compare: reference and target are both {code!r}", code=reference)
        )
    everyone = list(dict.fromkeys(ref_members + target_members))
    scheme = topics(store)
    documents = {n: compare(store, n, everyone, day, lang) for n in sorted(scheme)}
    rows = {n: {r["jurisdiction"]: r for r in d["rows"]} for n, d in documents.items()}
    graph = analytics.resource_graph(store, lang, curated=True)
    comparisons = [
        _compare_pair(rows, scheme_labels(scheme, lang), ref, tgt, graph)
        for ref in ref_members
        for tgt in target_members
        if ref != tgt
    ]
    return {
        "reference": {"code": reference, "members": ref_members},
        "target": {"code": target, "members": target_members},
        "at": day.isoformat(),
        "comparisons": comparisons,
        "summary": _summary(comparisons, sorted(scheme)),
    }


def scheme_labels(scheme: dict[str, Any], lang: str) -> dict[str, str | None]:
    return {n: pick_label(t.labels, lang) for n, t in scheme.items()}


def _compare_pair(
    rows: dict[str, dict[str, dict[str, Any]]],
    labels: dict[str, str | None],
    ref: str,
    tgt: str,
    graph: nx.MultiDiGraph,
) -> dict[str, Any]:
    """One reference part against one target part: topic verdicts, then the findings."""
    topic_verdicts = [
        _topic_verdict(n, labels[n], rows[n][ref], rows[n][tgt], ref, tgt) for n in sorted(rows)
    ]
    findings = [f for t in topic_verdicts if t["verdict"] == "gap" for f in [_lacks_finding(t)]]
    for name, (feature_topics, kinds, meaning) in FEATURES.items():
        for n in feature_topics:
            findings.append(_feature(name, meaning, n, kinds, rows[n][ref], rows[n][tgt], ref, tgt))
    for n in sorted(rows):
        findings.append(_penalty(n, rows[n][ref], rows[n][tgt], ref, tgt))
    findings = _without_duplicates([f for f in findings if f is not None])
    for finding in findings:
        finding["feature_label"] = _(FEATURE_LABELS.get(finding["feature"], finding["feature"]))
        finding["topic_label"] = labels.get(finding["topic"])
    return {
        "reference": ref,
        "target": tgt,
        "topics": [{k: v for k, v in t.items() if not k.startswith("_")} for t in topic_verdicts],
        "gaps": [f for f in findings if f["verdict"] == "gap"],
        "no_gap": [f for f in findings if f["verdict"] == "no-gap"],
        "unknown": [f for f in findings if f["verdict"] == "unknown"],
        "alignments": _alignments(rows, ref, tgt, graph),
    }


def _without_duplicates(findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A topic the target lacks is said once: by the finer feature when one covers it."""
    covered = {f["topic"] for f in findings if f["feature"] != "topic" and f["kind"] == "lacks"}
    return [f for f in findings if f["feature"] != "topic" or f["topic"] not in covered]


def _topic_verdict(
    notation: str,
    label: str | None,
    ref_row: dict[str, Any],
    tgt_row: dict[str, Any],
    ref: str,
    tgt: str,
) -> dict[str, Any]:
    """present/absent/unknown on each side → gap, no-gap or unknown, with the reason."""
    a, b = ref_row["status"], tgt_row["status"]
    if a == "present" and b == "absent":
        verdict = "gap"
        why = _("{ref} has facts on this topic; the graph states {tgt} has none", ref=ref, tgt=tgt)
    elif a == "present" and b == "unknown":
        verdict = "unknown"
        why = _("{ref} has facts on this topic; nothing is recorded for {tgt}", ref=ref, tgt=tgt)
    elif a == "unknown" and b == "unknown":
        verdict, why = "unknown", _("nothing is recorded on this topic for either side")
    elif a == "unknown":
        verdict, why = "unknown", _("nothing is recorded on this topic for {ref}", ref=ref)
    elif a == "absent":
        verdict = "no-gap"
        why = _("the graph states {ref} has nothing on this topic either", ref=ref)
    else:
        verdict, why = "no-gap", _("both sides have facts on this topic")
    return {
        "topic": notation,
        "label": label,
        "reference_status": a,
        "target_status": b,
        "verdict": verdict,
        "reason": why,
        "_rows": (ref_row, tgt_row),
    }


def _lacks_finding(verdict: dict[str, Any]) -> dict[str, Any]:
    ref_row, tgt_row = verdict["_rows"]
    return {
        "feature": "topic",
        "topic": verdict["topic"],
        "verdict": "gap",
        "kind": "lacks",
        "explanation": verdict["reason"],
        "reference_value": "present",
        "target_value": "absent",
        "evidence": _evidence(ref_row, tgt_row),
    }


def _feature(
    name: str,
    meaning: str,
    notation: str,
    kinds: tuple[str, ...],
    ref_row: dict[str, Any],
    tgt_row: dict[str, Any],
    ref: str,
    tgt: str,
) -> dict[str, Any]:
    """Does each side have an item of `kinds` on the topic? A gap only against a stated
    absence or against facts that exist but are of another kind."""
    a, b = _has_kind(ref_row, kinds), _has_kind(tgt_row, kinds)
    if a == "present":
        verdict = {"present": "no-gap", "absent": "gap"}.get(b, "unknown")
    else:  # a reference without the feature has nothing the target could lack
        verdict = "no-gap" if a == "absent" else "unknown"
    words = {"present": _("present"), "absent": _("absent"), "unknown": _("unknown")}
    values = {"ref": ref, "tgt": tgt, "meaning": _(meaning), "topic": notation}
    explanation = {
        "gap": _("{ref}: {meaning} ({topic}); {tgt}: none (stated)", **values),
        "unknown": _(
            "cannot tell whether {ref} has what {tgt} lacks: {ref} {a}, {tgt} {b} ({meaning}, {topic})",
            a=words[a],
            b=words[b],
            **values,
        ),
        "no-gap": _("{ref} {a}, {tgt} {b} ({meaning}, {topic})", a=words[a], b=words[b], **values),
    }[verdict]
    return {
        "feature": name,
        "topic": notation,
        "verdict": verdict,
        "kind": "lacks" if verdict == "gap" else None,
        "explanation": explanation,
        "reference_value": a,
        "target_value": b,
        "evidence": _evidence(ref_row, tgt_row, kinds),
    }


def _has_kind(row: dict[str, Any], kinds: tuple[str, ...]) -> str:
    """present (an item of these kinds in force), absent (the row is a stated absence) or
    unknown (nothing of these kinds recorded, even if facts of other kinds are)."""
    if any(i["kind"] in kinds for i in row["items"]):
        return "present"
    return "absent" if row["status"] == "absent" else "unknown"


def highest_penalty(row: dict[str, Any]) -> dict[str, Any] | None:
    """The most severe sanction in force in a compare row (life beats any term)."""
    best: dict[str, Any] | None = None
    for item in row["items"]:
        for sanction in item["sanctions"]:
            value = analytics.severity(sanction["max_prison_years"], sanction["life_imprisonment"])
            if value is None:
                continue
            if best is None or value > best["_severity"]:
                best = {
                    "_severity": value,
                    "life_imprisonment": sanction["life_imprisonment"],
                    "max_prison_years": sanction["max_prison_years"],
                    "condition": sanction["condition"],
                    "sanction": sanction["iri"],
                    "offence": item["iri"],
                    "legal_basis": sanction["legal_basis"],
                }
    return best


def _penalty(
    notation: str, ref_row: dict[str, Any], tgt_row: dict[str, Any], ref: str, tgt: str
) -> dict[str, Any] | None:
    """Higher maximum penalty: only where the reference has an offence on the topic."""
    if not any(i["kind"] == "offence" for i in ref_row["items"]):
        return None
    a, b = highest_penalty(ref_row), highest_penalty(tgt_row)
    if a is None or b is None:
        missing = ref if a is None else tgt
        verdict = "unknown"
        explanation = _(
            "no maximum penalty is recorded for {code} on {topic} on this date",
            code=missing,
            topic=notation,
        )
        kind = None
    elif a["_severity"] > b["_severity"]:
        verdict, kind = "gap", "weaker"
        explanation = _(
            "{ref}'s highest maximum ({a}, {a_condition}) is above {tgt}'s ({b}, "
            "{b_condition}); the conditions may differ",
            ref=ref,
            tgt=tgt,
            a=_penalty_text(a),
            b=_penalty_text(b),
            a_condition=a["condition"],
            b_condition=b["condition"],
        )
    else:
        verdict, kind = "no-gap", None
        explanation = _(
            "{tgt}'s highest maximum ({b}) is not below {ref}'s ({a})",
            ref=ref,
            tgt=tgt,
            a=_penalty_text(a),
            b=_penalty_text(b),
        )
    return {
        "feature": "higher-maximum-penalty",
        "topic": notation,
        "verdict": verdict,
        "kind": kind,
        "explanation": explanation,
        "reference_value": _public(a),
        "target_value": _public(b),
        "evidence": _evidence(ref_row, tgt_row, ("offence",)),
    }


def _penalty_text(penalty: dict[str, Any]) -> str:
    if penalty["life_imprisonment"]:
        return _("life imprisonment")
    return format_years(penalty["max_prison_years"])


def _public(penalty: dict[str, Any] | None) -> dict[str, Any] | None:
    return None if penalty is None else {k: v for k, v in penalty.items() if k[0] != "_"}


def _evidence(
    ref_row: dict[str, Any], tgt_row: dict[str, Any], kinds: tuple[str, ...] | None = None
) -> dict[str, list[dict[str, Any]]]:
    """The reference's and the target's facts (or stated absences) behind a finding."""
    return {"reference": _row_evidence(ref_row, kinds), "target": _row_evidence(tgt_row, kinds)}


def _row_evidence(row: dict[str, Any], kinds: tuple[str, ...] | None) -> list[dict[str, Any]]:
    found = [
        {
            "jurisdiction": row["jurisdiction"],
            "iri": item["iri"],
            "kind": item["kind"],
            "label": item["label"],
            "label_lang": item.get("label_lang"),
            "citation": item["citation"],
            "url": item["url"],
            "sanctions": [s["iri"] for s in item["sanctions"]],
            "sources": item["sources"],
        }
        for item in row["items"]
        if kinds is None or item["kind"] in kinds
    ]
    found += [
        {
            "jurisdiction": row["jurisdiction"],
            "iri": absence["iri"],
            "kind": "absence",
            "label": absence["comment"],
            "label_lang": absence.get("comment_lang"),
            "citation": None,
            "url": None,
            "sanctions": [],
            "sources": absence["sources"],
        }
        for absence in row.get("absence", [])
    ]
    return found


def _alignments(
    rows: dict[str, dict[str, dict[str, Any]]], ref: str, tgt: str, graph: nx.MultiDiGraph
) -> list[dict[str, Any]]:
    """Why facts of the two sides are compared at all: a short path linking them through a
    concept of the topic scheme (both `pkg:topic` the same concept). Figures also share their
    measure, population or unit concepts; those paths say nothing about why they line up."""
    found = []
    for notation in sorted(rows):
        for a in rows[notation][ref]["items"]:
            for b in rows[notation][tgt]["items"]:
                found_paths = [
                    path
                    for path in analytics.find_paths(
                        graph, a["iri"], b["iri"], max_hops=2, limit=20
                    )
                    if all(node["iri"].startswith(TOPIC) for node in path["nodes"][1:-1])
                ]
                if found_paths:
                    found.append(
                        {"topic": notation, "reference": a["iri"], "target": b["iri"]}
                        | {"path": found_paths[0]}
                    )
    return found


def _summary(comparisons: list[dict[str, Any]], notations: list[str]) -> dict[str, Any]:
    """Counts, and in words what could not be assessed."""
    unknown_everywhere = [
        n
        for n in notations
        if all(
            t["verdict"] == "unknown" for c in comparisons for t in c["topics"] if t["topic"] == n
        )
    ]
    gaps_found = sum(len(c["gaps"]) for c in comparisons)
    return {
        "gaps": gaps_found,
        "by_pair": {f"{c['reference']}→{c['target']}": len(c["gaps"]) for c in comparisons},
        "unknown_topics": unknown_everywhere,
        "note": (
            _(
                "{n} of {total} topics cannot be assessed: nothing is recorded on them for one "
                "side or both, which is not the same as a gap",
                n=len(unknown_everywhere),
                total=len(notations),
            )
            if unknown_everywhere
            else _("every topic has facts on at least the reference side")
        ),
    }
