"""The SPARQL 1.1 Protocol query operation, read-only, over the union of all named graphs.

https://www.w3.org/TR/sparql11-protocol/#query-operation — GET `?query=`, POST
`application/sparql-query`, POST form `query=`, each with optional `default-graph-uri` /
`named-graph-uri` parameters. Updates are refused with 403; a query that does not parse
gets 400 with the parser's message; one that outlives POLICYKG_QUERY_TIMEOUT is stopped
and gets 503 (kg.publish.query_pool); a result cut to the row cap carries `X-Result-Truncated`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pyoxigraph import NamedNode
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import QueryParams

from api.deps import StoreDep, read_body
from api.errors import not_acceptable
from api.negotiation import choose, wants_html
from api.templating import templates
from kg.config import Settings
from kg.errors import BadRequest, Forbidden
from kg.formats.results import (
    GRAPH_ALIASES,
    GRAPH_TYPES,
    RESULT_SET_ALIASES,
    RESULT_SET_TYPES,
    Answer,
    MediaChoice,
)
from kg.locale import _, mark
from kg.ns import PREFIXES
from kg.publish.query_guard import check_depth, check_services
from kg.publish.query_pool import Dataset, QueryPool, query_remote
from kg.store import RemoteStore, Store

#: Largest SPARQL request body accepted (a query is text; anything bigger is a mistake or abuse).
MAX_QUERY_BYTES = 1_000_000

router = APIRouter(tags=["SPARQL"])

#: Set on answers cut to the row cap (create_app's `max_result_rows`).
TRUNCATED_HEADER = "X-Result-Truncated"

_PROLOGUE = re.compile(
    r"^\s*((#[^\n]*\n)|\s|(PREFIX\s+[\w.-]*:\s*<[^>]*>)|(BASE\s+<[^>]*>))*", re.I
)
_UPDATE_VERB = re.compile(r"(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.I)
_REFUSED = mark(
    "This endpoint is read-only: SPARQL updates are refused. The graph changes through "
    "`policykg build` and the document API."
)


def is_update(text: str) -> bool:
    """True when the text is a SPARQL update rather than a query."""
    prologue = _PROLOGUE.match(text)
    rest = text[prologue.end() :] if prologue else text
    return bool(_UPDATE_VERB.match(rest))


@router.get("/sparql", summary="SPARQL query (GET)", response_model=None)
async def sparql_get(request: Request, store: StoreDep) -> Response:
    params = request.query_params
    if "update" in params:
        raise Forbidden(_REFUSED)
    query = params.get("query")
    if query is None:
        if wants_html(request.headers.get("accept")):
            return templates.TemplateResponse(request, "sparql.html", {"title": _("SPARQL query")})
        raise BadRequest(mark("Missing the 'query' parameter (SPARQL 1.1 Protocol)"))
    return await _answer(request, store, query, _multi(params))


@router.post("/sparql", summary="SPARQL query (POST)", response_model=None)
async def sparql_post(request: Request, store: StoreDep) -> Response:
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    body = (await read_body(request, MAX_QUERY_BYTES, "query")).decode("utf-8", errors="replace")
    if content_type == "application/sparql-update":
        raise Forbidden(_REFUSED)
    if content_type == "application/sparql-query":
        # POST directly: the dataset parameters travel in the URL.
        return await _answer(request, store, body, _multi(request.query_params))
    if content_type == "application/x-www-form-urlencoded":
        form = parse_qs(body, keep_blank_values=True)
        if "update" in form:
            raise Forbidden(_REFUSED)
        if "query" not in form:
            raise BadRequest(mark("Missing the 'query' form field (SPARQL 1.1 Protocol)"))
        return await _answer(request, store, form["query"][0], form)
    raise BadRequest(
        mark(
            "POST a query as application/sparql-query or as a form (application/x-www-form-urlencoded)"
        )
    )


def _multi(params: QueryParams) -> dict[str, list[str]]:
    """Starlette's multi-valued parameters in the same dict shape `parse_qs` gives."""
    found: dict[str, list[str]] = {}
    for key, value in params.multi_items():
        found.setdefault(key, []).append(value)
    return found


