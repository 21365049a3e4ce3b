"""Mentions of jurisdictions, countries, topics, bodies, plans and instruments, found by the
graph's own multilingual labels (the graph is its own gazetteer)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pyoxigraph import Literal, NamedNode

from kg import queries
from kg.ingest.model import Mention

_MIN_LENGTH = 3


@dataclass(frozen=True)
class Entry:
    label: str
    kind: str
    iri: str


class Gazetteer:
    """Case-insensitive, whole-word matching of labels, the longest label winning."""

    def __init__(self, entries: list[Entry]) -> None:
        self._by_label: dict[str, Entry] = {}
        for entry in sorted(entries, key=lambda e: (e.kind != "jurisdiction", e.iri)):
            key = entry.label.casefold()
            if len(key) >= _MIN_LENGTH:
                self._by_label.setdefault(key, entry)
        labels = sorted(self._by_label, key=len, reverse=True)
        alternation = "|".join(re.escape(label) for label in labels)
        self._pattern = (
            re.compile(rf"(?<!\w)(?:{alternation})(?!\w)", re.IGNORECASE) if labels else None
        )

    def __len__(self) -> int:
        return len(self._by_label)

    def find(self, text: str) -> list[Mention]:
        if self._pattern is None:
            return []
        found = []
        for match in self._pattern.finditer(text):
            entry = self._by_label[match.group(0).casefold()]
            found.append(Mention(match.group(0), match.start(), match.end(), entry.kind, entry.iri))
        return found


def load_gazetteer(store: object) -> Gazetteer:
    entries = []
    for row in queries.run(store, "gazetteer"):
        entity, label, kind = row["entity"], row["label"], row["kind"]
        if (
            isinstance(entity, NamedNode)
            and isinstance(label, Literal)
            and isinstance(kind, Literal)
        ):
            entries.append(Entry(label.value, kind.value, entity.value))
    return Gazetteer(entries)
