"""`recommendations(...)`: what the monitors asked of a state, and what the graph shows since.

GRETA, the Lanzarote Committee and the UN Committee on the Rights of the Child address
recommendations to France, Sweden and the United Kingdom in long reports. The curated data
(data/monitoring/) records each one with its report, paragraph, strength, topics and a status
backed by evidence: the later fact of the graph that answers it (a provision version, a plan,
a body, a data system), or a note saying why it still stands or cannot be checked. This module
reads them into one plain document (the /api/recommendations document), with a timeline per
state, and offers `for_jurisdiction` as the small seam other analyses (brief, gaps, compare)
call to show the open requests next to their own findings.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pyoxigraph import Literal, NamedNode
from typing_extensions import TypedDict

from kg import queries
from kg.errors import NotFound
from kg.locale import mark
from kg.ns import DCTERMS, PKG, RDFS, SKOS
from kg.store import Store
from kg.store.memo import Memo
from kg.terms import literal_value
from kg.vocabulary import jurisdictions, pick_label_and_language, resolve_topic

#: Statuses in reading order, from done to unknown; the keys of `counts`.
STATUSES = ("addressed", "partly", "not-yet", "not-checkable")
#: Statuses that leave a request open for a drafter.
OPEN_STATUSES = ("partly", "not-yet", "not-checkable")

_STATUS = "https://w3id.org/policykg/concept/recommendation-status/"
_STRENGTH = "https://w3id.org/policykg/concept/recommendation-strength/"

_LINKS = {
    PKG + "topic": "topics",
    PKG + "concerns": "concerns",
    PKG + "answeredBy": "answered_by",
    PKG + "evidence": "evidence",
    PKG + "recalls": "recalls",
    DCTERMS + "source": "sources",
}


class Fact(TypedDict):
    """A resource of the graph a recommendation links to, with its start date."""

    iri: str
    label: str
    label_lang: str | None  # the label's language (data, not interface)
    date: str | None


class Coded(TypedDict):
    notation: str
    label: str | None


class Status(Coded):
    note: str | None


class BodyRef(TypedDict):
    iri: str
    code: str
    label: str


class ReportRef(TypedDict):
    iri: str
    title: str | None
    title_lang: str | None
    symbol: str | None
    adopted: str | None
    published: str | None
    url: str | None
    round: str | None


class FollowUp(TypedDict):
    """A later judgement on a recommendation: by the body in a later report, or a curator."""

    iri: str
    label: str
    label_lang: str | None
    summary: str | None
    status: str
    report: str | None
    date: str | None


class Recommendation(TypedDict):
    """One recommendation as /api/recommendations returns it (docs/analyses.md)."""

    iri: str
    label: str
    label_lang: str | None
    summary: str | None
    summary_lang: str | None
    jurisdiction: str
    date: str | None
    paragraph: str | None
    strength: Coded
    status: Status
    topics: list[str]
    body: BodyRef
    report: ReportRef
    concerns: list[Fact]
    answered_by: list[Fact]
    evidence: list[Fact]
    recalls: list[str]
    follow_up: list[FollowUp]
    verification: str | None
    checked_on: str | None
    note: str | None
    sources: list[str]


class Response(TypedDict):
    iri: str
    jurisdiction: str
    label: str
    label_lang: str | None
    summary: str | None
    date: str | None
    responds_to: list[str]
    sources: list[str]


class Event(TypedDict, total=False):
    date: str
    kind: str  # report | answer | response
    iri: str
    label: str | None
    label_lang: str | None
    body: str
    answers: list[str]


class RecommendationsDocument(TypedDict):
    """The /api/recommendations document."""

    jurisdiction: str | None
    topic: str | None
    body: str | None
    lang: str
    count: int
    counts: dict[str, int]
    statuses: list[Coded]
    recommendations: list[Recommendation]
    responses: list[Response]
    timeline: dict[str, list[Event]]


@dataclass
class _Texts:
    """Every language of every name and text of the monitoring resources, read once."""

    values: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)

    def copy(self) -> _Texts:
        """A copy that may be added to (the remembered texts are shared and read-only)."""
        return _Texts(
            {
                s: {p: dict(by_lang) for p, by_lang in props.items()}
                for s, props in self.values.items()
            }
        )

    def add(self, subject: str, prop: str, value: Literal) -> None:
        self.values.setdefault(subject, {}).setdefault(prop, {})[value.language or ""] = value.value

    def get(self, subject: str, lang: str, *props: str) -> str | None:
        """The first of `props` in `lang` (else English, else any); props merged in order so
        an official name in the reader's language beats a translation in another."""
        return self.get_with_language(subject, lang, *props)[0]

    def get_with_language(
        self, subject: str, lang: str, *props: str
    ) -> tuple[str | None, str | None]:
        """`get` and the language of what it found (a page marks data text with it)."""
        merged: dict[str, str] = {}
        for prop in props:
            for code, text in self.values.get(subject, {}).get(prop, {}).items():
                merged.setdefault(code, text)
        found = pick_label_and_language(merged, lang)
        return (found[0], found[1] or None) if found else (None, None)

    def with_language(self, subject: str, lang: str, prop: str) -> tuple[str | None, str | None]:
        """(text, its language) of `prop`: in `lang`, else English, else any."""
        found = pick_label_and_language(self.values.get(subject, {}).get(prop, {}), lang)
        return found if found else (None, None)


