"""`brief(document)`: a drafter's brief on an ingested parliamentary text (/api/brief).

- A **parliamentary question**: each sub-question (the extraction's `questions`) is mapped
  to topics — by the topic mentions inside its span, and by a small keyword table for asks
  that name no topic label ("quels sont les chiffres…") — and answered with the facts of
  FR, SE and the UK parts in force on the day (`kg.analysis.compare.compare`), each with its
  citation and official URL. Topics with nothing recorded are listed as unknown.
- A **ministerial answer**: each checkable claim (citations, penalties, figures) is checked
  against the graph, saying which rule gave the verdict: consistent, outdated,
  contradicted or unchecked.

Both carry `claims` (a question's own figures can be checked too).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from pyoxigraph import NamedNode

from kg import queries
from kg.analysis.analytics import severity
from kg.analysis.compare import compare, parse_date
from kg.errors import BadRequest
from kg.ingest.pipeline import read_extraction
from kg.locale import _, using
from kg.ns import JURISDICTION, PKG, TOPIC
from kg.store import Store
from kg.terms import literal_value
from kg.vocabulary import expand_jurisdictions, pick_label, topics

#: Keyword table for asks that name no topic label: (regex on the lower-cased ask, topics,
#: why). Data, not code: extend it when a new kind of ask turns up.
KEYWORDS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    (
        r"\bchiffres?\b|\bstatisti\w*|\bnombre de\b|\bfigures?\b|\bstatistik\w*",
        ("victim-statistics", "data-system"),
        "asks for figures or statistics",
    ),
    (
        r"suivi statistique|croiser les données|\bdonnées\b|\bdata\b|\buppgifter\b",
        ("data-system", "victim-statistics"),
        "asks about collecting or sharing data",
    ),
    (
        r"\bmoyens\b.*\bréseaux\b|\bréseaux\b|\bnetworks?\b|\bnätverk\w*",
        ("action-plan", "coordination-body", "trafficking-minor"),
        "asks about resources against exploitation networks",
    ),
    (
        r"\bnumérique\b|\ben ligne\b|\bonline\b|\binternet\b",
        ("online-solicitation-minor",),
        "asks about the online dimension",
    ),
    (
        r"répression des clients|\bclients?\b|\bbuyers?\b|\bsexköp\w*",
        ("purchase-sex-minor", "purchase-sex-adult"),
        "asks about punishing the clients",
    ),
    (
        r"pénalisation de la demande|\bla demande\b|\bdemand\b",
        ("purchase-sex-adult", "purchase-sex-minor"),
        "asks about penalising demand",
    ),
    (
        r"coordination nationale|\bcoordination\b|\bsamordning\w*",
        ("coordination-body",),
        "asks about national coordination",
    ),
    (
        r"obligations? de signalement|\bsignalement\w*|\breporting\b|\banmälningsplikt\w*",
        ("reporting-duty",),
        "asks about reporting duties",
    ),
    (
        r"plans? nationa\w*|\baction plan\b|\bhandlingsplan\w*",
        ("action-plan",),
        "asks about a national plan",
    ),
)

#: Jurisdictions a question is answered for, unless the caller names others.
DEFAULT_JURISDICTIONS = ("FR", "SE", "UK")
#: Language of a document → the jurisdiction its claims are about, when it names none.
LANGUAGE_JURISDICTION = {"fr": "FR", "sv": "SE", "en": "UK"}
#: Relative tolerance for a figure qualified "about".
ABOUT_TOLERANCE = 0.1


def brief(
    store: Store,
    doc_id: str,
    at: str | date | None = None,
    jurisdictions: list[str] | None = None,
    lang: str = "en",
) -> dict[str, Any]:
    """The brief of one ingested document (404 if unknown, 400 if not a question/answer),
    worded in `lang`."""
    with using(lang):
        return _brief(store, doc_id, at, jurisdictions, lang)


def _brief(
    store: Store,
    doc_id: str,
    at: str | date | None,
    jurisdictions: list[str] | None,
    lang: str,
) -> dict[str, Any]:
    day = parse_date(at)
    extraction = read_extraction(store, doc_id)
    kind = extraction["type"]
    codes = list(jurisdictions or DEFAULT_JURISDICTIONS)
    head = {
        "document": {
            "id": extraction["id"],
            "iri": extraction["iri"],
            "type": kind,
            "title": extraction["title"],
            "date": document_date(extraction),
            "language": extraction["language"],
        },
        "at": day.isoformat(),
    }
    if kind == "parliamentary-question":
        members = [m.code for m in expand_jurisdictions(store, codes)]
        asks = question_asks(store, extraction, codes, day, lang)
        unknown = sorted(
            {t["topic"] for a in asks for t in a["topics"] if t["status"] == "unknown"}
        )
        return head | {
            "jurisdictions": members,
            "asks": asks,
            "unknown_topics": unknown,
            "claims": check_claims(store, extraction, day),
            "note": _question_note(asks, unknown),
        }
    if kind == "ministerial-answer":
        claims = check_claims(store, extraction, day)
        return head | {
            "jurisdictions": [_document_jurisdiction(extraction)],
            "claims": claims,
            "context": answer_context(store, extraction, day, lang),
            "note": None
            if claims
            else _(
                "No citation, penalty or figure was extracted from this answer, so no claim "
                "could be checked; the context lists what the graph holds on the topics it mentions"
            ),
        }
    raise BadRequest(
        _(
            "A brief is made for a parliamentary question or a ministerial answer; {id!r} is a {kind}",
            id=doc_id,
            kind=kind,
        )
    )


def document_date(extraction: dict[str, Any]) -> str | None:
    """The day the text speaks from: answered, else published (None when unknown)."""
    metadata = extraction.get("metadata") or {}
    return metadata.get("answered") or metadata.get("published")


# ------------------------------------------------------------------ questions


def ask_topics(
    extraction: dict[str, Any], question: dict[str, Any], known: set[str]
) -> list[dict[str, Any]]:
    """The topics of one sub-question, each with how it was found (mention or keyword)."""
    found: dict[str, list[dict[str, Any]]] = {}
    for mention in extraction["mentions"]:
        inside = question["start"] <= mention["start"] and mention["end"] <= question["end"]
        iri = mention.get("iri") or ""
        if mention["kind"] == "topic" and inside and iri.startswith(TOPIC):
            notation = iri.removeprefix(TOPIC)
            if notation in known:
                found.setdefault(notation, []).append(
                    {"rule": "mention", "text": mention["text"], "start": mention["start"],
                     "end": mention["end"]}
                )  # fmt: skip
    text = question["text"].lower()
    for pattern, notations, why in KEYWORDS:
        match = re.search(pattern, text)
        if match is None:
            continue
        for notation in notations:
            if notation in known:
                found.setdefault(notation, []).append(
                    {"rule": "keyword", "text": _short(match.group(0)), "pattern": pattern,
                     "why": why}
                )  # fmt: skip
    return [{"topic": n, "matched_by": how} for n, how in found.items()]


def _short(text: str) -> str:
    """A long keyword match ("moyens … réseaux") as its first and last words."""
    words = text.split()
    return text if len(words) <= 4 else f"{words[0]} … {words[-1]}"


def question_asks(
    store: Store, extraction: dict[str, Any], codes: list[str], day: date, lang: str
) -> list[dict[str, Any]]:
    """Each sub-question with its topics answered per jurisdiction."""
    scheme = topics(store)
    answers: dict[str, dict[str, Any]] = {}
    asks = []
    for index, question in enumerate(extraction["questions"], start=1):
        entries = []
        for entry in ask_topics(extraction, question, set(scheme)):
            notation = entry["topic"]
            if notation not in answers:
                answers[notation] = topic_answer(compare(store, notation, codes, day, lang))
            entries.append(
                entry | {"label": pick_label(scheme[notation].labels, lang)} | answers[notation]
            )
        asks.append(
            {
                "index": index,
                "text": question["text"],
                "start": question["start"],
                "end": question["end"],
                "direct": question.get("direct"),
                "status": "answered"
                if any(e["status"] != "unknown" for e in entries)
                else "unknown",
                "topics": entries,
            }
        )
    return asks


def topic_answer(document: dict[str, Any]) -> dict[str, Any]:
    """A compare document cut down to what a brief cites: per jurisdiction, the facts with
    their citation, URL, sanctions and sources; `unknown` when no row has anything."""
    rows = []
    for row in document["rows"]:
        rows.append(
            {
                "jurisdiction": row["jurisdiction"],
                "status": row["status"],
                "facts": [_fact(item) for item in row["items"]],
                "absence": row.get("absence", []),
            }
        )
    known = any(r["status"] != "unknown" for r in rows)
    return {"status": "answered" if known else "unknown", "rows": rows}


def _fact(item: dict[str, Any]) -> dict[str, Any]:
    return {
        "iri": item["iri"],
        "kind": item["kind"],
        "label": item["label"],
        "citation": item["citation"],
        "url": item["url"],
        "valid_from": item["valid_from"],
        "valid_until": item["valid_until"],
        "verification": item["details"].get("verification"),
        "sanctions": [
            {
                "iri": s["iri"],
                "condition": s["condition"],
                "max_prison_years": s["max_prison_years"],
                "min_prison_years": s["min_prison_years"],
                "life_imprisonment": s["life_imprisonment"],
                "max_fine": s["max_fine"],
                "legal_basis": s["legal_basis"],
            }
            for s in item["sanctions"]
        ],
        "details": item["details"],
        "sources": item["sources"],
    }


def _question_note(asks: list[dict[str, Any]], unknown: list[str]) -> str:
    answered = sum(1 for a in asks if a["status"] == "answered")
    note = _("{n} of {total} asks have facts in the graph", n=answered, total=len(asks))
    if unknown:
        note += _(
            "; nothing is recorded yet on {topics} (unknown, not absent)", topics=", ".join(unknown)
        )
    return note


# ------------------------------------------------------------------ answers and claims


def _document_jurisdiction(extraction: dict[str, Any]) -> str:
    return extraction.get("jurisdiction") or LANGUAGE_JURISDICTION.get(
        extraction.get("language") or "", "FR"
    )


def answer_context(
    store: Store, extraction: dict[str, Any], day: date, lang: str
) -> list[dict[str, Any]]:
    """What the graph holds, for the answer's own jurisdiction, on each topic it mentions."""
    scheme = topics(store)
    code = _document_jurisdiction(extraction)
    notations = []
    for mention in extraction["mentions"]:
        iri = mention.get("iri") or ""
        notation = iri.removeprefix(TOPIC)
        if mention["kind"] == "topic" and notation in scheme and notation not in notations:
            notations.append(notation)
    return [
        {"topic": n, "label": pick_label(scheme[n].labels, lang)}
        | topic_answer(compare(store, n, [code], day, lang))
        for n in notations
    ]


