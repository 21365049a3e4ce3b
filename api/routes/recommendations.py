"""What the monitors asked of each state: `/api/recommendations` and the `/recommendations` page."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from api.deps import StoreDep
from api.forms import choices
from api.params import Lang, OptionalTopic, PageLang
from api.templating import page
from kg.analysis.recommendations import RecommendationsDocument, recommendations
from kg.locale import _

router = APIRouter()

OptionalJurisdiction = Annotated[
    str | None,
    Query(
        description="jurisdiction code; a UK-wide recommendation is shown for UK-EW, UK-SCT and UK-NI; default all"
    ),
]
OptionalBody = Annotated[
    str | None,
    Query(description="monitoring body: GRETA, Lanzarote or CRC; default all", max_length=40),
]


@router.get(
    "/api/recommendations",
    tags=["analysis"],
    summary="Recommendations of GRETA, the Lanzarote Committee and the UN CRC, with status and evidence",
)
def recommendations_endpoint(
    store: StoreDep,
    jurisdiction: OptionalJurisdiction = None,
    topic: OptionalTopic = None,
    body: OptionalBody = None,
    lang: Lang = "en",
) -> RecommendationsDocument:
    """Each recommendation with its report (title, symbol, dates, URL), paragraph, strength,
    topics, status (addressed, partly, not-yet, not-checkable) and the graph facts that back
    it; the states' published responses; and a timeline per state."""
    return recommendations(store, jurisdiction, topic, body, lang)  # type: ignore[return-value]


@router.get("/recommendations", include_in_schema=False)
def recommendations_page(
    request: Request,
    store: StoreDep,
    lang: PageLang,
    jurisdiction: OptionalJurisdiction = None,
    topic: OptionalTopic = None,
    body: OptionalBody = None,
) -> Response:
    """The recommendations as a table with their status and evidence, then a timeline per state."""
    document = recommendations(store, jurisdiction or None, topic or None, body or None, lang)
    return page(
        request,
        "recommendations.html",
        _("Recommendations"),
        document=document,
        chosen_code=jurisdiction or "",
        chosen_topic=topic or "",
        chosen_body=body or "",
        bodies=["GRETA", "Lanzarote", "CRC"],
        **choices(store),
    )