#: The monitoring texts of a store's content (read once per write: every compare item and
#: every page asks for them).
_TEXTS: Memo[_Texts] = Memo(kept=4)


def _read_texts(store: Store) -> _Texts:
    """Every label, title and comment of the monitoring resources, by subject (read-only:
    shared by every caller until the store changes)."""
    return _TEXTS.get(store, (), lambda: _texts_of(store))


def _texts_of(store: Store) -> _Texts:
    texts = _Texts()
    for row in queries.run(store, "monitoring-texts"):
        if isinstance(row["text"], Literal):
            texts.add(row["s"].value, row["p"].value, row["text"])  # type: ignore[union-attr]
    return texts


def _labels_of(store: Store, iris: set[str], texts: _Texts) -> None:
    """Add the names of linked facts (evidence, concerned provisions) to `texts`."""
    if not iris:
        return
    rows = queries.run(store, "labels-of", s=[NamedNode(i) for i in sorted(iris)])
    for row in rows:
        if isinstance(row["text"], Literal):
            texts.add(row["s"].value, row["p"].value, row["text"])  # type: ignore[union-attr]


_TITLE_PROPERTIES = (DCTERMS + "title", PKG + "labelTranslation")
_NAME_PROPERTIES = (
    RDFS + "label",
    PKG + "labelTranslation",
    "http://data.europa.eu/eli/ontology#title",
    DCTERMS + "title",
    PKG + "citation",
    SKOS + "prefLabel",
)


def _label_fields(texts: _Texts, iri: str, lang: str) -> dict[str, str | None]:
    """{"label", "label_lang"} of a resource, for the documents' entries."""
    label, label_lang = _named(texts, iri, lang)
    return {"label": label, "label_lang": label_lang}


def _named(texts: _Texts, iri: str, lang: str) -> tuple[str, str | None]:
    """A resource's name in `lang` and that name's language (None: the IRI's last segment)."""
    text, text_lang = texts.get_with_language(iri, lang, *_NAME_PROPERTIES)
    return (text, text_lang) if text else (iri.rsplit("/", 1)[-1], None)


def _value(term: Any) -> Any:
    if term is None:
        return None
    if isinstance(term, NamedNode):
        return term.value
    return literal_value(term)


