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
with it while the application is still being built. What a query string and Accept header
come to (the checks, the media types, the message for a worker) is kept, so a query asked
again costs only its evaluation.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs

from api.middleware import SECURITY_HEADERS, Receive, Scope, Send
from api.sparql_protocol import headers_for, prepare
from api.sparql_remote import ERROR_KEY, RemoteForward
from kg.config import Settings
from kg.errors import PolicyKGError
from kg.formats.results import MediaChoice
from kg.publish.query_pool import Dataset, QueryPool, query_message


class SparqlFastPath:
    """Wraps the application `app`; the pool and settings are given, or read from the
    FastAPI application's state."""

    def __init__(
        self,
        app: Any,
        settings: Settings | None = None,
        pool: QueryPool | None = None,
        remote: RemoteForward | None = None,
    ) -> None:
        self.app = app
        if settings is None:  # a FastAPI application: its state holds both
            settings, pool = app.state.settings, getattr(app.state, "query_pool", None)
        self.settings = settings
        self.pool = pool
        #: With a remote store: the lean way to its engine (api/sparql_remote.py).
        self.remote = remote
        self._prepared = PreparedQueries(settings)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] == "/sparql" and scope["method"] == "GET":
            pool = self.pool
            accept, origin = _accept_and_origin(scope)
            prepared = self._prepared.get(scope.get("query_string", b""), accept)
            result = None
            if prepared is not None:
                query, dataset, choice, message = prepared
                try:
                    if pool is not None:
                        result = await pool.arun(query, dataset, choice, message)
                    elif self.remote is not None:
                        result = await self.remote.answer(query, dataset, choice)
                except PolicyKGError as exc:
                    # the route answers errors, with the documented body; an engine's
                    # failure is handed to it rather than met a second time
                    if pool is None:
                        scope = dict(scope, **{ERROR_KEY: exc})
            if result is not None and result.media_type is not None:
                extra = WITH_CORS if origin else WITHOUT_CORS
                await send({"type": "http.response.start", "status": 200,
                            "headers": headers_for(result) + extra})  # fmt: skip
                await send({"type": "http.response.body", "body": result.body})
                return
        await self.app(scope, receive, send)


class PreparedQueries:
    """What a query string and Accept header came to, by both: the checks, the negotiation
    and the pickling are done once per distinct query, not per request. Shared by this
    layer and the front workers (api/sparql_front.py), so both refuse the same requests."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._kept: dict[tuple[bytes, str | None], _Prepared | None] = {}

    def __len__(self) -> int:
        return len(self._kept)

    def get(self, query_string: bytes, accept: str | None) -> _Prepared | None:
        """The checked query, its dataset and media types, and the message for a worker;
        None when the route must answer (no query, an update, any refusal)."""
        key = (query_string, accept)
        prepared = self._kept.get(key)
        if prepared is None and key not in self._kept:
            prepared = self._prepare(query_string, accept)
            if len(query_string) <= _LONGEST:
                if len(self._kept) >= _KEPT:
                    del self._kept[next(iter(self._kept))]  # the oldest
                self._kept[key] = prepared
        return prepared

    def _prepare(self, query_string: bytes, accept: str | None) -> _Prepared | None:
        params = parse_qs(query_string.decode("latin-1"), keep_blank_values=True)
        if "query" not in params or "update" in params:
            return None
        try:
            query, dataset, choice = prepare(
                self.settings, params["query"][0], params, accept, params.get("format", [])
            )
        except PolicyKGError:
            return None
        return query, dataset, choice, query_message(query, dataset, choice)


#: What CORSMiddleware adds to a simple cross-origin GET (api/app.py allows every origin).
CORS_HEADERS = [
    (b"access-control-allow-origin", b"*"),
    (b"access-control-expose-headers", b"Content-Type, X-Result-Truncated"),
]


#: The headers added to an answer, without and with an Origin in the request.
WITHOUT_CORS = list(SECURITY_HEADERS)
WITH_CORS = list(SECURITY_HEADERS) + CORS_HEADERS
#: Distinct (query string, Accept) pairs remembered; the oldest is forgotten first.
_KEPT = 512
#: Longer query strings are checked every time (at most _KEPT × this is kept).
_LONGEST = 16 * 1024
_Prepared = tuple[str, Dataset, MediaChoice, bytes]


def _accept_and_origin(scope: Scope) -> tuple[str | None, bool]:
    """The Accept header (the last one, as a dict of the headers would keep) and whether
    the request has an Origin header."""
    accept: str | None = None
    origin = False
    for name, value in scope.get("headers", ()):
        lowered = name.lower()
        if lowered == b"accept":
            accept = value.decode("latin-1")
        elif lowered == b"origin":
            origin = True
    return accept, origin
