"""What the reference regime has that the target lacks or has weaker: `/api/gaps`, `/gaps`."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.deps import StoreDep
from api.forms import choices
from api.params import At, Lang, PageLang, Reference, Target
from api.templating import page
from kg.analysis.cache import remember
from kg.analysis.compare import parse_date
from kg.analysis.gaps import gaps
from kg.analysis.recommendations import for_jurisdiction
from kg.locale import _

router = APIRouter()


@router.get(
    "/api/gaps",
    tags=["analysis"],
    summary="What the reference regime has that the target lacks or has weaker, with evidence",
)
def gaps_endpoint(
    store: StoreDep, reference: Reference, target: Target, at: At = None, lang: Lang = "en"
) -> dict[str, Any]:
    document = remember(store, gaps, reference, target, parse_date(at).isoformat(), lang)
    # What the monitoring bodies asked of the target and the graph does not show done
    # (kg.analysis.recommendations.for_jurisdiction): the shortfalls already pointed out.
    return document | {"open_recommendations": for_jurisdiction(store, target, lang=lang)}


@router.get("/gaps", include_in_schema=False)
def gaps_page(
    request: Request,
    store: StoreDep,
    lang: PageLang,
    reference: Reference = "SE",
    target: Target = "FR",
    at: At = None,
) -> Response:
    """The same document grouped by verdict, with the pickers."""
    day = parse_date(at).isoformat()
    doc = remember(store, gaps, reference, target, day, lang)
    return page(
        request,
        "gaps.html",
        _("Gaps"),
        doc=doc,
        at=day,
        open_recommendations=for_jurisdiction(store, target, lang=lang),
        open_recommendations_code=target,
        **choices(store),
    )
