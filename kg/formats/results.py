"""Serialising SPARQL results: result sets (SELECT/ASK) and graphs (CONSTRUCT/DESCRIBE).

Two explicit tables map media types to pyoxigraph formats, one per kind of result, so a
CONSTRUCT is never sent with a result-set type and vice versa.

The endpoint decides the media type of each kind *before* the query runs (`MediaChoice`),
because the query may run in another process that only then learns which kind it has, and
it caps the size of what it sends (`answer`): more than `max_rows` solutions or triples
are cut to the first `max_rows`, and the answer says so.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import islice
from typing import IO, TypeGuard, cast

from pyoxigraph import (
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    QueryTriples,
    RdfFormat,
    Triple,
    parse_query_results,
    serialize,
)

from kg.errors import ResultTooLarge
from kg.locale import mark
from kg.ns import TURTLE_PREFIXES
from kg.store import QueryResult

#: media type → format for SELECT and ASK; the first is the default.
RESULT_SET_TYPES: dict[str, QueryResultsFormat] = {
    "application/sparql-results+json": QueryResultsFormat.JSON,
    "application/sparql-results+xml": QueryResultsFormat.XML,
    "text/csv": QueryResultsFormat.CSV,
    "text/tab-separated-values": QueryResultsFormat.TSV,
    "application/json": QueryResultsFormat.JSON,
}
#: media type → format for CONSTRUCT and DESCRIBE; the first is the default.
GRAPH_TYPES: dict[str, RdfFormat] = {
    "text/turtle": RdfFormat.TURTLE,
    "application/ld+json": RdfFormat.JSON_LD,
    "application/n-triples": RdfFormat.N_TRIPLES,
    "application/rdf+xml": RdfFormat.RDF_XML,
}
#: Short names accepted by `format=` (as SPARQLWrapper, YASGUI and HTML forms send them).
RESULT_SET_ALIASES: dict[str, str] = {
    "json": "application/sparql-results+json",
    "srj": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "srx": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
GRAPH_ALIASES: dict[str, str] = {
    "turtle": "text/turtle",
    "ttl": "text/turtle",
    "n3": "text/turtle",  # Turtle is a subset of N3, so a Turtle answer is valid N3
    "nt": "application/n-triples",
    "ntriples": "application/n-triples",
    "n-triples": "application/n-triples",
    "xml": "application/rdf+xml",
    "rdf": "application/rdf+xml",
    "rdfxml": "application/rdf+xml",
    "rdf+xml": "application/rdf+xml",
    "json-ld": "application/ld+json",
    "jsonld": "application/ld+json",
    "json": "application/ld+json",
}


def is_graph(result: QueryResult) -> TypeGuard[QueryTriples | list[Triple]]:
    return not isinstance(result, (QuerySolutions, QueryBoolean))


def serialize_result(result: QueryResult, media_type: str) -> bytes:
    """`result` in `media_type`, which must come from the table of its kind."""
    if is_graph(result):
        return _serialize_graph(list(result), media_type)
    assert isinstance(result, (QuerySolutions, QueryBoolean))
    return result.serialize(format=RESULT_SET_TYPES[media_type]) or b""


@dataclass(frozen=True)
class MediaChoice:
    """The negotiated media type for each kind of result; None = the client accepts none."""

    result_set: str | None
    graph: str | None

    def for_result(self, result: QueryResult) -> str | None:
        return self.graph if is_graph(result) else self.result_set


@dataclass(frozen=True)
class Answer:
    """A serialised query result, ready to send (plain data: it crosses process pipes)."""

    body: bytes
    #: None when the client accepts none of `offered`.
    media_type: str | None
    offered: tuple[str, ...]
    #: True when only the first `max_rows` solutions or triples are in `body`.
    truncated: bool = False


#: Largest number of solutions (SELECT) or triples (CONSTRUCT/DESCRIBE) sent in one answer.
DEFAULT_MAX_ROWS = 100_000
#: Largest answer in bytes (POLICYKG_MAX_RESULT_MB's default).
DEFAULT_MAX_BYTES = 32 * 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """What one answer may cost: solutions or triples (cut, with a header), bytes (refused)."""

    max_rows: int = DEFAULT_MAX_ROWS
    max_bytes: int | None = DEFAULT_MAX_BYTES


def answer(
    result: QueryResult,
    choice: MediaChoice,
    max_rows: int,
    max_bytes: int | None = None,
    again: Callable[[], QueryResult] | None = None,
) -> Answer:
    """Serialise `result` in the negotiated type, cut to `max_rows` solutions or triples.

    An answer longer than `max_bytes` raises ResultTooLarge as soon as the serialiser passes
    the limit: the evaluation stops there and no more than `max_bytes` are ever held.

    `again` evaluates the query anew. Given, solutions are first written straight in the
    type asked for, stopped past `max_rows` bytes: every solution takes at least one byte,
    so an answer that short cannot hold more than `max_rows` of them and is sent as it is
    (most answers; no detour through TSV). A longer one is evaluated again and counted.
    """
    graph = is_graph(result)
    offered = tuple(GRAPH_TYPES if graph else RESULT_SET_TYPES)
    media = choice.for_result(result)
    if media is None:
        return Answer(b"", None, offered)
    if is_graph(result):
        triples = list(islice(result, max_rows + 1))
        truncated = len(triples) > max_rows
        body = _serialize_graph(triples[:max_rows], media, max_bytes)
        return Answer(body, media, offered, truncated)
    if isinstance(result, QueryBoolean):
        return Answer(serialize_result(result, media), media, offered)
    assert isinstance(result, QuerySolutions)
    if again is not None and media != "text/tab-separated-values":
        short = _Sink(max_bytes=max_rows if max_bytes is None else min(max_rows, max_bytes))
        try:
            result.serialize(short.as_io(), format=RESULT_SET_TYPES[media])
            return Answer(bytes(short.data), media, offered)
        except _TooManyBytes:
            result = again()
            assert isinstance(result, QuerySolutions)
    body, truncated = _serialize_solutions(result, media, max_rows, max_bytes)
    return Answer(body, media, offered, truncated)


def _serialize_graph(
    triples: Iterable[Triple], media_type: str, max_bytes: int | None = None
) -> bytes:
    fmt = GRAPH_TYPES[media_type]
    prefixes = TURTLE_PREFIXES if fmt == RdfFormat.TURTLE else None
    if max_bytes is None:
        return serialize(triples, format=fmt, prefixes=prefixes) or b""
    sink = _Sink(max_bytes=max_bytes)
    try:
        serialize(triples, sink.as_io(), format=fmt, prefixes=prefixes)
    except _TooManyBytes:
        raise _too_large(max_bytes) from None
    return bytes(sink.data)


class _RowLimitReached(Exception):
    """Raised from inside pyoxigraph's serialiser to stop the query once enough rows came."""


