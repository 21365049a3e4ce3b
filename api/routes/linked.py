"""Linked data: every /id/… resource dereferenced (HTML or RDF by Accept), the ontology at its namespace.

`https://w3id.org/policykg/id/X` is answered at `/id/X` (and `…/concept/X` at `/concept/X`):
a page for browsers, Turtle, JSON-LD, N-Triples or RDF/XML for machines, chosen by `Accept`, or
explicitly by a suffix (`/id/X.ttl`, `.jsonld`, `.nt`, `.rdf` or `.owl` for RDF/XML, `.html`). 404 when the graph says
nothing about the IRI. The ontology is documented at `/ontology` (Turtle at `/ontology.ttl`).
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pyoxigraph import NamedNode, QueryTriples

from api.deps import StoreDep
from api.errors import not_acceptable
from api.negotiation import choose, wants_html
from api.templating import templates
from kg import queries
from kg.errors import NotFound
from kg.formats.results import serialize_result
from kg.locale import _
from kg.ns import BASE, ID
from kg.publish.describe import describe, exists, ontology_terms, subgraph
from kg.store import Store

router = APIRouter(tags=["linked data"])

HTML = "text/html"
#: Explicit representation suffixes → media type.
SUFFIXES = {
    ".ttl": "text/turtle",
    ".jsonld": "application/ld+json",
    ".nt": "application/n-triples",
    ".rdf": "application/rdf+xml",
    ".owl": "application/rdf+xml",
    ".html": HTML,
}
#: What `Accept` may choose among; Turtle is the default for */* (curl, RDF clients).
OFFERED = [
    "text/turtle",
    "application/ld+json",
    "application/n-triples",
    "application/rdf+xml",
    HTML,
]


def _split_suffix(path: str) -> tuple[str, str | None]:
    """`act/x.ttl` → (`act/x`, text/turtle); a path with no known suffix is left as it is."""
    for suffix, media in SUFFIXES.items():
        if path.endswith(suffix) and len(path) > len(suffix):
            return path[: -len(suffix)], media
    return path, None


def _negotiate(request: Request, forced: str | None) -> str:
    """The representation to send: the suffix's, else HTML for browsers, else by Accept."""
    if forced:
        return forced
    accept = request.headers.get("accept")
    if wants_html(accept):
        return HTML
    media = choose(accept, OFFERED)
    if media is None:
        raise _NotAcceptable(accept)
    return media


class _NotAcceptable(Exception):
    def __init__(self, accept: str | None) -> None:
        self.accept = accept


def _iri(namespace: str, path: str) -> str:
    """A policykg IRI from a URL path; an impossible IRI is simply not found."""
    try:
        return NamedNode(namespace + path).value
    except ValueError as exc:
        raise NotFound(_("No resource {iri!r}", iri=namespace + path)) from exc


def _dereference(request: Request, store: Store, namespace: str, path: str) -> Response:
    """The shared body of /id/… and /concept/…: find the resource, negotiate, render."""
    stripped, forced = _split_suffix(path)
    if forced and not _has(store, namespace + stripped) and _has(store, namespace + path):
        stripped, forced = path, None  # the IRI itself ends with what looks like a suffix
    iri = _iri(namespace, stripped)
    page = "/" + iri.removeprefix(BASE)
    try:
        media = _negotiate(request, forced)
    except _NotAcceptable:
        return not_acceptable(request, OFFERED)
    headers = {"Vary": "Accept", "Link": _alternates(page)}
    if media == HTML:
        described = describe(store, iri)
        if described is None:
            raise NotFound(_("The graph says nothing about <{iri}>", iri=iri))
        return templates.TemplateResponse(
            request,
            "resource.html",
            {"title": described.title, "resource": described, "page": page},
            headers=headers,
        )
    triples = subgraph(store, iri)
    if not triples and not _has(store, iri):
        raise NotFound(_("The graph says nothing about <{iri}>", iri=iri))
    return _rdf(triples, media, headers)


def _has(store: Store, iri: str) -> bool:
    try:
        return exists(store, iri)
    except ValueError:
        return False


def _rdf(triples: list, media: str, headers: dict[str, str]) -> Response:
    body = serialize_result(triples, media)
    textual = media.startswith("text/") or "json" in media or "xml" in media
    charset = "; charset=utf-8" if textual else ""
    return Response(body, media_type=media + charset, headers=headers)


def _alternates(page: str) -> str:
    """RFC 8288 links to each representation, so a client can find them without guessing."""
    first = {media: suffix for suffix, media in reversed(SUFFIXES.items())}  # .rdf, not .owl
    return ", ".join(
        f'<{page}{suffix}>; rel="alternate"; type="{media}"' for media, suffix in first.items()
    )


@router.get(
    "/id/{path:path}",
    summary="Dereference a policykg resource (HTML, Turtle, JSON-LD, N-Triples, RDF/XML)",
    response_model=None,
)
def resource(path: str, request: Request, store: StoreDep) -> Response:
    """Content negotiation on `Accept`; `.ttl`, `.jsonld`, `.nt`, `.rdf`/`.owl` (RDF/XML),
    `.html` force one."""
    return _dereference(request, store, ID, path)


@router.get(
    "/concept/{path:path}",
    summary="Dereference a SKOS concept or scheme (e.g. /concept/topic/purchase-sex-minor)",
    response_model=None,
)
def concept(path: str, request: Request, store: StoreDep) -> Response:
    return _dereference(request, store, BASE + "concept/", path)


@router.get("/ontology", summary="The policykg ontology (HTML or Turtle)", response_model=None)
def ontology(request: Request, store: StoreDep) -> Response:
    try:
        media = _negotiate(request, None)
    except _NotAcceptable:
        return not_acceptable(request, OFFERED)
    return _ontology(request, store, media)


@router.get(
    "/ontology.{suffix}",
    summary="The ontology as ttl, jsonld, nt, rdf, owl or html",
    response_model=None,
)
def ontology_file(suffix: str, request: Request, store: StoreDep) -> Response:
    media = SUFFIXES.get("." + suffix)
    if media is None:
        raise NotFound(
            _(
                "No ontology representation {suffix!r}; use ttl, jsonld, nt, rdf, owl or html",
                suffix=suffix,
            )
        )
    return _ontology(request, store, media)


def _ontology(request: Request, store: Store, media: str) -> Response:
    headers = {"Vary": "Accept", "Link": _alternates("/ontology")}
    if media == HTML:
        sections = ontology_terms(store)
        return templates.TemplateResponse(
            request,
            "ontology.html",
            {
                "title": _("Ontology"),
                "sections": sections,
                "header": describe(store, BASE + "ontology"),
            },
            headers=headers,
        )
    result = store.query(queries.load("describe-ontology-graph"))
    assert isinstance(result, (QueryTriples, list))  # a CONSTRUCT query
    return _rdf(list(result), media, headers)
