"""HTML pages for drafters: compare, gaps, timeline, documents, brief.

Every page is rendered server-side from the same documents the JSON API serves (kg.analysis.compare,
kg.analysis.gaps, kg.analysis.timeline, kg.analysis.brief, the extraction), so a page and its download never disagree.
The Content-Security-Policy forbids inline scripts: data for the browser travels in
`<script type="application/json">` blocks read by /static/pages.js, and plotly.js is served
from the installed Python package at a versioned URL, never from a CDN.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from importlib.metadata import version
from itertools import pairwise
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse, Response
from fastapi.templating import Jinja2Templates

from api.deps import StoreDep
from kg import vocabulary
from kg.analysis.analytics import severity
from kg.analysis.brief import brief
from kg.analysis.compare import compare, parse_date
from kg.analysis.coverage import coverage
from kg.analysis.gaps import gaps
from kg.analysis.timeline import timeline
from kg.errors import NotFound
from kg.ingest.pipeline import list_documents, read_extraction, read_text
from kg.ns import BASE
from kg.store import Store

router = APIRouter(include_in_schema=False)

#: Our own environment (same folder) so the filters below do not leak into other pages.
templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))

DEFAULT_TOPIC = "purchase-sex-minor"
DEFAULT_JURISDICTIONS = ("FR", "SE", "UK")
#: Extraction lists highlighted on a document page, in legend order.
SPAN_KINDS = ("questions", "citations", "penalties", "figures", "mentions")

Codes = Annotated[list[str] | None, Query()]


# --- helpers shared by the templates -------------------------------------------------------


def local_path(iri: str | None) -> str | None:
    """Our IRIs dereference on this server (/id/…, /concept/…): link there, not off-site."""
    if iri and iri.startswith(BASE):
        return "/" + iri.removeprefix(BASE)
    return None


def years_text(value: Any) -> str:
    number = float(value)
    return f"{number:g} year" + ("" if number == 1 else "s")


def penalty_text(sanction: dict[str, Any]) -> str:
    """'3 years, 45,000 EUR' — the words a drafter would write, unknowns said as such."""
    parts = []
    if sanction.get("life_imprisonment"):
        parts.append("life imprisonment")
    elif sanction.get("max_prison_years") is not None:
        parts.append(years_text(sanction["max_prison_years"]))
    fine = sanction.get("max_fine")
    if fine:
        if fine.get("unlimited"):
            parts.append("unlimited fine")
        elif fine.get("amount") is not None:
            parts.append(f"{fine['amount']:,} {fine.get('currency') or ''}".strip())
        elif fine.get("kind"):
            parts.append(str(fine["kind"]).replace("-", " "))
    return ", ".join(parts) or "penalty not recorded"


templates.env.filters["local"] = local_path
templates.env.filters["penalty"] = penalty_text


def _page(request: Request, name: str, title: str, **context: Any) -> Response:
    return templates.TemplateResponse(
        request, name, {"title": title, "nav": _NAV, "here": request.url.path} | context
    )


_NAV = [
    ("/compare", "Compare"),
    ("/coverage", "Coverage"),
    ("/gaps", "Gaps"),
    ("/timeline", "Timeline"),
    ("/documents", "Documents"),
]


def _choices(store: Store) -> dict[str, Any]:
    """Topics and jurisdictions for the forms, read from the graph (its own index)."""
    topics = vocabulary.topics(store)
    return {
        "topics": [(n, vocabulary.pick_label(topics[n].labels) or n) for n in sorted(topics)],
        "jurisdictions": [
            (j.code, vocabulary.pick_label(j.labels) or j.code)
            for j in sorted(vocabulary.jurisdictions(store).values(), key=lambda j: j.code)
        ],
    }


# --- plotly.js from the installed package --------------------------------------------------


@cache
def plotly_file() -> tuple[str, Path]:
    """(versioned URL, file) of plotly.min.js inside the installed `plotly` package."""
    import plotly

    path = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    return f"/vendor/plotly-{version('plotly')}/plotly.min.js", path


@router.get("/vendor/plotly-{ver}/plotly.min.js")
def plotly_js(ver: str) -> Response:
    url, path = plotly_file()
    if ver != version("plotly") or not path.is_file():
        raise NotFound(f"No plotly.js {ver!r} here; see {url}")
    return FileResponse(
        path,
        media_type="text/javascript",
        headers={"Cache-Control": "public, max-age=31536000, immutable"},
    )


# --- compare ----------------------------------------------------------------------------


@router.get("/compare")
def compare_page(
    request: Request,
    store: StoreDep,
    topic: Codes = None,
    jurisdiction: Codes = None,
    at: str | None = None,
) -> Response:
    """A topic × jurisdiction matrix of what is in force on one day, with its downloads."""
    topics = [t for t in topic or [] if t] or [DEFAULT_TOPIC]
    codes = [c for c in jurisdiction or [] if c] or list(DEFAULT_JURISDICTIONS)
    day = parse_date(at).isoformat()
    documents = [compare(store, t, codes, day) for t in topics]
    downloads = {
        doc["topic"]["notation"]: {
            fmt: "/api/compare?"
            + urlencode(
                [("topic", doc["topic"]["notation"])]
                + [("jurisdiction", c) for c in codes]
                + [("at", day), ("format", fmt)]
            )
            for fmt in ("csv", "xlsx", "md")
        }
        for doc in documents
    }
    return _page(
        request,
        "compare.html",
        "Compare",
        documents=documents,
        members=documents[0]["jurisdictions"],
        chosen_topics=topics,
        chosen_codes=codes,
        at=day,
        downloads=downloads,
        **_choices(store),
    )


# --- coverage ---------------------------------------------------------------------------


@router.get("/coverage")
def coverage_page(request: Request, store: StoreDep, at: str | None = None) -> Response:
    """What the graph knows: each topic × jurisdiction cell, linked to its comparison."""
    doc = coverage(store, at).as_dict()
    return _page(request, "coverage.html", "Coverage", doc=doc, at=doc["at"])


# --- gaps -------------------------------------------------------------------------------


@router.get("/gaps")
def gaps_page(
    request: Request,
    store: StoreDep,
    reference: str = "SE",
    target: str = "FR",
    at: str | None = None,
) -> Response:
    """What the reference regime has that the target lacks, grouped by verdict."""
    day = parse_date(at).isoformat()
    doc = gaps(store, reference, target, day)
    return _page(request, "gaps.html", "Gaps", doc=doc, at=day, **_choices(store))


# --- timeline ---------------------------------------------------------------------------


@router.get("/timeline")
def timeline_page(
    request: Request,
    store: StoreDep,
    jurisdiction: Codes = None,
    topic: str | None = DEFAULT_TOPIC,
) -> Response:
    """Dated events as a table, and the highest prison term over time drawn by plotly.js."""
    codes = [c for c in jurisdiction or [] if c] or ["FR"]
    docs = [timeline(store, code, topic or None) for code in codes]
    events = sorted((e for d in docs for e in d["events"]), key=lambda e: e["date"])
    return _page(
        request,
        "timeline.html",
        "Timeline",
        events=events,
        notes=[d["note"] for d in docs if d["note"]],
        chart={"series": max_prison_series(events), "today": date.today().isoformat()},
        chosen_codes=codes,
        chosen_topic=topic or "",
        plotly_url=plotly_file()[0],
        **_choices(store),
    )


def max_prison_series(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per jurisdiction, the highest maximum prison term in force after each change.

    Replays the penalty events: a version starts (set/raised/…), replaces `previous`, or
    ends. Life imprisonment is plotted at kg.analysis.analytics' LIFE_YEARS and labelled "life".
    """
    series: dict[str, dict[str, Any]] = {}
    active: dict[str, dict[str, dict[str, Any]]] = {}
    for event in events:
        if not event["kind"].startswith("penalty-"):
            continue
        code = event["jurisdiction"]
        in_force = active.setdefault(code, {})
        _retire(in_force, event)
        if event["kind"] == "penalty-ended":
            in_force.pop(event["subject"]["iri"], None)
        elif event.get("after"):
            in_force[event["subject"]["iri"]] = event["after"] | {"_offence": event["offence"]}
        values = [
            (severity(p["max_prison_years"], p["life_imprisonment"]), p["life_imprisonment"])
            for p in in_force.values()
        ]
        known = [v for v in values if v[0] is not None]
        top = max(known) if known else (None, False)
        line = series.setdefault(code, {"name": code, "x": [], "y": [], "text": []})
        if line["x"] and line["x"][-1] == event["date"]:
            line["x"].pop(), line["y"].pop(), line["text"].pop()
        line["x"].append(event["date"])
        line["y"].append(top[0])
        line["text"].append(
            "life" if top[1] else years_text(top[0]) if top[0] is not None else "none"
        )
    return list(series.values())


