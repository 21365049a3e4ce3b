"""Serialising SPARQL results: result sets (SELECT/ASK) and graphs (CONSTRUCT/DESCRIBE).

Two explicit tables map media types to pyoxigraph formats, one per kind of result, so a
CONSTRUCT is never sent with a result-set type and vice versa.
"""

from __future__ import annotations

from pyoxigraph import QueryBoolean, QueryResultsFormat, QuerySolutions, RdfFormat, serialize

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


def is_graph(result: QueryResult) -> bool:
    return not isinstance(result, (QuerySolutions, QueryBoolean))


def serialize_result(result: QueryResult, media_type: str) -> bytes:
    """`result` in `media_type`, which must come from the table of its kind."""
    if is_graph(result):
        fmt = GRAPH_TYPES[media_type]
        prefixes = TURTLE_PREFIXES if fmt == RdfFormat.TURTLE else None
        return serialize(list(result), format=fmt, prefixes=prefixes) or b""  # type: ignore[arg-type]
    return result.serialize(format=RESULT_SET_TYPES[media_type]) or b""  # type: ignore[union-attr]
