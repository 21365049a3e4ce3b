"""SPARQL text cut into tokens the way a SPARQL parser cuts it, for the checks that must
read a query before (or instead of) parsing it: its form, its nesting, its SERVICE clauses.

`\\uXXXX` escapes are decoded first everywhere (SPARQL 1.1 §19.2, as Oxigraph does); then
strings (all four quote forms), IRIs, comments and the escaped characters of prefixed
names are whole tokens, so a keyword inside them does not count and one outside them
cannot hide in one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_TOKEN = re.compile(
    r"""
      (?P<ws>\s+)
    | (?P<comment>\#[^\n\r]*)
    | (?P<string>'''(?:(?:'|'')?(?:[^'\\]|\\.))*'''
                | \"\"\"(?:(?:"|"")?(?:[^"\\]|\\.))*\"\"\"
                | '(?:[^'\\\n\r]|\\.)*'
                | "(?:[^"\\\n\r]|\\.)*")
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<var>[?$][^\s{}()\[\];,.'"<>\#\\?$=!|&*/+^]*)
    | (?P<escape>\\.)
    | (?P<word>[^\s{}()\[\];,.'"<>\#\\?$=!|&*/+^]+)
    | (?P<punct>.)
    """,
    re.S | re.X,
)


@dataclass(frozen=True)
class Token:
    kind: str
    text: str


def decode_codepoints(text: str) -> str:
    """`\\u0053ERVICE` → `SERVICE`: the escapes a SPARQL parser decodes before anything else."""

    def replace(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        try:
            return chr(code)
        except ValueError:
            return match.group(0)  # not a code point: the parser will refuse it

    return _CODEPOINT.sub(replace, text)


def located(query: str) -> Iterator[tuple[Token, int, int]]:
    """The query's tokens with their start and end offsets in `query` itself (no escape is
    decoded first, so the offsets hold: for queries written here, not for a client's)."""
    for match in _TOKEN.finditer(query):
        kind = match.lastgroup or "punct"
        if kind not in ("ws", "comment"):
            yield Token(kind, match.group(0)), match.start(), match.end()


def tokens(query: str) -> Iterator[Token]:
    """The query's tokens, whitespace and comments left out."""
    for match in _TOKEN.finditer(decode_codepoints(query)):
        kind = match.lastgroup or "punct"
        if kind not in ("ws", "comment"):
            yield Token(kind, match.group(0))


_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


def query_form(query: str) -> str | None:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first of them outside strings and IRIs."""
    for token in tokens(query):
        if token.kind == "word" and token.text.upper() in _FORMS:
            return token.text.upper()
    return None
