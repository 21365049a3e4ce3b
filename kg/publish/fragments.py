"""Triple Pattern Fragments: one triple pattern's matches, a page at a time, self-described.

A Triple Pattern Fragment (https://linkeddatafragments.org/specification/triple-pattern-fragments/)
is the answer to `?subject=&predicate=&object=` over the union graph: the matching triples
(the data), their count (the metadata) and the hypermedia controls a client needs to ask
for any other pattern (an `hydra:IriTemplate`) or the next page. Clients such as Comunica
evaluate whole SPARQL queries by asking for many such fragments, so each fragment must be
cheap, stably ordered and say everything about itself.

This module is the part that does not know about HTTP: parsing the pattern parameters into
pyoxigraph terms, the two named queries (`fragment-count.rq`, `fragment-page.rq`), and the
metadata triples. api/routes/fragments.py negotiates the format and renders the response.

Blank nodes of the data are returned as blank nodes: SPARQL cannot select a blank node by
its label, so a skolem IRI could not be used in a pattern anyway; a client that needs to
follow one follows the triple it came from instead.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from pyoxigraph import BlankNode, Literal, NamedNode, Quad, QuerySolutions, Triple

from kg import queries
from kg.errors import BadRequest, PolicyKGError
from kg.locale import mark
from kg.ns import DCTERMS, PREFIXES, RDF, XSD
from kg.store import Store

#: Triples per page (`hydra:itemsPerPage`).
PAGE_SIZE = 100
#: The highest page number accepted: far beyond the graph, low enough to keep OFFSET sane.
MAX_PAGE = 1_000_000
#: The three pattern positions: request parameter → SPARQL variable of the .rq files.
POSITIONS: dict[str, str] = {"subject": "s", "predicate": "p", "object": "o"}

HYDRA = "http://www.w3.org/ns/hydra/core#"
VOID = "http://rdfs.org/ns/void#"
FOAF = "http://xmlns.com/foaf/0.1/"
#: Prefixes for Turtle/TriG output of fragments: the project's, plus the TPF vocabularies.
FRAGMENT_PREFIXES = {
    **{k: v for k, v in PREFIXES.items() if k != "id"},
    "hydra": HYDRA,
    "void": VOID,
    "foaf": FOAF,
}

Term = NamedNode | Literal
DataTerm = NamedNode | BlankNode | Literal

# "text", "text"@lang, "text"^^<datatype> or "text"^^datatype; the text is everything
# between the first and the last quote, unescaped, as TPF clients send it.
_LITERAL = re.compile(r'^"(?P<value>.*)"(?:@(?P<lang>[^"@]+)|\^\^(?P<datatype>[^"]+))?$', re.DOTALL)
_PREFIXED = re.compile(r"^(?P<prefix>[A-Za-z][\w.-]*):(?P<local>[^/][^\s<>\"]*)?$")


@dataclass(frozen=True)
class Pattern:
    """A triple pattern: each position a fixed term, or None for a variable."""

    subject: Term | None = None
    predicate: Term | None = None
    object: Term | None = None

    def bindings(self) -> dict[str, Term]:
        """The fixed positions only, keyed by the .rq files' variables, for `queries.bind`."""
        fixed = {"s": self.subject, "p": self.predicate, "o": self.object}
        return {name: term for name, term in fixed.items() if term is not None}

    def __str__(self) -> str:
        """The pattern as SPARQL text, for titles and descriptions."""
        parts = [
            str(term) if term is not None else "?" + var
            for var, term in zip("spo", (self.subject, self.predicate, self.object), strict=True)
        ]
        return "{ " + " ".join(parts) + " }"


@dataclass(frozen=True)
class Page:
    """One page of a fragment: its triples, the pattern's total, and whether more follow."""

    pattern: Pattern
    number: int
    triples: list[Triple]
    total: int
    has_next: bool


@dataclass(frozen=True)
class Links:
    """The IRIs a fragment page names: itself, its dataset and its paging neighbours."""

    page: str
    fragment: str
    dataset: str
    template: str
    first: str
    next: str | None
    previous: str | None

    @property
    def metadata_graph(self) -> str:
        """The named graph holding metadata and controls, as Comunica looks for it."""
        return self.page + "#metadata"


def parse_term(text: str | None, position: str) -> Term | None:
    """One pattern parameter in TPF syntax → a term; empty or `?var` → None (unbound).

    IRIs come plain or in angle brackets; a prefixed name with a prefix policykg declares
    (`pkg:topic`, `rdf:type`) is expanded, for people typing into the HTML form.
    """
    if text is None or text == "" or text.startswith("?"):
        return None
    if text.startswith('"'):
        return _parse_literal(text, position)
    if text.startswith("_:"):
        raise BadRequest(
            mark("{position}: blank nodes cannot be matched by label; use a variable such as ?x"),
            position=position,
        )
    return _parse_iri(text, position)


