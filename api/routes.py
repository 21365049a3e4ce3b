"""The JSON API: health, topic scheme, jurisdictions, comparison; and the home page."""

from __future__ import annotations

import json
from collections import OrderedDict
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from api.deps import Lang, StoreDep
from api.pages import templates
from kg import vocabulary
from kg.analysis.compare import compare
from kg.analysis.coverage import coverage
from kg.errors import BadRequest
from kg.formats import export
from kg.ingest.pipeline import list_documents
from kg.store import Store, fingerprint, total

router = APIRouter()

COMPARE_FORMATS = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def home(request: Request, store: StoreDep) -> Response:
    return templates.TemplateResponse(
        request,
        "index.html",
        {
            "title": "Home",
            "triples": total(store),
            "topics": sorted(vocabulary.topics(store).values(), key=lambda t: t.notation),
            "jurisdictions": list(vocabulary.jurisdictions(store).values()),
            "documents": len(list_documents(store)),
        },
    )


@router.get("/healthz", tags=["service"], summary="Liveness and graph size")
def healthz(store: StoreDep) -> dict[str, Any]:
    return {"status": "ok", "triples": total(store)}


@router.get("/api/topics", tags=["catalogue"], summary="The topic scheme, labels in en/fr/sv")
def topics(store: StoreDep) -> dict[str, Any]:
    found = vocabulary.topics(store)
    return {"topics": [found[n].as_dict() for n in sorted(found)]}


@router.get("/api/jurisdictions", tags=["catalogue"], summary="Jurisdictions, labels in en/fr/sv")
def jurisdictions(store: StoreDep) -> dict[str, Any]:
    found = vocabulary.jurisdictions(store)
    return {"jurisdictions": [found[c].as_dict() for c in sorted(found)]}


@router.get(
    "/api/compare",
    tags=["comparison"],
    summary="Compare a topic across jurisdictions as of a date",
    response_model=None,
)
def compare_endpoint(
    store: StoreDep,
    topic: Annotated[str, Query(description="topic notation, e.g. purchase-sex-minor")],
    jurisdiction: Annotated[
        list[str], Query(description="jurisdiction codes; UK expands to UK-EW, UK-SCT, UK-NI")
    ],
    at: Annotated[str | None, Query(description="YYYY-MM-DD; default today")] = None,
    format: Annotated[str, Query(description="json, csv, md or xlsx")] = "json",
    lang: Lang = "en",
) -> Response:
    if format not in COMPARE_FORMATS:
        raise BadRequest(f"Unknown format {format!r}; use one of {', '.join(COMPARE_FORMATS)}")
    doc = _compare_cached(store, topic, tuple(jurisdiction), at or date.today().isoformat(), lang)
    if format == "csv":
        body: bytes | str = export.to_csv(doc)
    elif format == "md":
        body = export.to_markdown(doc)
    elif format == "xlsx":
        body = export.to_xlsx(doc)
    else:
        body = json.dumps(doc, ensure_ascii=False)
    headers = {}
    if format in ("csv", "xlsx"):
        filename = f"compare-{doc['topic']['notation']}-{doc['at']}.{format}"
        headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return Response(body, media_type=COMPARE_FORMATS[format], headers=headers)


@router.get(
    "/api/coverage",
    tags=["comparison"],
    summary="Topic × jurisdiction matrix: present, absent or unknown on a date",
    response_model=None,
)
def coverage_endpoint(
    store: StoreDep,
    jurisdiction: Annotated[
        list[str] | None,
        Query(description="jurisdiction codes; default FR, SE, UK-EW, UK-SCT, UK-NI, EU, CoE"),
    ] = None,
    at: Annotated[str | None, Query(description="YYYY-MM-DD; default today")] = None,
    format: Annotated[str, Query(description="json, csv or md")] = "json",
) -> Response:
    if format not in ("json", "csv", "md"):
        raise BadRequest(f"Unknown format {format!r}; use json, csv or md")
    doc = coverage(store, at, jurisdiction or None).as_dict()
    if format == "csv":
        return Response(export.coverage_to_csv(doc), media_type=COMPARE_FORMATS["csv"])
    if format == "md":
        return Response(export.coverage_to_markdown(doc), media_type=COMPARE_FORMATS["md"])
    return Response(json.dumps(doc, ensure_ascii=False), media_type="application/json")


@router.get("/api/formats", tags=["documents"], summary="The document formats ingestion reads")
def formats() -> dict[str, Any]:
    from kg.ingest.pipeline import formats as known_formats

    return {"formats": known_formats()}


_COMPARISONS: OrderedDict[tuple[object, ...], dict[str, Any]] = OrderedDict()
_COMPARISONS_KEPT = 256


def _compare_cached(
    store: Store, topic: str, codes: tuple[str, ...], at: str, lang: str
) -> dict[str, Any]:
    """A comparison is a pure function of the graph and its arguments: keep the last ones,
    keyed by the store's fingerprint so that any write makes them stale."""
    key = (fingerprint(store), topic, codes, at, lang)
    if key in _COMPARISONS:
        _COMPARISONS.move_to_end(key)
        return _COMPARISONS[key]
    doc = compare(store, topic, list(codes), at, lang)
    _COMPARISONS[key] = doc
    while len(_COMPARISONS) > _COMPARISONS_KEPT:
        _COMPARISONS.popitem(last=False)
    return doc
