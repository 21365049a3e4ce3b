"""The remote backend: any SPARQL 1.1 server, spoken to over the SPARQL 1.1 Protocol.

The server must use the union of its named graphs as its default graph (Oxigraph:
`oxigraph serve --union-default-graph`; Fuseki: `tdb:unionDefaultGraph true`), as the
embedded store does, so that the same queries give the same answers.
"""

from __future__ import annotations

import math
import re
import threading
import time
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from pyoxigraph import (
    NamedNode,
    Quad,
    QueryResultsFormat,
    QuerySolutions,
    RdfFormat,
    Triple,
    parse,
    parse_query_results,
)

from kg.errors import PolicyKGError, QuerySyntaxError, QueryTimeout, StoreError
from kg.locale import mark
from kg.queries.lexer import query_form
from kg.store.base import QueryResult, count

if TYPE_CHECKING:  # imported when a remote store is opened: query workers never need it
    import httpx

_RESULTS = "application/sparql-results+json, application/sparql-results+xml;q=0.9"
_GRAPHS = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.8"
#: What to accept for each query form: a server may answer a CONSTRUCT as a result set when
#: result types are acceptable (Virtuoso does), so the Accept header names only the types
#: that fit the form.
_ACCEPT = {"SELECT": _RESULTS, "ASK": _RESULTS, "CONSTRUCT": _GRAPHS, "DESCRIBE": _GRAPHS}
#: Virtuoso's pragma for "join in the order written" (a SPARQL extension of its own, so
#: sent to Virtuoso only: see `RemoteStore.keep_join_order`).
VIRTUOSO_WRITTEN_ORDER = 'define sql:select-option "order"\n'


