"""The common case of `/sparql` without the framework: `GET /sparql?query=…` answered by a
plain ASGI layer that runs the same checks and the same worker pool as the route.

A small query is answered by a worker in well under a millisecond; the framework around it
(routing, dependency solving, the request and response objects, five middleware layers)
cost more than the query. This layer wraps the whole application (`policykg serve` runs
`SparqlFastPath(app, settings, pool)`, see api/serving.py) and handles only a GET that
succeeds with the pool: anything else (a POST, the editor page, any error, a 406) goes on to
the FastAPI route in api/routes/sparql.py, which answers it as documented; the two share
`prepare` and `headers_for` (api/sparql_protocol.py), and this layer adds the same security
and CORS headers, so they cannot drift. It imports no framework: `serve` answers queries
with it while the application is still being built.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs

from api.middleware import SECURITY_HEADERS, Receive, Scope, Send
from api.sparql_protocol import headers_for, prepare
from kg.config import Settings
from kg.errors import PolicyKGError
from kg.publish.query_pool import QueryPool


class SparqlFastPath:
    """Wraps the application `app`; the pool and settings are given, or read from the
    FastAPI application's state."""

    def __init__(
        self, app: Any, settings: Settings | None = None, pool: QueryPool | None = None
    ) -> None:
        self.app = app
        if settings is None:  # a FastAPI application: its state holds both
            settings, pool = app.state.settings, getattr(app.state, "query_pool", None)
        self.settings = settings
        self.pool = pool

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] == "/sparql" and scope["method"] == "GET":
            pool = self.pool
            params = parse_qs(
                scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True
            )
            if pool is not None and "query" in params and "update" not in params:
                try:
                    headers = _headers(scope)
                    query, dataset, choice = prepare(
                        self.settings, params["query"][0], params, headers.get(b"accept"),
                        params.get("format", []),
                    )  # fmt: skip
                    result = await pool.arun(query, dataset, choice)
                except PolicyKGError:
                    pass  # the route answers errors, with the documented body
                else:
                    if result.media_type is not None:
                        extra = list(SECURITY_HEADERS)
                        if b"origin" in headers:
                            extra += CORS_HEADERS
                        await send({"type": "http.response.start", "status": 200,
                                    "headers": headers_for(result) + extra})  # fmt: skip
                        await send({"type": "http.response.body", "body": result.body})
                        return
        await self.app(scope, receive, send)


#: What CORSMiddleware adds to a simple cross-origin GET (api/app.py allows every origin).
CORS_HEADERS = [
    (b"access-control-allow-origin", b"*"),
    (b"access-control-expose-headers", b"Content-Type, X-Result-Truncated"),
]


def _headers(scope: Scope) -> dict[bytes, str]:
    return {name.lower(): value.decode("latin-1") for name, value in scope.get("headers", [])}
