"""The source policy as the data tests read it: one list, ontology/source-policy.ttl."""

from __future__ import annotations

import re
from functools import cache

from pyoxigraph import RdfFormat, parse

from kg.build.source_policy import excluded_pattern
from tests.paths import PROJECT


@cache
def _excluded() -> re.Pattern[str]:
    triples = list(
        parse(path=str(PROJECT / "ontology" / "source-policy.ttl"), format=RdfFormat.TURTLE)
    )
    pattern = excluded_pattern(triples)
    assert pattern is not None
    return re.compile(pattern, re.IGNORECASE)


def excluded(url: object) -> bool:
    """True for an address on a host the source policy says is not a source."""
    return bool(_excluded().match(str(url)))
