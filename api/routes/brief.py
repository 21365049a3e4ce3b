"""A drafter's brief on an ingested question or answer: `/api/brief` and the `/brief` page."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.deps import StoreDep
from api.params import Brief, BriefPage, BriefPageQuery
from api.templating import page
from kg import locale
from kg.analysis.brief import brief
from kg.analysis.cache import remember
from kg.analysis.compare import parse_date
from kg.formats.brief_document import brief_document
from kg.formats.document import to_docx, to_markdown
from kg.locale import _

router = APIRouter()


#: Media types of the brief's formats.
MEDIA_TYPES = {
    "md": "text/markdown; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@router.get(
    "/api/brief",
    tags=["analysis"],
    summary="A brief on a parliamentary question (asks classified and answered, with a "
    "summary) or a ministerial answer (claims checked); JSON, Markdown or DOCX",
    response_model=None,
)
def brief_endpoint(store: StoreDep, query: Brief) -> dict[str, Any] | Response:
    doc = remember(store, brief, query.document, _day(query), _codes(query), query.lang)
    if query.format == "json":
        return doc
    document = brief_document(doc, query.lang)
    body = to_docx(document) if query.format == "docx" else to_markdown(document)
    filename = f"brief-{doc['document']['id']}-{doc['at']}.{query.format}"
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    return Response(body, media_type=MEDIA_TYPES[query.format], headers=headers)


@router.get("/brief", include_in_schema=False)
def brief_page(request: Request, store: StoreDep, query: BriefPage) -> Response:
    """Each ask with its topics and the facts, or an answer's claims."""
    doc = remember(store, brief, query.document, _day(query), _codes(query), locale.current())
    return page(request, "brief.html", _("Brief"), doc=doc)


def _day(query: BriefPageQuery) -> str:
    """The day the brief is as of, named in the cache key: without `at` it is today, so a
    brief remembered yesterday must not be served as today's."""
    return parse_date(query.at).isoformat()


def _codes(query: BriefPageQuery) -> tuple[str, ...] | None:
    """The jurisdictions as a tuple: the cache key must be hashable."""
    return tuple(query.jurisdiction) if query.jurisdiction else None
