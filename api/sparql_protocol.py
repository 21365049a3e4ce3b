"""The SPARQL 1.1 Protocol's rules for a query, apart from any web framework.

What a query must pass before it runs (not an update, not too deep, no SERVICE outside the
allowed hosts, dataset parameters that are IRIs) and which media types it is answered in.
Both the FastAPI route (api/routes/sparql.py) and the plain ASGI fast path
(api/sparql_fast.py) use these functions, so the two cannot drift; this module imports no
framework, so `policykg serve` can answer queries before the application is loaded.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from pyoxigraph import NamedNode

from api.negotiation import choose
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
from kg.locale import mark
from kg.ns import PREFIXES
from kg.publish.query_guard import check_depth, check_services
from kg.publish.query_pool import Dataset

#: Set on answers cut to the row cap (create_app's `max_result_rows`).
TRUNCATED_HEADER = "X-Result-Truncated"

_PROLOGUE = re.compile(
    r"^\s*((#[^\n]*\n)|\s|(PREFIX\s+[\w.-]*:\s*<[^>]*>)|(BASE\s+<[^>]*>))*", re.I
)
_UPDATE_VERB = re.compile(r"(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.I)
REFUSED = mark(
    "This endpoint is read-only: SPARQL updates are refused. The graph changes through "
    "`policykg build` and the document API."
)


def is_update(text: str) -> bool:
    """True when the text is a SPARQL update rather than a query."""
    prologue = _PROLOGUE.match(text)
    rest = text[prologue.end() :] if prologue else text
    return bool(_UPDATE_VERB.match(rest))


def dataset_of(params: Mapping[str, Sequence[str]]) -> Dataset:
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
        raise Forbidden(REFUSED)
    check_depth(query, settings.max_query_depth)  # before any parser sees it
    check_services(query, settings.service_allow, PREFIXES)
    return query, dataset_of(params), negotiate(accept, formats)


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
