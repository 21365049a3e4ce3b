"""Triple Pattern Fragments (Linked Data Fragments) at /fragments.

`GET /fragments?subject=&predicate=&object=&page=N` answers one triple pattern over the
union graph, 100 triples a page, with the TPF metadata and Hydra controls in the same
response (kg/publish/fragments.py builds both). The format follows `Accept`: TriG by default (data
in the default graph, metadata in `<page#metadata>`, as Comunica expects), N-Quads and
JSON-LD likewise, Turtle and N-Triples with data and metadata together, and an HTML page
for browsers. docs/fragments.md describes the interface.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pyoxigraph import BlankNode, Literal, NamedNode, RdfFormat, serialize

from api.deps import StoreDep
from api.errors import not_acceptable
from api.negotiation import choose, wants_html
from api.templating import templates
from kg.formats.terminal import short
from kg.locale import _
from kg.ns import XSD
from kg.publish import fragments
from kg.publish.fragments import MAX_PAGE, PAGE_SIZE, POSITIONS, Links, Page

router = APIRouter(tags=["linked data fragments"])

HTML = "text/html"
#: media type → format; TriG first: it is the default for */* and what TPF clients prefer.
RDF_TYPES: dict[str, RdfFormat] = {
    "application/trig": RdfFormat.TRIG,
    "application/n-quads": RdfFormat.N_QUADS,
    "text/turtle": RdfFormat.TURTLE,
    "application/n-triples": RdfFormat.N_TRIPLES,
    "application/ld+json": RdfFormat.JSON_LD,
    "application/rdf+xml": RdfFormat.RDF_XML,
}
OFFERED = [*RDF_TYPES, HTML]

_TERM_HELP = (
    'an IRI (plain or <IRI>), a literal ("text", "text"@fr, "5"^^<datatype>), '
    "or empty / ?variable for any"
)


@router.get(
    "/fragments",
    summary="Triple Pattern Fragments: the triples matching one pattern, paged, with Hydra controls",
    response_model=None,
)
def fragment(
    request: Request,
    store: StoreDep,
    subject: Annotated[str, Query(description="The subject: " + _TERM_HELP)] = "",
    predicate: Annotated[str, Query(description="The predicate: " + _TERM_HELP)] = "",
    object_: Annotated[str, Query(alias="object", description="The object: " + _TERM_HELP)] = "",
    page: Annotated[int, Query(ge=1, le=MAX_PAGE, description="Page number, from 1")] = 1,
) -> Response:
    """One page of a Triple Pattern Fragment; the format by `Accept` (TriG for `*/*`)."""
    media = _negotiate(request.headers.get("accept"))
    if media is None:
        return not_acceptable(request, OFFERED)
    raw = {"subject": subject, "predicate": predicate, "object": object_}
    pattern = fragments.parse_pattern(raw)
    result = fragments.fetch(store, pattern, page)
    endpoint = str(request.url.replace(query="", fragment=""))
    urls = fragments.links(endpoint, str(request.url), raw, result)
    headers = {"Vary": "Accept"}
    if media == HTML:
        return templates.TemplateResponse(
            request,
            "fragment.html",
            _page_context(request.url.path, raw, result),
            headers=headers,
        )
    return Response(
        _serialize(result, urls, media), media_type=_content_type(media), headers=headers
    )


def _negotiate(accept: str | None) -> str | None:
    """HTML for a browser navigation, else the best RDF type; None when nothing fits."""
    if wants_html(accept):
        return HTML
    return choose(accept, OFFERED)


def _serialize(page: Page, urls: Links, media: str) -> bytes:
    """Quads (metadata in its own graph) where the format has graphs, triples otherwise."""
    fmt = RDF_TYPES[media]
    prefixes = fragments.FRAGMENT_PREFIXES if fmt in (RdfFormat.TRIG, RdfFormat.TURTLE) else None
    if fmt.supports_datasets:
        return serialize(fragments.as_quads(page, urls), format=fmt, prefixes=prefixes) or b""
    return serialize(fragments.as_triples(page, urls), format=fmt, prefixes=prefixes) or b""


def _content_type(media: str) -> str:
    textual = (
        media.startswith("text/")
        or "json" in media
        or media in ("application/trig", "application/rdf+xml")
    )
    return media + ("; charset=utf-8" if textual else "")


def _page_context(path: str, raw: dict[str, str], page: Page) -> dict[str, Any]:
    """What fragment.html shows: the form, the triples as cells, the paging links.

    Links here are relative (same server); the RDF formats carry absolute IRIs.
    """
    first = (page.number - 1) * PAGE_SIZE + 1
    return {
        "title": _("Triple Pattern Fragment"),
        "raw": raw,
        "pattern": str(page.pattern),
        "rows": [
            [_cell(path, position, term) for position, term in zip(POSITIONS, triple, strict=True)]
            for triple in page.triples
        ],
        "total": page.total,
        "page": page.number,
        "shown": (first, first + len(page.triples) - 1) if page.triples else None,
        "first": path + fragments.query_string(raw, 1),
        "next": path + fragments.query_string(raw, page.number + 1) if page.has_next else None,
        "previous": path + fragments.query_string(raw, page.number - 1)
        if page.number > 1
        else None,
        "page_size": PAGE_SIZE,
    }


def _cell(path: str, position: str, term: NamedNode | BlankNode | Literal) -> dict[str, Any]:
    """One term for the table: short text, full form as a tooltip, and a link to the
    fragment with this term in the same position (blank nodes cannot be matched, so none)."""
    cell: dict[str, Any] = {"kind": "blank", "text": "_:" + term.value, "title": "", "href": None}
    if isinstance(term, BlankNode):
        return cell
    cell["href"] = path + fragments.query_string({position: fragments.term_text(term)}, 1)
    if isinstance(term, NamedNode):
        return cell | {"kind": "iri", "text": short(term), "title": term.value}
    datatype = (
        "" if term.language or term.datatype.value == XSD + "string" else short(term.datatype)
    )
    return cell | {
        "kind": "literal",
        "text": term.value,
        "title": fragments.term_text(term),
        "lang": term.language or "",
        "datatype": datatype,
    }
