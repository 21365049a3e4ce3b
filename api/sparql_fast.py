"""The common case of `/sparql` without the framework: `GET /sparql?query=…` answered by a
plain ASGI layer that runs the same checks and the same worker pool as the route.

A small query is answered by a worker in well under a millisecond; the framework around it
(routing, dependency solving, the request and response objects) cost more than the query.
This layer handles only a GET that succeeds with the pool: anything else (a POST, the
editor page, any error, a 406) goes on to the FastAPI route in api/routes/sparql.py, which
answers it as documented; the two share `prepare` and `headers_for`, so they cannot drift.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs

from api.middleware import ASGIApp, Receive, Scope, Send
from api.routes.sparql import headers_for, prepare
from kg.errors import PolicyKGError
from kg.publish.query_pool import QueryPool


class SparqlFastPath:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] == "/sparql" and scope["method"] == "GET":
            state: Any = scope["app"].state  # Starlette puts the application in the scope
            pool: QueryPool | None = getattr(state, "query_pool", None)
            params = parse_qs(
                scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True
            )
            if pool is not None and "query" in params and "update" not in params:
                try:
                    headers = _headers(scope)
                    query, dataset, choice = prepare(
                        state.settings, params["query"][0], params, headers.get(b"accept"),
                        params.get("format", []),
                    )  # fmt: skip
                    result = await pool.arun(query, dataset, choice)
                except PolicyKGError:
                    pass  # the route answers errors, with the documented body
                else:
                    if result.media_type is not None:
                        await send({"type": "http.response.start", "status": 200,
                                    "headers": headers_for(result)})  # fmt: skip
                        await send({"type": "http.response.body", "body": result.body})
                        return
        await self.app(scope, receive, send)


def _headers(scope: Scope) -> dict[bytes, str]:
    return {name.lower(): value.decode("latin-1") for name, value in scope.get("headers", [])}
