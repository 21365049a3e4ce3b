"""The one Jinja2 environment (autoescaped) of the HTML pages, its filters, and `page()`.

Templates only lay out a context prepared in Python; the filters below turn values into the
words a reader sees (a penalty, a local link), so every page says them the same way.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.templating import Jinja2Templates
from starlette.requests import Request
from starlette.responses import Response

from kg.publish.charts import years_text
from kg.publish.describe import local_href

templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))

#: The drafter pages' own navigation, in reading order (href, label).
NAV = [
    ("/compare", "Compare"),
    ("/coverage", "Coverage"),
    ("/gaps", "Gaps"),
    ("/timeline", "Timeline"),
    ("/documents", "Documents"),
]


def page(request: Request, name: str, title: str, **context: Any) -> Response:
    """Render template `name` with the page title and the navigation."""
    return templates.TemplateResponse(
        request, name, {"title": title, "nav": NAV, "here": request.url.path} | context
    )


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


templates.env.filters["local"] = lambda iri: local_href(iri) if iri else None
templates.env.filters["penalty"] = penalty_text