def _retire(in_force: dict[str, dict[str, Any]], event: dict[str, Any]) -> None:
    """Drop the version a change replaces. The timeline emits no event for a version that
    kept the same values, so `previous` may name that silent version: then drop the entry
    of the same offence holding the old values."""
    previous = event.get("previous")
    if not previous or in_force.pop(previous, None) is not None:
        return
    for iri, penalty in list(in_force.items()):
        old = {k: v for k, v in penalty.items() if k != "_offence"}
        if penalty["_offence"] == event["offence"] and old == event["before"]:
            del in_force[iri]
            return


# --- documents --------------------------------------------------------------------------


@router.get("/documents")
def documents_page(request: Request, store: StoreDep) -> Response:
    return _page(request, "documents.html", "Documents", documents=list_documents(store))


@router.get("/documents/{doc_id}")
def document_page(doc_id: str, request: Request, store: StoreDep) -> Response:
    """The text with every extracted span highlighted; escaped by the template, always."""
    extraction = read_extraction(store, doc_id)
    text = read_text(store, doc_id)
    spans = document_spans(extraction)
    return _page(
        request,
        "document.html",
        extraction.get("title") or doc_id,
        doc=extraction,
        segments=segments(text, spans),
        spans=spans,
        kinds=[k for k in SPAN_KINDS if extraction.get(k)],
    )