def _scope(store: Store, code: str) -> set[str]:
    """The codes whose recommendations concern `code`: itself, what it is part of (a UK-wide
    recommendation concerns England and Wales) and its parts (asking for UK shows Scotland's)."""
    known = jurisdictions(store)
    entry = known.get(code) or next(
        (j for j in known.values() if j.code.lower() == code.lower()), None
    )
    if entry is None:
        raise NotFound(
            mark("Unknown jurisdiction {code!r}. Known codes: {known}"),
            code=code,
            known=", ".join(sorted(known)),
        )
    found = {entry.code}
    parent = entry.part_of
    while parent:
        found.add(parent)
        parent = known[parent].part_of if parent in known else None
    pending = list(entry.parts)
    while pending:
        part = pending.pop()
        found.add(part)
        pending += known[part].parts if part in known else []
    return found


def _check_body(rows: Sequence[Mapping[str, Any]], body: str) -> str:
    codes: list[str] = sorted({str(r["bodyCode"].value) for r in rows})
    match = next((c for c in codes if c.lower() == body.lower()), None)
    if match is None:
        raise NotFound(
            mark("Unknown monitoring body {name!r}. Known bodies: {known}"),
            name=body,
            known=", ".join(codes),
        )
    return match


#: The rows of the three parameterless queries behind `recommendations` (read once per
#: write: a brief asks for the recommendations of several states, a gaps analysis for both
#: sides, each filtering the same table).
_TABLE: Memo[tuple[list[queries.Row], list[queries.Row], list[queries.Row]]] = Memo(kept=4)


def _table(store: Store) -> tuple[list[queries.Row], list[queries.Row], list[queries.Row]]:
    """(recommendations, their links, their follow-up assessments), read-only."""
    return _TABLE.get(
        store,
        (),
        lambda: (
            queries.run(store, "recommendations"),
            queries.run(store, "recommendation-links"),
            queries.run(store, "follow-up-assessments"),
        ),
    )


def recommendations(
    store: Store,
    jurisdiction: str | None = None,
    topic: str | None = None,
    body: str | None = None,
    lang: str = "en",
) -> dict[str, Any]:
    """The recommendations addressed to `jurisdiction` (with enclosing and enclosed ones), on
    `topic` (or a narrower one), by `body` (GRETA, Lanzarote, CRC), every one with its report,
    paragraph, date, strength, status and evidence, in `lang`; with counts and a timeline."""
    rows, link_rows, follow_up_rows = _table(store)
    wanted_codes = _scope(store, jurisdiction) if jurisdiction else None
    wanted_topic = resolve_topic(store, topic) if topic else None
    wanted_body = _check_body(rows, body) if body else None

    links: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    for row in link_rows:
        key = _LINKS[row["link"].value]  # type: ignore[union-attr]
        links[row["rec"].value][key].append(  # type: ignore[union-attr]
            {
                "iri": row["target"].value,  # type: ignore[union-attr]
                "notation": _value(row["notation"]),
                "date": _value(row["targetDate"]),
            }
        )
    texts = _read_texts(store).copy()
    _labels_of(
        store,
        {
            link["iri"]
            for per_rec in links.values()
            for kind in ("concerns", "answered_by", "evidence")
            for link in per_rec.get(kind, [])
        },
        texts,
    )
    topic_notations = _topics_with_narrower(store, wanted_topic.notation) if wanted_topic else None
    follow_ups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in follow_up_rows:
        iri = row["assessment"].value  # type: ignore[union-attr]
        follow_ups[row["rec"].value].append(  # type: ignore[union-attr]
            {
                "iri": iri,
                **_label_fields(texts, iri, lang),
                "summary": texts.get(iri, lang, RDFS + "comment"),
                "status": row["statusCode"].value,  # type: ignore[union-attr]
                "report": _value(row["report"]),
                "date": _value(row["date"]),
            }
        )

    items = []
    for row in rows:
        rec = row["rec"].value  # type: ignore[union-attr]
        code = row["code"].value  # type: ignore[union-attr]
        if wanted_codes is not None and code not in wanted_codes:
            continue
        if wanted_body and row["bodyCode"].value != wanted_body:  # type: ignore[union-attr]
            continue
        rec_topics = [t["notation"] for t in links[rec].get("topics", []) if t["notation"]]
        if topic_notations is not None and not set(rec_topics) & topic_notations:
            continue
        items.append(_item(row, links[rec], texts, lang) | {"follow_up": follow_ups[rec]})
    counts = {
        status: sum(1 for i in items if i["status"]["notation"] == status) for status in STATUSES
    }
    responses = _responses(store, texts, lang, wanted_codes)
    return {
        "jurisdiction": jurisdiction,
        "topic": topic,
        "body": wanted_body,
        "lang": lang,
        "count": len(items),
        "counts": counts,
        "statuses": [
            {
                "notation": status,
                "label": texts.get(_STATUS + status, lang, SKOS + "prefLabel") or status,
            }
            for status in STATUSES
        ],
        "recommendations": items,
        "responses": responses,
        "timeline": _timeline(items, responses),
    }


