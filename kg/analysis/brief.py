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

from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict
from datetime import date
from typing import Any

from pyoxigraph import NamedNode

from kg import queries
from kg.analysis import ask_answers
from kg.analysis.analytics import severity
from kg.analysis.ask_answers import AskContext
from kg.analysis.asks import KIND_LABELS, ask_kinds, ask_topics, figure_dimensions, wants_territory
from kg.analysis.claims import claims_for
from kg.analysis.compare import compare, parse_date
from kg.errors import BadRequest
from kg.facts import in_force
from kg.ingest.pipeline import list_documents, read_extraction
from kg.locale import _, mark, ngettext, using
from kg.ns import PKG, TOPIC
from kg.store import Store
from kg.terms import literal_value
from kg.vocabulary import expand_jurisdictions, pick_label, topics
from kg.vocabulary import jurisdictions as all_jurisdictions

#: The population scheme of ontology/measures.ttl.
POPULATION_SCHEME = "https://w3id.org/policykg/concept/population"

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
        return head | {
            "jurisdictions": members,
            "summary": brief_summary(asks),
            "asks": asks,
            "claims": check_claims(store, extraction, day),
            "note": _question_note(asks),
        }
    if kind == "ministerial-answer":
        claims = answer_claims(store, extraction, day, lang)
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


def question_asks(
    store: Store, extraction: dict[str, Any], codes: list[str], day: date, lang: str
) -> list[dict[str, Any]]:
    """Each ask with its kinds, its topics, one answer part per kind and an honest status."""
    scheme = topics(store)
    home = _document_jurisdiction(extraction)
    foreign = [c for c in _named_jurisdictions(store, extraction) if c != home] or [
        c for c in codes if c != home
    ]
    compared: dict[tuple[str, tuple[str, ...]], Any] = {}
    populations = _concept_labels(store, POPULATION_SCHEME, lang)
    answers: list[dict[str, Any]] | None = None
    asks = []
    for index, question in enumerate(extraction["questions"], start=1):
        text = question["text"]
        language = extraction.get("language")
        found = ask_topics(extraction, question, set(scheme))
        kinds = ask_kinds(text, language)
        population = figure_dimensions(text)["population"]
        ctx = AskContext(
            store=store,
            day=day,
            lang=lang,
            home=home,
            foreign=foreign,
            topics=[t["topic"] for t in found],
            population=population,
            population_label=populations.get(population or ""),
            territorial=wants_territory(text, language),
            topic_labels={n: pick_label(t.labels, lang) or n for n, t in scheme.items()},
            compared=compared,
        )
        if answers is None and any(k["kind"] == "intention" for k in kinds):
            answers = answers_on_record(store, extraction, day, lang)
        parts = [_answer(k["kind"], ctx, answers or []) for k in kinds]
        status, note = ask_status(parts)
        asks.append(
            {
                "index": index,
                "text": text,
                "start": question["start"],
                "end": question["end"],
                "direct": question.get("direct"),
                "kinds": [k | {"label": _(KIND_LABELS[k["kind"]])} for k in kinds],
                "status": status,
                "status_note": note,
                "topics": [
                    t | {"label": pick_label(scheme[t["topic"]].labels, lang)} for t in found
                ],
                "parts": parts,
                "key_fact": key_fact(parts),
            }
        )
    return asks


def _answer(kind: str, ctx: AskContext, answers: list[dict[str, Any]]) -> dict[str, Any]:
    """The part of an ask's answer for one kind."""
    if kind == "foreign-models":
        return ask_answers.foreign_models(ctx, ask_answers.gaps_document)
    if kind == "intention":
        return ask_answers.intention(ctx, answers)
    answer: Callable[[AskContext], dict[str, Any]] = getattr(ask_answers, kind)
    return answer(ctx)


