"""The SPARQL 1.1 Protocol query operation, read-only, over the union of all named graphs.

https://www.w3.org/TR/sparql11-protocol/#query-operation — GET `?query=`, POST
`application/sparql-query`, POST form `query=`, each with optional `default-graph-uri` /
`named-graph-uri` parameters. Updates are refused with 403; a query that does not parse
gets 400 with the parser's message; one that outlives POLICYKG_QUERY_TIMEOUT is stopped
and gets 503 (kg.publish.query_pool); a result cut to the row cap carries `X-Result-Truncated`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import QueryParams

from api.deps import StoreDep, read_body
from api.errors import not_acceptable
from api.negotiation import wants_html
from api.sparql_protocol import REFUSED, headers_for, prepare
from api.sparql_remote import ERROR_KEY
from api.templating import templates
from kg.errors import BadRequest, Forbidden
from kg.formats.results import Answer, MediaChoice
from kg.locale import _, mark
from kg.publish.query_pool import Dataset, QueryPool, query_remote
from kg.store import RemoteStore, Store

#: Largest SPARQL request body accepted (a query is text; anything bigger is a mistake or abuse).
MAX_QUERY_BYTES = 1_000_000

router = APIRouter(tags=["SPARQL"])


@router.get("/sparql", summary="SPARQL query (GET)", response_model=None)
async def sparql_get(request: Request, store: StoreDep) -> Response:
    failed = request.scope.get(ERROR_KEY)  # the remote engine failed on the fast path
    if failed is not None:
        raise failed
    params = request.query_params
    if "update" in params:
        raise Forbidden(REFUSED)
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
        raise Forbidden(REFUSED)
    if content_type == "application/sparql-query":
        # POST directly: the dataset parameters travel in the URL.
        return await _answer(request, store, body, _multi(request.query_params))
    if content_type == "application/x-www-form-urlencoded":
        form = parse_qs(body, keep_blank_values=True)
        if "update" in form:
            raise Forbidden(REFUSED)
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
