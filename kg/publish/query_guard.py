"""What a query must pass before any SPARQL parser sees it: nesting depth and federation.

Two defects of the public endpoint are caught here, on the text, before parsing:

- Oxigraph's parser recurses once per nesting level and overflows its stack (a segfault
  that kills the process) somewhere between 2,000 and 5,000 levels; a query nested deeper
  than `POLICYKG_MAX_QUERY_DEPTH` (`{`, `(`, `[` together) is refused with 400.
- `SERVICE <iri>` makes the engine send an HTTP request to any host (server-side request
  forgery); federation is refused unless every SERVICE target is one of the IRIs listed in
  `POLICYKG_SERVICE_ALLOW`, and a variable as target is always refused.

Both checks read a token stream built the way a SPARQL parser builds it: `\\uXXXX` escapes
are decoded first everywhere (SPARQL 1.1 §19.2, as Oxigraph does), then strings, IRIs,
comments and escaped characters of prefixed names are recognised as whole tokens, so that
"SERVICE" inside a string or an IRI does not count and one outside them cannot hide.
Where the scan cannot be sure (an unresolvable prefixed name), it refuses.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from urllib.parse import urljoin

from kg.errors import BadRequest
from kg.locale import mark
from kg.queries.lexer import Token, tokens

_OPENERS = "{(["
_CLOSERS = "})]"


def depth(query: str) -> int:
    """The deepest nesting of braces, parentheses and brackets outside strings and IRIs."""
    deepest = level = 0
    for token in tokens(query):
        if token.kind == "punct":
            if token.text in _OPENERS:
                level += 1
                deepest = max(deepest, level)
            elif token.text in _CLOSERS:
                level = max(level - 1, 0)
    return deepest


def check_depth(query: str, limit: int) -> None:
    """Refuse a query nested deeper than `limit` (400) before it reaches the parser."""
    found = depth(query)
    if found > limit:
        raise BadRequest(
            mark(
                "The query is nested {found} levels deep; this server accepts at most {limit} (POLICYKG_MAX_QUERY_DEPTH)."
            ),
            found=found,
            limit=limit,
        )


def service_targets(query: str, prefixes: Mapping[str, str] = {}) -> list[str | None]:
    """The IRI each SERVICE clause would call, in order; None where it is not a constant
    IRI that can be resolved (a variable, an unknown prefix, anything unexpected)."""
    declared = dict(prefixes)
    base: str | None = None
    found: list[str | None] = []
    stream = list(tokens(query))
    for position, token in enumerate(stream):
        word = token.text.upper() if token.kind == "word" else ""
        if word == "PREFIX" and position + 2 < len(stream):
            name, iri = stream[position + 1], stream[position + 2]
            if name.kind == "word" and name.text.endswith(":") and iri.kind == "iri":
                declared[name.text[:-1]] = _resolve(iri.text[1:-1], base)
        elif word == "BASE" and position + 1 < len(stream) and stream[position + 1].kind == "iri":
            base = _resolve(stream[position + 1].text[1:-1], base)
        elif word == "SERVICE":
            rest = stream[position + 1 : position + 3]
            if rest and rest[0].kind == "word" and rest[0].text.upper() == "SILENT":
                rest = rest[1:]
            found.append(_target(rest[0] if rest else None, declared, base))
    return found


def _target(token: Token | None, prefixes: Mapping[str, str], base: str | None) -> str | None:
    if token is None:
        return None
    if token.kind == "iri":
        return _resolve(token.text[1:-1], base)
    if token.kind == "word" and ":" in token.text:
        prefix, _, local = token.text.partition(":")
        if prefix in prefixes and "\\" not in local and "%" not in local:
            return prefixes[prefix] + local
    return None


def _resolve(iri: str, base: str | None) -> str:
    return urljoin(base, iri) if base else iri


def check_services(query: str, allowed: Iterable[str], prefixes: Mapping[str, str] = {}) -> None:
    """Refuse (400) a query whose SERVICE clauses call anything but the allowed endpoints."""
    targets = service_targets(query, prefixes)
    if not targets:
        return
    allow = set(allowed)
    if not allow:
        raise BadRequest(
            mark(
                "Federated queries (SERVICE) are disabled on this server: it does not call other SPARQL endpoints unless they are listed in POLICYKG_SERVICE_ALLOW."
            )
        )
    for target in targets:
        if target is None:
            raise BadRequest(
                mark(
                    "SERVICE needs a constant endpoint IRI here (not a variable), one of those listed in POLICYKG_SERVICE_ALLOW."
                )
            )
        if target not in allow:
            raise BadRequest(
                mark(
                    "SERVICE <{target}> is not allowed: this server only calls the endpoints listed in POLICYKG_SERVICE_ALLOW."
                ),
                target=target,
            )