class RemoteStore:
    """A SPARQL 1.1 query endpoint and its update endpoint."""

    #: Named queries are sent with their one-valued parameters written into the query text
    #: rather than bound by VALUES (kg.queries.inlined: Virtuoso 7 loses VALUES bindings
    #: inside FILTER NOT EXISTS).
    inline_parameters = True

    def __init__(
        self,
        query_url: str,
        update_url: str | None = None,
        *,
        timeout: float = 30.0,
        transport: httpx.BaseTransport | None = None,
        recheck: float = 5.0,
    ) -> None:
        self.query_url = query_url
        self.update_url = update_url or _default_update_url(query_url)
        self.description = f"remote:{query_url}"
        self.recheck = recheck
        import httpx

        self._client = httpx.Client(timeout=timeout, transport=transport)
        self._lock = threading.Lock()
        self._changes = 0  # writes sent from here + changes seen by a content check
        self._content: int | None = None  # the quad count at the last check
        self._checked_at = -math.inf
        self._server: str | None = None  # the Server header of the last answer

    @property
    def writes(self) -> int:
        """A counter of the server's content, as the embedded store's write counter: what the
        analyses' remembered answers are keyed by (kg.store.memo).

        Writes sent through this object count at once. Other clients of the server may write
        too, so at most every `recheck` seconds (POLICYKG_REMOTE_RECHECK) the quad count is
        read again, and a new count counts as a change. Before this, every remembered answer
        asked the server for its quad count and graph list (two scans of every quad) each
        time it was read: most of the cost of an analysis over a remote store. A rewrite that
        keeps the count goes unnoticed, as it did then.
        """
        now = time.monotonic()
        with self._lock:
            if now - self._checked_at < self.recheck:
                return self._changes
            self._checked_at = now  # one check at a time; others use the current counter
        content = count(self)
        with self._lock:
            if self._content is not None and content != self._content:
                self._changes += 1
            self._content = content
            return self._changes

    def query(
        self,
        query: str,
        *,
        default_graphs: Sequence[str] = (),
        named_graphs: Sequence[str] = (),
        timeout: float | None = None,
    ) -> QueryResult:
        """Run a query on the server; `default_graphs`/`named_graphs` are the protocol's
        dataset parameters, `timeout` (seconds) turns a slow server into a QueryTimeout."""
        form = {
            "query": query,
            "default-graph-uri": list(default_graphs),
            "named-graph-uri": list(named_graphs),
        }
        accept = _ACCEPT.get(query_form(query) or "", f"{_RESULTS}, {_GRAPHS}")
        response = self._post(self.query_url, data=form, accept=accept, timeout=timeout)
        refuse_a_partial_answer(response, self.query_url)
        media_type = response.headers.get("content-type", "").split(";")[0].strip()
        results_format = QueryResultsFormat.from_media_type(media_type)
        if results_format is not None:
            body = response.content
            if results_format == QueryResultsFormat.JSON:
                body = _BNODE.sub(_safe_bnode, body)
            return parse_query_results(body, format=results_format)
        rdf_format = RdfFormat.from_media_type(media_type)
        if rdf_format is None:
            raise StoreError(
                mark("{query_url} answered with an unexpected type {media_type!r}"),
                query_url=self.query_url,
                media_type=media_type,
            )
        return [
            Triple(q.subject, q.predicate, q.object)
            for q in parse(response.content, format=rdf_format)
        ]

    def keep_join_order(self, query: str) -> str:
        """`query` as this server must receive it to join its patterns in the order they are
        written (a query marked `#written-order`, see kg.queries). Virtuoso 7 plans some
        queries so that it loses solutions (a `*` or `+` path with a fixed end run once per
        row, then an OPTIONAL: no row at all, or the first subject's only); its pragma
        `define sql:select-option "order"` keeps the written order. Other servers need
        nothing and would refuse the pragma: the query goes unchanged. The server is known
        by the Server header of its answers (one ASK if none came yet)."""
        if self._server is None:
            self.query("ASK {}")
        if (self._server or "").lower().startswith("virtuoso"):
            return VIRTUOSO_WRITTEN_ORDER + query
        return query

    def update(self, update: str) -> None:
        """One update request; one the server refuses as too large (Virtuoso compiles an
        update to SQL and stops at 10,000 lines) is sent again in pieces: each operation
        alone, each `INSERT DATA` in chunks. The pieces are not one transaction."""
        try:
            try:
                self._send_update(update)
            except QuerySyntaxError as exc:
                if not _TOO_LARGE.search(exc.message):
                    raise
                for piece in split_update(update):
                    self._send_update(piece)
        finally:  # even a failed update may have changed something (the pieces are separate)
            with self._lock:
                self._changes += 1
                self._content, self._checked_at = None, -math.inf  # next read: new baseline

    def _send_update(self, update: str) -> None:
        self._post(
            self.update_url,
            content=update.encode("utf-8"),
            headers={"Content-Type": "application/sparql-update"},
        )

    def quads(self) -> Iterator[Quad]:
        result = self.query("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }")
        assert isinstance(result, QuerySolutions)
        for row in result:
            graph = row["g"]
            if isinstance(graph, NamedNode):
                yield Quad(row["s"], row["p"], row["o"], graph)

    def close(self) -> None:
        self._client.close()

    def _post(
        self,
        url: str,
        *,
        accept: str = "*/*",
        timeout: float | None = None,
        headers: dict[str, str] | None = None,
        **body: Any,
    ) -> httpx.Response:
        import httpx

        started = time.monotonic()
        try:
            response = self._client.post(
                url,
                headers={"Accept": accept, **(headers or {})},
                timeout=timeout if timeout is not None else httpx.USE_CLIENT_DEFAULT,
                **body,
            )
        except httpx.HTTPError as exc:
            raise engine_failure(exc, url, time.monotonic() - started) from exc
        self._server = response.headers.get("server", "")
        if response.status_code == 400:
            raise QuerySyntaxError(response.text.strip() or "The server rejected the query")
        if response.status_code >= 300:
            raise StoreError(
                mark("The SPARQL server at {url} answered {status_code}: {value}"),
                url=url,
                status_code=response.status_code,
                value=response.text[:500],
            )
        return response