def check_claims(store: Store, extraction: dict[str, Any], day: date) -> list[dict[str, Any]]:
    """Every citation, penalty and figure of the text with a verdict and the rule used."""
    written = document_date(extraction)
    claims = [check_citation(store, c, written, day) for c in extraction["citations"]]
    claims += [check_penalty(store, p, day) for p in extraction["penalties"]]
    territory = JURISDICTION + _document_jurisdiction(extraction)
    observations = queries.run(store, "brief-statistics")
    claims += [check_figure(f, observations, territory) for f in extraction["figures"]]
    return claims


def _claim(kind: str, item: dict[str, Any], verdict: str, rule: str, why: str) -> dict[str, Any]:
    return {
        "kind": kind,
        "text": item["text"],
        "start": item["start"],
        "end": item["end"],
        "verdict": verdict,
        "rule": rule,
        "explanation": why,
        "evidence": [],
    }


def _in_force(row: dict[str, Any], day: date) -> bool:
    start, end = literal_value(row["validFrom"]), literal_value(row["validUntil"])
    return start <= day.isoformat() and (end is None or end > day.isoformat())


def _evidence(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "iri": r["fact"].value,
            "kind": "offence" if r["class"].value == PKG + "Offence" else "sanction",
            "valid_from": literal_value(r["validFrom"]),
            "valid_until": literal_value(r["validUntil"]),
        }
        for r in rows
    ]