def _parse_literal(text: str, position: str) -> Literal:
    """`"text"`, `"text"@lang` or `"text"^^<datatype>`; anything else is a 400."""
    match = _LITERAL.match(text)
    if match is None:
        raise BadRequest(
            mark(
                '{position}: {text!r} is not a literal: write "text", "text"@lang or "text"^^<datatype-iri>'
            ),
            position=position,
            text=text,
        )
    value, lang, datatype = match["value"], match["lang"], match["datatype"]
    try:
        if lang is not None:
            return Literal(value, language=lang)
        if datatype is not None:
            iri = _parse_iri(datatype, position + " datatype")
            if iri.value == RDF + "langString":
                raise BadRequest(
                    mark('{position}: rdf:langString needs a language tag, as "text"@en'),
                    position=position,
                )
            return Literal(value, datatype=iri)
        return Literal(value)
    except ValueError as exc:
        raise BadRequest(
            mark("{position}: {text!r} is not a valid literal: {exc}"),
            position=position,
            text=text,
            exc=exc,
        ) from exc


def _parse_iri(text: str, position: str) -> NamedNode:
    """A plain IRI, `<IRI>`, or a prefixed name with one of policykg's prefixes."""
    iri = text[1:-1] if text.startswith("<") and text.endswith(">") else text
    prefixed = _PREFIXED.match(iri)
    if prefixed and prefixed["prefix"] in PREFIXES:
        iri = PREFIXES[prefixed["prefix"]] + (prefixed["local"] or "")
    try:
        return NamedNode(iri)
    except ValueError as exc:
        raise BadRequest(
            mark("{position}: {text!r} is not an absolute IRI: {exc}"),
            position=position,
            text=text,
            exc=exc,
        ) from exc


def parse_pattern(params: Mapping[str, str | None]) -> Pattern:
    """The pattern of a request's `subject`, `predicate` and `object` parameters."""
    subject, predicate, obj = (parse_term(params.get(name), name) for name in POSITIONS)
    return Pattern(subject, predicate, obj)


def term_text(term: DataTerm) -> str:
    """A term in TPF parameter syntax (the inverse of `parse_term`), for links to fragments."""
    if isinstance(term, NamedNode):
        return term.value
    if isinstance(term, BlankNode):
        return "_:" + term.value
    if term.language:
        return f'"{term.value}"@{term.language}'
    if term.datatype.value == XSD + "string":
        return f'"{term.value}"'
    return f'"{term.value}"^^<{term.datatype.value}>'


def count(store: Store, pattern: Pattern) -> int:
    """The exact number of distinct union-graph triples matching `pattern`."""
    rows = queries.run(store, "fragment-count", **pattern.bindings())
    value = rows[0]["n"] if rows else None
    return int(value.value) if isinstance(value, Literal) else 0


def fetch(store: Store, pattern: Pattern, number: int) -> Page:
    """Page `number` (from 1) of the fragment: at most PAGE_SIZE triples, and the total."""
    if not 1 <= number <= MAX_PAGE:
        raise BadRequest(
            mark("page must be between 1 and {MAX_PAGE}, not {number}"),
            MAX_PAGE=MAX_PAGE,
            number=number,
        )
    result = store.query(_page_query(pattern, number))
    if not isinstance(result, QuerySolutions):
        raise PolicyKGError(mark("fragment-page.rq is not a SELECT query"))
    rows = [Triple(row["s"], row["p"], row["o"]) for row in result]
    return Page(
        pattern=pattern,
        number=number,
        triples=rows[:PAGE_SIZE],
        total=count(store, pattern),
        has_next=len(rows) > PAGE_SIZE,
    )


def _page_query(pattern: Pattern, number: int) -> str:
    """fragment-page.rq with the pattern bound and `LIMIT/OFFSET` appended.

    LIMIT and OFFSET cannot be VALUES-bound, so they are appended as text; both are Python
    ints computed here from a range-checked page number, never request text. One triple
    more than a page is asked for, to know without counting whether a next page exists.
    """
    limit = int(PAGE_SIZE + 1)
    offset = int((number - 1) * PAGE_SIZE)
    if offset < 0:
        raise BadRequest(mark("page must be 1 or more"))
    text = queries.bind(queries.load("fragment-page"), pattern.bindings())
    return f"{text.rstrip()}\nLIMIT {limit} OFFSET {offset}\n"


def links(endpoint: str, page_url: str, params: Mapping[str, str], page: Page) -> Links:
    """The fragment's IRIs: `endpoint` is the absolute /fragments URL without a query,
    `page_url` the request URL (the fragment page's own IRI), `params` the raw pattern
    parameters as received (kept as the client wrote them, empty ones dropped)."""
    return Links(
        page=as_iri(page_url),
        fragment=endpoint + query_string(params, 1),
        dataset=endpoint + "#dataset",
        template=endpoint + "{?subject,predicate,object}",
        first=endpoint + query_string(params, 1),
        next=endpoint + query_string(params, page.number + 1) if page.has_next else None,
        previous=endpoint + query_string(params, page.number - 1) if page.number > 1 else None,
    )


