"""The format registry: a format name → its parse function `(data, name) -> Document`.

Parser modules register themselves with `@register("name")`; `kg.ingest.parsers` imports
every one of them, so the registry is complete as soon as the package is imported.
"""

from __future__ import annotations

from collections.abc import Callable

from kg.ingest.model import Document

Parser = Callable[[bytes, str], Document]
PARSERS: dict[str, Parser] = {}


def register(name: str) -> Callable[[Parser], Parser]:
    """Decorator: make a parse function available under a format name."""

    def decorate(function: Parser) -> Parser:
        if name in PARSERS and PARSERS[name] is not function:
            raise ValueError(f"Two parsers claim the format {name!r}")
        PARSERS[name] = function
        return function

    return decorate
