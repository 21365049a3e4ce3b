"""Ingestion: raw files in official formats → `Document` (text, metadata, provisions).

`PARSERS` maps a format name to its parse function `(data: bytes, name: str) -> Document`.
A format is added by writing one module with a `parse` function and registering it here.
"""

from __future__ import annotations

from collections.abc import Callable

from kg.ingest.model import Document

Parser = Callable[[bytes, str], Document]
PARSERS: dict[str, Parser] = {}


def register(name: str) -> Callable[[Parser], Parser]:
    """Decorator: make a parse function available under a format name."""

    def decorate(function: Parser) -> Parser:
        PARSERS[name] = function
        return function

    return decorate