def check_citation(
    store: Store, citation: dict[str, Any], written: str | None, day: date
) -> dict[str, Any]:
    """consistent: the provision's offence/sanctions are in force on `day` and none changed
    since the text was written; outdated: they changed after the text's date, or ended."""
    provision = citation.get("resolved")
    if not provision:
        return _claim(
            "citation", citation, "unchecked", "citation-unresolved",
            "the citation does not resolve to a provision of the graph",
        )  # fmt: skip
    rows = queries.run(store, "brief-provision-facts", provision=NamedNode(provision))
    if not rows:
        return _claim(
            "citation", citation, "unchecked", "no-curated-fact",
            _("no curated offence or sanction rests on this provision"),
        ) | {"provision": provision}  # fmt: skip
    today = day.isoformat()
    changed = []
    if written:
        for row in rows:
            for edge in (literal_value(row["validFrom"]), literal_value(row["validUntil"])):
                if edge is not None and written < edge <= today:
                    changed.append(edge)
    current = [r for r in rows if _in_force(r, day)]
    if changed:
        verdict, rule = "outdated", "changed-after-document"
        why = _(
            "facts resting on this provision changed on {dates}, after the document's date ({date})",
            dates=", ".join(sorted(set(changed))),
            date=written,
        )
    elif not current:
        verdict, rule = "outdated", "not-in-force"
        why = _(
            "no offence or sanction resting on this provision is in force on {date}", date=today
        )
    else:
        verdict, rule = "consistent", "in-force"
        why = _(
            "{n} offence(s)/sanction(s) resting on it are in force on {date}",
            n=len(current),
            date=today,
        ) + ("" if written else _(" (document date unknown: changes since it were not checked)"))
    claim = _claim("citation", citation, verdict, rule, why)
    return claim | {"provision": provision, "evidence": _evidence(current or rows)}


