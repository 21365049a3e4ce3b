"""A drafter's brief on an ingested question or answer: `/api/brief` and the `/brief` page."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.deps import StoreDep
from api.params import Brief, BriefQuery
from api.templating import page
from kg import locale
from kg.analysis.brief import brief
from kg.analysis.cache import remember

router = APIRouter()


@router.get(
    "/api/brief",
    tags=["analysis"],
    summary="A brief on a parliamentary question (facts per ask) or a ministerial answer "
    "(claims checked)",
)
def brief_endpoint(store: StoreDep, query: Brief) -> dict[str, Any]:
    return remember(store, brief, query.document, query.at, _codes(query), query.lang)


@router.get("/brief", include_in_schema=False)
def brief_page(request: Request, store: StoreDep, query: Brief) -> Response:
    """Each ask with its topics and the facts, or an answer's claims."""
    doc = remember(store, brief, query.document, query.at, _codes(query), locale.current())
    return page(request, "brief.html", "Brief", doc=doc)


def _codes(query: BriefQuery) -> tuple[str, ...] | None:
    """The jurisdictions as a tuple: the cache key must be hashable."""
    return tuple(query.jurisdiction) if query.jurisdiction else None
