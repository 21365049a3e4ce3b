"""What changed and when: `/api/timeline` and the `/timeline` page with its chart."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from api.deps import StoreDep
from api.forms import choices
from api.params import Lang, OptionalTopic, PageLang
from api.routes.assets import plotly_file
from api.templating import page
from kg.analysis.timeline import timeline
from kg.locale import _, format_date, gettext
from kg.publish.charts import max_prison_series
from kg.store import Store

router = APIRouter()

DEFAULT_TOPIC = "purchase-sex-minor"


@router.get(
    "/api/timeline",
    tags=["analysis"],
    summary="What changed and when: offences, penalties and absences as dated events",
)
def timeline_endpoint(
    store: StoreDep,
    jurisdiction: Annotated[str, Query(description="jurisdiction code; UK expands")],
    topic: OptionalTopic = None,
    lang: Lang = "en",
) -> dict[str, Any]:
    return timeline(store, jurisdiction, topic, lang)


def _topic_label(store: Store, topic: str | None) -> dict[str, str | None]:
    chosen = next((c for c in choices(store)["topics"] if c[0] == topic), None)
    return {
        "chosen_topic_label": chosen[1] if chosen else topic,
        "chosen_topic_label_lang": chosen[2] if chosen else None,
    }


@router.get("/timeline", include_in_schema=False)
def timeline_page(
    request: Request,
    store: StoreDep,
    lang: PageLang,
    jurisdiction: Annotated[list[str] | None, Query()] = None,
    topic: OptionalTopic = DEFAULT_TOPIC,
) -> Response:
    """Dated events as a table, and the highest prison term over time drawn by plotly.js."""
    codes = [c for c in jurisdiction or [] if c] or ["FR"]
    docs = [timeline(store, code, topic or None, lang) for code in codes]
    events = sorted((e for d in docs for e in d["events"]), key=lambda e: e["date"])
    return page(
        request,
        "timeline.html",
        _("Timeline"),
        events=events,
        notes=[d["note"] for d in docs if d["note"]],
        chart={
            "series": _dated(max_prison_series(events)),
            "today": date.today().isoformat(),
            "today_label": format_date(date.today()),
            "messages": {
                "colon": gettext(":"),
                "empty": gettext("No penalty recorded: nothing to draw."),
                "years": gettext("years"),
                "life": gettext("life imprisonment"),
            },
        },
        chosen_codes=codes,
        chosen_topic=topic or "",
        **_topic_label(store, topic),
        plotly_url=plotly_file()[0],
        **choices(store),
    )


def _dated(series: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each point's date as the reader writes it (plotly.js would write it in English)."""
    return [line | {"when": [format_date(x) for x in line["x"]]} for line in series]