def check_penalty(store: Store, penalty: dict[str, Any], day: date) -> dict[str, Any]:
    """A penalty read in the text against the recorded sanctions of the same provision."""
    provision = penalty.get("provision")
    claimed = severity(penalty.get("max_prison_years"), penalty.get("life_imprisonment"))
    if not provision or claimed is None:
        return _claim(
            "penalty", penalty, "unchecked", "no-provision",
            _("the penalty is not tied to a provision (or names no prison term)"),
        )  # fmt: skip
    rows = [
        r
        for r in queries.run(store, "brief-provision-facts", provision=NamedNode(provision))
        if r["class"].value == PKG + "Sanction"
    ]
    same = [
        r for r in rows if severity(literal_value(r["max"]), literal_value(r["life"])) == claimed
    ]
    if not rows:
        verdict, rule = "unchecked", "no-curated-sanction"
        why = _("no sanction is recorded for it")
    elif any(_in_force(r, day) for r in same):
        verdict, rule, why = (
            "consistent",
            "matches-in-force",
            _("a sanction in force has this maximum"),
        )
    elif same:
        verdict, rule = "outdated", "matches-superseded-version"
        why = _("only a sanction no longer in force has this maximum")
    else:
        verdict, rule = "contradicted", "differs-from-every-version"
        why = _("no recorded sanction of this provision, in any version, has this maximum")
    claim = _claim("penalty", penalty, verdict, rule, why)
    return claim | {"provision": provision, "evidence": _evidence(same or rows)}


def check_figure(
    figure: dict[str, Any], observations: list[dict[str, Any]], territory: str
) -> dict[str, Any]:
    """contradicted when a recorded observation with the same unit and territory disagrees
    (taking the qualifier into account), consistent when it agrees, else unchecked."""
    unit = _norm(figure.get("unit"))
    same = [
        o
        for o in observations
        if _norm(literal_value(o["unit"])) == unit
        and isinstance(o["area"], NamedNode)
        and o["area"].value == territory
    ]
    if not same or figure.get("value") is None or figure.get("qualifier") == "increase":
        return _claim(
            "figure", figure, "unchecked", "no-recorded-observation",
            _(
                "no statistical observation with unit {unit!r} for {area} is recorded",
                unit=figure.get("unit"),
                area=territory.removeprefix(JURISDICTION),
            )
            + (_(" (relative changes are not checked)") if figure.get("qualifier") == "increase" else ""),
        )  # fmt: skip
    agree = [o for o in same if _agrees(figure, float(literal_value(o["value"])))]
    verdict = "consistent" if agree else "contradicted"
    claim = _claim(
        "figure", figure, verdict, "recorded-observation",
        _(
            "{n} recorded observation(s) with the same unit and territory; {agree} agree with "
            "'{qualifier} {value}'",
            n=len(same),
            agree=len(agree),
            qualifier=figure.get("qualifier"),
            value=figure["value"],
        ),
    )  # fmt: skip
    return claim | {
        "evidence": [
            {
                "iri": o["observation"].value,
                "value": literal_value(o["value"]),
                "unit": literal_value(o["unit"]),
                "period": literal_value(o["period"]),
                "source": o["source"].value if isinstance(o["source"], NamedNode) else None,
            }
            for o in same
        ]
    }


def _agrees(figure: dict[str, Any], recorded: float) -> bool:
    value, qualifier = float(figure["value"]), figure.get("qualifier") or "exactly"
    if qualifier == "more-than":
        return recorded > value
    if qualifier == "less-than":
        return recorded < value
    if qualifier == "up-to":
        return recorded <= value
    if qualifier == "about":
        return abs(recorded - value) <= ABOUT_TOLERANCE * max(abs(value), 1.0)
    return recorded == value


def _norm(text: Any) -> str:
    return str(text or "").strip().casefold()