def document_spans(extraction: dict[str, Any]) -> list[dict[str, Any]]:
    """Each extracted item as a span: kind, offsets, a label and a local link if any."""
    spans = []
    for kind in SPAN_KINDS:
        for index, item in enumerate(extraction.get(kind, []), start=1):
            link = item.get("resolved") or item.get("provision") or item.get("iri")
            note = item.get("kind") or item.get("qualifier") or ""
            spans.append(
                {
                    "kind": kind,
                    "id": f"{kind}-{index}",
                    "start": item["start"],
                    "end": item["end"],
                    "text": item.get("text", ""),
                    "note": note,
                    "href": local_path(link if isinstance(link, str) else None),
                }
            )
    return spans


def segments(text: str, spans: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Cut `text` at every span boundary; each piece knows which spans cover it.

    The pieces stay plain strings (the template escapes them), so nothing from the text
    can ever become markup; the innermost linked span gives the piece its link.
    """
    cuts = sorted({0, len(text)} | {s["start"] for s in spans} | {s["end"] for s in spans})
    cuts = [c for c in cuts if 0 <= c <= len(text)]
    pieces = []
    for start, end in pairwise(cuts):
        covering = [s for s in spans if s["start"] <= start and end <= s["end"]]
        linked = sorted((s for s in covering if s["href"]), key=lambda s: s["end"] - s["start"])
        pieces.append(
            {
                "text": text[start:end],
                "kinds": sorted({s["kind"] for s in covering}),
                "href": linked[0]["href"] if linked else None,
                "anchors": [s["id"] for s in spans if s["start"] == start],
                "title": "; ".join(f"{s['kind'][:-1]}: {s['note']}".rstrip(": ") for s in covering),
            }
        )
    return pieces


# --- brief ------------------------------------------------------------------------------


@router.get("/brief")
def brief_page(request: Request, store: StoreDep, document: str, at: str | None = None) -> Response:
    """A drafter's brief: each ask with its topics and the facts, or an answer's claims."""
    doc = brief(store, document, parse_date(at))
    return _page(request, "brief.html", "Brief", doc=doc)
