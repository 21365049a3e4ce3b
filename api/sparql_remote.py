"""`GET /sparql` with a remote store: the checks, then the query forwarded to the engine and
its answer passed back as it came, on a pooled connection.

The route's path (api/routes/sparql.py, `query_remote`) parses the engine's answer into
pyoxigraph terms and writes it again, in a thread, behind the whole framework: five times
the engine's own latency on a small answer. This one asks the engine for the very media
type negotiated with the client and sends its bytes back unchanged, which keeps every rule
of the route: the same checks before (`PreparedQueries`), the same answer when it is short
enough to hold no more than `max_rows` solutions (every solution or triple takes at least a
byte, so a body of at most `max_rows` bytes is exact, as in kg.formats.results.answer), and
the same errors: anything else (a longer answer, another type, a partial answer, an error
status) is left to the route, which asks again and answers as documented; an engine that
does not answer in time or cannot be reached is reported through the route's error format
without asking again (`ERROR_KEY`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.errors import StoreError
from kg.formats.results import Answer, MediaChoice
from kg.ns import PREFIXES
from kg.publish.query_pool import Dataset, Limits
from kg.queries.lexer import query_form
from kg.store import RemoteStore
from kg.store.remote import engine_failure, refuse_a_partial_answer

if TYPE_CHECKING:
    import httpx

#: Where a failure of the engine is left in the request's scope for the route to raise.
ERROR_KEY = "policykg.sparql_error"
_PROLOGUE = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in PREFIXES.items())


class RemoteForward:
    """Forwards checked queries to a remote store's query endpoint (an `httpx` client with
    kept-alive connections, made in the server's event loop on first use)."""

    def __init__(self, store: RemoteStore, timeout: float, limits: Limits) -> None:
        self.store = store
        self.timeout = timeout
        self.limits = limits
        self._client: httpx.AsyncClient | None = None

    async def answer(self, query: str, dataset: Dataset, choice: MediaChoice) -> Answer | None:
        """The engine's answer, or None when the route must answer; PolicyKGError when the
        engine timed out or cannot be reached."""
        import httpx

        graph = query_form(query) in ("CONSTRUCT", "DESCRIBE")
        media = choice.graph if graph else choice.result_set
        if media is None:
            return None  # nothing the client accepts: the route's 406
        if self._client is None:
            self._client = httpx.AsyncClient(timeout=self.timeout)
        form = {
            "query": _PROLOGUE + query,  # the engine does not know our prefixes
            "default-graph-uri": list(dataset.default_graphs),
            "named-graph-uri": list(dataset.named_graphs),
        }
        longest = min(self.limits.max_rows, self.limits.max_bytes or self.limits.max_rows)
        url = self.store.query_url
        try:
            async with self._client.stream(
                "POST", url, data=form, headers={"Accept": media}
            ) as response:
                if response.status_code != 200:
                    return None
                try:
                    refuse_a_partial_answer(response, url)
                except StoreError:
                    return None  # the route asks again and refuses it with its reason
                if response.headers.get("content-type", "").split(";")[0].strip() != media:
                    return None
                body = bytearray()
                async for chunk in response.aiter_bytes():
                    body += chunk
                    if len(body) > longest:
                        return None  # maybe more than max_rows: the route counts them
        except httpx.HTTPError as exc:
            raise engine_failure(exc, url, self.timeout) from exc
        return Answer(bytes(body), media, ())

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()
