"""A drafter's brief on an ingested question or answer: `/api/brief` and the `/brief` page."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.deps import StoreDep
from api.params import Brief
from api.templating import page
from kg import locale
from kg.analysis.brief import brief

router = APIRouter()


@router.get(
    "/api/brief",
    tags=["analysis"],
    summary="A brief on a parliamentary question (facts per ask) or a ministerial answer "
    "(claims checked)",
)
def brief_endpoint(store: StoreDep, query: Brief) -> dict[str, Any]:
    return brief(store, query.document, query.at, query.jurisdiction, query.lang)


@router.get("/brief", include_in_schema=False)
def brief_page(request: Request, store: StoreDep, query: Brief) -> Response:
    """Each ask with its topics and the facts, or an answer's claims."""
    doc = brief(store, query.document, query.at, query.jurisdiction, locale.current())
    return page(request, "brief.html", "Brief", doc=doc)