def engine_failure(exc: httpx.HTTPError, url: str, elapsed: float) -> PolicyKGError:
    """What a failed request to the engine is reported as: a timeout (503 QueryTimeout)
    when it did not answer in time, else a StoreError naming the server."""
    import httpx

    if isinstance(exc, httpx.TimeoutException):
        return QueryTimeout(
            mark("The SPARQL server at {url} did not answer within {elapsed:.1f} s."),
            elapsed,
            url=url,
            elapsed=elapsed,
        )
    return StoreError(mark("Cannot reach the SPARQL server at {url}: {exc}"), url=url, exc=exc)


def refuse_a_partial_answer(response: httpx.Response, url: str) -> None:
    """Some servers answer 200 with only part of the solutions: Virtuoso cuts a result at
    its `ResultSetMaxRows` (saying so in `X-SPARQL-MaxRows`) and, as an "anytime query",
    stops at `MaxQueryExecutionTime` with what it has (`X-SQL-State: S1TAT`). An analysis
    built on part of the facts would be wrong without a sign, so either is an error."""
    rows = response.headers.get("x-sparql-maxrows")
    if rows is not None:
        raise StoreError(
            mark(
                "The SPARQL server at {url} cut its answer at {rows} rows (Virtuoso: raise "
                "ResultSetMaxRows in the [SPARQL] section of virtuoso.ini)."
            ),
            url=url,
            rows=rows,
        )
    if response.headers.get("x-sql-state", "").upper() == "S1TAT":
        raise StoreError(
            mark(
                "The SPARQL server at {url} stopped the query at its time limit and sent a "
                "partial answer (Virtuoso: MaxQueryExecutionTime)."
            ),
            url=url,
        )


#: A blank node in SPARQL JSON results; some servers give ids no RDF syntax allows
#: (Virtuoso: "nodeID://b10006"), which would stop the parser halfway through the answer.
_BNODE = re.compile(rb'\{[^{}]*"type"\s*:\s*"bnode"[^{}]*\}')
_BNODE_VALUE = re.compile(rb'("value"\s*:\s*")([^"]*)(")')


def _safe_bnode(match: re.Match[bytes]) -> bytes:
    """The same blank node under an id made of letters and digits only (stable per answer)."""
    return _BNODE_VALUE.sub(
        lambda m: m.group(1) + b"b" + re.sub(rb"[^A-Za-z0-9]", b"_", m.group(2)) + m.group(3),
        match.group(0),
    )


_TOO_LARGE = re.compile(r"exceeded \d+ lines|too (long|large|big)", re.I)
_OPERATION = re.compile(r"\s*;\n(?=DROP |INSERT |DELETE |CLEAR )")
_INSERT_DATA = re.compile(r"^INSERT DATA \{ GRAPH (<[^>]*>) \{\n(.*)\n\} \}$", re.S)
#: Triples per INSERT DATA piece when an update has to be split.
SPLIT_TRIPLES = 500


def split_update(update: str) -> list[str]:
    """The operations of an update written by `kg.store.insert_data`, each INSERT DATA cut
    into pieces of SPLIT_TRIPLES lines (one triple per line there); other operations whole
    (an INSERT template with blank nodes must stay in one piece to keep them one node)."""
    pieces: list[str] = []
    for operation in _OPERATION.split(update.strip()):
        match = _INSERT_DATA.match(operation.strip())
        if match is None:
            pieces.append(operation)
            continue
        graph, lines = match.group(1), match.group(2).split("\n")
        for start in range(0, len(lines), SPLIT_TRIPLES):
            chunk = "\n".join(lines[start : start + SPLIT_TRIPLES])
            pieces.append(f"INSERT DATA {{ GRAPH {graph} {{\n{chunk}\n}} }}")
    return pieces


def _default_update_url(query_url: str) -> str:
    if query_url.rstrip("/").endswith("/query"):
        return query_url.rstrip("/")[: -len("query")] + "update"
    return query_url
