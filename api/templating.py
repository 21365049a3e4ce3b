"""The one Jinja2 environment (autoescaped) of the HTML pages, its filters, and `page()`.

Templates only lay out a context prepared in Python. Every interface string in them is
`{{ _("…") }}` (kg.locale's catalogues, in the request's language); the filters below write
values the way a reader of that language expects (dates, numbers, amounts, penalties).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi.templating import Jinja2Templates
from starlette.requests import Request
from starlette.responses import Response

from api.language import display_name
from kg import locale
from kg.locale import (
    format_date,
    format_money,
    format_number,
    format_years,
    gettext,
    mark,
    ngettext,
)
from kg.publish.describe import local_href


def i18n_context(request: Request) -> dict[str, Any]:
    """What every page knows: its language, the language switch, the navigation."""
    lang = locale.current()
    kept = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    switch = [
        {
            "code": code,
            "name": display_name(code),
            "href": request.url.path + "?" + urlencode([*kept, ("lang", code)]),
            "current": code == lang,
        }
        for code in locale.LANGUAGES
    ]
    return {"lang": lang, "languages": switch, "nav": NAV, "here": request.url.path}


templates = Jinja2Templates(
    directory=str(Path(__file__).parent / "templates"), context_processors=[i18n_context]
)

#: The drafter pages' own navigation, in reading order (href, label to translate).
NAV = [
    ("/compare", mark("Compare")),
    ("/coverage", mark("Coverage")),
    ("/gaps", mark("Gaps")),
    ("/timeline", mark("Timeline")),
    ("/recommendations", mark("Recommendations")),
    ("/documents", mark("Documents")),
]

#: How a monitoring recommendation relates to the resource a page shows.
RELATION_LABELS = {
    "concerns": mark("is about this"),
    "answered-by": mark("is answered by this"),
    "evidence": mark("cites this as evidence"),
}

#: The colon after a label ("Source: …"), in the reader's typography: French puts a no-break
#: space before it ("Source : …"), English and Swedish none. Templates write `{{ colon() }}`.
COLON = mark(":")

#: Kinds of fine, as the data names them, in words to translate.
FINE_KINDS = {
    "day-fines": mark("day-fines"),
    "statutory-maximum": mark("fine up to the statutory maximum"),
    "level-5": mark("fine up to level 5 on the standard scale"),
    "unlimited": mark("unlimited fine"),
    "fixed": mark("fine"),
}


def page(request: Request, name: str, title: str, **context: Any) -> Response:
    """Render template `name` with its title (language, switch and navigation are added to
    every template by `i18n_context`)."""
    return templates.TemplateResponse(request, name, {"title": title} | context)


def penalty_text(sanction: dict[str, Any]) -> str:
    """'3 years, 45 000 €' — the words a drafter would write, unknowns said as such."""
    parts = []
    if sanction.get("life_imprisonment"):
        parts.append(gettext("life imprisonment"))
    elif sanction.get("max_prison_years") is not None:
        parts.append(format_years(sanction["max_prison_years"]))
    fine = sanction.get("max_fine")
    if fine:
        if fine.get("unlimited"):
            parts.append(gettext("unlimited fine"))
        elif fine.get("amount") is not None:
            parts.append(format_money(fine["amount"], fine.get("currency")))
        elif fine.get("kind"):
            kind = str(fine["kind"])
            parts.append(gettext(FINE_KINDS.get(kind, kind)))
    return ", ".join(parts) or gettext("penalty not recorded")


env = templates.env
env.globals["_"] = gettext
env.globals["ngettext"] = ngettext
env.globals["colon"] = lambda: gettext(COLON)
env.filters["local"] = lambda iri: local_href(iri) if iri else None
env.filters["penalty"] = penalty_text
env.filters["years"] = format_years
env.filters["date"] = lambda value, style="long": format_date(value, style=style)
env.filters["number"] = format_number
env.filters["money"] = format_money
env.globals["relation_labels"] = RELATION_LABELS
env.filters["t"] = gettext  # a marked value (e.g. from NAV) translated where it is shown
# The language of a topic's or jurisdiction's label: the scheme names each in en, fr and sv,
# so it is the page's language, or English for the pseudo-language.
env.globals["scheme_lang"] = lambda: (
    locale.current() if locale.current() in locale.LANGUAGES else "en"
)