def _topics_with_narrower(store: Store, notation: str) -> set[str]:
    from kg.vocabulary import topics

    scheme = topics(store)
    found = {notation}
    changed = True
    while changed:
        changed = False
        for t in scheme.values():
            if t.notation not in found and set(t.broader) & found:
                found.add(t.notation)
                changed = True
    return found


def _item(
    row: dict[str, Any], linked: dict[str, list[dict[str, Any]]], texts: _Texts, lang: str
) -> dict[str, Any]:
    rec = row["rec"].value
    report = row["report"].value
    body = row["body"].value

    def facts(kind: str) -> list[dict[str, Any]]:
        named = [(f, _named(texts, f["iri"], lang)) for f in linked.get(kind, [])]
        return [
            {"iri": f["iri"], "label": label, "label_lang": label_lang, "date": f["date"]}
            for f, (label, label_lang) in named
        ]

    strength_iri = _STRENGTH + row["strengthCode"].value
    status_iri = _STATUS + row["statusCode"].value
    summary, summary_lang = texts.with_language(rec, lang, RDFS + "comment")
    label, label_lang = _named(texts, rec, lang)
    return {
        "iri": rec,
        "label": label,
        "label_lang": label_lang,
        "summary": summary,
        "summary_lang": summary_lang,
        "jurisdiction": row["code"].value,
        "date": _value(row["date"]),
        "paragraph": _value(row["paragraph"]),
        "strength": {
            "notation": row["strengthCode"].value,
            "label": texts.get(strength_iri, lang, SKOS + "prefLabel"),
        },
        "status": {
            "notation": row["statusCode"].value,
            "label": texts.get(status_iri, lang, SKOS + "prefLabel"),
            "note": texts.get(rec, lang, PKG + "statusNote"),
        },
        "topics": sorted(t["notation"] for t in linked.get("topics", []) if t["notation"]),
        "body": {
            "iri": body,
            "code": row["bodyCode"].value,
            **_label_fields(texts, body, lang),
        },
        "report": {
            "iri": report,
            "title": texts.get(report, lang, *_TITLE_PROPERTIES),
            "title_lang": texts.get_with_language(report, lang, *_TITLE_PROPERTIES)[1],
            "symbol": _value(row["symbol"]),
            "adopted": _value(row["adopted"]),
            "published": _value(row["issued"]),
            "url": _value(row["reportUrl"]),
            "round": _value(row["round"]),
        },
        "concerns": facts("concerns"),
        "answered_by": facts("answered_by"),
        "evidence": facts("answered_by") + facts("evidence"),
        "recalls": [r["iri"] for r in linked.get("recalls", [])],
        "verification": (_value(row["verification"]) or "").rsplit("#", 1)[-1] or None,
        "checked_on": _value(row["checkedOn"]),
        "note": texts.get(rec, lang, PKG + "note"),
        "sources": sorted(s["iri"] for s in linked.get("sources", [])),
    }


