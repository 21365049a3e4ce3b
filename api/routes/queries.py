"""The named-query catalogue: each .rq file of kg/queries/catalogue/ as a documented API operation.

`GET /api/queries` lists the catalogue; each query is also its own route,
`GET /api/queries/{name}?param=value…`, registered when this module is imported with one
documented query parameter per `# param:` line, so /docs shows every question a drafter can
ask and what it needs. The answer is SPARQL JSON results, or CSV/TSV/XML with `format=`.
"""

from __future__ import annotations

import inspect
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import Response
from pyoxigraph import QuerySolutions

from api.deps import StoreDep
from api.params import Lang
from kg.errors import BadRequest, NotFound, PolicyKGError
from kg.formats.results import serialize_result
from kg.locale import _, mark
from kg.publish import named_queries as named
from kg.store import Store

router = APIRouter(tags=["named queries"])

#: `format=` → result media type.
FORMATS = {
    "json": "application/sparql-results+json",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "xml": "application/sparql-results+xml",
}
FormatParam = Annotated[str, Query(description="json (SPARQL JSON results), csv, tsv or xml")]


@router.get("/api/queries", summary="The named-query catalogue")
def list_queries(store: StoreDep, lang: Lang = "en") -> dict[str, Any]:
    """Each query's name, title, description (in `lang`), parameters and SPARQL text;
    `example_sparql` is the text with the example parameters bound, ready to run."""
    entries = []
    for query in named.catalogue().values():
        entry = query.as_dict(lang)
        entry["example_sparql"] = _example(store, query)
        entries.append(entry)
    return {"queries": entries}


def _example(store: Store, query: named.NamedQuery) -> str:
    try:
        return named.bound_sparql(store, query, query.example_values())
    except PolicyKGError:  # e.g. an empty graph where the example topic does not exist yet
        return query.sparql


def answer(store: Store, name: str, given: dict[str, str | None], format: str) -> Response:
    """Run one catalogue query and serialise its result set in the asked format."""
    media = FORMATS.get(format)
    if media is None:
        raise BadRequest(
            _(
                "Unknown format {format!r}; use one of {known}",
                format=format,
                known=", ".join(FORMATS),
            )
        )
    result = named.run(store, name, given)
    if not isinstance(result, QuerySolutions):
        raise PolicyKGError(mark("Catalogue query {name!r} is not a SELECT query"), name=name)
    body = serialize_result(result, media)
    headers = {}
    if format != "json":
        headers["Content-Disposition"] = f'attachment; filename="{name}.{format}"'
    charset = "; charset=utf-8" if media.startswith("text/") or "json" in media else ""
    return Response(body, media_type=media + charset, headers=headers)


def _endpoint(query: named.NamedQuery) -> Any:
    """A route function whose signature declares the query's parameters, for validation
    and for OpenAPI; FastAPI reads `__signature__` like any hand-written signature."""

    def endpoint(store: Store, format: str = "json", **given: str | None) -> Response:
        return answer(store, query.name, given, format)

    keyword = inspect.Parameter.KEYWORD_ONLY
    parameters = [inspect.Parameter("store", keyword, annotation=StoreDep)]
    for p in query.parameters:
        example = query.examples.get(p.name) or named.PARAM_TYPES[p.type].example
        described = Query(
            description=f"{p.description} — {named.PARAM_TYPES[p.type].meaning}",
            examples=[example] if example else None,
        )
        if p.required:
            parameters.append(
                inspect.Parameter(p.name, keyword, annotation=Annotated[str, described])
            )
        else:
            parameters.append(
                inspect.Parameter(
                    p.name, keyword, annotation=Annotated[str | None, described], default=None
                )
            )
    parameters.append(inspect.Parameter("format", keyword, annotation=FormatParam, default="json"))
    # FastAPI reads an endpoint's parameters from __signature__, which a plain function
    # does not declare: the one way to give a generated endpoint its query parameters.
    endpoint.__signature__ = inspect.Signature(parameters, return_annotation=Response)  # type: ignore[attr-defined]
    endpoint.__name__ = "query_" + query.name.replace("-", "_")
    return endpoint


def documentation(query: named.NamedQuery, lang: str = "en") -> tuple[str, str]:
    """A query's operation summary and description in `lang`: its header's `title@lang:` and
    `description@lang:` (English where it has none), then its SPARQL text. /openapi.json takes
    them from here in every language (api/openapi_texts.py), not from a catalogue."""
    title, description = query.translations.get(lang, (query.title, query.description))
    sparql = f"```sparql\n{query.sparql}\n```"
    return title or query.title, f"{description or query.description}\n\n{sparql}"


def _register(query: named.NamedQuery) -> None:
    summary, description = documentation(query)
    router.add_api_route(
        f"/api/queries/{query.name}",
        _endpoint(query),
        methods=["GET"],
        summary=summary,
        description=description,
        response_model=None,
        responses={
            200: {
                "description": "SPARQL 1.1 query results",
                "content": {media: {} for media in FORMATS.values()},
            }
        },
    )


for _query in named.catalogue().values():
    _register(_query)


@router.get("/api/queries/{name}", include_in_schema=False, response_model=None)
def unknown_query(name: str) -> Response:
    """Reached only by names that have no route of their own."""
    raise NotFound(mark("No catalogue query {name!r}; GET /api/queries lists them"), name=name)
