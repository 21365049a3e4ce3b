"""Query parameters shared by routes, declared once with their descriptions.

An HTML page and its JSON twin take the same parameters: both routes use the definitions
below (or the same dependency class), so their signatures and /docs cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

from fastapi import Depends, Query

from kg import locale

#: The label language of an answer; FastAPI refuses anything else with a 400.
Lang = Annotated[Literal["en", "fr", "sv"], Query(description="label language: en, fr or sv")]


def _page_language() -> str:
    """A page's language, already chosen by api.language (`?lang=`, cookie, Accept-Language)."""
    return locale.current()


#: The language of a page: not a query parameter of its own, the middleware's choice.
PageLang = Annotated[str, Depends(_page_language)]
At = Annotated[str | None, Query(description="YYYY-MM-DD; default today")]
Topic = Annotated[str, Query(description="topic notation, e.g. purchase-sex-minor")]
Jurisdictions = Annotated[
    list[str], Query(description="jurisdiction codes; UK expands to UK-EW, UK-SCT, UK-NI")
]
OptionalJurisdictions = Annotated[
    list[str] | None,
    Query(description="jurisdiction codes; UK expands to UK-EW, UK-SCT, UK-NI; default: all"),
]
OptionalTopic = Annotated[
    str | None, Query(description="topic notation, e.g. purchase-sex-minor; default all")
]
DocumentId = Annotated[str, Query(description="document id, as listed by GET /api/documents")]


Reference = Annotated[str, Query(description="reference jurisdiction code; UK expands")]
Target = Annotated[str, Query(description="target jurisdiction code; UK expands")]


@dataclass
class BriefQuery:
    """`/api/brief` and `/brief`: a brief on one ingested document."""

    document: DocumentId
    at: At = None
    jurisdiction: Annotated[
        list[str] | None,
        Query(description="jurisdictions a question is answered for; default FR, SE, UK"),
    ] = None
    lang: Lang = "en"
    format: Annotated[
        Literal["json", "md", "docx"],
        Query(description="json (default), md (Markdown with footnotes) or docx (Word)"),
    ] = "json"


Brief = Annotated[BriefQuery, Depends()]