def _dataset(params: Mapping[str, Sequence[str]]) -> Dataset:
    """The protocol's dataset parameters, each checked to be an absolute IRI."""
    graphs: dict[str, tuple[str, ...]] = {}
    for name in ("default-graph-uri", "named-graph-uri"):
        values = tuple(v.strip() for v in params.get(name, ()) if v.strip())
        for value in values:
            try:
                NamedNode(value)
            except ValueError as exc:
                raise BadRequest(
                    mark("{name} is not an IRI: {value!r} ({exc})"), name=name, value=value, exc=exc
                ) from exc
        graphs[name] = values
    return Dataset(graphs["default-graph-uri"], graphs["named-graph-uri"])


def prepare(
    settings: Settings,
    query: str,
    params: Mapping[str, Sequence[str]],
    accept: str | None,
    formats: Sequence[str],
) -> tuple[str, Dataset, MediaChoice]:
    """Every check a query passes before it runs, and the media types it will be sent in."""
    if not query.strip():
        raise BadRequest(mark("The query is empty"))
    if is_update(query):
        raise Forbidden(_REFUSED)
    check_depth(query, settings.max_query_depth)  # before any parser sees it
    check_services(query, settings.service_allow, PREFIXES)
    return query, _dataset(params), negotiate(accept, formats)


def headers_for(result: Answer) -> list[tuple[bytes, bytes]]:
    """The response headers of a successful answer."""
    assert result.media_type is not None
    media = result.media_type
    charset = "; charset=utf-8" if media.startswith("text/") or "json" in media else ""
    headers = [
        (b"content-type", (media + charset).encode()),
        (b"content-length", str(len(result.body)).encode()),
    ]
    if result.truncated:
        headers.append((TRUNCATED_HEADER.lower().encode(), b"true"))
    return headers


async def _answer(
    request: Request, store: Store, query: str, params: Mapping[str, Sequence[str]]
) -> Response:
    query, dataset, choice = prepare(
        request.app.state.settings,
        query,
        params,
        request.headers.get("accept"),
        request.query_params.getlist("format"),
    )
    pool: QueryPool | None = request.app.state.query_pool
    if pool is not None:  # the pool's workers are awaited by the event loop itself
        result = await pool.arun(query, dataset, choice)
    else:
        result = await run_in_threadpool(_run, request, store, query, dataset, choice)
    if result.media_type is None:
        return not_acceptable(request, list(result.offered))
    response = Response(result.body)
    response.raw_headers = headers_for(result)
    return response


def _run(
    request: Request, store: Store, query: str, dataset: Dataset, choice: MediaChoice
) -> Answer:
    """In a worker thread: the pool blocks while its worker process runs the query."""
    state = request.app.state
    if isinstance(store, RemoteStore):
        return query_remote(
            store, query, dataset, choice, timeout=state.settings.query_timeout, limits=state.limits
        )
    pool: QueryPool = state.query_pool
    return pool.run(query, dataset, choice)


def negotiate(accept: str | None, formats: Sequence[str] = ()) -> MediaChoice:
    """The media type for each kind of result, decided before the query runs.

    `format=` (a media type or a short name such as `json`, `csv`, `turtle`; SPARQLWrapper
    sends several) wins over the Accept header for the kinds it names; otherwise the Accept
    header decides, with q-values, and a header naming nothing we have gets the default
    unless it is strict (no wildcard, not a browser).
    """
    return MediaChoice(
        result_set=_pick(accept, formats, RESULT_SET_TYPES, RESULT_SET_ALIASES),
        graph=_pick(accept, formats, GRAPH_TYPES, GRAPH_ALIASES),
    )


def _pick(
    accept: str | None,
    formats: Sequence[str],
    table: Mapping[str, object],
    aliases: Mapping[str, str],
) -> str | None:
    for value in formats:
        for item in value.split(","):
            name = item.split(";")[0].strip().lower()
            media = aliases.get(name, name)
            if media in table:
                return media
    return choose(accept, table) or (None if _strict(accept) else next(iter(table)))


def _strict(accept: str | None) -> bool:
    """Browsers send text/html,*/*;q=0.8: only a header with no wildcard is strict."""
    return bool(accept) and "*/*" not in (accept or "") and "text/html" not in (accept or "")
