"""What the graph knows: the topic × jurisdiction matrix, `/api/coverage` and `/coverage`."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from api.deps import StoreDep
from api.params import At, Lang, OptionalJurisdictions
from api.templating import page
from kg import locale
from kg.analysis.coverage import coverage
from kg.errors import BadRequest
from kg.formats import export
from kg.locale import _

router = APIRouter()

FORMATS = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
}


@router.get(
    "/api/coverage",
    tags=["comparison"],
    summary="Topic × jurisdiction matrix: present, absent or unknown on a date",
    response_model=None,
)
def coverage_endpoint(
    store: StoreDep,
    jurisdiction: OptionalJurisdictions = None,
    at: At = None,
    format: Annotated[str, Query(description="json, csv or md")] = "json",
    lang: Lang = "en",
) -> Response:
    if format not in FORMATS:
        raise BadRequest(
            _(
                "Unknown format {format!r}; use one of {known}",
                format=format,
                known=", ".join(FORMATS),
            )
        )
    doc = coverage(store, at, jurisdiction or None, lang).as_dict()
    if format == "csv":
        return Response(export.coverage_to_csv(doc), media_type=FORMATS["csv"])
    if format == "md":
        return Response(export.coverage_to_markdown(doc), media_type=FORMATS["md"])
    return Response(json.dumps(doc, ensure_ascii=False), media_type=FORMATS["json"])


@router.get("/coverage", include_in_schema=False)
def coverage_page(request: Request, store: StoreDep, at: At = None) -> Response:
    """Each topic × jurisdiction cell, linked to its comparison."""
    doc = coverage(store, at, lang=locale.current()).as_dict()
    return page(request, "coverage.html", _("Coverage"), doc=doc, at=doc["at"])