def ask_status(parts: list[dict[str, Any]]) -> tuple[str, str | None]:
    """answered when every part is, no-data when no part has anything, partly otherwise;
    the note says which part is missing what."""
    if not parts:
        return "no-data", _("the kind of this ask was not recognised, so nothing answers it")
    statuses = {p["status"] for p in parts}
    if statuses == {"answered"}:
        return "answered", None
    notes = _("; ").join(
        _("{label}: {text}", label=_(KIND_LABELS[p["kind"]]), text=p["note"])
        for p in parts
        if p["status"] != "answered"
    )
    if statuses == {"no-data"}:
        return "no-data", notes
    done = [_(KIND_LABELS[p["kind"]]) for p in parts if p["status"] == "answered"]
    if done:
        notes = _("answered: {kinds}", kinds=", ".join(done)) + _("; ") + notes
    return "partly", notes


def key_fact(parts: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The one fact a summary shows for an ask: the first on-point fact, finding or claim of
    the first part that has one (parts are in the order of `KINDS`)."""
    for p in parts:
        for f in p["facts"]:
            if f["on_point"]:
                return {
                    "kind": p["kind"],
                    "text": f["summary"],
                    "lang": f.get("label_lang"),
                    "source": (f["sources"] or [f["url"]])[0],
                    "checked_on": f["checked_on"],
                    "verification": f["verification"],
                    "iri": f["iri"],
                }
        for finding in p.get("findings") or []:
            if finding["verdict"] != "unknown":
                return {
                    "kind": p["kind"],
                    "text": _(
                        "{label}: {text}",
                        label=f"{finding['reference']} → {finding['target']}",
                        text=finding["explanation"],
                    ),
                    "source": (finding["sources"] or [None])[0],
                    "checked_on": None,
                    "verification": None,
                    "iri": None,
                }
        for claim in p.get("claims") or []:
            return {
                "kind": p["kind"],
                "text": f"“{claim['text']}” — {claim['explanation']}",
                "source": claim.get("answer"),
                "checked_on": None,
                "verification": claim["verdict"],
                "iri": None,
            }
    return None


def _named_jurisdictions(store: Store, extraction: dict[str, Any]) -> list[str]:
    """The jurisdictions the document names (Suède → SE, Royaume-Uni → UK), in order."""
    codes = {j.iri: j.code for j in all_jurisdictions(store).values()}
    named: list[str] = []
    for mention in extraction["mentions"]:
        code = codes.get(mention.get("iri") or "")
        if mention["kind"] in ("jurisdiction", "country") and code and code not in named:
            named.append(code)
    return named


def _concept_labels(store: Store, scheme: str, lang: str) -> dict[str, str]:
    """notation → preferred label in `lang` of one concept scheme."""
    labels: dict[str, dict[str, str]] = {}
    for row in queries.run(store, "brief-concept-labels", scheme=NamedNode(scheme)):
        label = row["label"]
        labels.setdefault(literal_value(row["notation"]), {})[
            getattr(label, "language", None) or "en"
        ] = literal_value(label)
    return {n: pick_label(by_lang, lang) or n for n, by_lang in labels.items()}


def answers_on_record(
    store: Store, extraction: dict[str, Any], day: date, lang: str = "en"
) -> list[dict[str, Any]]:
    """The ministerial answers in the graph that answer this question or share a topic with
    it, each with its claims checked as of `day`."""
    question_topics = {
        m["iri"] for m in extraction["mentions"] if m["kind"] == "topic" and m.get("iri")
    }
    found = []
    for listed in list_documents(store):
        if listed["type"] != "MinisterialAnswer":
            continue
        answer = read_extraction(store, listed["id"])
        answers_this = (answer.get("metadata") or {}).get("answers") == extraction["id"]
        shared = question_topics & {
            m["iri"] for m in answer["mentions"] if m["kind"] == "topic" and m.get("iri")
        }
        if not (answers_this or shared):
            continue
        found.append(
            {
                "id": answer["id"],
                "title": answer["title"],
                "date": document_date(answer),
                "answers_this": answers_this,
                "claims": answer_claims(store, answer, day, lang),
            }
        )
    return sorted(found, key=lambda a: (not a["answers_this"], a["date"] or ""), reverse=False)


def answer_claims(
    store: Store, answer: dict[str, Any], day: date, lang: str = "en"
) -> list[dict[str, Any]]:
    """The checked claims of one answer (`kg.analysis.claims.claims_for`: statements typed
    and judged — plans, circulars, legal sufficiency, EU files…), as the brief's claim
    entries: `kind`, `text`, `start`, `end`, `verdict`, `rule`, `explanation`, `evidence`,
    plus the verdict as of the answer's own date."""
    return [claim_entry(asdict(c)) for c in claims_for(store, answer, day, lang)]


def claim_entry(checked: dict[str, Any]) -> dict[str, Any]:
    """A checked claim of `kg.analysis.claims` (as a dict) in the brief's claim shape."""
    now, then = checked["at_date"], checked["at_document_date"]
    return {
        "kind": checked["kind"],
        "kind_label": checked.get("kind_label"),
        "text": checked["text"],
        "start": checked["start"],
        "end": checked["end"],
        "verdict": now["verdict"],
        "verdict_label": now.get("label"),
        "rule": now["rule"],
        "explanation": now["explanation"],
        "evidence": now.get("evidence") or [],
        "changes": now.get("changes") or [],
        "as_of_document_date": {
            "date": checked.get("document_date"),
            "verdict": then["verdict"],
            "verdict_label": then.get("label"),
            "explanation": then["explanation"],
        },
    }


def topic_answer(document: Mapping[str, Any]) -> dict[str, Any]:
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
        # the label's language, and the official name beside a translated one
        "label_lang": item.get("label_lang"),
        "label_translated": item.get("label_translated", False),
        "official_label": item.get("official_label"),
        "citation": item["citation"],
        "url": item["url"],
        "valid_from": item["valid_from"],
        "valid_until": item["valid_until"],
        "verification": item["details"].get("verification"),
        "sanctions": [
            {
                "iri": s["iri"],
                "condition": s["condition"],
                "condition_lang": s.get("condition_lang"),
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


#: Verification states, for people.
VERIFICATION_LABELS = {"verified": mark("verified"), "unverified": mark("unverified")}

#: The statuses of an ask, for people (translated in the catalogues).
STATUS_LABELS = {
    "answered": mark("answered from verified facts"),
    "partly": mark("partly answered"),
    "no-data": mark("no data in the graph"),
}


def brief_summary(asks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The one-screen summary: per ask, its kinds, status, what is missing and one key fact
    with its source and the day it was checked."""
    return [
        {
            "index": a["index"],
            "kinds": [k["label"] for k in a["kinds"]],
            "status": a["status"],
            "status_label": _(STATUS_LABELS[a["status"]]),
            "missing": a["status_note"],
            "key_fact": a["key_fact"],
        }
        for a in asks
    ]


def _question_note(asks: list[dict[str, Any]]) -> str:
    counts = {s: sum(1 for a in asks if a["status"] == s) for s in STATUS_LABELS}
    return _(
        "{answered} of {total} asks answered from verified facts, {partly} partly, "
        "{none} with no data in the graph",
        answered=counts["answered"],
        partly=counts["partly"],
        none=counts["no-data"],
        total=len(asks),
    )


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
    if extraction["figures"]:
        code = _document_jurisdiction(extraction)
        observations = recorded_figures(store, code, day)
        claims += [check_figure(f, observations, code) for f in extraction["figures"]]
    return claims


def recorded_figures(store: Store, code: str, day: date) -> list[dict[str, Any]]:
    """The statistics in force on `day` for `code` (victims and enforcement), as brief facts
    carrying their measure, population and unit of measure (ontology/measures.ttl)."""
    return [
        ask_answers.fact(item)
        for topic in ("victim-statistics", "enforcement")
        for row in compare(store, topic, [code], day)["rows"]
        for item in row["items"]
        if item["kind"] == "statistic"
    ]


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


def _in_force(row: Mapping[str, Any], day: date) -> bool:
    """The project's one in-force rule (start inclusive, end exclusive)."""
    return in_force(literal_value(row["validFrom"]), literal_value(row["validUntil"]), day)


def _evidence(rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
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
        why = ngettext(
            "{n} offence or sanction resting on it is in force on {date}",
            "{n} offences or sanctions resting on it are in force on {date}",
            len(current),
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
        if r.text("class") == PKG + "Sanction"
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
    figure: dict[str, Any], observations: list[dict[str, Any]], code: str
) -> dict[str, Any]:
    """A figure of the text against the recorded figures of the same population and unit of
    measure (read from its words through the measures scheme: "11 000 mineurs" → minors,
    persons) and territory: consistent when one agrees, taking the qualifier into account
    ("plus de 11 000" agrees with a recorded 11 000, since a "more than" figure is recorded
    as its lower bound), contradicted when none does, unchecked when none is comparable."""
    wanted = figure_dimensions(figure.get("unit"))
    same = [
        o
        for o in observations
        if wanted["unit"] is not None
        and o["unit_measure"] == wanted["unit"]
        and (wanted["population"] is None or o["population"] == wanted["population"])
        and o["territory"] == code
        and o["value"] is not None
    ]
    if not same or figure.get("value") is None or figure.get("qualifier") == "increase":
        return _claim(
            "figure", figure, "unchecked", "no-recorded-observation",
            _(
                "no recorded figure of the same population and unit ({unit!r}) for {area}",
                unit=figure.get("unit"),
                area=code,
            )
            + (_(" (relative changes are not checked)") if figure.get("qualifier") == "increase" else ""),
        )  # fmt: skip
    agree = [o for o in same if _agrees(figure, float(o["value"]))]
    verdict = "consistent" if agree else "contradicted"
    explanation = ngettext(
        "{n} recorded figure of the same population, unit and territory",
        "{n} recorded figures of the same population, unit and territory",
        len(same),
    ) + ngettext(
        "; {n} agrees with '{qualifier} {value}'",
        "; {n} agree with '{qualifier} {value}'",
        len(agree),
        qualifier=figure.get("qualifier"),
        value=figure["value"],
    )
    if agree:
        best = ask_answers.official_first(agree)[0]
        explanation += _(
            "; the closest match: {summary}, {verification}, from {who}",
            summary=best["summary"],
            verification=_(VERIFICATION_LABELS.get(best["verification"] or "", "unverified")),
            who=best.get("attributed_to") or "—",
        )
    claim = _claim("figure", figure, verdict, "recorded-observation", explanation)
    return claim | {
        "evidence": [
            {
                "iri": o["iri"],
                "value": o["value"],
                "unit": o["unit"],
                "population": o["population"],
                "unit_measure": o["unit_measure"],
                "measure": o["measure"],
                "method": o["method"],
                "verification": o["verification"],
                "period": o["period"],
                "agrees": o in agree,
                "source": (o["sources"] or [None])[0],
                "checked_on": o["checked_on"],
            }
            for o in ask_answers.official_first(agree)
            + ask_answers.official_first([o for o in same if o not in agree])
        ]
    }


def _agrees(figure: dict[str, Any], recorded: float) -> bool:
    value, qualifier = float(figure["value"]), figure.get("qualifier") or "exactly"
    if qualifier == "more-than":  # recorded as its lower bound: 11 000 agrees
        return recorded >= value
    if qualifier == "less-than":
        return recorded < value
    if qualifier == "up-to":
        return recorded <= value
    if qualifier == "about":
        return abs(recorded - value) <= ABOUT_TOLERANCE * max(abs(value), 1.0)
    return recorded == value


def _norm(text: Any) -> str:
    return str(text or "").strip().casefold()