def _responses(
    store: Store, texts: _Texts, lang: str, codes: set[str] | None
) -> list[dict[str, Any]]:
    by_iri: dict[str, dict[str, Any]] = {}
    for row in queries.run(store, "state-responses"):
        code = row["code"].value  # type: ignore[union-attr]
        if codes is not None and code not in codes:
            continue
        iri = row["response"].value  # type: ignore[union-attr]
        entry = by_iri.setdefault(
            iri,
            {
                "iri": iri,
                "jurisdiction": code,
                **_label_fields(texts, iri, lang),
                "summary": texts.get(iri, lang, RDFS + "comment"),
                "date": _value(row["issued"]),
                "responds_to": [],
                "sources": [],
            },
        )
        target = row["target"].value  # type: ignore[union-attr]
        if target not in entry["responds_to"]:
            entry["responds_to"].append(target)
        source = _value(row["source"])
        if source and source not in entry["sources"]:
            entry["sources"].append(source)
    return list(by_iri.values())


def _timeline(
    items: list[dict[str, Any]], responses: list[dict[str, Any]]
) -> dict[str, list[dict[str, Any]]]:
    """Per state, dated events: reports published, responses, and the facts that answered a
    recommendation (on the fact's own start date), oldest first."""
    events: dict[str, dict[tuple[str, str, str], dict[str, Any]]] = defaultdict(dict)
    for item in items:
        code = item["jurisdiction"]
        report = item["report"]
        date = report["published"] or report["adopted"] or item["date"]
        events[code][(date, "report", report["iri"])] = {
            "date": date,
            "kind": "report",
            "iri": report["iri"],
            "label": report["title"],
            "label_lang": report["title_lang"],
            "body": item["body"]["code"],
        }
        for fact in item["answered_by"]:
            if fact["date"]:
                key = (fact["date"], "answer", fact["iri"])
                event = events[code].setdefault(
                    key,
                    {
                        "date": fact["date"],
                        "kind": "answer",
                        "iri": fact["iri"],
                        "label": fact["label"],
                        "label_lang": fact["label_lang"],
                        "answers": [],
                    },
                )
                event["answers"].append(item["iri"])
    for response in responses:
        if response["date"]:
            events[response["jurisdiction"]][(response["date"], "response", response["iri"])] = {
                "date": response["date"],
                "kind": "response",
                "iri": response["iri"],
                "label": response["label"],
                "label_lang": response.get("label_lang"),
            }
    return {code: [e for _, e in sorted(found.items())] for code, found in sorted(events.items())}


_RELATIONS = {
    PKG + "concerns": "concerns",
    PKG + "answeredBy": "answered-by",
    PKG + "evidence": "evidence",
}


#: Every recommendation's links to facts and provisions, by target (read once per write: a
#: compare document asks for them per fact, a gaps analysis hundreds of times).
_ABOUT: Memo[dict[str, list[queries.Row]]] = Memo(kept=4)


def _links_by_target(store: Store) -> dict[str, list[queries.Row]]:
    """The rows of `recommendations-about` for every target, by target IRI (one query per
    write of the store, not one per fact; read-only: shared until the store changes)."""

    def read() -> dict[str, list[queries.Row]]:
        found: defaultdict[str, list[queries.Row]] = defaultdict(list)
        for row in queries.run(store, "recommendations-about"):
            found[row.text("target")].append(row)
        return dict(found)

    return _ABOUT.get(store, (), read)


def _rows_about(by_target: Mapping[str, list[queries.Row]], iris: list[str]) -> list[queries.Row]:
    """The rows the query bound to `iris` answers: each once, by date and recommendation."""
    rows: list[queries.Row] = []
    seen: set[tuple[Any, ...]] = set()
    for iri in dict.fromkeys(iris):
        for row in by_target.get(iri, ()):
            key = tuple(row.values())
            if key not in seen:  # the query's DISTINCT, over the targets asked
                seen.add(key)
                rows.append(row)
    rows.sort(key=lambda r: (_value(r["date"]) or "", r["rec"].value))  # type: ignore[union-attr]
    return rows