def as_iri(url: str) -> str:
    """`url` unchanged if it is a valid IRI, else with the offending characters escaped.

    The page IRI is the request URL verbatim, so that a client finds the metadata about the
    URL it fetched; but a client may send characters an IRI cannot hold (curl passes `"`
    and `<` through raw), and those would make the metadata unserialisable.
    """
    try:
        return NamedNode(url).value
    except ValueError:
        return NamedNode(quote(url, safe=":/?#[]@!$&'()*+,;=%~")).value


def query_string(params: Mapping[str, str], number: int) -> str:
    """`?subject=…&predicate=…&object=…&page=N`: bound positions only, page only past 1."""
    pairs = [(name, params[name]) for name in POSITIONS if params.get(name)]
    if number > 1:
        pairs.append(("page", str(number)))
    return "?" + urlencode(pairs, quote_via=quote) if pairs else ""


def metadata(page: Page, urls: Links) -> list[Triple]:
    """The fragment's metadata (counts, paging) and the dataset's search control."""
    p, d = NamedNode(urls.page), NamedNode(urls.dataset)
    search = NamedNode(urls.dataset.removesuffix("#dataset") + "#search")
    out = [
        Triple(d, _rdf("type"), NamedNode(VOID + "Dataset")),
        Triple(d, _rdf("type"), _hydra("Collection")),
        Triple(d, NamedNode(DCTERMS + "title"), Literal("policykg", language="en")),
        Triple(d, NamedNode(VOID + "subset"), p),
        Triple(d, _hydra("search"), search),
        *_search_control(search, urls.template),
        Triple(p, _rdf("type"), _hydra("PartialCollectionView")),
        Triple(p, NamedNode(DCTERMS + "title"), Literal("Triple Pattern Fragment", language="en")),
        Triple(
            p,
            NamedNode(DCTERMS + "description"),
            Literal(f"The triples of policykg matching {page.pattern}.", language="en"),
        ),
        Triple(p, NamedNode(DCTERMS + "source"), d),
        Triple(p, _hydra("totalItems"), Literal(page.total)),
        Triple(p, NamedNode(VOID + "triples"), Literal(page.total)),
        Triple(p, _hydra("itemsPerPage"), Literal(PAGE_SIZE)),
        Triple(p, _hydra("first"), NamedNode(urls.first)),
    ]
    if urls.fragment != urls.page:
        out.append(Triple(NamedNode(urls.fragment), NamedNode(VOID + "subset"), p))
    if urls.next:
        out.append(Triple(p, _hydra("next"), NamedNode(urls.next)))
    if urls.previous:
        out.append(Triple(p, _hydra("previous"), NamedNode(urls.previous)))
    return out


def _search_control(search: NamedNode, template: str) -> list[Triple]:
    """The `hydra:IriTemplate` that lets a client build the IRI of any other fragment."""
    out = [
        Triple(search, _rdf("type"), _hydra("IriTemplate")),
        Triple(search, _hydra("template"), Literal(template)),
        Triple(search, _hydra("variableRepresentation"), _hydra("ExplicitRepresentation")),
    ]
    for name in POSITIONS:
        mapping = NamedNode(search.value.removesuffix("#search") + "#mapping-" + name)
        out += [
            Triple(search, _hydra("mapping"), mapping),
            Triple(mapping, _rdf("type"), _hydra("IriTemplateMapping")),
            Triple(mapping, _hydra("variable"), Literal(name)),
            Triple(mapping, _hydra("property"), _rdf(name)),
            Triple(mapping, _hydra("required"), Literal(False)),
        ]
    return out


def as_quads(page: Page, urls: Links) -> list[Quad]:
    """For TriG, N-Quads and JSON-LD: the data in the default graph, the metadata in
    `<page#metadata>`, which says `foaf:primaryTopic <page>` so clients can tell them apart."""
    graph = NamedNode(urls.metadata_graph)
    meta = [Triple(graph, NamedNode(FOAF + "primaryTopic"), NamedNode(urls.page))]
    meta += metadata(page, urls)
    return [Quad(t.subject, t.predicate, t.object) for t in page.triples] + [
        Quad(t.subject, t.predicate, t.object, graph) for t in meta
    ]


def as_triples(page: Page, urls: Links) -> list[Triple]:
    """For Turtle and N-Triples, which have no graphs: data and metadata together."""
    return [*page.triples, *metadata(page, urls)]


def _hydra(name: str) -> NamedNode:
    return NamedNode(HYDRA + name)


def _rdf(name: str) -> NamedNode:
    return NamedNode(RDF + name)
