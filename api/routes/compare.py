"""Compare a topic across jurisdictions as of a date: `/api/compare` and the `/compare` page.

Both render the same kg.analysis.compare document, so a page and its downloads never
disagree. A comparison is a pure function of the graph and its arguments, so the last ones
are kept, keyed by the store's fingerprint: any write makes them stale.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from api.deps import StoreDep
from api.forms import choices
from api.params import At, Jurisdictions, Lang, PageLang, Topic
from api.templating import page
from kg.analysis.compare import CompareDocument, compare, parse_date
from kg.errors import BadRequest
from kg.formats import export
from kg.formats.compare_document import compare_document
from kg.formats.document import to_docx
from kg.locale import _
from kg.store import Memo, Store

router = APIRouter()

FORMATS = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
DEFAULT_TOPIC = "purchase-sex-minor"
DEFAULT_JURISDICTIONS = ("FR", "SE", "UK")

Codes = Annotated[list[str] | None, Query()]


@router.get(
    "/api/compare",
    tags=["comparison"],
    summary="Compare a topic across jurisdictions as of a date",
    response_model=None,
)
def compare_endpoint(
    store: StoreDep,
    topic: Topic,
    jurisdiction: Jurisdictions,
    at: At = None,
    format: Annotated[str, Query(description="json, csv, md, xlsx or docx")] = "json",
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
    doc = compare_cached(store, topic, tuple(jurisdiction), at or date.today().isoformat(), lang)
    if format == "csv":
        body: bytes | str = export.to_csv(doc)
    elif format == "md":
        body = export.to_markdown(doc)
    elif format == "xlsx":
        body = export.to_xlsx(doc)
    elif format == "docx":
        body = to_docx(compare_document(doc, lang))
    else:
        body = json.dumps(doc, ensure_ascii=False)
    headers = {}
    if format in ("csv", "xlsx", "docx"):
        filename = f"compare-{doc['topic']['notation']}-{doc['at']}.{format}"
        headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return Response(body, media_type=FORMATS[format], headers=headers)


@router.get("/compare", include_in_schema=False)
def compare_page(
    request: Request,
    store: StoreDep,
    lang: PageLang,
    topic: Codes = None,
    jurisdiction: Codes = None,
    at: At = None,
) -> Response:
    """A topic × jurisdiction matrix of what is in force on one day, with its downloads."""
    topics = [t for t in topic or [] if t] or [DEFAULT_TOPIC]
    codes = [c for c in jurisdiction or [] if c] or list(DEFAULT_JURISDICTIONS)
    day = parse_date(at).isoformat()
    documents = [compare_cached(store, t, tuple(codes), day, lang) for t in topics]
    downloads = {
        doc["topic"]["notation"]: {
            fmt: "/api/compare?"
            + urlencode(
                [("topic", doc["topic"]["notation"])]
                + [("jurisdiction", c) for c in codes]
                + [("at", day), ("format", fmt), ("lang", lang)]
            )
            for fmt in ("csv", "xlsx", "md")
        }
        for doc in documents
    }
    return page(
        request,
        "compare.html",
        _("Compare"),
        documents=documents,
        members=documents[0]["jurisdictions"],
        chosen_topics=topics,
        chosen_codes=codes,
        at=day,
        downloads=downloads,
        **choices(store),
    )


_COMPARISONS: Memo[CompareDocument] = Memo(kept=256)


def compare_cached(
    store: Store, topic: str, codes: tuple[str, ...], at: str, lang: str
) -> CompareDocument:
    """kg.analysis.compare.compare, remembered for the store's current contents."""
    return _COMPARISONS.get(
        store, (topic, codes, at, lang), lambda: compare(store, topic, list(codes), at, lang)
    )
