"""What the pages' forms offer: the topics and jurisdictions the graph defines."""

from __future__ import annotations

from typing import Any

from kg import vocabulary
from kg.store import Store


def choices(store: Store) -> dict[str, Any]:
    """(code, label) pairs for the topic and jurisdiction pickers."""
    topics = vocabulary.topics(store)
    return {
        "topics": [(n, vocabulary.pick_label(topics[n].labels) or n) for n in sorted(topics)],
        "jurisdictions": [
            (j.code, vocabulary.pick_label(j.labels) or j.code)
            for j in sorted(vocabulary.jurisdictions(store).values(), key=lambda j: j.code)
        ],
    }