def about(store: Store, iris: list[str], lang: str = "en") -> list[dict[str, Any]]:
    """The recommendations linked to any of `iris` (a fact and its provisions): how each
    relates (`concerns`, `answered-by`, `evidence`), its body, date, paragraph and status, in
    `lang`. For the compare document's details and the resource pages."""
    if not iris:
        return []
    if not isinstance(getattr(store, "writes", None), int):
        # A store that does not count its writes (a remote server) would pay a count of every
        # quad to know whether the remembered links are current: ask for these targets.
        rows = queries.run(store, "recommendations-about", target=[NamedNode(i) for i in iris])
    else:
        rows = _rows_about(_links_by_target(store), iris)
    if not rows:
        return []
    texts = _read_texts(store)
    found: dict[str, dict[str, Any]] = {}
    for row in rows:
        rec = row["rec"].value  # type: ignore[union-attr]
        entry = found.setdefault(
            rec,
            {
                "iri": rec,
                **_label_fields(texts, rec, lang),
                "jurisdiction": row["code"].value,  # type: ignore[union-attr]
                "body": row["bodyCode"].value,  # type: ignore[union-attr]
                "date": _value(row["date"]),
                "paragraph": _value(row["paragraph"]),
                "strength": row["strengthCode"].value,  # type: ignore[union-attr]
                "status": {
                    "notation": row["statusCode"].value,  # type: ignore[union-attr]
                    "label": texts.get(_STATUS + row["statusCode"].value, lang, SKOS + "prefLabel"),  # type: ignore[union-attr]
                },
                "relations": [],
            },
        )
        relation = _RELATIONS[row["link"].value]  # type: ignore[union-attr]
        if relation not in entry["relations"]:
            entry["relations"].append(relation)
    return sorted(found.values(), key=lambda e: (e["date"] or "", e["iri"]))


def for_jurisdiction(
    store: Store,
    jurisdiction: str,
    topic: str | None = None,
    lang: str = "en",
    open_only: bool = True,
) -> list[dict[str, Any]]:
    """The recommendations a drafter should see beside a finding on `jurisdiction` (and
    `topic`): the open ones by default. The seam for compare, brief and gaps; never raises on
    an unknown topic of theirs, it just returns nothing."""
    try:
        document = recommendations(store, jurisdiction=jurisdiction, topic=topic, lang=lang)
    except NotFound:
        return []
    items: list[dict[str, Any]] = list(document["recommendations"])
    if open_only:
        items = [i for i in items if i["status"]["notation"] in OPEN_STATUSES]
    return items


def for_ask(
    store: Store,
    home: str,
    topics: list[str],
    lang: str = "en",
    foreign: list[str] | tuple[str, ...] = (),
) -> dict[str, Any]:
    """What a brief's "foreign models" and "intention" asks can show from the monitors, on
    any of `topics` (all topics when empty):

    - `open`: what the monitors asked of `home` and the graph does not show done;
    - `answered_abroad`: requests to each `foreign` state that a later fact of that state
      answered (addressed or partly) — the foreign measure that met an international
      request, the strongest kind of "model";
    - `responses`: what `home` published in answer to the monitors (its stated intentions).
    """

    def on_topics(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        wanted = set(topics)
        return [i for i in items if not wanted or wanted & set(i["topics"])]

    home_document = recommendations(store, jurisdiction=home, lang=lang)
    answered_abroad: list[dict[str, Any]] = []
    for code in foreign:
        try:
            abroad = recommendations(store, jurisdiction=code, lang=lang)["recommendations"]
        except NotFound:
            continue
        answered_abroad += [
            i for i in on_topics(abroad) if i["status"]["notation"] in ("addressed", "partly")
        ]
    return {
        "open": [
            i
            for i in on_topics(home_document["recommendations"])
            if i["status"]["notation"] in OPEN_STATUSES
        ],
        "answered_abroad": answered_abroad,
        "responses": home_document["responses"],
    }