class _TooManyBytes(Exception):
    """Raised from inside pyoxigraph's serialiser once the answer passes the byte cap."""


def _too_large(max_bytes: int) -> ResultTooLarge:
    return ResultTooLarge(
        mark(
            "The answer is larger than {value:g} MB, the most this server sends (POLICYKG_MAX_RESULT_MB); it was stopped. Ask for fewer rows (LIMIT, OFFSET) or fewer or shorter values."
        ),
        value=max_bytes / 1024 / 1024,
    )


class _Sink(io.RawIOBase):
    """A binary sink for pyoxigraph's serialisers that stops them, hence the lazy query
    evaluation, once one row more than the cap arrived (counting TSV lines: header + one
    per solution) or once the bytes pass `max_bytes`."""

    def __init__(self, max_rows: int | None = None, max_bytes: int | None = None) -> None:
        super().__init__()
        self.data = bytearray()
        self.lines = 0
        # header + max_rows + one row showing there are more
        self.max_lines = max_rows + 2 if max_rows is not None else None
        self.max_bytes = max_bytes

    def writable(self) -> bool:
        return True

    def as_io(self) -> IO[bytes]:
        """Itself, as the binary file pyoxigraph's serialisers are typed to take (they only
        call `write`, which this class has)."""
        return cast(IO[bytes], self)

    # RawIOBase types its argument as any buffer; pyoxigraph writes only bytes.
    def write(self, chunk: bytes) -> int:  # type: ignore[override]
        self.data += chunk
        if self.max_bytes is not None and len(self.data) > self.max_bytes:
            raise _TooManyBytes
        if self.max_lines is not None:
            self.lines += bytes(chunk).count(b"\n")
            if self.lines >= self.max_lines:
                raise _RowLimitReached
        return len(chunk)


def _serialize_solutions(
    solutions: QuerySolutions, media_type: str, max_rows: int, max_bytes: int | None = None
) -> tuple[bytes, bool]:
    """Solutions in `media_type`, at most `max_rows` of them and `max_bytes` long.

    pyoxigraph cannot serialise a slice of solutions, so they go through TSV first (lossless:
    every term is written in N-Triples syntax, one line per solution), counted as they
    stream out; the first `max_rows` lines are then parsed back and written in the type
    asked for. Without that, a huge SELECT would be evaluated and held in full. The TSV is
    held to twice the byte cap (no other format is twice as short), the answer to the cap.
    """
    sink = _Sink(max_rows, 2 * max_bytes if max_bytes is not None else None)
    truncated = False
    try:
        solutions.serialize(sink.as_io(), format=QueryResultsFormat.TSV)
    except _RowLimitReached:
        truncated = True
    except _TooManyBytes:
        raise _too_large(max_bytes or 0) from None
    tsv = bytes(sink.data)
    if truncated:
        tsv = b"".join(tsv.splitlines(keepends=True)[: max_rows + 1])
    if media_type == "text/tab-separated-values":
        if max_bytes is not None and len(tsv) > max_bytes:
            raise _too_large(max_bytes)
        return tsv, truncated
    rows = parse_query_results(tsv, format=QueryResultsFormat.TSV)
    assert isinstance(rows, QuerySolutions)
    if max_bytes is None:
        return rows.serialize(format=RESULT_SET_TYPES[media_type]) or b"", truncated
    out = _Sink(max_bytes=max_bytes)
    try:
        rows.serialize(out.as_io(), format=RESULT_SET_TYPES[media_type])
    except _TooManyBytes:
        raise _too_large(max_bytes) from None
    return bytes(out.data), truncated
