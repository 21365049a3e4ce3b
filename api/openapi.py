"""The OpenAPI document, completed where FastAPI cannot see what a route reads by hand.

FastAPI derives parameters from function signatures; the routes that read the raw request
(`POST /api/documents`, `/sparql`) declare their body and parameters here, once. Every
operation also lists the errors it can answer, in the API's error shape, and the 400 it
answers for a malformed parameter instead of the 422 FastAPI would advertise. Writes carry
the bearer scheme, so Swagger UI's "Try it out" can send a document or a query.

The document is in the request's language (`?lang=`, the switch's cookie, `Accept-Language`,
as for pages: api/language.py): the English one is built once, and a copy per language on
first use, with its texts, and only those, from the gettext domain `openapi`
(kg/locale/<lang>/LC_MESSAGES/openapi.po, its template written by api/openapi_texts.py):
identifiers, paths, parameter names, enum values, examples and media types stay as they are,
and a text without a translation stays in English. The named queries' operations are the
exception: their summary and description (with the SPARQL text) come from each query's own
header, which carries `title@fr:`, `description@sv:`… (api/routes/queries.py
`documentation`), so they are not in the catalogue and a change to a query's SPARQL asks for
no new translation.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from api.routes.queries import documentation
from kg import locale
from kg.publish import named_queries

ERROR_SCHEMA = {
    "type": "object",
    "required": ["error", "message", "status"],
    "properties": {
        "error": {"type": "string", "examples": ["BadRequest"]},
        "message": {"type": "string"},
        "status": {"type": "integer"},
    },
}
_ERROR_TEXT = {
    "400": "A parameter or the query is missing or malformed",
    "401": "The bearer token is missing or wrong",
    "403": "Writes are disabled (no POLICYKG_TOKEN) or the request is an update",
    "404": "No such resource, topic, jurisdiction or document",
    "406": "None of the accepted media types fits the answer",
    "413": "The request body, or the answer, is over its limit",
    "415": "The document is in no format ingestion reads",
    "422": "The document could not be read (its format is known but its content is broken)",
    "503": "The store is unavailable, or the work was stopped at its time limit",
}
#: Extra errors by (method, path); every operation may also answer 400, 404 and 503.
_EXTRA: dict[tuple[str, str], tuple[str, ...]] = {
    ("post", "/api/documents"): ("401", "403", "413", "415", "422"),
    ("delete", "/api/documents/{doc_id}"): ("401", "403"),
    ("get", "/sparql"): ("403", "406", "413"),
    ("post", "/sparql"): ("403", "406", "413"),
}
_BEARER = {"bearer": {"type": "http", "scheme": "bearer", "description": "POLICYKG_TOKEN"}}
_WRITES = {("post", "/api/documents"), ("delete", "/api/documents/{doc_id}")}

#: The SPARQL 1.1 Protocol's parameters (GET) and bodies (POST).
SPARQL_PARAMETERS: list[dict[str, Any]] = [
    {
        "name": "query",
        "in": "query",
        "required": False,
        "description": "the SPARQL query (without it, a browser gets the query editor)",
        "schema": {"type": "string", "examples": ["ASK { ?s ?p ?o }"]},
    },
    {
        "name": "default-graph-uri",
        "in": "query",
        "required": False,
        "description": "a graph IRI; repeatable; with named-graph-uri, the whole dataset",
        "schema": {"type": "array", "items": {"type": "string"}},
        "style": "form",
        "explode": True,
    },
    {
        "name": "named-graph-uri",
        "in": "query",
        "required": False,
        "schema": {"type": "array", "items": {"type": "string"}},
        "style": "form",
        "explode": True,
    },
    {
        "name": "format",
        "in": "query",
        "required": False,
        "description": "a media type or short name (json, xml, csv, tsv, turtle, nt, jsonld…)",
        "schema": {"type": "string"},
    },
]
SPARQL_BODY: dict[str, Any] = {
    "required": True,
    "content": {
        "application/sparql-query": {
            "schema": {"type": "string", "examples": ["SELECT * WHERE { ?s ?p ?o } LIMIT 5"]}
        },
        "application/x-www-form-urlencoded": {
            "schema": {
                "type": "object",
                "required": ["query"],
                "properties": {
                    "query": {"type": "string"},
                    "default-graph-uri": {"type": "array", "items": {"type": "string"}},
                    "named-graph-uri": {"type": "array", "items": {"type": "string"}},
                },
            }
        },
    },
}
#: SPARQL 1.1 Query Results JSON: `head` with `vars`, then `results` (SELECT) or `boolean` (ASK).
RESULTS_JSON: dict[str, Any] = {
    "type": "object",
    "required": ["head"],
    "properties": {
        "head": {"type": "object"},
        "results": {
            "type": "object",
            "properties": {"bindings": {"type": "array", "items": {"type": "object"}}},
        },
        "boolean": {"type": "boolean"},
    },
}
SPARQL_ANSWERS: dict[str, Any] = {
    "200": {
        "description": "SELECT/ASK results or CONSTRUCT/DESCRIBE triples, by content negotiation",
        "content": {
            "application/sparql-results+json": {"schema": RESULTS_JSON},
            "application/json": {"schema": RESULTS_JSON},
            "application/ld+json": {"schema": {}},
        }
        | {
            media: {"schema": {"type": "string"}}
            for media in (
                "application/sparql-results+xml",
                "text/csv",
                "text/tab-separated-values",
                "text/turtle",
                "application/n-triples",
                "application/rdf+xml",
                "text/html",
            )
        },
    }
}
DOCUMENT_BODY: dict[str, Any] = {
    "required": True,
    "description": "the raw file; its Content-Type helps detect the format",
    "content": {
        media: {"schema": {"type": "string", "format": "binary"}}
        for media in (
            "text/plain",
            "text/markdown",
            "text/html",
            "application/xml",
            "application/json",
            "application/octet-stream",
        )
    },
}


#: Routes answering RDF or HTML by content negotiation, and what they may send.
_RDF = ("text/turtle", "application/n-triples", "text/html")
NEGOTIATED: dict[str, tuple[str, ...]] = {
    "/id/{path}": _RDF,
    "/concept/{path}": _RDF,
    "/ontology": _RDF,
    "/ontology.{suffix}": _RDF,
    "/fragments": (*_RDF, "application/trig", "application/n-quads"),
}
#: Routes whose 406 (no acceptable type) is possible.
_NOT_ACCEPTABLE = set(NEGOTIATED) | {"/sparql"}


def install(app: FastAPI) -> None:
    """Make `app.openapi()` return the completed document in the current language (the
    English one built once, each translation made on first use; all cached)."""
    translated: dict[str, dict[str, Any]] = {}

    def english() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = complete(
                get_openapi(
                    title=app.title,
                    version=app.version,
                    description=app.description,
                    routes=app.routes,
                )
            )
        return app.openapi_schema

    def schema() -> dict[str, Any]:
        lang = locale.current()
        if lang == locale.DEFAULT:
            return english()
        if lang not in translated:
            translated[lang] = translate(english(), lang)
        return translated[lang]

    # FastAPI's documented way to customise the schema is to replace this method.
    app.openapi = schema  # type: ignore[method-assign]


def complete(spec: dict[str, Any]) -> dict[str, Any]:
    components = spec.setdefault("components", {})
    components.setdefault("securitySchemes", {}).update(_BEARER)
    schemas = components.setdefault("schemas", {})
    schemas["Error"] = ERROR_SCHEMA
    for name in ("HTTPValidationError", "ValidationError"):
        schemas.pop(name, None)
    for path, operations in spec.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            responses.pop("422", None)
            for code in ("400", "404", "503", *_EXTRA.get((method, path), ())):
                responses.setdefault(code, _error(code))
            if (method, path) in _WRITES:
                operation["security"] = [{"bearer": []}]
    for path, types in NEGOTIATED.items():
        operation = spec.get("paths", {}).get(path, {}).get("get")
        if operation is not None:
            content = {media: {"schema": {"type": "string"}} for media in types}
            content["application/ld+json"] = {"schema": {}}
            operation["responses"]["200"] = {"description": "RDF or HTML", "content": content}
    for path in _NOT_ACCEPTABLE:
        for operation in spec.get("paths", {}).get(path, {}).values():
            operation["responses"].setdefault("406", _error("406"))
    sparql = spec.get("paths", {}).get("/sparql", {})
    if "get" in sparql:
        sparql["get"]["parameters"] = SPARQL_PARAMETERS
        sparql["get"]["responses"].update(SPARQL_ANSWERS)
    if "post" in sparql:
        sparql["post"]["parameters"] = SPARQL_PARAMETERS[1:]
        sparql["post"]["requestBody"] = SPARQL_BODY
        sparql["post"]["responses"].update(SPARQL_ANSWERS)
    documents = spec.get("paths", {}).get("/api/documents", {})
    if "post" in documents:
        documents["post"]["requestBody"] = DOCUMENT_BODY
    return spec


def _error(code: str) -> dict[str, Any]:
    return {
        "description": _ERROR_TEXT[code],
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


# ------------------------------------------------------------------ the texts, translated

DOMAIN = "openapi"
#: The keys whose string values a person reads (OpenAPI 3.1: operations, parameters,
#: responses, request bodies, tags, info, security schemes and schema objects).
TEXT_KEYS = frozenset({"summary", "description"})
#: Subtrees that hold values, not documentation: never translated, never walked.
VALUE_KEYS = frozenset({"examples", "example", "enum", "default", "const"})
#: Maps whose keys are names chosen by the API (a schema's properties, the components, the
#: paths, media types…): a property called `description` or `examples` is a schema like any.
NAME_MAPS = frozenset(
    {
        "properties",
        "patternProperties",
        "$defs",
        "schemas",
        "securitySchemes",
        "requestBodies",
        "headers",
        "links",
        "callbacks",
        "paths",
        "webhooks",
        "content",
        "encoding",
    }
)


def texts(spec: Any) -> list[str]:
    """Every human-readable text of an OpenAPI document, once each, sorted."""
    found: set[str] = set()

    def collect(text: str) -> str:
        found.add(text)
        return text

    _replace(spec, collect)
    return sorted(found)


def catalogue_texts(spec: Any) -> list[str]:
    """The texts of `spec` that the `openapi` catalogue translates (not the named queries')."""
    from_queries = set(query_texts(locale.DEFAULT))
    return [text for text in texts(spec) if text not in from_queries]


def query_texts(lang: str) -> dict[str, str]:
    """{English text: its translation} for the named queries' summaries and descriptions that
    their headers give in `lang` (for English: every such text, as it is)."""
    pairs: dict[str, str] = {}
    for query in named_queries.catalogue().values():
        if lang == locale.DEFAULT or lang in query.translations:
            pairs.update(zip(documentation(query), documentation(query, lang), strict=True))
    return pairs


def translate(spec: dict[str, Any], lang: str) -> dict[str, Any]:
    """A copy of the English document `spec` with its texts in `lang` (English where the
    `openapi` catalogue of `lang` has no translation)."""
    catalogue = locale.translations(lang, DOMAIN)
    from_queries = query_texts(lang)

    def text(english: str) -> str:
        return from_queries.get(english) or catalogue.gettext(english)

    translated = _replace(spec, text)
    assert isinstance(translated, dict)
    return translated


def _replace(node: Any, text: Callable[[str], str], names: bool = False) -> Any:
    """A copy of `node` with each non-empty text replaced by `text(it)`; values and
    identifiers are kept (`names`: the keys of `node` are names, its values all objects)."""
    if isinstance(node, dict):
        copy: dict[str, Any] = {}
        for key, value in node.items():
            if names:
                copy[key] = _replace(value, text)
            elif key in TEXT_KEYS and isinstance(value, str):
                copy[key] = text(value) if value else value
            elif key in VALUE_KEYS:
                copy[key] = value  # shared with the English document: neither is changed
            else:
                copy[key] = _replace(value, text, key in NAME_MAPS and isinstance(value, dict))
        return copy
    if isinstance(node, list):
        return [_replace(item, text) for item in node]
    return node
