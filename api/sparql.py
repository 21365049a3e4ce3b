"""The SPARQL 1.1 Protocol query operation, read-only, over the union of all graphs.

https://www.w3.org/TR/sparql11-protocol/#query-operation — GET `?query=`, POST
`application/sparql-query`, POST form `query=`. Updates are refused with 403; a query that
does not parse gets 400 with the parser's message.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from api.deps import StoreDep
from api.negotiation import choose, wants_html
from api.pages import templates
from kg.errors import BadRequest, Forbidden
from kg.results import GRAPH_TYPES, RESULT_SET_TYPES, is_graph, serialize_result
from kg.store import Store

router = APIRouter(tags=["SPARQL"])

_PROLOGUE = re.compile(
    r"^\s*((#[^\n]*\n)|\s|(PREFIX\s+[\w.-]*:\s*<[^>]*>)|(BASE\s+<[^>]*>))*", re.I
)
_UPDATE_VERB = re.compile(r"(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.I)
_REFUSED = (
    "This endpoint is read-only: SPARQL updates are refused. The graph changes through "
    "`policykg build` and the document API."
)


def is_update(text: str) -> bool:
    """True when the text is a SPARQL update rather than a query."""
    rest = text[_PROLOGUE.match(text).end() :]  # type: ignore[union-attr]
    return bool(_UPDATE_VERB.match(rest))


@router.get("/sparql", summary="SPARQL query (GET)", response_model=None)
async def sparql_get(request: Request, store: StoreDep) -> Response:
    params = request.query_params
    if "update" in params:
        raise Forbidden(_REFUSED)
    query = params.get("query")
    if query is None:
        if wants_html(request.headers.get("accept")):
            return templates.TemplateResponse(request, "sparql.html", {"title": "SPARQL query"})
        raise BadRequest("Missing the 'query' parameter (SPARQL 1.1 Protocol)")
    return await _answer(request, store, query)


@router.post("/sparql", summary="SPARQL query (POST)", response_model=None)
async def sparql_post(request: Request, store: StoreDep) -> Response:
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    body = (await request.body()).decode("utf-8", errors="replace")
    if content_type == "application/sparql-update":
        raise Forbidden(_REFUSED)
    if content_type == "application/sparql-query":
        return await _answer(request, store, body)
    if content_type == "application/x-www-form-urlencoded":
        form = parse_qs(body, keep_blank_values=True)
        if "update" in form:
            raise Forbidden(_REFUSED)
        if "query" not in form:
            raise BadRequest("Missing the 'query' form field (SPARQL 1.1 Protocol)")
        return await _answer(request, store, form["query"][0])
    raise BadRequest(
        "POST a query as application/sparql-query or as a form (application/x-www-form-urlencoded)"
    )


async def _answer(request: Request, store: Store, query: str) -> Response:
    if not query.strip():
        raise BadRequest("The query is empty")
    if is_update(query):
        raise Forbidden(_REFUSED)
    # `format=` lets a plain HTML form or a link pick the result type.
    accept = request.query_params.get("format") or request.headers.get("accept")
    body, media, offered = await run_in_threadpool(_evaluate, store, query, accept)
    if media is None:
        return Response(
            f"None of the accepted types ({accept}) fits this result; offered: {', '.join(offered)}",
            status_code=406,
            media_type="text/plain",
        )
    charset = "; charset=utf-8" if media.startswith("text/") or "json" in media else ""
    return Response(body, media_type=media + charset)


def _evaluate(store: Store, query: str, accept: str | None) -> tuple[bytes, str | None, list[str]]:
    """Run, negotiate and serialise in one worker thread: pyoxigraph results may not
    cross threads."""
    result = store.query(query)
    table = GRAPH_TYPES if is_graph(result) else RESULT_SET_TYPES
    media = choose(accept, table) or (None if _strict(accept) else next(iter(table)))
    body = serialize_result(result, media) if media else b""
    del result
    return body, media, list(table)


def _strict(accept: str | None) -> bool:
    """Browsers send text/html,*/*;q=0.8: only a header with no wildcard is strict."""
    return bool(accept) and "*/*" not in (accept or "") and "text/html" not in (accept or "")
