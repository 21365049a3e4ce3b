"""The name tables of the extractors, read once from their data files.

`instruments.yaml` holds the names under which codes, laws, Acts and conventions are cited
(and the Légifrance identifiers of the codes); the graph adds its own names when citations
are linked. Keeping them as data lets a curator add a name without touching the grammar.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

import yaml

_HERE = Path(__file__).resolve().parent


@cache
def instruments() -> dict[str, Any]:
    """The parsed instruments.yaml (read once per process)."""
    return yaml.safe_load((_HERE / "instruments.yaml").read_text(encoding="utf-8"))


def legitext_codes() -> dict[str, str]:
    """Légifrance LEGITEXT identifier → code path (fr/code-penal…)."""
    return {k.upper(): v for k, v in instruments()["fr"]["legitext"].items()}


def etalab_codes() -> dict[str, str]:
    """etalab path slug of a code (`code-de-procedure-penale`) → code path (the names of
    instruments.yaml, written as etalab writes folder names)."""
    return {slug(name): path for name, path in instruments()["fr"]["codes"].items()}


def slug(title: str) -> str:
    """`Code de l'action sociale` → `code-de-l-action-sociale` (the etalab folder style)."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
